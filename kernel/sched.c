// SPDX-License-Identifier: MIT
/*
 * sched.c - the scheduling-policy calls: sched_setscheduler, setparam,
 * getscheduler, getparam, get_priority_min/max, rr_get_interval, and the
 * affinity calls (one CPU: affinity is CPU 0).  The scheduler that honours
 * the policies is in proc.c.
 *
 * As Linux's kernel/sched/core.c: OTHER, BATCH and IDLE take priority 0
 * (they run alike here, as hints), FIFO and RR 1..99; an unprivileged
 * caller may only act on its own processes, may take a real-time policy
 * or raise its priority up to RLIMIT_RTPRIO, may leave SCHED_IDLE only
 * where RLIMIT_NICE allows its nice value, and may not clear
 * SCHED_RESET_ON_FORK.
 */
#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define SCHED_OTHER_SLICE_NS 10000000ULL        /* timer.c's time slice */

long sys_sched_getaffinity(int pid, unsigned len, void __user *mask)
{
	uint64_t m = 1;

	if (pid && !proc_find(pid))
		return -ESRCH;
	if (len < sizeof(m) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (clear_user(mask, len) || copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(m);
}

long sys_sched_setaffinity(int pid, unsigned len, const void __user *mask)
{
	uint64_t m = 0;

	if (pid && !proc_find(pid))
		return -ESRCH;
	if (copy_from_user(&m, mask, MIN((size_t)len, sizeof(m))))
		return -EFAULT;
	return (m & 1) ? 0 : -EINVAL;
}

/* pid 0 is the caller; -EINVAL for a negative one, -ESRCH for none. */
static struct proc *sched_target(int pid, long *err)
{
	struct proc *p = pid ? proc_find(pid) : current;

	*err = pid < 0 ? -EINVAL : p ? 0 : -ESRCH;
	return *err ? NULL : p;
}

long sys_sched_getscheduler(int pid)
{
	long err;
	struct proc *p = sched_target(pid, &err);

	return p ? p->policy : err;
}

/* user_check_sched_setscheduler: what needs CAP_SYS_NICE. */
static bool sched_needs_priv(struct proc *p, int policy, int prio)
{
	int base = policy & ~SCHED_RESET_ON_FORK, old = p->policy & ~SCHED_RESET_ON_FORK;
	uint64_t rtprio = p->rlim[RLIMIT_RTPRIO].cur;

	if (sched_rt_policy(base)) {
		if (base != old && !rtprio)
			return true;
		if (prio > p->rt_priority && (uint64_t)prio > rtprio)
			return true;
	}
	/* Leaving SCHED_IDLE is like setting its nice value (can_nice). */
	if (old == SCHED_IDLE && base != SCHED_IDLE &&
	    (uint64_t)(20 - p->nice) > p->rlim[RLIMIT_NICE].cur)
		return true;
	if (current->cred.euid != p->cred.uid && current->cred.euid != p->cred.euid)
		return true;
	return (p->policy & SCHED_RESET_ON_FORK) && !(policy & SCHED_RESET_ON_FORK);
}

/* policy -1: sched_setparam, keeping the policy and its reset flag. */
static long sched_set(int pid, int policy, const void __user *param)
{
	struct proc *p;
	long err;
	int prio;

	if (pid < 0 || !param)
		return -EINVAL;
	if (copy_from_user(&prio, param, sizeof(prio)))
		return -EFAULT;
	p = sched_target(pid, &err);
	if (!p)
		return err;
	if (policy < 0)
		policy = p->policy;
	switch (policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER: case SCHED_BATCH: case SCHED_IDLE:
	case SCHED_FIFO: case SCHED_RR:
		break;
	default:
		return -EINVAL;
	}
	if (prio < 0 || prio > SCHED_RT_PRIO_MAX || sched_rt_policy(policy) != (prio != 0))
		return -EINVAL;
	if (!cred_privileged() && sched_needs_priv(p, policy, prio))
		return -EPERM;
	p->policy = policy;
	p->rt_priority = prio;
	p->rr_slice_end = time_monotonic_ns() + SCHED_RR_SLICE_NS;
	if (p == current)
		need_resched = true;    /* a lower priority may let another run */
	else if (p->state == P_RUNNABLE && prio > current->rt_priority)
		need_resched = true;
	return 0;
}

long sys_sched_setscheduler(int pid, int policy, const void __user *param)
{
	return policy < 0 ? -EINVAL : sched_set(pid, policy, param);
}

long sys_sched_setparam(int pid, const void __user *param)
{
	return sched_set(pid, -1, param);
}

long sys_sched_getparam(int pid, void __user *param)
{
	struct proc *p;
	long err;

	if (!param)
		return -EINVAL;
	p = sched_target(pid, &err);
	if (!p)
		return err;
	return copy_to_user(param, &p->rt_priority, sizeof(int)) ? -EFAULT : 0;
}

long sys_sched_get_priority_max(int policy)
{
	if (sched_rt_policy(policy) && !(policy & SCHED_RESET_ON_FORK))
		return SCHED_RT_PRIO_MAX;
	return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
	if (sched_rt_policy(policy) && !(policy & SCHED_RESET_ON_FORK))
		return 1;
	return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}

/* RR: its 100 ms slice; FIFO: 0 (no slice); the others: the time slice. */
long sys_sched_rr_get_interval(int pid, void __user *interval)
{
	struct proc *p;
	struct timespec64 ts;
	uint64_t ns;
	long err;

	p = sched_target(pid, &err);
	if (!p)
		return err;
	switch (p->policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_RR:
		ns = SCHED_RR_SLICE_NS;
		break;
	case SCHED_FIFO:
		ns = 0;
		break;
	default:
		ns = SCHED_OTHER_SLICE_NS;
	}
	ts = ns_to_timespec(ns);
	return copy_to_user(interval, &ts, sizeof(ts)) ? -EFAULT : 0;
}
