/* SPDX-License-Identifier: MIT */
/*
 * arch/trapframe.h - registers saved on entry to the kernel, and the accessors
 * generic code uses (syscall number and arguments, return value, user stack
 * and instruction pointers).  Generic code never names a register.
 */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

#define TF_VEC_SYSCALL 0x100 /* entered by syscall: may leave by sysret */
#define TF_VEC_IRET 0x101    /* registers rewritten: leave by iretq */

static inline long tf_syscall_nr(struct trapframe *tf) { return (long)tf->rax; }
static inline void tf_syscall_args(struct trapframe *tf, long a[6])
{
	a[0] = (long)tf->rdi;
	a[1] = (long)tf->rsi;
	a[2] = (long)tf->rdx;
	a[3] = (long)tf->r10;
	a[4] = (long)tf->r8;
	a[5] = (long)tf->r9;
}
static inline void tf_set_return(struct trapframe *tf, long v) { tf->rax = (uint64_t)v; }
static inline long tf_return(struct trapframe *tf) { return (long)tf->rax; }
static inline uint64_t tf_user_sp(struct trapframe *tf) { return tf->rsp; }
static inline uint64_t tf_user_pc(struct trapframe *tf) { return tf->rip; }
static inline bool tf_from_user(struct trapframe *tf) { return (tf->cs & 3) != 0; }

#endif
