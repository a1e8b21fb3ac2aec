/* SPDX-License-Identifier: MIT */
/*
 * arch/thread.h - per-process CPU state beyond the trapframe: the TLS
 * register (TPIDR_EL0) and the FP/SIMD registers, plus how a new kernel
 * stack is laid out so the first switch to it returns to user mode through
 * fork_trampoline.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>
#include <arch/trapframe.h>

/* V0-V31 then FPSR and FPCR: the order fpsimd_save/fpsimd_load use. */
struct fpsimd_state {
	uint64_t vregs[64];
	uint32_t fpsr, fpcr;
	uint64_t pad_;
} __attribute__((aligned(16)));

struct arch_thread {
	uint64_t tpidr_el0;
	struct fpsimd_state fp;
};

struct context; /* callee-saved registers on a kernel stack (entry.S swtch) */
void swtch(struct context **save, struct context *next);

/* Zeroed registers: FPCR 0 (round to nearest, no traps), as Linux starts. */
void arch_thread_init(struct arch_thread *t);
/* Copy the live CPU state of the running thread into t (before fork). */
void arch_thread_save(struct arch_thread *t);
/* Leave prev (NULL: nothing to save), enter next.  The kernel stack top is
 * implicit on arm64: a return to user mode leaves SP_EL1 there. */
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
static inline void arch_tf_set_sp(struct trapframe *tf, uint64_t sp) { tf->sp = sp; }
/* TLS setting for clone(CLONE_SETTLS) */
void arch_set_tls(struct arch_thread *t, uint64_t tls);

#endif
