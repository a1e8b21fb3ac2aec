/* SPDX-License-Identifier: MIT */
/* time.h - clocks (monotonic from the clocksource, realtime from the RTC). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/kernel.h"

#define NSEC_PER_SEC 1000000000ULL

struct timespec64 {
	int64_t tv_sec;
	int64_t tv_nsec;
};

uint64_t time_monotonic_ns(void);
uint64_t time_realtime_ns(void);
/* A user struct timespec64 as ns (past ~290 years: UINT64_MAX / 2);
 * -EFAULT, or -EINVAL for a negative or unnormalised one. */
int timespec_from_user(const void __user *u, uint64_t *ns);
void time_set_realtime_ns(uint64_t ns);
static inline struct timespec64 ns_to_timespec(uint64_t ns)
{
	struct timespec64 ts = { (int64_t)(ns / NSEC_PER_SEC),
				 (int64_t)(ns % NSEC_PER_SEC) };
	return ts;
}

/* clock_t, the unit of times(2) and /proc: USER_HZ ticks a second. */
#define USER_HZ 100
static inline unsigned long ns_to_clock_t(uint64_t ns)
{
	return (unsigned long)(ns / (NSEC_PER_SEC / USER_HZ));
}

/* CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and
 * the ids of clock_getcpuclockid/pthread_getcpuclockid (negative:
 * ~pid << 3, 4 for a thread's clock, CPUCLOCK_* in the low bits). */
struct proc;
static inline bool clock_is_cpu(int clk)
{
	return clk < 0 || clk == 2 || clk == 3;
}
/* The clock's process and CPUCLOCK_*; -EINVAL for a bad id or no process. */
int cpu_clock_decode(int clk, struct proc **p, int *which);

#endif
