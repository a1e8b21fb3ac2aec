// SPDX-License-Identifier: MIT
/*
 * acct.c - CPU-time accounting.  The kernel is tickless, so time is charged
 * at the transitions instead of sampled at a tick: the time since the last
 * stamp goes to user time on entry from user mode (system call, fault,
 * interrupt) and to kernel time on the return to user mode and when the
 * process is switched away.  The idle process is never charged; what is
 * not charged to anyone is idle time in /proc/stat.
 *
 * Timers on CPU-time clocks (struct cpu_timer: ITIMER_VIRTUAL/PROF, POSIX
 * timers and clock_nanosleep on CPU clocks) are checked at every charge;
 * while a process with such timers runs, its cpu_tick kernel timer is set
 * for the nearest expiry so that a process spinning in user mode sees it
 * promptly.  Context switches are counted here too (voluntary when the
 * process left the CPU by sleeping, involuntary when it was preempted or
 * yielded, as Linux counts them).
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define CPU_TICK_MIN_NS 50000ULL /* re-arm floor while a VIRT clock stands still */

uint64_t cpu_user_ns, cpu_system_ns;

/* Add the time since p's stamp to one of its counters and to the total. */
static void charge(struct proc *p, uint64_t *mine, uint64_t *total)
{
	uint64_t now = time_monotonic_ns(), d = now > p->acct_stamp ? now - p->acct_stamp : 0;

	p->acct_stamp = now;
	*mine += d;
	*total += d;
}

static uint64_t clock_of(struct proc *p, int which)
{
	return which == CPUCLOCK_VIRT ? p->utime_ns : p->utime_ns + p->stime_ns;
}

uint64_t acct_sample(struct proc *p, int which)
{
	if (p == current && p->pid > 0)
		charge(p, &p->stime_ns, &cpu_system_ns);
	return clock_of(p, which);
}

void cpu_timer_cancel(struct cpu_timer *ct)
{
	if (ct->target) {
		list_del(&ct->link);
		ct->target = NULL;
	}
}

static void cpu_tick_arm(struct proc *p);
static void cpu_tick_fire(struct ktimer *t);

void cpu_timer_add(struct cpu_timer *ct, struct proc *target, int which,
		   uint64_t expires)
{
	cpu_timer_cancel(ct);
	ct->target = target;
	ct->which = which;
	ct->expires = expires;
	list_add_tail(&ct->link, &target->cpu_timers);
	if (target == current)
		cpu_tick_arm(target);
}

/* Run the timers on p's clocks that have expired. */
static void cpu_timers_check(struct proc *p)
{
	struct list_head *l;

again:
	list_for_each(l, &p->cpu_timers) {
		struct cpu_timer *ct = list_entry(l, struct cpu_timer, link);
		if (clock_of(p, ct->which) >= ct->expires) {
			cpu_timer_cancel(ct);
			ct->fn(ct, p); /* may re-add itself: walk again */
			goto again;
		}
	}
}

/* Set p's one-shot for the nearest expiry, as if every clock ran. */
static void cpu_tick_arm(struct proc *p)
{
	uint64_t left = UINT64_MAX;
	struct list_head *l;

	list_for_each(l, &p->cpu_timers) {
		struct cpu_timer *ct = list_entry(l, struct cpu_timer, link);
		uint64_t now = clock_of(p, ct->which);
		left = MIN(left, ct->expires > now ? ct->expires - now : 0);
	}
	if (left == UINT64_MAX) {
		timer_cancel(&p->cpu_tick);
		return;
	}
	p->cpu_tick.fn = cpu_tick_fire;
	timer_add(&p->cpu_tick, time_monotonic_ns() + MAX(left, CPU_TICK_MIN_NS));
}

/* The one-shot fired with p on the CPU (the entry from user mode, if that
 * is where it came from, has charged user time already). */
static void cpu_tick_fire(struct ktimer *t)
{
	struct proc *p = container_of(t, struct proc, cpu_tick);

	if (p != current)
		return;
	charge(p, &p->stime_ns, &cpu_system_ns);
	cpu_timers_check(p);
	cpu_tick_arm(p);
}

void acct_enter_kernel(void)
{
	charge(current, &current->utime_ns, &cpu_user_ns);
	cpu_timers_check(current);
}

void acct_enter_user(void)
{
	charge(current, &current->stime_ns, &cpu_system_ns);
	cpu_timers_check(current);
	if (!list_empty(&current->cpu_timers))
		cpu_tick_arm(current);
}

/* Charge the kernel time up to now; the CPU time current has used. */
uint64_t acct_cpu_ns(void)
{
	return acct_sample(current, CPUCLOCK_SCHED);
}

/* p exits: its timers (and anyone's on its clocks) go, the latter told. */
void acct_exit(struct proc *p)
{
	timer_cancel(&p->cpu_tick);
	while (!list_empty(&p->cpu_timers)) {
		struct cpu_timer *ct = list_entry(p->cpu_timers.next, struct cpu_timer, link);
		cpu_timer_cancel(ct);
		ct->fn(ct, NULL);
	}
}

void acct_switch(struct proc *prev, struct proc *next)
{
	if (prev->pid > 0) {
		charge(prev, &prev->stime_ns, &cpu_system_ns);
		if (prev->state == P_RUNNABLE)
			prev->ru.nivcsw++;
		else
			prev->ru.nvcsw++;
		if (prev->state == P_ZOMBIE)
			acct_exit(prev);
		else
			cpu_timers_check(prev); /* may re-arm the one-shot: cancel after */
		timer_cancel(&prev->cpu_tick);
	}
	next->acct_stamp = time_monotonic_ns();
	if (next->pid > 0 && !list_empty(&next->cpu_timers))
		cpu_tick_arm(next);
}

/*
 * Load average as Linux keeps it (kernel/sched/loadavg.c): every 5 s the
 * number of runnable processes is folded into three exponentially decaying
 * averages, fixed point with FSHIFT fraction bits, EXP_n = FIXED_1 /
 * e^(5 s / n min).  A periodic 5 s timer samples, idle or not.
 */
#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define EXP_1 1884UL
#define EXP_5 2014UL
#define EXP_15 2037UL
#define LOAD_FREQ_NS (5 * NSEC_PER_SEC)

static unsigned long avenrun[3]; /* [S] */
static struct ktimer load_timer;

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

static void load_sample(struct ktimer *t)
{
	static const unsigned long exp[3] = { EXP_1, EXP_5, EXP_15 };
	unsigned long active = 0;
	struct list_head *l;
	uint64_t next;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pid > 0 && (p->state == P_RUNNABLE || p->state == P_RUNNING))
			active++;
	}
	for (int i = 0; i < 3; i++)
		avenrun[i] = calc_load(avenrun[i], exp[i], active * FIXED_1);
	/* After a stall (the VM paused) the missed samples are dropped. */
	next = t->deadline + LOAD_FREQ_NS;
	timer_add(t, MAX(next, time_monotonic_ns() + LOAD_FREQ_NS / 2));
}

void acct_loadavg(unsigned long loads[3], int shift)
{
	for (int i = 0; i < 3; i++)
		loads[i] = avenrun[i] << shift;
}

void acct_init(void)
{
	load_timer.fn = load_sample;
	timer_add(&load_timer, time_monotonic_ns() + LOAD_FREQ_NS);
}
