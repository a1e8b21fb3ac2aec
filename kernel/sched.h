/* SPDX-License-Identifier: MIT */
/*
 * sched.h - wait queues, sleeping and waking.
 *
 * The kernel runs with interrupts off except while idle or sleeping, so on
 * one CPU a condition checked before waitq_sleep() cannot change before the
 * sleep begins.  Callers loop:
 *
 *	while (!cond) {
 *		int err = waitq_sleep(&wq);
 *		if (err)
 *			return err;	// -EINTR or -ERESTARTSYS: a signal is pending
 *	}
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/kernel.h"

struct waitq {
	struct list_head waiters;      /* struct waiter.link */
};

struct proc;
/* One sleeper's place on one wait queue (poll puts a process on several). */
struct waiter {
	struct list_head link;
	struct proc *proc;
};
/* Queue w (for the current process) on wq / take it off again. */
void waiter_add(struct waitq *wq, struct waiter *w);
void waiter_del(struct waiter *w);
/* Sleep until woken, a signal, or deadline (monotonic ns, 0: none):
 * 0, -ERESTARTSYS or -ETIMEDOUT.  The caller has queued its waiters. */
int sched_sleep(uint64_t deadline);
#define WAITQ_INIT(n) { LIST_HEAD_INIT((n).waiters) }
void waitq_init(struct waitq *wq);
/* Sleep until woken; -ERESTARTSYS when a signal is pending (before or after). */
int waitq_sleep(struct waitq *wq);
/* As waitq_sleep, but give up at deadline (monotonic ns): -ETIMEDOUT. */
int waitq_sleep_until(struct waitq *wq, uint64_t deadline_ns);
/* Sleep that signals cannot interrupt. */
void waitq_sleep_uninterruptible(struct waitq *wq);
void waitq_wake(struct waitq *wq);

bool signal_pending(void);
void schedule(void);        /* give up the CPU; come back when runnable */

/* sched_setscheduler's policies (uapi/linux/sched.h); DEADLINE is not offered. */
#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_RESET_ON_FORK 0x40000000
#define SCHED_RT_PRIO_MAX 99            /* real-time priorities are 1..99 */
#define SCHED_RR_SLICE_NS 100000000ULL  /* Linux's RR_TIMESLICE: 100 ms */

static inline bool sched_rt_policy(int policy)
{
	policy &= ~SCHED_RESET_ON_FORK;
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

#endif
