// SPDX-License-Identifier: MIT
/*
 * acct.c - CPU-time accounting.  The kernel is tickless, so time is charged
 * at the transitions instead of sampled at a tick: the time since the last
 * stamp goes to user time on entry from user mode (system call, fault,
 * interrupt) and to kernel time on the return to user mode and when the
 * process is switched away.  The idle process is never charged; what is
 * not charged to anyone is idle time in /proc/stat.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"

uint64_t cpu_user_ns, cpu_system_ns;

/* Add the time since p's stamp to one of its counters and to the total. */
static void charge(struct proc *p, uint64_t *mine, uint64_t *total)
{
	uint64_t now = time_monotonic_ns(), d = now > p->acct_stamp ? now - p->acct_stamp : 0;

	p->acct_stamp = now;
	*mine += d;
	*total += d;
}

void acct_enter_kernel(void)
{
	charge(current, &current->utime_ns, &cpu_user_ns);
}

void acct_enter_user(void)
{
	charge(current, &current->stime_ns, &cpu_system_ns);
}

/* Charge the kernel time up to now; the CPU time current has used. */
uint64_t acct_cpu_ns(void)
{
	acct_enter_user();
	return current->utime_ns + current->stime_ns;
}

void acct_switch(struct proc *prev, struct proc *next)
{
	if (prev->pid > 0)
		charge(prev, &prev->stime_ns, &cpu_system_ns);
	next->acct_stamp = time_monotonic_ns();
}
