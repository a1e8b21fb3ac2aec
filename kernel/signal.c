// SPDX-License-Identifier: MIT
/*
 * signal.c - POSIX signals: generation, dispositions, masks, delivery on the
 * way back to user mode, default actions and system call restart.
 *
 * The frame a handler runs on is the arch's (arch_signal_frame); this file
 * decides what to deliver.  A stop signal's default action stops the process
 * (P_STOPPED, which the scheduler skips) until SIGCONT or SIGKILL; its parent
 * hears of both (jobctl.c).  The alternate stack and siginfo_t are in
 * sigframe.c, sigtimedwait and sigqueueinfo in sigwait.c.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include <arch/signal.h>

#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_RESTORER 0x04000000

#define BIT(sig) (1ULL << ((sig) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define DEFAULT_IGNORE (BIT(SIGCHLD) | BIT(SIGURG) | BIT(SIGWINCH) | BIT(SIGCONT))
#define DEFAULT_STOP (BIT(SIGSTOP) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGTTOU))

static bool sig_ignored(struct proc *p, int sig)
{
	uint64_t h = p->sigaction[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (BIT(sig) & DEFAULT_IGNORE));
}

/*
 * What generating sig does at once, whatever its disposition or mask
 * (Linux's prepare_signal), to the whole thread group: a stop signal
 * cancels a pending SIGCONT; SIGCONT cancels pending stop signals and
 * resumes a stopped group.
 */
static void prepare_signal(struct proc *p, int sig)
{
	struct proc *leader = p->group_leader, *t;
	bool resumed = false;

	if (!(BIT(sig) & (DEFAULT_STOP | BIT(SIGCONT))))
		return;
	for_each_thread(p, t) {
		if (BIT(sig) & DEFAULT_STOP) {
			t->sig_pending &= ~BIT(SIGCONT);
			t->sig_shared &= ~BIT(SIGCONT);
			continue;
		}
		t->sig_pending &= ~DEFAULT_STOP;
		t->sig_shared &= ~DEFAULT_STOP;
		t->jobctl_stop = false;
		if (t->state == P_STOPPED) {
			resumed = true;
			proc_make_runnable(t);
		}
	}
	if (resumed) {
		leader->stop_code = 0;
		leader->continued = true;
		jobctl_notify_parent(leader, CLD_CONTINUED, SIGCONT);
	}
}

/* Make sig pending on the thread t and wake it if it can take it now. */
static int post_signal(struct proc *t, const struct ksiginfo *info, bool shared)
{
	int sig = info->signo;

	/* A signal blocked, or blocked before rt_sigtimedwait lifted it for
	 * the wait, is kept even if ignored (Linux's sig_ignored checks
	 * real_blocked): BusyBox init waits for SIGCHLD that way. */
	if (sig_ignored(t, sig) && !((t->sig_blocked | t->sig_real_blocked) & BIT(sig)))
		return 0; /* discarded at generation, as Linux does */
	if (sig >= 32) {
		if (t->sig_rtq_len == (int)ARRAY_SIZE(t->sig_rtq))
			return -EAGAIN;
		t->sig_rtq[t->sig_rtq_len++] = *info;
	} else if (!(t->sig_pending & BIT(sig))) {
		t->sig_info[sig - 1] = *info;
	}
	t->sig_pending |= BIT(sig);
	if (shared)
		t->sig_shared |= BIT(sig);
	if (t->state == P_SLEEPING && (BIT(sig) & (~t->sig_blocked | UNBLOCKABLE)))
		proc_wake(t);
	else if (sig == SIGKILL && t->state == P_STOPPED)
		proc_make_runnable(t); /* SIGKILL kills a stopped process too */
	return 0;
}

/*
 * The thread that takes a signal sent to p's thread group: p itself or
 * another live thread that does not block it (Linux's complete_signal);
 * if all block it, the first live one keeps it until a thread unblocks
 * it (signal_claim).  NULL when every thread has exited.
 */
static struct proc *signal_target(struct proc *p, int sig)
{
	struct proc *t, *any = NULL;

	if (p->state != P_ZOMBIE && !(p->sig_blocked & BIT(sig)))
		return p;
	for_each_thread(p, t) {
		if (t->state == P_ZOMBIE)
			continue;
		if (!(t->sig_blocked & BIT(sig)))
			return t;
		if (!any)
			any = t;
	}
	return any;
}

int signal_send_info(struct proc *p, const struct ksiginfo *info)
{
	int sig = info->signo;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0)
		return 0;
	prepare_signal(p, sig);
	p = signal_target(p, sig);
	return p ? post_signal(p, info, true) : 0;
}

