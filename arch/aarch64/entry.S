/* SPDX-License-Identifier: MIT */
/*
 * entry.S - every way into and out of the kernel: the exception vector
 * table (Arm ARM D1.10), the return path to user mode, the context switch
 * and the FP/SIMD register save area.
 *
 * The kernel runs at EL1 on SP_EL1 with interrupts masked (exception entry
 * masks DAIF; only arch_wait_for_irq unmasks).  A trap from EL0 saves a
 * struct trapframe at the top of the process's kernel stack; leaving for
 * EL0 pops it, so SP_EL1 is back at the stack top for the next entry.
 */
#include <arch/asm_offsets.h>

.macro KERNEL_ENTRY el
	sub sp, sp, #TF_SIZE
	stp x0, x1, [sp, #16 * 0]
	stp x2, x3, [sp, #16 * 1]
	stp x4, x5, [sp, #16 * 2]
	stp x6, x7, [sp, #16 * 3]
	stp x8, x9, [sp, #16 * 4]
	stp x10, x11, [sp, #16 * 5]
	stp x12, x13, [sp, #16 * 6]
	stp x14, x15, [sp, #16 * 7]
	stp x16, x17, [sp, #16 * 8]
	stp x18, x19, [sp, #16 * 9]
	stp x20, x21, [sp, #16 * 10]
	stp x22, x23, [sp, #16 * 11]
	stp x24, x25, [sp, #16 * 12]
	stp x26, x27, [sp, #16 * 13]
	stp x28, x29, [sp, #16 * 14]
	.if \el == 0
	mrs x21, sp_el0
	.else
	add x21, sp, #TF_SIZE
	.endif
	stp x30, x21, [sp, #TF_X30]
	mrs x22, elr_el1
	mrs x23, spsr_el1
	stp x22, x23, [sp, #TF_PC]
	mrs x24, esr_el1
	mrs x25, far_el1
	str x0, [sp, #TF_ORIG_X0]
	stp x24, x25, [sp, #TF_ESR]
	.if \el == 0
	mov x29, #0			/* backtraces end at the user boundary */
	.endif
.endm

.macro KERNEL_EXIT el
	ldp x22, x23, [sp, #TF_PC]
	msr elr_el1, x22
	msr spsr_el1, x23
	.if \el == 0
	ldr x21, [sp, #TF_SP]
	msr sp_el0, x21
	.endif
	ldp x0, x1, [sp, #16 * 0]
	ldp x2, x3, [sp, #16 * 1]
	ldp x4, x5, [sp, #16 * 2]
	ldp x6, x7, [sp, #16 * 3]
	ldp x8, x9, [sp, #16 * 4]
	ldp x10, x11, [sp, #16 * 5]
	ldp x12, x13, [sp, #16 * 6]
	ldp x14, x15, [sp, #16 * 7]
	ldp x16, x17, [sp, #16 * 8]
	ldp x18, x19, [sp, #16 * 9]
	ldp x20, x21, [sp, #16 * 10]
	ldp x22, x23, [sp, #16 * 11]
	ldp x24, x25, [sp, #16 * 12]
	ldp x26, x27, [sp, #16 * 13]
	ldp x28, x29, [sp, #16 * 14]
	ldr x30, [sp, #TF_X30]
	add sp, sp, #TF_SIZE
	eret
.endm

.macro VENTRY label
	.balign 0x80
	b \label
.endm

.macro BAD_VECTOR kind
bad_\kind:
	KERNEL_ENTRY 1
	mov x0, sp
	mov x1, #\kind
	bl trap_bad
	b .
.endm

	.text
	.balign 2048
	.globl vectors
vectors:
	VENTRY bad_0			/* EL1t: sync, irq, fiq, serror */
	VENTRY bad_1
	VENTRY bad_2
	VENTRY bad_3
	VENTRY el1_sync			/* EL1h */
	VENTRY el1_irq
	VENTRY bad_6
	VENTRY bad_7
	VENTRY el0_sync			/* EL0, AArch64 */
	VENTRY el0_irq
	VENTRY bad_10
	VENTRY bad_11
	VENTRY bad_12			/* EL0, AArch32: never enabled */
	VENTRY bad_13
	VENTRY bad_14
	VENTRY bad_15

	.balign 0x80
	BAD_VECTOR 0
	BAD_VECTOR 1
	BAD_VECTOR 2
	BAD_VECTOR 3
	BAD_VECTOR 6
	BAD_VECTOR 7
	BAD_VECTOR 10
	BAD_VECTOR 11
	BAD_VECTOR 12
	BAD_VECTOR 13
	BAD_VECTOR 14
	BAD_VECTOR 15

el1_sync:
	KERNEL_ENTRY 1
	mov x0, sp
	bl trap_sync
	b ret_to_kernel

el1_irq:
	KERNEL_ENTRY 1
	mov x0, sp
	bl trap_irq
	/* fall through */
ret_to_kernel:
	KERNEL_EXIT 1

el0_sync:
	KERNEL_ENTRY 0
	mov x0, sp
	lsr x24, x24, #26		/* ESR_EL1.EC */
	cmp x24, #0x15			/* SVC from AArch64 */
	b.ne 1f
	bl syscall_handler
	b ret_to_user
1:	bl trap_sync
	b ret_to_user

el0_irq:
	KERNEL_ENTRY 0
	mov x0, sp
	bl trap_irq
	/* fall through */

/* sp points at the trapframe at the top of the kernel stack. */
	.globl ret_to_user
ret_to_user:
	msr daifset, #2
	mov x0, sp
	bl user_return_work		/* signals, rescheduling */
	KERNEL_EXIT 0

/*
 * void swtch(struct context **save, struct context *next)
 * Save callee-saved registers on this stack, store the stack pointer in
 * *save, switch to next's stack and return into it.
 */
	.globl swtch
swtch:
	sub sp, sp, #96
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	mov x9, sp
	str x9, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	add sp, sp, #96
	ret

/* First return of a new process: its trapframe sits right above. */
	.globl fork_trampoline
fork_trampoline:
	mov x0, sp
	bl fork_finish
	b ret_to_user

/* void fpsimd_save(struct fpsimd_state *s): V0-V31, FPSR, FPCR. */
	.arch_extension fp
	.arch_extension simd
	.globl fpsimd_save
fpsimd_save:
	stp q0, q1, [x0, #32 * 0]
	stp q2, q3, [x0, #32 * 1]
	stp q4, q5, [x0, #32 * 2]
	stp q6, q7, [x0, #32 * 3]
	stp q8, q9, [x0, #32 * 4]
	stp q10, q11, [x0, #32 * 5]
	stp q12, q13, [x0, #32 * 6]
	stp q14, q15, [x0, #32 * 7]
	stp q16, q17, [x0, #32 * 8]
	stp q18, q19, [x0, #32 * 9]
	stp q20, q21, [x0, #32 * 10]
	stp q22, q23, [x0, #32 * 11]
	stp q24, q25, [x0, #32 * 12]
	stp q26, q27, [x0, #32 * 13]
	stp q28, q29, [x0, #32 * 14]
	stp q30, q31, [x0, #32 * 15]
	mrs x1, fpsr
	mrs x2, fpcr
	str w1, [x0, #512]
	str w2, [x0, #516]
	ret

/* void fpsimd_load(const struct fpsimd_state *s) */
	.globl fpsimd_load
fpsimd_load:
	ldp q0, q1, [x0, #32 * 0]
	ldp q2, q3, [x0, #32 * 1]
	ldp q4, q5, [x0, #32 * 2]
	ldp q6, q7, [x0, #32 * 3]
	ldp q8, q9, [x0, #32 * 4]
	ldp q10, q11, [x0, #32 * 5]
	ldp q12, q13, [x0, #32 * 6]
	ldp q14, q15, [x0, #32 * 7]
	ldp q16, q17, [x0, #32 * 8]
	ldp q18, q19, [x0, #32 * 9]
	ldp q20, q21, [x0, #32 * 10]
	ldp q22, q23, [x0, #32 * 11]
	ldp q24, q25, [x0, #32 * 12]
	ldp q26, q27, [x0, #32 * 13]
	ldp q28, q29, [x0, #32 * 14]
	ldp q30, q31, [x0, #32 * 15]
	ldr w1, [x0, #512]
	ldr w2, [x0, #516]
	msr fpsr, x1
	msr fpcr, x2
	ret
