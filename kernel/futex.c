// SPDX-License-Identifier: MIT
/*
 * futex.c - fast user-space locking: FUTEX_WAIT and FUTEX_WAKE (and their
 * bitset forms), FUTEX_REQUEUE and FUTEX_CMP_REQUEUE, what musl's and
 * glibc's mutexes, condition variables and pthread_join are built on.
 *
 * A futex is keyed by address space and address, so the threads of one
 * vm meet on it; shared futexes in MAP_SHARED memory of different
 * processes are keyed the same way, which finds waiters of the caller's
 * address space only.  One CPU and no preemption in the kernel: the value
 * check and the queueing cannot be raced by a waker.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

struct futex_waiter {
	struct list_head link;         /* in futex_waiters */
	struct vm *vm;
	uint64_t uaddr;
	uint32_t bitset;
	struct proc *proc;
	bool woken;
};

static struct list_head futex_waiters = LIST_HEAD_INIT(futex_waiters);

static int wake_bitset(struct vm *vm, uint64_t uaddr, int n, uint32_t bitset)
{
	struct list_head *l, *next;
	int woken = 0;

	list_for_each_safe(l, next, &futex_waiters) {
		struct futex_waiter *w = list_entry(l, struct futex_waiter, link);
		if (woken >= n)
			break;
		if (w->vm != vm || w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		list_del(&w->link);
		w->woken = true;
		proc_wake(w->proc);
		woken++;
	}
	return woken;
}

int futex_wake_addr(struct vm *vm, uint64_t uaddr, int n)
{
	return wake_bitset(vm, uaddr, n, FUTEX_BITSET_MATCH_ANY);
}

static long futex_wait(uint64_t uaddr, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	struct futex_waiter w = { .vm = current->vm, .uaddr = uaddr,
				  .bitset = bitset, .proc = current };
	uint32_t cur;
	int err = 0;

	if (!bitset)
		return -EINVAL;
	if (copy_from_user(&cur, (const void __user *)uaddr, sizeof(cur)))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	list_add_tail(&w.link, &futex_waiters);
	while (!w.woken && !err)
		err = sched_sleep(deadline);
	if (w.woken)
		return 0;
	list_del(&w.link);
	if (err == -ETIMEDOUT)
		return -ETIMEDOUT;
	return deadline ? -EINTR : -ERESTARTSYS;
}

/* Wake up to n waiters on uaddr and move up to n2 more to uaddr2. */
static long futex_requeue(uint64_t uaddr, int n, int n2, uint64_t uaddr2)
{
	struct vm *vm = current->vm;
	struct list_head *l, *next;
	int done = futex_wake_addr(vm, uaddr, n);

	list_for_each_safe(l, next, &futex_waiters) {
		struct futex_waiter *w = list_entry(l, struct futex_waiter, link);
		if (n2 <= 0)
			break;
		if (w->vm != vm || w->uaddr != uaddr)
			continue;
		w->uaddr = uaddr2;
		n2--;
		done++;
	}
	return done;
}

/* The monotonic deadline of a FUTEX_WAIT timeout (relative) or a
 * FUTEX_WAIT_BITSET one (absolute, on CLOCK_REALTIME if asked). */
static int futex_deadline(const struct timespec64 __user *uts, bool absolute,
			  bool realtime, uint64_t *deadline)
{
	struct timespec64 ts;
	uint64_t now = time_monotonic_ns(), t;

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec > 1000000000LL * 4)
		return 0; /* centuries away: never */
	t = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	if (!absolute)
		t += now;
	else if (realtime)
		t = t > time_realtime_ns() ? now + (t - time_realtime_ns()) : now;
	*deadline = t ? t : 1;
	return 0;
}

long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct timespec64 __user *uts, uint32_t __user *uaddr2, uint32_t val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t addr = (uint64_t)uaddr, deadline;
	uint32_t cur;
	int err;

	if (addr & 3)
		return -EINVAL;
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		err = futex_deadline(uts, cmd == FUTEX_WAIT_BITSET, realtime, &deadline);
		return err ? err : futex_wait(addr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		return wake_bitset(current->vm, addr, (int)val, val3);
	case FUTEX_CMP_REQUEUE:
		if (copy_from_user(&cur, uaddr, sizeof(cur)))
			return -EFAULT;
		if (cur != val3)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE:
		if ((uint64_t)uaddr2 & 3)
			return -EINVAL;
		/* The timeout argument carries the count to requeue. */
		return futex_requeue(addr, (int)val, (int)(long)uts, (uint64_t)uaddr2);
	default:
		return -ENOSYS;
	}
}
