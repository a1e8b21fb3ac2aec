// SPDX-License-Identifier: MIT
/*
 * ptimer.c - POSIX per-process timers: timer_create, timer_settime,
 * timer_gettime, timer_getoverrun, timer_delete on CLOCK_REALTIME,
 * CLOCK_MONOTONIC, CLOCK_BOOTTIME and the CPU-time clocks (this process's
 * or thread's, or another process's from clock_getcpuclockid), with
 * SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID (the thread must be the
 * caller: one thread per process) notification.  An expiry queues the
 * signal with SI_TIMER, si_timerid, si_overrun and si_value; while that
 * signal is still pending further expiries only raise the overrun count it
 * carries.  Timers are not inherited by fork and are deleted by execve and
 * exit; a timer on another process's CPU clock stops when that process
 * exits (timer_settime then fails with ESRCH, as on Linux).
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define PTIMER_MAX 32
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2         /* the C library's; the kernel sees a signal */
#define SIGEV_THREAD_ID 4
#define TIMER_ABSTIME 1
#define DELAYTIMER_MAX 0x7fffffff

struct ptimer {
	struct ktimer t;       /* on a wall or monotonic clock */
	struct cpu_timer ct;   /* on a CPU-time clock */
	struct proc *owner;
	bool used;
	int clock;             /* CLOCK_REALTIME/MONOTONIC/BOOTTIME, or -1: CPU */
	int cpu_pid, cpu_which; /* the CPU clock: whose, CPUCLOCK_* */
	int notify, signo, id;
	uint64_t value;        /* sigval */
	uint64_t interval;     /* ns */
	uint64_t expires;      /* on the timer's own clock, 0: disarmed */
	int overrun;           /* expiries since the queued signal */
	int overrun_last;      /* what the last delivered signal carried */
};

struct sigevent_k {
	uint64_t value;
	int32_t signo, notify;
	int32_t tid, pad[11];
};

/* The CPU clock's process, NULL once it has exited. */
static struct proc *cpu_target(struct ptimer *pt)
{
	struct proc *p = proc_find(pt->cpu_pid);

	return p && p->state != P_ZOMBIE ? p : NULL;
}

static uint64_t clock_now(struct ptimer *pt)
{
	struct proc *p;

	if (pt->clock >= 0)
		return pt->clock == 0 ? time_realtime_ns() : time_monotonic_ns();
	p = cpu_target(pt);
	return p ? acct_sample(p, pt->cpu_which) : 0;
}

/* Still queued and undelivered: then add n to its overrun in place. */
static bool bump_pending(struct proc *p, struct ptimer *pt, uint64_t n)
{
	struct ksiginfo *i = NULL;

	if (pt->signo < 32) {
		if (p->sig_pending & (1ULL << (pt->signo - 1)))
			i = &p->sig_info[pt->signo - 1];
	} else {
		for (int k = 0; k < p->sig_rtq_len; k++)
			if (p->sig_rtq[k].signo == pt->signo && p->sig_rtq[k].code == SI_TIMER &&
			    p->sig_rtq[k].pid == pt->id)
				i = &p->sig_rtq[k];
	}
	if (!i || i->code != SI_TIMER || i->pid != pt->id)
		return false;
	pt->overrun = (int)MIN((uint64_t)pt->overrun + n, DELAYTIMER_MAX);
	i->uid = (uint32_t)pt->overrun;
	return true;
}

/* An expiry, and `missed` more since (periods skipped): signal them. */
static void notify(struct ptimer *pt, uint64_t missed)
{
	struct proc *p = pt->owner;

	if (pt->notify == SIGEV_NONE || bump_pending(p, pt, missed + 1))
		return;
	pt->overrun = (int)MIN(missed, DELAYTIMER_MAX);
	struct ksiginfo info = { .signo = pt->signo, .code = SI_TIMER, .pid = pt->id,
				 .uid = (uint32_t)pt->overrun, .value = pt->value };
	signal_send_info(p, &info);
}

static int arm(struct ptimer *pt)
{
	uint64_t now = clock_now(pt), mono;
	struct proc *target;

	if (pt->clock < 0) {
		target = cpu_target(pt);
		if (!target)
			return -ESRCH;
		cpu_timer_add(&pt->ct, target, pt->cpu_which, pt->expires);
		return 0;
	}
	mono = time_monotonic_ns() + (pt->expires > now ? pt->expires - now : 0);
	timer_add(&pt->t, mono);
	return 0;
}

static void disarm(struct ptimer *pt)
{
	timer_cancel(&pt->t);
	cpu_timer_cancel(&pt->ct);
	pt->expires = 0;
}

static void ptimer_fire(struct ktimer *t)
{
	struct ptimer *pt = container_of(t, struct ptimer, t);

	notify(pt, 0);
	if (pt->interval) {
		pt->expires += pt->interval;
		arm(pt);
	} else {
		pt->expires = 0;
	}
}

static void ptimer_cpu_fire(struct cpu_timer *ct, struct proc *target)
{
	struct ptimer *pt = container_of(ct, struct ptimer, ct);
	uint64_t missed;

	if (!target || !pt->interval) {
		if (target)
			notify(pt, 0);
		pt->expires = 0;
		return;
	}
	missed = timer_forward(&pt->expires, pt->interval, acct_sample(target, pt->cpu_which));
	notify(pt, missed);
	cpu_timer_add(ct, target, pt->cpu_which, pt->expires);
}

