// SPDX-License-Identifier: MIT
/*
 * resource.c - resource limits, usage and system information: prlimit64
 * (and getrlimit/setrlimit), getrusage, times, sysinfo, getpriority and
 * setpriority, alarm and the interval timers.
 *
 * Usage: CPU time from acct.c, page faults from vm.c, context switches
 * from the scheduler, peak RSS from the address space; RLIMIT_NOFILE is enforced by the fd table, the others are kept and
 * reported (enforcement of RLIMIT_AS/DATA/STACK/NPROC comes later).
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define RLIM_INFINITY (~0ULL)
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14

/* Linux's defaults for PID 1 (include/asm-generic/resource.h). */
void rlimit_init(struct rlimit64 *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	r[RLIMIT_STACK].cur = 8UL << 20;
	r[RLIMIT_CORE].cur = 0;
	r[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	r[RLIMIT_MEMLOCK] = (struct rlimit64){ 8UL << 20, 8UL << 20 };
	r[RLIMIT_NPROC] = (struct rlimit64){ page_total() / 8, page_total() / 8 };
	r[RLIMIT_SIGPENDING] = r[RLIMIT_NPROC];
	r[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 };
	r[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	r[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
}

unsigned long rlimit_nofile(void)
{
	return current->rlim[RLIMIT_NOFILE].cur;
}

long sys_prlimit64(int pid, unsigned resource, const struct rlimit64 __user *unew,
		   struct rlimit64 __user *uold)
{
	struct proc *p = pid ? proc_find(pid) : current;
	struct rlimit64 n;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!p)
		return -ESRCH;
	if (unew) {
		if (copy_from_user(&n, unew, sizeof(n)))
			return -EFAULT;
		if (n.cur > n.max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && n.max > 1048576)
			return -EPERM; /* fs.nr_open */
	}
	if (uold && copy_to_user(uold, &p->rlim[resource], sizeof(n)))
		return -EFAULT;
	if (unew)
		p->rlim[resource] = n;
	return 0;
}

long sys_getrlimit(unsigned resource, struct rlimit64 __user *r)
{
	return sys_prlimit64(0, resource, NULL, r);
}

long sys_setrlimit(unsigned resource, const struct rlimit64 __user *r)
{
	return sys_prlimit64(0, resource, r, NULL);
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

void ru_counts_add(struct ru_counts *sum, const struct ru_counts *c)
{
	sum->minflt += c->minflt;
	sum->majflt += c->majflt;
	sum->nvcsw += c->nvcsw;
	sum->nivcsw += c->nivcsw;
	sum->maxrss_kb = MAX(sum->maxrss_kb, c->maxrss_kb);
}

/* struct rusage: 2 timevals, then 14 longs from ru_maxrss to ru_nivcsw. */
enum { RU_MAXRSS = 4, RU_MINFLT = 8, RU_MAJFLT = 9, RU_NVCSW = 16, RU_NIVCSW = 17,
       RU_WORDS = 18 };

long rusage_put(void __user *ru, uint64_t utime_ns, uint64_t stime_ns,
		const struct ru_counts *c)
{
	uint64_t r[RU_WORDS] = { 0 };

	r[0] = utime_ns / NSEC_PER_SEC;
	r[1] = utime_ns % NSEC_PER_SEC / 1000;
	r[2] = stime_ns / NSEC_PER_SEC;
	r[3] = stime_ns % NSEC_PER_SEC / 1000;
	r[RU_MAXRSS] = c->maxrss_kb;
	r[RU_MINFLT] = c->minflt;
	r[RU_MAJFLT] = c->majflt;
	r[RU_NVCSW] = c->nvcsw;
	r[RU_NIVCSW] = c->nivcsw;
	return copy_to_user(ru, r, sizeof(r)) ? -EFAULT : 0;
}

long sys_getrusage(int who, void __user *ru)
{
	struct proc *leader = current->group_leader;
	uint64_t ut, st;
	struct ru_counts c;

	if (who == RUSAGE_SELF || who == RUSAGE_THREAD)
		acct_cpu_ns(); /* charge the kernel time up to now */
	if (who == RUSAGE_THREAD)
		return rusage_put(ru, current->utime_ns, current->stime_ns, &current->ru);
	if (who == RUSAGE_SELF) {
		group_times(current, &ut, &st, &c);
		return rusage_put(ru, ut, st, &c);
	}
	if (who == RUSAGE_CHILDREN)
		return rusage_put(ru, leader->cutime_ns, leader->cstime_ns, &leader->cru);
	return -EINVAL;
}

long sys_times(void __user *buf)
{
	struct proc *leader = current->group_leader;
	uint64_t t[4], ut, st;
	struct ru_counts c;
	/* clock_t ticks since boot, as Linux (offset aside). */
	long ticks = (long)ns_to_clock_t(time_monotonic_ns());

	acct_cpu_ns();
	group_times(current, &ut, &st, &c);
	t[0] = ns_to_clock_t(ut);
	t[1] = ns_to_clock_t(st);
	t[2] = ns_to_clock_t(leader->cutime_ns);
	t[3] = ns_to_clock_t(leader->cstime_ns);
	if (buf && copy_to_user(buf, t, sizeof(t)))
		return -EFAULT;
	return ticks;
}

struct sysinfo_k {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char f[4];
};

long sys_sysinfo(void __user *info)
{
	struct sysinfo_k si;
	struct list_head *l;

	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(time_monotonic_ns() / NSEC_PER_SEC);
	acct_loadavg(si.loads, 16 - 11); /* SI_LOAD_SHIFT - FSHIFT */
	si.totalram = page_total() * PAGE_SIZE;
	si.freeram = page_free_count() * PAGE_SIZE;
	list_for_each(l, &proc_list)
		si.procs++;
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

/* getpriority returns 20 - nice so the value is never negative. */
long sys_getpriority(int which, int who)
{
	struct list_head *l;
	int best = -100;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->state == P_ZOMBIE)
			continue;
		if ((which == PRIO_PROCESS && p->pid == (who ? who : current->pid)) ||
		    (which == PRIO_PGRP && p->pgid == (who ? who : current->pgid)) ||
		    (which == PRIO_USER && who == 0))
			best = MAX(best, 20 - p->nice);
	}
	return best == -100 ? -ESRCH : best;
}

long sys_setpriority(int which, int who, int nice)
{
	struct list_head *l;
	bool found = false;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = MAX(-20, MIN(19, nice));
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->state == P_ZOMBIE)
			continue;
		if ((which == PRIO_PROCESS && p->pid == (who ? who : current->pid)) ||
		    (which == PRIO_PGRP && p->pgid == (who ? who : current->pgid)) ||
		    (which == PRIO_USER && who == 0)) {
			p->nice = nice;
			found = true;
		}
	}
	return found ? 0 : -ESRCH;
}

