// SPDX-License-Identifier: MIT
/*
 * signal.c - arm64 signal frames as Linux lays them out (arch/arm64/kernel/
 * signal.c, uapi/asm/sigcontext.h): struct rt_sigframe { siginfo; ucontext }
 * with the sigcontext's __reserved area holding an fpsimd_context record
 * and the terminating null record, and a frame record {x29, x30} above it
 * so unwinders can walk out of the handler.  The handler returns to
 * sa_restorer (musl's does svc rt_sigreturn, number 139).
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/vm.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include <arch/signal.h>
#include "arch/aarch64/aarch64_internal.h"

#define FPSIMD_MAGIC 0x46508001u
#define ESR_MAGIC 0x45535201u
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define PSR_NZCV 0xf0000000UL
#define PSR_MODE_DAIF 0x3dfUL /* M[4:0], F, I, A, D */

/* struct sigcontext up to its 4 KiB __reserved record area */
struct sigcontext_a64 {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp, pc, pstate;
	uint64_t pad;
};
#define SIGCTX_RESERVED_SIZE 4096

struct ucontext_a64 {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct user_stack uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - 8];
	struct sigcontext_a64 uc_mcontext __aligned(16);
};

struct ctx_head {
	uint32_t magic, size;
};

struct fpsimd_context {
	struct ctx_head head;
	uint32_t fpsr, fpcr;
	uint64_t vregs[64];
};

struct esr_context {
	struct ctx_head head;
	uint64_t esr;
};

/* The frame's fixed part; the records follow at RECORDS_OFF. */
struct rt_sigframe {
	struct user_siginfo info;
	struct ucontext_a64 uc;
};
#define RECORDS_OFF sizeof(struct rt_sigframe)
#define FRAME_SIZE (RECORDS_OFF + SIGCTX_RESERVED_SIZE)

struct frame_record {
	uint64_t fp, lr;
};

_Static_assert(offsetof(struct ucontext_a64, uc_mcontext) == 176, "ucontext");
_Static_assert(sizeof(struct sigcontext_a64) == 288, "sigcontext up to __reserved");
_Static_assert(sizeof(struct fpsimd_context) == 528, "fpsimd_context");
_Static_assert(FRAME_SIZE == 4688, "Linux's sizeof(struct rt_sigframe)");

/* The __reserved records: fpsimd, esr (for a fault, as Linux), end. */
static int write_records(uint64_t at, bool fault, const struct trapframe *tf)
{
	struct fpsimd_context fp = { { FPSIMD_MAGIC, sizeof(fp) } };
	struct esr_context esr = { { ESR_MAGIC, sizeof(esr) }, tf->esr };
	struct ctx_head end = { 0, 0 };

	arch_thread_save(&current->arch);
	fp.fpsr = current->arch.fp.fpsr;
	fp.fpcr = current->arch.fp.fpcr;
	memcpy(fp.vregs, current->arch.fp.vregs, sizeof(fp.vregs));
	if (copy_to_user((void *)at, &fp, sizeof(fp)))
		return -EFAULT;
	at += sizeof(fp);
	if (fault) {
		if (copy_to_user((void *)at, &esr, sizeof(esr)))
			return -EFAULT;
		at += sizeof(esr);
	}
	return copy_to_user((void *)at, &end, sizeof(end));
}

