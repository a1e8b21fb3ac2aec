// SPDX-License-Identifier: MIT
/*
 * signal.c - x86_64 signal frames: struct rt_sigframe as Linux lays it out
 * (arch/x86/include/asm/sigframe.h, uapi/asm/sigcontext.h): the restorer
 * address, a ucontext with the sigcontext and mask, the siginfo, and the
 * fxsave image 64-byte aligned below it.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include <arch/signal.h>
#include "arch/x86_64/x86_internal.h"

struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct ucontext64 {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct user_stack uc_stack;
	struct sigcontext64 mc;
	uint64_t sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct user_siginfo info;
};

_Static_assert(offsetof(struct ucontext64, mc) == 40, "ucontext");

#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define FLAGS_USER 0x40dd5 /* AC OF DF TF SF ZF AF PF CF + RF? as Linux FIX_EFLAGS */

static void save_regs(struct sigcontext64 *mc, struct trapframe *tf)
{
	mc->r8 = tf->r8; mc->r9 = tf->r9; mc->r10 = tf->r10; mc->r11 = tf->r11;
	mc->r12 = tf->r12; mc->r13 = tf->r13; mc->r14 = tf->r14; mc->r15 = tf->r15;
	mc->rdi = tf->rdi; mc->rsi = tf->rsi; mc->rbp = tf->rbp; mc->rbx = tf->rbx;
	mc->rdx = tf->rdx; mc->rax = tf->rax; mc->rcx = tf->rcx; mc->rsp = tf->rsp;
	mc->rip = tf->rip;
	mc->eflags = tf->rflags;
	mc->cs = USER_CS;
	mc->ss = USER_DS;
}

int arch_signal_frame(struct trapframe *tf, const struct k_sigaction *ka,
		      uint64_t old_mask, const struct ksiginfo *info)
{
	int sig = info->signo;
	struct rt_sigframe f;
	bool alt;
	/* Below the red zone, or at the top of the alternate stack. */
	uint64_t sp = signal_frame_stack(ka, tf->rsp - 128, &alt);
	uint64_t fp = ALIGN_DOWN(sp - 512, 64);
	uint64_t frame = ALIGN_DOWN(fp - sizeof(f), 16) - 8;

	if (alt && !signal_on_altstack(frame))
		return -EFAULT; /* the alternate stack overflowed */
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	signal_save_altstack(&f.uc.uc_stack, tf->rsp);
	save_regs(&f.uc.mc, tf);
	f.uc.mc.trapno = tf->vector < 32 ? tf->vector : 0;
	f.uc.mc.err = tf->vector < 32 ? tf->err : 0;
	f.uc.mc.oldmask = old_mask;
	f.uc.mc.cr2 = info->addr;
	f.uc.mc.fpstate = fp;
	f.uc.sigmask = old_mask;
	signal_fill_siginfo(&f.info, info);
	__asm__ volatile("fxsave64 (%0)" ::"r"(current->arch.fpu) : "memory");
	if (copy_to_user((void *)fp, current->arch.fpu, 512) ||
	    copy_to_user((void *)frame, &f, sizeof(f)))
		return -EFAULT;
	tf->rdi = (uint64_t)sig;
	tf->rsi = frame + offsetof(struct rt_sigframe, info);
	tf->rdx = frame + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rip = ka->handler;
	tf->rsp = frame;
	tf->rflags &= ~(0x100UL | 0x400UL); /* TF, DF */
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	/* Fresh FPU state for the handler, as Linux gives. */
	__asm__ volatile("fninit");
	return 0;
}

int arch_sigreturn(struct trapframe *tf, uint64_t *mask)
{
	struct rt_sigframe f;
	uint64_t frame = tf->rsp - 8;
	struct sigcontext64 *mc = &f.uc.mc;

	if (copy_from_user(&f, (void *)frame, sizeof(f)))
		return -EFAULT;
	if (mc->fpstate) {
		if (copy_from_user(current->arch.fpu, (void *)mc->fpstate, 512))
			return -EFAULT;
		*(uint32_t *)&current->arch.fpu[24] &= 0xffff; /* MXCSR reserved bits */
		__asm__ volatile("fxrstor64 (%0)" ::"r"(current->arch.fpu) : "memory");
	}
	tf->r8 = mc->r8; tf->r9 = mc->r9; tf->r10 = mc->r10; tf->r11 = mc->r11;
	tf->r12 = mc->r12; tf->r13 = mc->r13; tf->r14 = mc->r14; tf->r15 = mc->r15;
	tf->rdi = mc->rdi; tf->rsi = mc->rsi; tf->rbp = mc->rbp; tf->rbx = mc->rbx;
	tf->rdx = mc->rdx; tf->rax = mc->rax; tf->rcx = mc->rcx; tf->rsp = mc->rsp;
	tf->rip = mc->rip;
	tf->rflags = (tf->rflags & ~(uint64_t)FLAGS_USER) | (mc->eflags & FLAGS_USER) | 0x200;
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	tf->vector = TF_VEC_IRET;
	*mask = f.uc.sigmask;
	signal_restore_altstack(&f.uc.uc_stack, tf->rsp);
	return 0;
}

void arch_syscall_restart(struct trapframe *tf, long nr)
{
	tf->rax = (uint64_t)nr;
	tf->rip -= 2; /* the syscall instruction is two bytes */
}

/* x86_64 handlers always come with SA_RESTORER (Linux requires it too). */
const void *arch_sigtramp_code(size_t *len)
{
	*len = 0;
	return NULL;
}
