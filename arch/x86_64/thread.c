// SPDX-License-Identifier: MIT
/*
 * thread.c - per-process CPU state: FPU/SSE image (fxsave, saved eagerly at
 * each switch), FS/GS bases, and kernel stack layout for new processes.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include <arch/thread.h>
#include "arch/x86_64/x86_internal.h"

struct context {
	uint64_t r15, r14, r13, r12, rbx, rbp, rip;
};

extern char fork_trampoline[];

void arch_thread_init(struct arch_thread *t)
{
	memset(t, 0, sizeof(*t));
	*(uint16_t *)&t->fpu[0] = 0x37f;        /* FCW */
	*(uint32_t *)&t->fpu[24] = 0x1f80;      /* MXCSR */
	*(uint32_t *)&t->fpu[28] = 0xffff;      /* MXCSR_MASK */
}

void arch_thread_save(struct arch_thread *t)
{
	__asm__ volatile("fxsave64 (%0)" ::"r"(t->fpu) : "memory");
	t->fs_base = rdmsr(MSR_FS_BASE);
	t->gs_base = rdmsr(MSR_KERNEL_GS_BASE);
}

void arch_thread_switch(struct arch_thread *prev, struct arch_thread *next,
			uint64_t next_kstack_top)
{
	if (prev)
		arch_thread_save(prev);
	__asm__ volatile("fxrstor64 (%0)" ::"r"(next->fpu) : "memory");
	wrmsr(MSR_FS_BASE, next->fs_base);
	wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
	tss_set_rsp0(next_kstack_top);
}

struct context *arch_stack_init(uint64_t kstack_top, const struct trapframe *tf,
				struct trapframe **tf_out)
{
	struct trapframe *ntf = (struct trapframe *)(kstack_top - sizeof(*ntf));
	struct context *c = (struct context *)((char *)ntf - sizeof(*c));

	*ntf = *tf;
	memset(c, 0, sizeof(*c));
	c->rip = (uint64_t)fork_trampoline;
	*tf_out = ntf;
	return c;
}

void arch_tf_exec(struct trapframe *tf, uint64_t pc, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	tf->rflags = 0x202;
	tf->vector = TF_VEC_IRET;
}

void arch_tf_fork_child(struct trapframe *tf)
{
	tf->rax = 0;
}

void arch_set_tls(struct arch_thread *t, uint64_t tls)
{
	t->fs_base = tls;
}