/*
 * I/O priorities (Linux block/ioprio.c): recorded, inherited across fork,
 * reported; there is no I/O scheduler to apply them to yet.
 */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP 2
#define IOPRIO_WHO_USER 3
#define IOPRIO_CLASS(v) ((v) >> 13)
#define IOPRIO_LEVEL(v) ((v) & 0x1fff)
#define IOPRIO_CLASS_NONE 0
#define IOPRIO_CLASS_RT 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_NR_LEVELS 8
#define IOPRIO_NORM ((IOPRIO_CLASS_BE << 13) | 4)  /* what "none" means */

/* Does p answer ioprio's which/who (who already defaulted)? */
static bool ioprio_match(struct proc *p, int which, int who)
{
	if (p->state == P_ZOMBIE)
		return false;
	return which == IOPRIO_WHO_PROCESS ? p->pid == who :
	       which == IOPRIO_WHO_PGRP ? p->pgid == who : p->cred.uid == (uint32_t)who;
}

/* Check which; who 0 means the caller's own pid, group or uid. */
static int ioprio_who(int which, int *who)
{
	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	if (!*who)
		*who = which == IOPRIO_WHO_PROCESS ? current->pid :
		       which == IOPRIO_WHO_PGRP ? current->pgid : (int)current->cred.uid;
	return 0;
}

long sys_ioprio_set(int which, int who, int ioprio)
{
	const struct cred *me = current_cred();
	unsigned class = (unsigned)ioprio >> 13, level = IOPRIO_LEVEL(ioprio);
	struct list_head *l;
	bool found = false;

	switch (class) {
	case IOPRIO_CLASS_RT:
		if (!cred_privileged())
			return -EPERM;
		/* fall through */
	case IOPRIO_CLASS_BE:
		if (level >= IOPRIO_NR_LEVELS)
			return -EINVAL;
		break;
	case IOPRIO_CLASS_IDLE:
		break;
	case IOPRIO_CLASS_NONE:
		if (level)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (ioprio_who(which, &who))
		return -EINVAL;
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (!ioprio_match(p, which, who))
			continue;
		if (me->uid != p->cred.uid && me->euid != p->cred.uid && !cred_privileged())
			return -EPERM;
		p->ioprio = ioprio;
		found = true;
	}
	return found ? 0 : -ESRCH;
}

/* The higher of two priorities: the lower class, then the lower level. */
static int ioprio_best(int a, int b)
{
	a = IOPRIO_CLASS(a) == IOPRIO_CLASS_NONE ? IOPRIO_NORM : a;
	b = IOPRIO_CLASS(b) == IOPRIO_CLASS_NONE ? IOPRIO_NORM : b;
	return MIN(a, b);
}

long sys_ioprio_get(int which, int who)
{
	struct list_head *l;
	int best = -1;

	if (ioprio_who(which, &who))
		return -EINVAL;
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (!ioprio_match(p, which, who))
			continue;
		if (which == IOPRIO_WHO_PROCESS)
			return p->ioprio;
		best = best < 0 ? p->ioprio : ioprio_best(best, p->ioprio);
	}
	return best < 0 ? -ESRCH : best;
}