int signal_send_thread(struct proc *p, const struct ksiginfo *info)
{
	int sig = info->signo;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0 || p->state == P_ZOMBIE)
		return 0;
	prepare_signal(p, sig);
	return post_signal(p, info, false);
}

int signal_send_thread_kernel(struct proc *p, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	return signal_send_thread(p, &info);
}

int signal_send(struct proc *p, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_USER, .pid = current->tgid };

	return signal_send_info(p, &info);
}

int signal_send_kernel(struct proc *p, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	return signal_send_info(p, &info);
}

void signal_raise_current(int sig)
{
	signal_send_thread_kernel(current, sig);
}

/* Take sig off the pending set; *info gets what it carried. */
static void dequeue_one(struct proc *p, int sig, struct ksiginfo *info);

/* Take sig off the pending set into *info; a timer's signal tells its
 * timer the overrun it carried (timer_getoverrun). */
static void dequeue(struct proc *p, int sig, struct ksiginfo *info)
{
	dequeue_one(p, sig, info);
	if (info->code == SI_TIMER)
		ptimer_delivered(p, info->pid, (int)info->uid);
}

static void dequeue_one(struct proc *p, int sig, struct ksiginfo *info)
{
	if (sig < 32) {
		*info = p->sig_info[sig - 1];
		p->sig_pending &= ~BIT(sig);
		p->sig_shared &= ~BIT(sig);
		return;
	}
	bool more = false;
	int i;
	for (i = 0; i < p->sig_rtq_len && p->sig_rtq[i].signo != sig; i++)
		;
	if (i == p->sig_rtq_len) { /* raced away: nothing queued */
		*info = (struct ksiginfo){ .signo = sig };
		p->sig_pending &= ~BIT(sig);
		p->sig_shared &= ~BIT(sig);
		return;
	}
	*info = p->sig_rtq[i];
	memmove(&p->sig_rtq[i], &p->sig_rtq[i + 1],
		(size_t)(p->sig_rtq_len - i - 1) * sizeof(*info));
	p->sig_rtq_len--;
	for (i = 0; i < p->sig_rtq_len; i++)
		more |= p->sig_rtq[i].signo == sig;
	if (!more) {
		p->sig_pending &= ~BIT(sig);
		p->sig_shared &= ~BIT(sig);
	}
}

/*
 * The calling thread now takes the signals in mask: move those sent to
 * the group that wait on another thread blocking them here (Linux keeps
 * them on the group, where any thread finds them).
 */
void signal_claim(uint64_t mask)
{
	struct proc *t;

	for_each_thread(current, t) {
		uint64_t move = t->sig_shared & t->sig_pending & t->sig_blocked & mask;
		if (t == current || !move || t->state == P_ZOMBIE)
			continue;
		while (move) {
			int sig = __builtin_ctzll(move) + 1;
			struct ksiginfo info;
			dequeue_one(t, sig, &info);
			post_signal(current, &info, true);
			if (!(t->sig_pending & BIT(sig)))
				move &= ~BIT(sig);
		}
	}
}

/* Another live thread of p's group that does not block sig, or NULL. */
static struct proc *other_taker(struct proc *p, int sig)
{
	struct proc *t;

	for_each_thread(p, t)
		if (t != p && t->state != P_ZOMBIE && !(t->sig_blocked & BIT(sig)))
			return t;
	return NULL;
}

/*
 * Linux's retarget_shared_pending: p now blocks the signals in mask, or
 * is exiting (mask: all); those sent to the group that wait on p go to a
 * thread that takes them, so none is stuck on p while another could run
 * its handler.
 */
void signal_retarget(struct proc *p, uint64_t mask)
{
	uint64_t move = p->sig_shared & p->sig_pending & mask;

	while (move) {
		int sig = __builtin_ctzll(move) + 1;
		struct proc *t = other_taker(p, sig);
		/* Each pass takes one queued instance; an RT signal has at most
		 * the queue's length of them. */
		for (int n = 0; t && (p->sig_shared & p->sig_pending & BIT(sig)) && n <= 32;
		     n++) {
			struct ksiginfo info;
			dequeue_one(p, sig, &info);
			post_signal(t, &info, true);
		}
		move &= ~BIT(sig);
	}
}

/* The signals sent to p's group that wait on any of its threads. */
static uint64_t group_shared(struct proc *p)
{
	struct proc *t;
	uint64_t s = 0;

	for_each_thread(p, t)
		if (t->state != P_ZOMBIE)
			s |= t->sig_shared & t->sig_pending;
	return s;
}

int signal_dequeue_mask(struct proc *p, uint64_t mask, struct ksiginfo *info)
{
	uint64_t ready = p->sig_pending & mask;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	dequeue(p, sig, info);
	return sig;
}

bool signal_pending(void)
{
	return (current->sig_pending & (~current->sig_blocked | UNBLOCKABLE)) ||
	       current->jobctl_stop;
}

