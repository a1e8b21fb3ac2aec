// SPDX-License-Identifier: MIT
/*
 * sigwait.c - signals taken synchronously and signals sent with data:
 * rt_sigtimedwait (sigwaitinfo, sigtimedwait, sigwait in libc),
 * rt_sigqueueinfo and rt_tgsigqueueinfo (sigqueue), with Linux's
 * semantics (kernel/signal.c do_sigtimedwait, do_rt_sigqueueinfo).
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))
#define FOREVER_SECS 1000000000LL /* past this a deadline is "never" */

/* The absolute deadline of a relative timeout (0: none); -EINVAL if bad. */
static int timeout_deadline(const struct timespec64 *ts, uint64_t *deadline)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = 0;
	if (ts->tv_sec < FOREVER_SECS)
		*deadline = time_monotonic_ns() + (uint64_t)ts->tv_sec * NSEC_PER_SEC +
			    (uint64_t)ts->tv_nsec;
	return 0;
}

/*
 * Wait for one of the signals in *uthese (blocked or not) and take it off
 * the pending set without running a handler.  While waiting those signals
 * are unblocked, so their arrival wakes the sleep.  The signal number, or
 * -EAGAIN when the timeout passed, -EINTR when another signal came.
 */
long sys_rt_sigtimedwait(const uint64_t __user *uthese, struct user_siginfo __user *uinfo,
			 const struct timespec64 __user *uts, size_t sigsetsize)
{
	struct timespec64 ts = { 0 };
	struct ksiginfo info;
	uint64_t these, saved, deadline = 0;
	int sig, err = 0;

	if (sigsetsize != sizeof(these))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~UNBLOCKABLE;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		err = timeout_deadline(&ts, &deadline);
		if (err)
			return err;
	}
	signal_claim(these);
	sig = signal_dequeue_mask(current, these, &info);
	if (!sig && (!uts || ts.tv_sec || ts.tv_nsec)) {
		saved = current->sig_blocked;
		current->sig_real_blocked = saved;
		current->sig_blocked &= ~these;
		err = sched_sleep(deadline);
		current->sig_blocked = saved;
		current->sig_real_blocked = 0;
		sig = signal_dequeue_mask(current, these, &info);
	}
	if (!sig)
		return err && err != -ETIMEDOUT ? -EINTR : -EAGAIN;
	if (uinfo) {
		struct user_siginfo si;
		signal_fill_siginfo(&si, &info);
		if (copy_to_user(uinfo, &si, sizeof(si)))
			return -EFAULT;
	}
	return sig;
}

/* The ksiginfo a program hands rt_sigqueueinfo; EPERM for forged kernel
 * or kill(2) codes sent to another process. */
static int queueinfo_from_user(const struct user_siginfo __user *uinfo, int sig,
			       bool self, struct ksiginfo *info)
{
	struct user_siginfo si;

	if (copy_from_user(&si, uinfo, sizeof(si)))
		return -EFAULT;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && !self)
		return -EPERM;
	*info = (struct ksiginfo){
		.signo = sig, .code = si.si_code, .pid = si.kill.pid,
		.uid = si.kill.uid, .value = si.kill.value,
		.status = si.chld.status, .addr = si.addr,
	};
	return 0;
}

static long queue_to(struct proc *p, int sig, const struct ksiginfo *info)
{
	if (!p)
		return -ESRCH;
	return sig ? signal_send_info(p, info) : 0;
}

long sys_rt_sigqueueinfo(int pid, int sig, const struct user_siginfo __user *uinfo)
{
	struct ksiginfo info;
	int err;

	err = queueinfo_from_user(uinfo, sig, pid == current->tgid, &info);
	if (err)
		return err;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	return queue_to(pid > 0 ? proc_find_any(pid) : NULL, sig, &info);
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig,
			   const struct user_siginfo __user *uinfo)
{
	struct ksiginfo info;
	struct proc *p;
	int err;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	err = queueinfo_from_user(uinfo, sig, tid == current->pid, &info);
	if (err)
		return err;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	p = proc_find(tid);
	return queue_to(p && p->pid == tgid ? p : NULL, sig, &info);
}
