// SPDX-License-Identifier: MIT
/*
 * timer.c - the timer list and the scheduler tick.
 *
 * Timers sit on a list sorted by deadline; the arch one-shot timer is
 * programmed for the earliest of them or the end of the current time slice,
 * whichever comes first.  There is no periodic tick when nothing waits.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/timer.h"
#include "kernel/time.h"
#include <arch/cpu.h>

#define SLICE_NS 10000000ULL /* 10 ms */

static struct list_head timers = LIST_HEAD_INIT(timers);
static uint64_t programmed; /* deadline the hardware holds, 0 if none */

static void reprogram(void)
{
	uint64_t next = time_monotonic_ns() + SLICE_NS;

	if (!list_empty(&timers)) {
		struct ktimer *t = list_entry(timers.next, struct ktimer, link);
		next = MIN(next, t->deadline);
	}
	programmed = next;
	arch_timer_set(next);
}

void timer_add(struct ktimer *t, uint64_t deadline)
{
	struct list_head *l;

	if (t->armed)
		timer_cancel(t);
	t->deadline = deadline;
	t->armed = true;
	list_for_each(l, &timers) {
		if (list_entry(l, struct ktimer, link)->deadline > deadline)
			break;
	}
	list_insert_(&t->link, l->prev, l);
	if (!programmed || deadline < programmed)
		reprogram();
}

void timer_cancel(struct ktimer *t)
{
	if (t->armed) {
		list_del(&t->link);
		t->armed = false;
	}
}

/* From the arch timer interrupt. */
void timer_interrupt(void)
{
	uint64_t now = time_monotonic_ns();

	while (!list_empty(&timers)) {
		struct ktimer *t = list_entry(timers.next, struct ktimer, link);
		if (t->deadline > now)
			break;
		timer_cancel(t);
		t->fn(t);
	}
	need_resched = true; /* the slice ended or a sleeper woke */
	reprogram();
}

void timer_init(void)
{
	reprogram();
	acct_init();
}
