/* SPDX-License-Identifier: MIT */
/*
 * arch/trapframe.h - registers saved on entry to the kernel, and the accessors
 * generic code uses (syscall number and arguments, return value, user stack
 * and instruction pointers).  Generic code never names a register.
 *
 * arm64 system calls (Linux arch/arm64/kernel/syscall.c): svc #0 with the
 * number in x8, arguments in x0-x5, the result in x0.  x0 is both the first
 * argument and the result, so orig_x0 keeps the argument for a restart.
 */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#include <stdint.h>

struct trapframe {
	uint64_t x[31];   /* x0-x30 */
	uint64_t sp;      /* SP_EL0 from user mode; the kernel sp otherwise */
	uint64_t pc;      /* ELR_EL1 */
	uint64_t pstate;  /* SPSR_EL1 */
	uint64_t orig_x0; /* x0 at svc: a restarted call's first argument */
	uint64_t esr;     /* ESR_EL1 of a synchronous exception */
	uint64_t far;     /* FAR_EL1 of an abort */
	uint64_t unused_; /* keeps the frame a multiple of 16 bytes */
};

static inline long tf_syscall_nr(struct trapframe *tf) { return (long)tf->x[8]; }
static inline void tf_syscall_args(struct trapframe *tf, long a[6])
{
	for (int i = 0; i < 6; i++)
		a[i] = (long)tf->x[i];
}
static inline void tf_set_return(struct trapframe *tf, long v) { tf->x[0] = (uint64_t)v; }
static inline long tf_return(struct trapframe *tf) { return (long)tf->x[0]; }
static inline uint64_t tf_user_sp(struct trapframe *tf) { return tf->sp; }
static inline uint64_t tf_user_pc(struct trapframe *tf) { return tf->pc; }
/* SPSR_EL1.M[3:0] == 0: the exception came from EL0t. */
static inline bool tf_from_user(struct trapframe *tf) { return (tf->pstate & 0xf) == 0; }

#endif
