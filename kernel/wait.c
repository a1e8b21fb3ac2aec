// SPDX-License-Identifier: MIT
/*
 * wait.c - wait4 and waitid: a parent collects what its children did.
 *
 * A child reports an exit (and is reaped), a stop by a signal (once per
 * stop, with WUNTRACED/WSTOPPED: status 0x7f | sig << 8) or a continue by
 * SIGCONT (once, with WCONTINUED: status 0xffff), as Linux's
 * wait_consider_task decides; signal.c records stop_code and continued.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define WNOHANG 1
#define WUNTRACED 2 /* WSTOPPED for waitid */
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define WNOTHREAD 0x20000000
#define WALL 0x40000000
#define WCLONE 0x80000000

#define P_ALL 0
#define P_PID 1
#define P_PGID 2

/* What one wait found. */
struct wait_result {
	int pid;
	int status;     /* wait4's status word */
	int code;       /* waitid's si_code: CLD_* */
	int si_status;  /* waitid's si_status: exit code or signal */
	uint32_t uid;
	uint64_t utime_ns, stime_ns; /* the child's and its waited-for children's */
	struct ru_counts ru;         /* the same */
};

static bool wait_match(struct proc *c, int pid, int options)
{
	/* A child whose exit signal is not SIGCHLD is a "clone" child: only
	 * __WCLONE (or __WALL) waits for it. */
	if (!(options & WALL) && ((c->exit_signal != SIGCHLD) != !!(options & WCLONE)))
		return false;
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == current->pgid;
	return c->pgid == -pid;
}

/* Does c have something for these options?  Fill r; consume it (reap,
 * or forget the stop or continue) unless WNOWAIT. */
static bool wait_take(struct proc *c, int options, struct wait_result *r)
{
	r->pid = c->pid;
	r->uid = c->cred.uid;
	group_times(c, &r->utime_ns, &r->stime_ns, &r->ru);
	r->utime_ns += c->cutime_ns;
	r->stime_ns += c->cstime_ns;
	ru_counts_add(&r->ru, &c->cru);
	if (c->state == P_ZOMBIE && c->live_threads)
		return false; /* a leader whose other threads still run */
	if (c->state == P_ZOMBIE) {
		int st = c->exit_status;
		if (!(options & WEXITED))
			return false;
		r->status = st;
		r->code = (st & 0x7f) ? ((st & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
		r->si_status = (st & 0x7f) ? (st & 0x7f) : ((st >> 8) & 0xff);
		if (!(options & WNOWAIT)) {
			struct proc *me = current->group_leader;
			me->cutime_ns += r->utime_ns;
			me->cstime_ns += r->stime_ns;
			ru_counts_add(&me->cru, &r->ru);
			proc_discard(c);
		}
		return true;
	}
	if ((options & WUNTRACED) && c->state == P_STOPPED && c->stop_code) {
		r->status = (c->stop_code << 8) | 0x7f;
		r->code = CLD_STOPPED;
		r->si_status = c->stop_code;
		if (!(options & WNOWAIT))
			c->stop_code = 0;
		return true;
	}
	if ((options & WCONTINUED) && c->continued) {
		r->status = 0xffff;
		r->code = CLD_CONTINUED;
		r->si_status = SIGCONT;
		if (!(options & WNOWAIT))
			c->continued = false;
		return true;
	}
	return false;
}

/* The child's pid with *r, 0 (WNOHANG, nothing yet), -ECHILD or -ERESTARTSYS. */
static long do_wait(int pid, int options, struct wait_result *r)
{
	for (;;) {
		bool any = false;
		struct list_head *l, *n;

		/* Any thread waits for the children of every thread: they
		 * are all the leader's. */
		list_for_each_safe(l, n, &current->group_leader->children) {
			struct proc *c = list_entry(l, struct proc, sibling);
			if (!wait_match(c, pid, options))
				continue;
			any = true;
			if (wait_take(c, options, r))
				return r->pid;
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		/* As Linux: a child that reported while we slept wins over a
		 * signal, so look at the children again before giving up. */
		if (signal_pending())
			return -ERESTARTSYS;
		(void)waitq_sleep(&current->group_leader->child_wait);
	}
}

long sys_wait4(int pid, int __user *status, int options, void __user *rusage)
{
	struct wait_result r;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	ret = do_wait(pid, options | WEXITED, &r);
	if (ret <= 0)
		return ret;
	if (status && copy_to_user(status, &r.status, sizeof(r.status)))
		return -EFAULT;
	if (rusage && rusage_put(rusage, r.utime_ns, r.stime_ns, &r.ru))
		return -EFAULT;
	return ret;
}

long sys_waitid(int which, int id, struct user_siginfo __user *infop, int options,
		void __user *rusage)
{
	struct wait_result r = { 0 };
	struct user_siginfo si;
	int pid;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED |
			WNOTHREAD | WALL | WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		pid = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(pid, options, &r);
	if (ret < 0)
		return ret;
	if (ret > 0 && rusage && rusage_put(rusage, r.utime_ns, r.stime_ns, &r.ru))
		return -EFAULT;
	if (!infop)
		return 0;
	memset(&si, 0, sizeof(si));
	if (ret > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = r.code;
		si.chld.pid = r.pid;
		si.chld.uid = r.uid;
		si.chld.status = r.si_status;
	}
	/* Linux writes signo, errno, code, pid, uid and status only. */
	if (copy_to_user(infop, &si, 12) ||
	    copy_to_user((char __user *)infop + 16, (char *)&si + 16, 12))
		return -EFAULT;
	return 0;
}