/* A fault: delivered even when blocked or ignored (then by default action). */
void signal_fault_code(int sig, int code, uint64_t addr)
{
	struct proc *p = current;

	if ((p->sig_blocked & BIT(sig)) || p->sigaction[sig - 1].handler == SIG_IGN) {
		p->sig_blocked &= ~BIT(sig);
		p->sigaction[sig - 1].handler = SIG_DFL;
	}
	p->sig_fault_sig = sig;
	p->sig_info[sig - 1] = (struct ksiginfo){ .signo = sig, .code = code, .addr = addr };
	p->sig_pending |= BIT(sig);
}

void signal_fault(int sig, uint64_t addr)
{
	signal_fault_code(sig, SI_KERNEL, addr);
}

void signal_exec_reset(struct proc *p)
{
	p->sas = (struct user_stack){ 0 }; /* execve drops the alternate stack */
	for (int i = 0; i < NSIG; i++) {
		if (p->sigaction[i].handler != SIG_IGN)
			p->sigaction[i].handler = SIG_DFL;
		p->sigaction[i].flags = 0;
		p->sigaction[i].mask = 0;
		p->sigaction[i].restorer = 0;
	}
}

static void restart_syscall(struct trapframe *tf, long nr, bool restart)
{
	if (restart)
		arch_syscall_restart(tf, nr);
	else
		tf_set_return(tf, -EINTR);
}

/*
 * The default action of a stop signal: report to the parent and leave the
 * CPU until SIGCONT or SIGKILL makes this process runnable again.
 */
static void signal_stop(struct proc *p, int sig)
{
	struct proc *leader = p->group_leader, *t;

	/* The other threads stop on their way back to user mode. */
	for_each_thread(p, t) {
		if (t == p || t->state == P_ZOMBIE || t->state == P_STOPPED)
			continue;
		t->jobctl_stop = true;
		proc_wake(t);
	}
	leader->stop_code = sig;
	leader->continued = false;
	p->state = P_STOPPED;
	jobctl_notify_parent(leader, CLD_STOPPED, sig);
	schedule();
}

/* Deliver pending signals before returning to user mode. */
void signal_deliver(struct trapframe *tf)
{
	struct proc *p = current;
	long nr = p->syscall_nr;
	bool restarting = nr >= 0 && tf_return(tf) == -ERESTARTSYS;

	p->syscall_nr = -1;
	for (;;) {
		if (p->jobctl_stop) {
			p->jobctl_stop = false;
			p->state = P_STOPPED;
			schedule();
			continue;
		}
		uint64_t ready = p->sig_pending & (~p->sig_blocked | UNBLOCKABLE);
		if (!ready)
			break;
		int sig = __builtin_ctzll(ready) + 1;
		struct k_sigaction *ka = &p->sigaction[sig - 1];
		struct ksiginfo info;
		dequeue(p, sig, &info);
		if (sig_ignored(p, sig))
			continue;
		if (ka->handler == SIG_DFL && (BIT(sig) & DEFAULT_STOP)) {
			/* POSIX: the terminal stops leave orphaned groups running. */
			if (sig == SIGSTOP || !pgrp_orphaned(p->pgid, NULL))
				signal_stop(p, sig);
			continue;
		}
		if (ka->handler == SIG_DFL) {
			if (sig == p->sig_fault_sig)
				printk("%s[%d]: fatal signal %d at %lx ip %lx sp %lx\n",
				       p->comm, p->pid, sig, info.addr,
				       tf_user_pc(tf), tf_user_sp(tf));
			/* No core files are written, so the wait status never has
			 * WCOREDUMP (0x80), as Linux with RLIMIT_CORE 0. */
			proc_group_exit(sig);
		}
		if (restarting)
			restart_syscall(tf, nr, ka->flags & SA_RESTART);
		restarting = false;
		uint64_t old = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
		p->sig_restore_mask = false;
		if (arch_signal_frame(tf, ka, old, &info)) {
			signal_fault(SIGSEGV, 0);
			proc_group_exit(SIGSEGV);
		}
		p->sig_blocked |= ka->mask & ~UNBLOCKABLE;
		if (!(ka->flags & SA_NODEFER))
			p->sig_blocked |= BIT(sig);
		if (ka->flags & SA_RESETHAND)
			ka->handler = SIG_DFL;
		/* As Linux, a frame for every deliverable signal before going
		 * back: the last one set up runs first. */
	}
	if (restarting)
		restart_syscall(tf, nr, true);
	if (p->sig_restore_mask) {
		p->sig_blocked = p->sig_saved_mask;
		p->sig_restore_mask = false;
	}
}

