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

#endif
