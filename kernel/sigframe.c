// SPDX-License-Identifier: MIT
/*
 * sigframe.c - what the arch's handler frames take from generic code:
 * siginfo_t as Linux lays it out for each kind of signal (kernel/signal.c
 * copy_siginfo_to_user, the SIL_* layouts of uapi asm-generic/siginfo.h)
 * and the alternate signal stack: sigaltstack(2), where SA_ONSTACK frames
 * go, and the uc_stack a frame records and rt_sigreturn restores.
 *
 * The alternate stack is current->sas: ss_size 0 means none; ss_flags keeps
 * what the program set (Linux's sas_ss_flags), which is what uc_stack shows.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include <arch/abi.h>
#include <arch/trapframe.h>

#define SA_ONSTACK 0x08000000
#define SS_FLAG_BITS SS_AUTODISARM

void signal_fill_siginfo(struct user_siginfo *si, const struct ksiginfo *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = info->signo;
	si->si_code = info->code;
	switch (info->signo) {
	case SIGILL: case SIGTRAP: case SIGBUS: case SIGFPE: case SIGSEGV:
		if (info->code > 0) { /* SIL_FAULT */
			si->addr = info->addr;
			return;
		}
		break;
	case SIGCHLD:
		if (info->code > 0) { /* SIL_CHLD */
			si->chld.pid = info->pid;
			si->chld.uid = info->uid;
			si->chld.status = info->status;
			return;
		}
		break;
	}
	si->kill.pid = info->pid; /* SIL_KILL, SIL_RT */
	si->kill.uid = info->uid;
	si->kill.value = info->value;
}

/* Linux's __on_sig_stack: sp inside (ss_sp, ss_sp + ss_size]. */
bool signal_on_altstack(uint64_t sp)
{
	const struct user_stack *s = &current->sas;

	return sp > s->ss_sp && sp - s->ss_sp <= s->ss_size;
}

/* on_sig_stack: an auto-disarming stack is never "in use". */
static bool on_sig_stack(uint64_t sp)
{
	if (current->sas.ss_flags & SS_AUTODISARM)
		return false;
	return signal_on_altstack(sp);
}

/* sas_ss_flags: SS_DISABLE, SS_ONSTACK or 0 as seen from sp. */
static int sas_flags(uint64_t sp)
{
	if (!current->sas.ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

uint64_t signal_frame_stack(const struct k_sigaction *ka, uint64_t sp, bool *alt)
{
	*alt = on_sig_stack(sp); /* nested: already running on it */
	if ((ka->flags & SA_ONSTACK) && sas_flags(sp) == 0) {
		*alt = true;
		return current->sas.ss_sp + current->sas.ss_size;
	}
	return sp;
}

void signal_save_altstack(struct user_stack *uss, uint64_t sp)
{
	struct user_stack *s = &current->sas;

	(void)sp;
	*uss = (struct user_stack){ s->ss_sp, s->ss_flags, 0, s->ss_size };
	/* SS_AUTODISARM: the handler runs with no alternate stack (Linux's
	 * signal_delivered) until its sigreturn restores uc_stack. */
	if (s->ss_flags & SS_AUTODISARM)
		*s = (struct user_stack){ .ss_flags = SS_DISABLE };
}

/* do_sigaltstack: 0 or -errno; oss (when set) gets the old settings. */
static int do_sigaltstack(const struct user_stack *ss, struct user_stack *oss,
			  uint64_t sp)
{
	struct user_stack *s = &current->sas;

	if (oss)
		*oss = (struct user_stack){ s->ss_sp,
					    sas_flags(sp) | (s->ss_flags & SS_FLAG_BITS),
					    0, s->ss_size };
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	int mode = ss->ss_flags & ~(int)SS_FLAG_BITS;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		*s = (struct user_stack){ .ss_flags = ss->ss_flags };
		return 0;
	}
	if (ss->ss_size < ARCH_MINSIGSTKSZ)
		return -ENOMEM;
	*s = (struct user_stack){ ss->ss_sp, ss->ss_flags, 0, ss->ss_size };
	return 0;
}

void signal_restore_altstack(const struct user_stack *uss, uint64_t sp)
{
	(void)do_sigaltstack(uss, NULL, sp); /* as Linux: errors squashed */
}

long sys_sigaltstack(const struct user_stack __user *uss, struct user_stack __user *uoss)
{
	struct user_stack ss, old;
	int err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &ss : NULL, uoss ? &old : NULL,
			     tf_user_sp(current->tf));
	if (!err && uoss && copy_to_user(uoss, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}