int arch_signal_frame(struct trapframe *tf, const struct k_sigaction *ka,
		      uint64_t old_mask, const struct ksiginfo *info)
{
	int sig = info->signo;
	bool fault = info->code > 0 && (sig == SIGSEGV || sig == SIGBUS ||
					sig == SIGILL || sig == SIGFPE || sig == SIGTRAP);
	struct rt_sigframe f;
	struct frame_record rec = { tf->x[29], tf->x[30] };
	bool alt;
	uint64_t sp = ALIGN_DOWN(signal_frame_stack(ka, tf->sp, &alt) - sizeof(rec), 16);
	uint64_t frame = ALIGN_DOWN(sp - FRAME_SIZE, 16);

	if (alt && !signal_on_altstack(frame))
		return -EFAULT; /* the alternate stack overflowed */
	memset(&f, 0, sizeof(f));
	signal_save_altstack(&f.uc.uc_stack, tf->sp);
	f.uc.uc_sigmask = old_mask;
	memcpy(f.uc.uc_mcontext.regs, tf->x, sizeof(tf->x));
	f.uc.uc_mcontext.sp = tf->sp;
	f.uc.uc_mcontext.pc = tf->pc;
	f.uc.uc_mcontext.pstate = tf->pstate;
	f.uc.uc_mcontext.fault_address = fault ? info->addr : 0;
	signal_fill_siginfo(&f.info, info);
	if (copy_to_user((void *)sp, &rec, sizeof(rec)) ||
	    copy_to_user((void *)frame, &f, sizeof(f)) ||
	    write_records(frame + RECORDS_OFF, fault, tf))
		return -EFAULT;
	tf->x[0] = (uint64_t)sig;
	if (ka->flags & SA_SIGINFO) {
		tf->x[1] = frame + offsetof(struct rt_sigframe, info);
		tf->x[2] = frame + offsetof(struct rt_sigframe, uc);
	}
	tf->sp = frame;
	tf->x[29] = sp;
	/* glibc sets no restorer on arm64: Linux returns through the vDSO's
	 * sigreturn trampoline; here the exec-time trampoline page. */
	tf->x[30] = (ka->flags & SA_RESTORER) ? ka->restorer : current->vm->sigtramp;
	tf->pc = ka->handler;
	return 0;
}

/* Walk the records of the sigcontext's reserved area; FP/SIMD is required. */
static int read_records(uint64_t base)
{
	struct fpsimd_context fp;
	bool have_fp = false;

	for (uint64_t off = 0; off + sizeof(struct ctx_head) <= SIGCTX_RESERVED_SIZE;) {
		struct ctx_head h;
		if (copy_from_user(&h, (void *)(base + off), sizeof(h)))
			return -EFAULT;
		if (h.magic == 0 && h.size == 0)
			return have_fp ? 0 : -EINVAL;
		if (h.size < sizeof(h) || (h.size & 15) || h.size > SIGCTX_RESERVED_SIZE - off)
			return -EINVAL;
		if (h.magic == FPSIMD_MAGIC) {
			if (h.size != sizeof(fp) ||
			    copy_from_user(&fp, (void *)(base + off), sizeof(fp)))
				return -EINVAL;
			memcpy(current->arch.fp.vregs, fp.vregs, sizeof(fp.vregs));
			current->arch.fp.fpsr = fp.fpsr;
			current->arch.fp.fpcr = fp.fpcr;
			have_fp = true;
		} else if (h.magic != ESR_MAGIC) {
			return -EINVAL; /* extra_context, SVE...: not ours */
		}
		off += h.size;
	}
	return -EINVAL;
}

int arch_sigreturn(struct trapframe *tf, uint64_t *mask)
{
	struct rt_sigframe f;
	uint64_t frame = tf->sp;
	struct sigcontext_a64 *mc = &f.uc.uc_mcontext;

	if (frame & 15)
		return -EFAULT;
	if (copy_from_user(&f, (void *)frame, sizeof(f)))
		return -EFAULT;
	/* Only EL0t AArch64 with D, A, I, F clear comes back (valid_user_regs). */
	if (mc->pstate & PSR_MODE_DAIF)
		return -EFAULT;
	if (read_records(frame + RECORDS_OFF))
		return -EFAULT;
	memcpy(tf->x, mc->regs, sizeof(tf->x));
	tf->sp = mc->sp;
	tf->pc = mc->pc;
	tf->pstate = mc->pstate & PSR_NZCV;
	fpsimd_load(&current->arch.fp);
	*mask = f.uc.uc_sigmask;
	signal_restore_altstack(&f.uc.uc_stack, tf->sp);
	return 0;
}

void arch_syscall_restart(struct trapframe *tf, long nr)
{
	tf->x[0] = tf->orig_x0;
	tf->x[8] = (uint64_t)nr;
	tf->pc -= 4; /* the svc instruction */
}

/* The return path for handlers without SA_RESTORER: rt_sigreturn (139). */
static const uint32_t sigtramp_code[] = {
	0xd2801168, /* mov x8, #139 */
	0xd4000001, /* svc #0 */
};

const void *arch_sigtramp_code(size_t *len)
{
	*len = sizeof(sigtramp_code);
	return sigtramp_code;
}
