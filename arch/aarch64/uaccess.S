/* SPDX-License-Identifier: MIT */
/*
 * uaccess.S - the only code that touches user memory.  Each instruction
 * that may fault on a user address has an __ex_table entry; trap.c sends a
 * fault there to the fixup, which returns -EFAULT (14).  Leaf functions:
 * the fixup returns through the caller's x30, which the fault left intact.
 */
.macro EX insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm

	.text
/* long arch_copy_user(void *dst, const void *src, size_t n): 0 or -EFAULT */
	.globl arch_copy_user
arch_copy_user:
1:	cmp x2, #8
	b.lo 3f
10:	ldr x3, [x1], #8
11:	str x3, [x0], #8
	sub x2, x2, #8
	b 1b
3:	cbz x2, 9f
12:	ldrb w3, [x1], #1
13:	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 12b
9:	mov x0, #0
	ret
	EX 10b, uaccess_efault
	EX 11b, uaccess_efault
	EX 12b, uaccess_efault
	EX 13b, uaccess_efault

/* long arch_clear_user(void *dst, size_t n): 0 or -EFAULT */
	.globl arch_clear_user
arch_clear_user:
1:	cmp x1, #8
	b.lo 3f
20:	str xzr, [x0], #8
	sub x1, x1, #8
	b 1b
3:	cbz x1, 9f
21:	strb wzr, [x0], #1
	subs x1, x1, #1
	b.ne 21b
9:	mov x0, #0
	ret
	EX 20b, uaccess_efault
	EX 21b, uaccess_efault

/*
 * long arch_strncpy_user(char *dst, const char *src, size_t max)
 * Copies up to max bytes, stopping after a NUL.  Returns the string length
 * (not counting the NUL), max when no NUL was found, or -EFAULT.
 */
	.globl arch_strncpy_user
arch_strncpy_user:
	mov x3, #0
1:	cmp x3, x2
	b.eq 5f
30:	ldrb w4, [x1, x3]
	strb w4, [x0, x3]
	cbz w4, 5f
	add x3, x3, #1
	b 1b
5:	mov x0, x3
	ret
	EX 30b, uaccess_efault

uaccess_efault:
	mov x0, #-14
	ret
