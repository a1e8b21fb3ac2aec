/* SPDX-License-Identifier: MIT */
/*
 * entry.S - every way into and out of the kernel: interrupt and exception
 * stubs (Intel SDM Vol. 3A §6.12), the syscall instruction entry
 * (§5.8.8), the return path to user mode (sysret fast path, iretq
 * otherwise), and the context switch.
 *
 * %gs holds the per-CPU area while in the kernel (swapgs on every crossing):
 *   %gs:0  kernel stack top of the current process
 *   %gs:8  scratch: user %rsp at syscall entry
 */
#include <arch/asm_offsets.h>

.macro PUSH_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

	.text
/* One 16-byte stub per vector.  Vectors with a CPU-pushed error code
 * (8, 10-14, 17, 21, 29, 30) skip the dummy push. */
	.globl trap_vectors
trap_vectors:
	.set i, 0
	.rept 256
	.balign 16
	.if (i == 8) || (i >= 10 && i <= 14) || (i == 17) || (i == 21) || (i == 29) || (i == 30)
	.else
	pushq $0
	.endif
	pushq $i
	jmp trap_common
	.set i, i + 1
	.endr

trap_common:
	testb $3, 24(%rsp)		/* CS of the interrupted context */
	jz 1f
	swapgs
1:	PUSH_REGS
	cld
	movq %rsp, %rdi
	call trap_handler
	jmp trap_return

	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:8
	movq %gs:0, %rsp
	pushq $0x23			/* user SS */
	pushq %gs:8			/* user RSP */
	pushq %r11			/* user RFLAGS */
	pushq $0x2b			/* user CS */
	pushq %rcx			/* user RIP */
	pushq $0			/* error code */
	pushq $TF_VEC_SYSCALL
	PUSH_REGS
	cld
	movq %rsp, %rdi
	call syscall_handler
	/* fall through */

/* %rsp points at a struct trapframe. */
	.globl trap_return
trap_return:
	cli
	testb $3, TF_CS(%rsp)
	jz 3f
	movq %rsp, %rdi
	call user_return_work		/* signals, rescheduling */
	cmpq $TF_VEC_SYSCALL, TF_VECTOR(%rsp)
	jne 2f
	/* sysret: RIP from RCX, RFLAGS from R11; RIP must be canonical. */
	movq TF_RIP(%rsp), %rcx
	movq %rcx, %rax
	shrq $47, %rax
	jnz 2f
	POP_REGS
	movq TF_RIP - TF_VECTOR(%rsp), %rcx
	movq TF_RFLAGS - TF_VECTOR(%rsp), %r11
	movq TF_RSP - TF_VECTOR(%rsp), %rsp
	swapgs
	sysretq
2:	POP_REGS
	addq $16, %rsp
	swapgs
	iretq
3:	POP_REGS
	addq $16, %rsp
	iretq

/*
 * void swtch(struct context **save, struct context *next)
 * Save callee-saved registers on this stack, store the stack pointer in
 * *save, switch to next's stack and return into it.
 */
	.globl swtch
swtch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* First return of a new process: its trapframe sits right above. */
	.globl fork_trampoline
fork_trampoline:
	movq %rsp, %rdi
	call fork_finish
	jmp trap_return
