/* SPDX-License-Identifier: MIT */
/*
 * arch/thread.h - per-process CPU state beyond the trapframe: TLS bases and
 * the FPU/SSE area, plus how a new kernel stack is laid out so the first
 * switch to it returns to user mode through fork_trampoline.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>
#include <arch/trapframe.h>

struct arch_thread {
	uint64_t fs_base;
	uint64_t gs_base;
	uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave image */
};

struct context; /* callee-saved registers on a kernel stack (entry.S swtch) */
void swtch(struct context **save, struct context *next);

/* A fresh FPU image (FCW 0x37f, MXCSR 0x1f80). */
void arch_thread_init(struct arch_thread *t);
/* Copy the live CPU state of the running thread into t (before fork). */
void arch_thread_save(struct arch_thread *t);
/* Leave prev, enter next (kernel stack top for traps from user mode). */
void arch_thread_switch(struct arch_thread *prev, struct arch_thread *next,
			uint64_t next_kstack_top);
/*
 * Lay out a kernel stack whose first swtch() runs fork_finish() then
 * returns to user mode with *tf.  Returns the context to switch to.
 */
struct context *arch_stack_init(uint64_t kstack_top, const struct trapframe *tf,
				struct trapframe **tf_out);
/* Registers for a new program at entry pc with stack sp. */
void arch_tf_exec(struct trapframe *tf, uint64_t pc, uint64_t sp);
/* Child of fork: same registers, returns 0. */
void arch_tf_fork_child(struct trapframe *tf);
static inline void arch_tf_set_sp(struct trapframe *tf, uint64_t sp) { tf->rsp = sp; }
/* TLS setting for clone(CLONE_SETTLS) */
void arch_set_tls(struct arch_thread *t, uint64_t tls);

#endif
