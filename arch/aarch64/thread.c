// SPDX-License-Identifier: MIT
/*
 * thread.c - per-process CPU state: the FP/SIMD registers and TPIDR_EL0
 * (the kernel never uses either, so they stay live from user mode and are
 * saved at a switch, a fork or a signal frame), and the kernel stack
 * layout for new processes.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include <arch/thread.h>
#include "arch/aarch64/aarch64_internal.h"

/* What swtch saves: the AAPCS64 callee-saved registers, fp and lr. */
struct context {
	uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30;
};

extern char fork_trampoline[];

void arch_thread_init(struct arch_thread *t)
{
	memset(t, 0, sizeof(*t));
}

void arch_thread_save(struct arch_thread *t)
{
	fpsimd_save(&t->fp);
	t->tpidr_el0 = read_sysreg(tpidr_el0);
}

/* The kernel stack top needs no setting: leaving for EL0 leaves SP_EL1 there. */
void arch_thread_switch(struct arch_thread *prev, struct arch_thread *next,
			uint64_t next_kstack_top)
{
	(void)next_kstack_top;
	if (prev)
		arch_thread_save(prev);
	fpsimd_load(&next->fp);
	write_sysreg(tpidr_el0, next->tpidr_el0);
	write_sysreg(tpidrro_el0, 0);
}

struct context *arch_stack_init(uint64_t kstack_top, const struct trapframe *tf,
				struct trapframe **tf_out)
{
	struct trapframe *ntf = (struct trapframe *)(kstack_top - sizeof(*ntf));
	struct context *c = (struct context *)((char *)ntf - sizeof(*c));

	*ntf = *tf;
	memset(c, 0, sizeof(*c));
	c->x30 = (uint64_t)fork_trampoline;
	*tf_out = ntf;
	return c;
}

void arch_tf_exec(struct trapframe *tf, uint64_t pc, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->pc = pc;
	tf->sp = sp;
	tf->pstate = 0; /* EL0t, AArch64, interrupts unmasked */
}

void arch_tf_fork_child(struct trapframe *tf)
{
	tf->x[0] = 0;
}

void arch_set_tls(struct arch_thread *t, uint64_t tls)
{
	t->tpidr_el0 = tls;
}
