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
/*
 * long arch_copy_user(void *dst, const void *src, size_t n): 0 or -EFAULT.
 * 64 bytes a round with ldp/stp (unaligned is fine on normal memory), then
 * 8 bytes, then single bytes.
 */
	.globl arch_copy_user
arch_copy_user:
	subs x2, x2, #64
	b.lo 2f
1:
10:	ldp x3, x4, [x1], #64
11:	ldp x5, x6, [x1, #-48]
12:	ldp x7, x8, [x1, #-32]
13:	ldp x9, x10, [x1, #-16]
14:	stp x3, x4, [x0], #64
15:	stp x5, x6, [x0, #-48]
16:	stp x7, x8, [x0, #-32]
17:	stp x9, x10, [x0, #-16]
	subs x2, x2, #64
	b.hs 1b
2:	adds x2, x2, #(64 - 8)
	b.lo 4f
3:
18:	ldr x3, [x1], #8
19:	str x3, [x0], #8
	subs x2, x2, #8
	b.hs 3b
4:	adds x2, x2, #8
	b.eq 9f
5:
20:	ldrb w3, [x1], #1
21:	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 5b
9:	mov x0, #0
	ret
	EX 10b, uaccess_efault
	EX 11b, uaccess_efault
	EX 12b, uaccess_efault
	EX 13b, uaccess_efault
	EX 14b, uaccess_efault
	EX 15b, uaccess_efault
	EX 16b, uaccess_efault
	EX 17b, uaccess_efault
	EX 18b, uaccess_efault
	EX 19b, uaccess_efault
	EX 20b, uaccess_efault
	EX 21b, uaccess_efault

/* long arch_clear_user(void *dst, size_t n): 0 or -EFAULT */
	.globl arch_clear_user
arch_clear_user:
	subs x1, x1, #64
	b.lo 2f
1:
30:	stp xzr, xzr, [x0], #64
31:	stp xzr, xzr, [x0, #-48]
32:	stp xzr, xzr, [x0, #-32]
33:	stp xzr, xzr, [x0, #-16]
	subs x1, x1, #64
	b.hs 1b
2:	adds x1, x1, #64
	b.eq 9f
3:
34:	strb wzr, [x0], #1
	subs x1, x1, #1
	b.ne 3b
9:	mov x0, #0
	ret
	EX 30b, uaccess_efault
	EX 31b, uaccess_efault
	EX 32b, uaccess_efault
	EX 33b, uaccess_efault
	EX 34b, uaccess_efault

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
40:	ldrb w4, [x1, x3]
	strb w4, [x0, x3]
	cbz w4, 5f
	add x3, x3, #1
	b 1b
5:	mov x0, x3
	ret
	EX 40b, uaccess_efault

uaccess_efault:
	mov x0, #-14
	ret
