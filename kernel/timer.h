/* SPDX-License-Identifier: MIT */
/*
 * timer.h - one-shot kernel timers on the monotonic clock.  Callbacks run
 * from the timer interrupt with interrupts off; they must not sleep.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "kernel/kernel.h"

struct ktimer {
	struct list_head link;
	uint64_t deadline;     /* monotonic ns */
	void (*fn)(struct ktimer *t);
	bool armed;
};

void timer_add(struct ktimer *t, uint64_t deadline);
void timer_cancel(struct ktimer *t);
void timer_init(void);

/* A periodic timer's expiry *expires (<= now) is being signalled: move it to
 * the first period after now and return the periods skipped (overruns). */
static inline uint64_t timer_forward(uint64_t *expires, uint64_t interval, uint64_t now)
{
	uint64_t k = now >= *expires ? (now - *expires) / interval + 1 : 1;

	*expires += k * interval;
	return k - 1;
}

/*
 * A timer on a process's CPU-time clock (acct.c).  The clock is the
 * target's user time (CPUCLOCK_VIRT) or user plus kernel time (the
 * others); it is checked where time is charged, and while the target runs
 * a one-shot kernel timer is set for the nearest expiry, so an expiry is
 * seen within microseconds of CPU time.  fn runs with interrupts off once
 * the clock reaches expires (the timer is then disarmed; target is the
 * clock's process), or with target NULL when that process exits.
 */
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2

struct proc;
struct cpu_timer {
	struct list_head link;  /* on target->cpu_timers */
	struct proc *target;    /* NULL: disarmed */
	int which;              /* CPUCLOCK_* */
	uint64_t expires;       /* ns on the target's clock */
	void (*fn)(struct cpu_timer *ct, struct proc *target);
};

void cpu_timer_add(struct cpu_timer *ct, struct proc *target, int which,
		   uint64_t expires);
void cpu_timer_cancel(struct cpu_timer *ct);
/* p's CPU clock now (charging current's time up to now). */
uint64_t acct_sample(struct proc *p, int which);

#endif