static struct ptimer *lookup(int id)
{
	if (!current->ptimers || id < 0 || id >= PTIMER_MAX)
		return NULL;
	return current->ptimers[id].used ? &current->ptimers[id] : NULL;
}

long sys_timer_create(int clock, const void __user *usev, int __user *uid)
{
	struct sigevent_k sev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
	struct proc *target = NULL;
	struct ptimer *pt;
	int id, which = 0;

	if (clock_is_cpu(clock)) {
		if (cpu_clock_decode(clock, &target, &which))
			return -EINVAL;
	} else if (clock != 0 && clock != 1 && clock != 7) {
		return -EINVAL;
	}
	if (usev && copy_from_user(&sev, usev, sizeof(sev)))
		return -EFAULT;
	if (sev.notify == (SIGEV_SIGNAL | SIGEV_THREAD_ID)) {
		if (sev.tid != current->pid)
			return -EINVAL; /* not a thread of this process */
		sev.notify = SIGEV_SIGNAL;
	}
	if (sev.notify == SIGEV_THREAD)
		sev.notify = SIGEV_SIGNAL;
	if (sev.notify != SIGEV_SIGNAL && sev.notify != SIGEV_NONE)
		return -EINVAL;
	if (sev.notify == SIGEV_SIGNAL && (sev.signo < 1 || sev.signo > NSIG))
		return -EINVAL;
	if (!current->ptimers) {
		current->ptimers = kzalloc(PTIMER_MAX * sizeof(struct ptimer));
		if (!current->ptimers)
			return -EAGAIN;
	}
	for (id = 0; id < PTIMER_MAX && current->ptimers[id].used; id++)
		;
	if (id == PTIMER_MAX)
		return -EAGAIN;
	if (copy_to_user(uid, &id, sizeof(id)))
		return -EFAULT;
	pt = &current->ptimers[id];
	*pt = (struct ptimer){ .owner = current, .used = true, .clock = target ? -1 : clock,
			       .cpu_pid = target ? target->pid : 0, .cpu_which = which,
			       .notify = sev.notify, .signo = sev.signo, .id = id,
			       .value = usev ? sev.value : (uint64_t)id };
	pt->t.fn = ptimer_fire;
	pt->ct.fn = ptimer_cpu_fire;
	return 0;
}

static void to_itimerspec(struct ptimer *pt, int64_t v[4])
{
	uint64_t now = clock_now(pt);
	uint64_t left = pt->expires > now ? pt->expires - now : (pt->expires ? 1 : 0);

	v[0] = (int64_t)(pt->interval / NSEC_PER_SEC);
	v[1] = (int64_t)(pt->interval % NSEC_PER_SEC);
	v[2] = (int64_t)(left / NSEC_PER_SEC);
	v[3] = (int64_t)(left % NSEC_PER_SEC);
}

long sys_timer_gettime(int id, void __user *cur)
{
	struct ptimer *pt = lookup(id);
	int64_t v[4];

	if (!pt)
		return -EINVAL;
	to_itimerspec(pt, v);
	return copy_to_user(cur, v, sizeof(v)) ? -EFAULT : 0;
}

long sys_timer_settime(int id, int flags, const void __user *unew, void __user *uold)
{
	struct ptimer *pt = lookup(id);
	int64_t n[4], o[4];

	if (!pt)
		return -EINVAL;
	if (copy_from_user(n, unew, sizeof(n)))
		return -EFAULT;
	for (int i = 0; i < 4; i += 2)
		if (n[i] < 0 || n[i + 1] < 0 || n[i + 1] >= (int64_t)NSEC_PER_SEC)
			return -EINVAL;
	if (pt->clock < 0 && !cpu_target(pt))
		return -ESRCH; /* the clock's process has exited */
	to_itimerspec(pt, o);
	if (uold && copy_to_user(uold, o, sizeof(o)))
		return -EFAULT;
	disarm(pt);
	pt->interval = (uint64_t)n[0] * NSEC_PER_SEC + (uint64_t)n[1];
	uint64_t value = (uint64_t)n[2] * NSEC_PER_SEC + (uint64_t)n[3];
	if (!value)
		return 0;
	pt->expires = (flags & TIMER_ABSTIME) ? value : clock_now(pt) + value;
	return arm(pt);
}

long sys_timer_getoverrun(int id)
{
	struct ptimer *pt = lookup(id);

	return pt ? pt->overrun_last : -EINVAL;
}

void ptimer_delivered(struct proc *p, int id, int overrun)
{
	if (p->ptimers && id >= 0 && id < PTIMER_MAX && p->ptimers[id].used)
		p->ptimers[id].overrun_last = overrun;
}

long sys_timer_delete(int id)
{
	struct ptimer *pt = lookup(id);

	if (!pt)
		return -EINVAL;
	disarm(pt);
	pt->used = false;
	return 0;
}

/* At execve and exit: every timer goes. */
void ptimer_release(struct proc *p)
{
	if (!p->ptimers)
		return;
	for (int i = 0; i < PTIMER_MAX; i++)
		disarm(&p->ptimers[i]);
	kfree(p->ptimers);
	p->ptimers = NULL;
}
