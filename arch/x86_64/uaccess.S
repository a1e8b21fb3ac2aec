/* SPDX-License-Identifier: MIT */
/*
 * uaccess.S - the only code that touches user memory.  Each instruction
 * that may fault on a user address has an __ex_table entry; trap.c sends a
 * fault there to the fixup, which returns -EFAULT (14).
 */
.macro EX insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm

	.text
/*
 * Eight bytes a step, then the tail: TCG runs each step of a rep string
 * instruction as one trip through its translated block, so rep movsq
 * moves eight times what rep movsb does per trip (QEMU 7.2: ~8x).
 */

/* long arch_copy_user(void *dst, const void *src, size_t n): 0 or -EFAULT */
	.globl arch_copy_user
arch_copy_user:
	movq %rdx, %rcx
	shrq $3, %rcx
1:	rep movsq
	movl %edx, %ecx
	andl $7, %ecx
2:	rep movsb
	xorl %eax, %eax
	ret
	EX 1b, uaccess_efault
	EX 2b, uaccess_efault

/* long arch_clear_user(void *dst, size_t n): 0 or -EFAULT */
	.globl arch_clear_user
arch_clear_user:
	movq %rsi, %rcx
	shrq $3, %rcx
	xorl %eax, %eax
6:	rep stosq
	movl %esi, %ecx
	andl $7, %ecx
7:	rep stosb
	ret
	EX 6b, uaccess_efault
	EX 7b, uaccess_efault

/*
 * long arch_strncpy_user(char *dst, const char *src, size_t max)
 * Copies up to max bytes, stopping after a NUL.  Returns the string length
 * (not counting the NUL), max when no NUL was found, or -EFAULT.
 */
	.globl arch_strncpy_user
arch_strncpy_user:
	xorl %eax, %eax
3:	cmpq %rdx, %rax
	je 5f
4:	movb (%rsi,%rax), %cl
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 3b
5:	ret
	EX 4b, uaccess_efault

uaccess_efault:
	movq $-14, %rax
	ret
