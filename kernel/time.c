// SPDX-License-Identifier: MIT
/*
 * time.c - clocks and sleeping: CLOCK_MONOTONIC from the arch clocksource,
 * CLOCK_REALTIME as the RTC reading at boot plus monotonic time, the
 * CPU-time clocks (ours, or another process's by the clock id that
 * clock_getcpuclockid encodes) from acct.c, and the time system calls.
 * Sleeps use kernel timers or, on a CPU clock, cpu_timers (no busy waiting).
 */
#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include <arch/cpu.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

static int64_t realtime_offset; /* realtime = monotonic + offset */

/* The RTC holds whole seconds, read at an unknown point of one: count it
 * as its middle, as Linux's rtc_hctosys does. */
void time_init(void)
{
	uint64_t rtc = arch_rtc_read_ns();

	realtime_offset = (int64_t)(rtc ? rtc + NSEC_PER_SEC / 2 : 0) - (int64_t)arch_clock_ns();
}

uint64_t time_monotonic_ns(void)
{
	return arch_clock_ns();
}

uint64_t time_realtime_ns(void)
{
	return (uint64_t)((int64_t)arch_clock_ns() + realtime_offset);
}

void time_set_realtime_ns(uint64_t ns)
{
	realtime_offset = (int64_t)ns - (int64_t)arch_clock_ns();
}

int cpu_clock_decode(int clk, struct proc **p, int *which)
{
	int pid = ~(clk >> 3); /* arithmetic shift: the pid's complement */

	*which = CPUCLOCK_SCHED;
	*p = current;
	if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return 0;
	if (clk >= 0 || (clk & 3) > CPUCLOCK_SCHED)
		return -EINVAL;
	*which = clk & 3;
	if (pid == 0)
		return 0;
	*p = proc_find_any(pid);
	if (!*p || (*p)->reaped)
		return -EINVAL;
	/* A thread's clock: only the caller's own threads (lookup_task). */
	return (clk & 4) && (*p)->tgid != current->tgid ? -EINVAL : 0;
}

/* A thread clock is the thread's; a process clock the sum of its threads,
 * those gone too (Linux's thread_group_cputime). */
static uint64_t cpu_clock_read(int clk, struct proc *p, int which)
{
	uint64_t now = acct_sample(p, which), u, s;
	struct ru_counts ru;

	if (clk == CLOCK_THREAD_CPUTIME_ID || (clk < 0 && (clk & 4)))
		return now;
	acct_sample(current, which); /* charge the caller up to now */
	group_times(p, &u, &s, &ru);
	return which == CPUCLOCK_VIRT ? u : u + s;
}

static int clock_read(int clk, uint64_t *ns)
{
	struct proc *p;
	int which;

	if (clock_is_cpu(clk)) {
		if (cpu_clock_decode(clk, &p, &which))
			return -EINVAL;
		*ns = cpu_clock_read(clk, p, which);
		return 0;
	}
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = time_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = time_monotonic_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

static int put_timespec(void __user *u, uint64_t ns)
{
	struct timespec64 ts = ns_to_timespec(ns);

	return copy_to_user(u, &ts, sizeof(ts));
}

int timespec_from_user(const void __user *u, uint64_t *ns)
{
	struct timespec64 ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec > (int64_t)(UINT64_MAX / NSEC_PER_SEC / 2))
		*ns = UINT64_MAX / 2;
	else
		*ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	return 0;
}

long sys_clock_gettime(int clk, void __user *ts)
{
	uint64_t ns;
	int err = clock_read(clk, &ns);

	if (err)
		return err;
	return put_timespec(ts, ns) ? -EFAULT : 0;
}

long sys_clock_getres(int clk, void __user *ts)
{
	uint64_t ns;
	int err = clock_read(clk, &ns);

	if (err)
		return err;
	if (!ts)
		return 0;
	return put_timespec(ts, clk == CLOCK_REALTIME_COARSE ||
					clk == CLOCK_MONOTONIC_COARSE ? 4000000 : 1)
		       ? -EFAULT : 0;
}

/* The timezone settimeofday set: minutes west of Greenwich, DST type. */
static int32_t sys_tz[2];