long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, size_t sigsetsize)
{
	struct k_sigaction ka;

	if (sigsetsize != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && copy_from_user(&ka, act, sizeof(ka)))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (oact && copy_to_user(oact, &current->sigaction[sig - 1], sizeof(ka)))
		return -EFAULT;
	if (act) {
		ka.mask &= ~UNBLOCKABLE;
		current->sigaction[sig - 1] = ka;
		if (sig_ignored(current, sig)) {
			struct proc *t;
			for_each_thread(current, t) {
				t->sig_pending &= ~BIT(sig);
				t->sig_shared &= ~BIT(sig);
			}
		}
	}
	return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t __user *set, uint64_t __user *oset,
			size_t sigsetsize)
{
	uint64_t s, old = current->sig_blocked;

	if (sigsetsize != 8)
		return -EINVAL;
	if (set) {
		if (copy_from_user(&s, set, sizeof(s)))
			return -EFAULT;
		if (how == 0)
			current->sig_blocked |= s;
		else if (how == 1)
			current->sig_blocked &= ~s;
		else if (how == 2)
			current->sig_blocked = s;
		else
			return -EINVAL;
		current->sig_blocked &= ~UNBLOCKABLE;
		signal_retarget(current, current->sig_blocked & ~old);
		signal_claim(~current->sig_blocked);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old))) {
		current->sig_blocked = old;
		return -EFAULT;
	}
	return 0;
}

long sys_rt_sigpending(uint64_t __user *set, size_t sigsetsize)
{
	/* Per-thread pending and the group's shared pending, as Linux's
	 * do_sigpending. */
	uint64_t s = (current->sig_pending | group_shared(current)) &
		     current->sig_blocked;

	if (sigsetsize > 8)
		return -EINVAL;
	return copy_to_user(set, &s, sigsetsize) ? -EFAULT : 0;
}

long sys_rt_sigsuspend(const uint64_t __user *mask, size_t sigsetsize)
{
	uint64_t m;
	struct waitq never = WAITQ_INIT(never);

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&m, mask, sizeof(m)))
		return -EFAULT;
	current->sig_saved_mask = current->sig_blocked;
	current->sig_restore_mask = true;
	current->sig_blocked = m & ~UNBLOCKABLE;
	signal_claim(~current->sig_blocked);
	while (!signal_pending())
		waitq_sleep(&never);
	return -EINTR;
}

/*
 * kill_ok_by_cred(): privileged, or the sender's real or effective uid is
 * the target's real or saved uid.  (SIGCONT within a session is also
 * allowed in Linux; everyone here shares root's session rules for now.)
 */
static bool may_signal(struct proc *p)
{
	const struct cred *c = current_cred();

	return cred_privileged() || c->uid == p->cred.uid || c->uid == p->cred.suid ||
	       c->euid == p->cred.uid || c->euid == p->cred.suid;
}

static int kill_group(int pgid, int sig, bool all)
{
	struct list_head *l;
	int found = 0, sent = 0, err = -EPERM;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->reaped || p != p->group_leader)
			continue; /* zombies not yet waited for count, as in Linux */
		if (all ? (p->pid == 1 || p == current) : p->pgid != pgid)
			continue;
		found++;
		if (!may_signal(p))
			continue;
		err = signal_send(p, sig);
		sent += !err;
	}
	if (!found)
		return -ESRCH;
	return sent ? 0 : err;
}

long sys_kill(int pid, int sig)
{
	struct proc *p;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid == -1)
		return kill_group(0, sig, true);
	if (pid == 0)
		return kill_group(current->pgid, sig, false);
	if (pid < 0)
		return pid == -2147483647 - 1 ? -ESRCH : kill_group(-pid, sig, false);
	p = proc_find_any(pid);
	if (!p)
		return -ESRCH;
	if (!may_signal(p))
		return -EPERM;
	return signal_send(p, sig);
}

static long send_tkill(struct proc *p, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_TKILL, .pid = current->tgid };

	if (!p)
		return -ESRCH;
	if (!may_signal(p))
		return -EPERM;
	return signal_send_thread(p, &info);
}

long sys_tkill(int tid, int sig)
{
	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	return send_tkill(proc_find(tid), sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	struct proc *p;

	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	p = proc_find(tid);
	return send_tkill(p && p->tgid == tgid ? p : NULL, sig);
}

long sys_rt_sigreturn(void)
{
	uint64_t mask;

	current->syscall_nr = -1; /* the restored registers are not a syscall's */
	if (arch_sigreturn(current->tf, &mask)) {
		signal_fault(SIGSEGV, 0);
		return 0;
	}
	current->sig_blocked = mask & ~UNBLOCKABLE;
	signal_claim(~current->sig_blocked);
	return tf_return(current->tf);
}