/*
 * Interval timers.  ITIMER_REAL: SIGALRM at expiry on the monotonic clock.
 * ITIMER_VIRTUAL (SIGVTALRM) counts user time and ITIMER_PROF (SIGPROF)
 * user and kernel time, as cpu_timers (acct.c).  Each re-arms by its
 * interval; fork clears them and execve keeps them (setitimer(2)).
 */
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

static void itimer_fire(struct ktimer *t)
{
	struct proc *p = container_of(t, struct proc, itimer);

	signal_send_kernel(p, SIGALRM);
	if (p->itimer_interval)
		timer_add(&p->itimer, t->deadline + p->itimer_interval);
}

/* itimer_cpu[0] is ITIMER_VIRTUAL, [1] ITIMER_PROF. */
static void itimer_cpu_fire(struct cpu_timer *ct, struct proc *target)
{
	int i = ct->which == CPUCLOCK_VIRT ? 0 : 1;
	struct proc *p = container_of(ct - i, struct proc, itimer_cpu[0]);
	uint64_t expires = ct->expires;

	if (!target)
		return;
	signal_send_kernel(p, i ? SIGPROF : SIGVTALRM);
	if (p->itimer_cpu_interval[i]) {
		timer_forward(&expires, p->itimer_cpu_interval[i], acct_sample(p, ct->which));
		cpu_timer_add(ct, p, ct->which, expires);
	}
}

/* ns left and interval of timer `which`; armed timers never read 0. */
static void itimer_read(struct proc *p, int which, uint64_t *left, uint64_t *interval)
{
	struct cpu_timer *ct;
	uint64_t now;

	if (which == ITIMER_REAL) {
		now = time_monotonic_ns();
		*interval = p->itimer_interval;
		*left = p->itimer.armed ? MAX(p->itimer.deadline, now + 1000) - now : 0;
		return;
	}
	ct = &p->itimer_cpu[which - 1];
	*interval = p->itimer_cpu_interval[which - 1];
	*left = 0;
	if (ct->target) {
		now = acct_sample(p, ct->which);
		*left = ct->expires > now ? ct->expires - now : 1000;
	}
}

static void itimer_get(struct proc *p, int which, int64_t out[4])
{
	uint64_t left, interval;

	itimer_read(p, which, &left, &interval);
	out[0] = (int64_t)(interval / NSEC_PER_SEC);
	out[1] = (int64_t)(interval % NSEC_PER_SEC / 1000);
	out[2] = (int64_t)(left / NSEC_PER_SEC);
	out[3] = (int64_t)((left % NSEC_PER_SEC + 999) / 1000);
	if (out[3] == 1000000) {
		out[2]++;
		out[3] = 0;
	}
}

static void itimer_set(struct proc *p, int which, uint64_t value_ns, uint64_t interval_ns)
{
	int clock = which == ITIMER_VIRTUAL ? CPUCLOCK_VIRT : CPUCLOCK_PROF;
	struct cpu_timer *ct;

	if (which == ITIMER_REAL) {
		timer_cancel(&p->itimer);
		p->itimer.fn = itimer_fire;
		p->itimer_interval = interval_ns;
		if (value_ns)
			timer_add(&p->itimer, time_monotonic_ns() + value_ns);
		return;
	}
	ct = &p->itimer_cpu[which - 1];
	cpu_timer_cancel(ct);
	ct->fn = itimer_cpu_fire;
	p->itimer_cpu_interval[which - 1] = interval_ns;
	if (value_ns)
		cpu_timer_add(ct, p, clock, acct_sample(p, clock) + value_ns);
}

long sys_getitimer(int which, void __user *cur)
{
	int64_t v[4];

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	itimer_get(current, which, v);
	return copy_to_user(cur, v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(int which, const void __user *unew, void __user *uold)
{
	int64_t n[4] = { 0, 0, 0, 0 }, o[4];

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (unew && copy_from_user(n, unew, sizeof(n)))
		return -EFAULT;
	if (n[1] < 0 || n[1] >= 1000000 || n[3] < 0 || n[3] >= 1000000 ||
	    n[0] < 0 || n[2] < 0)
		return -EINVAL;
	itimer_get(current, which, o);
	if (uold && copy_to_user(uold, o, sizeof(o)))
		return -EFAULT;
	itimer_set(current, which, (uint64_t)n[2] * NSEC_PER_SEC + (uint64_t)n[3] * 1000,
		   (uint64_t)n[0] * NSEC_PER_SEC + (uint64_t)n[1] * 1000);
	return 0;
}

long sys_alarm(unsigned seconds)
{
	int64_t o[4];

	itimer_get(current, ITIMER_REAL, o);
	itimer_set(current, ITIMER_REAL, (uint64_t)seconds * NSEC_PER_SEC, 0);
	/* Remaining seconds, rounded to nearest, at least 1 if armed. */
	long left = o[2] + (o[3] >= 500000);
	return (!left && (o[2] || o[3])) ? 1 : left;
}