long sys_gettimeofday(void __user *tv, void __user *tz)
{
	uint64_t ns = time_realtime_ns();
	int64_t v[2] = { (int64_t)(ns / NSEC_PER_SEC),
			 (int64_t)(ns % NSEC_PER_SEC / 1000) };

	if (tv && copy_to_user(tv, v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

/*
 * Linux's do_sys_settimeofday64: a valid time, then CAP_SYS_TIME (EPERM),
 * then a timezone within 15 hours.  The first timezone set without a time
 * says the RTC keeps local time: the clock read from it at boot is moved
 * by the offset (timekeeping_warp_clock; hwclock --systz/-s -l do this).
 */
static long settime(const uint64_t *ns, const int32_t *tz)
{
	static bool tz_set;

	if (!cred_privileged())
		return -EPERM;
	if (tz) {
		if (tz[0] > 15 * 60 || tz[0] < -15 * 60)
			return -EINVAL;
		sys_tz[0] = tz[0];
		sys_tz[1] = tz[1];
		if (!tz_set && !ns && tz[0])
			realtime_offset += (int64_t)tz[0] * 60 * (int64_t)NSEC_PER_SEC;
		tz_set = true;
	}
	if (ns)
		time_set_realtime_ns(*ns);
	return 0;
}

long sys_settimeofday(const void __user *tv, const void __user *tz)
{
	int64_t v[2];
	int32_t z[2];
	uint64_t ns;

	if (tv) {
		if (copy_from_user(v, tv, sizeof(v)))
			return -EFAULT;
		if (v[0] < 0 || v[1] < 0 || v[1] >= 1000000)
			return -EINVAL;
		ns = (uint64_t)v[0] * NSEC_PER_SEC + (uint64_t)v[1] * 1000;
	}
	if (tz && copy_from_user(z, tz, sizeof(z)))
		return -EFAULT;
	return settime(tv ? &ns : NULL, tz ? z : NULL);
}

/* Only CLOCK_REALTIME can be set; CPU-time clocks are EPERM, as Linux. */
long sys_clock_settime(int clk, const void __user *ts)
{
	uint64_t ns;
	int err;

	if (clock_is_cpu(clk)) {
		struct proc *p;
		int which;
		return cpu_clock_decode(clk, &p, &which) ? -EINVAL : -EPERM;
	}
	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	err = timespec_from_user(ts, &ns);
	if (err)
		return err;
	return settime(&ns, NULL);
}

long sys_time(int64_t __user *t)
{
	int64_t s = (int64_t)(time_realtime_ns() / NSEC_PER_SEC);

	if (t && copy_to_user(t, &s, sizeof(s)))
		return -EFAULT;
	return s;
}

/* Sleep until the clock clk reads `deadline`; -EINTR on a signal. */
static long sleep_until(int clk, uint64_t deadline, void __user *rem)
{
	struct waitq wq = WAITQ_INIT(wq);
	uint64_t mono = deadline;

	if (clk == CLOCK_REALTIME) {
		int64_t d = (int64_t)deadline - (int64_t)time_realtime_ns();
		mono = time_monotonic_ns() + (d > 0 ? (uint64_t)d : 0);
	}
	for (;;) {
		int err = waitq_sleep_until(&wq, mono);
		if (err == -ETIMEDOUT)
			return 0;
		if (err) {
			uint64_t now = time_monotonic_ns();
			if (rem && put_timespec(rem, mono > now ? mono - now : 0))
				return -EFAULT;
			return -EINTR;
		}
	}
}

long sys_nanosleep(const void __user *req, void __user *rem)
{
	uint64_t ns;
	int err = timespec_from_user(req, &ns);

	if (err)
		return err;
	return sleep_until(CLOCK_MONOTONIC, time_monotonic_ns() + ns, rem);
}

struct cpu_sleep {
	struct cpu_timer ct;
	struct proc *sleeper;
	bool done;
};

static void cpu_sleep_wake(struct cpu_timer *ct, struct proc *target __unused)
{
	struct cpu_sleep *cs = container_of(ct, struct cpu_sleep, ct);

	cs->done = true; /* the clock got there, or its process exited */
	proc_wake(cs->sleeper);
}

/* Sleep until p's CPU clock reads `deadline`; -EINTR on a signal.  Our
 * own clock stands still while we sleep (one thread): only a signal ends
 * that sleep, as on Linux. */
static long cpu_sleep_until(struct proc *p, int which, uint64_t deadline,
			    void __user *rem)
{
	struct cpu_sleep cs = { .ct.fn = cpu_sleep_wake, .sleeper = current };
	uint64_t now = acct_sample(p, which);

	if (now >= deadline)
		return 0;
	if (p != current)
		cpu_timer_add(&cs.ct, p, which, deadline);
	while (!cs.done) {
		if (sched_sleep(0) != -ERESTARTSYS)
			continue;
		cpu_timer_cancel(&cs.ct);
		now = cs.done ? deadline : acct_sample(p, which);
		if (rem && put_timespec(rem, deadline - MIN(now, deadline)))
			return -EFAULT;
		return -EINTR;
	}
	return 0;
}

/* CPU clocks: a process's clock only.  As on Linux, CLOCK_THREAD_CPUTIME_ID
 * has no sleep at all (EOPNOTSUPP) and a thread's encoded clock is EINVAL. */
static long clock_nanosleep_cpu(int clk, int flags, const void __user *req,
				void __user *rem)
{
	struct proc *p;
	uint64_t ns;
	int which, err;

	if (clk == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP;
	err = timespec_from_user(req, &ns);
	if (err)
		return err;
	if ((clk & 4) || cpu_clock_decode(clk, &p, &which) || p->state == P_ZOMBIE)
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return cpu_sleep_until(p, which, acct_sample(p, which) + ns, rem);
	return cpu_sleep_until(p, which, ns, NULL);
}

long sys_clock_nanosleep(int clk, int flags, const void __user *req,
			 void __user *rem)
{
	uint64_t ns, now;
	int err;

	if (clock_is_cpu(clk))
		return clock_nanosleep_cpu(clk, flags, req, rem);
	err = clock_read(clk, &now);
	if (err)
		return err;
	err = timespec_from_user(req, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME)
		return sleep_until(clk == CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC,
				   ns, NULL);
	return sleep_until(CLOCK_MONOTONIC, time_monotonic_ns() + ns, rem);
}
