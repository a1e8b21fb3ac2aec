// SPDX-License-Identifier: MIT
/*
 * rtsched.c - real-time scheduling: SCHED_FIFO and SCHED_RR through
 * sched_setscheduler, sched_setparam, sched_getscheduler, sched_getparam,
 * the priority range, sched_rr_get_interval (RR's 100 ms slice),
 * SCHED_RESET_ON_FORK, RLIMIT_RTPRIO and EPERM for an unprivileged caller,
 * inheritance across fork, /proc/<pid>/stat's priority, rt_priority and
 * policy fields; and the scheduler honouring them on one CPU: a runnable
 * real-time process runs before normal ones (also at once when it wakes),
 * FIFO runs until it yields, RR passes the CPU to its equal when its slice
 * ends.  Children count in shared memory to show when they ran.
 */
#define _GNU_SOURCE
#include "check.h"
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

/* musl's wrappers say ENOSYS (POSIX's process policy is not Linux's). */
static long getsched(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

static long setsched(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

static long setparam(pid_t pid, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return syscall(SYS_sched_setparam, pid, &sp);
}

static int getparam(pid_t pid)
{
	struct sched_param sp = { .sched_priority = -1 };

	return syscall(SYS_sched_getparam, pid, &sp) ? -1 : sp.sched_priority;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run on the CPU (never blocking) for ms milliseconds. */
static void spin(long ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end)
		;
}

/* The exit status of child pid, or -1. */
static int reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Field n (1-based) of /proc/<pid>/stat, or -1000. */
static long stat_field(pid_t pid, int n)
{
	char path[64], buf[1024], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1000;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p || !(p = strrchr(buf, ')')))
		return -1000;
	for (int i = 2; i < n && p; i++)    /* field 2 ends at ')' */
		p = strchr(p + 1, ' ');
	return p ? strtol(p + 1, NULL, 10) : -1000;
}

/* The value of line `name` of /proc/<pid>/sched, or -1000. */
static long sched_value(pid_t pid, const char *name)
{
	char path[64], line[256];
	long v = -1000;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/sched", pid);
	f = fopen(path, "r");
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		size_t n = strlen(name);
		if (colon && !strncmp(line, name, n) && line[n] == ' ')
			v = strtol(colon + 1, NULL, 10);
	}
	fclose(f);
	return v;
}

static void test_ranges(void)
{
	struct timespec ts;

	CHECK_EQ(sched_get_priority_min(SCHED_FIFO), 1, "FIFO's least priority is 1");
	CHECK_EQ(sched_get_priority_max(SCHED_FIFO), 99, "FIFO's greatest is 99");
	CHECK_EQ(sched_get_priority_min(SCHED_RR), 1, "RR's least priority is 1");
	CHECK_EQ(sched_get_priority_max(SCHED_RR), 99, "RR's greatest is 99");
	CHECK_EQ(sched_get_priority_max(SCHED_OTHER), 0, "OTHER's is 0");
	CHECK_ERR(sched_get_priority_max(7), EINVAL, "policy 7: EINVAL");
	CHECK_ERR(setsched(0, SCHED_FIFO, 0), EINVAL, "FIFO at priority 0: EINVAL");
	CHECK_ERR(setsched(0, SCHED_FIFO, 100), EINVAL, "FIFO at priority 100: EINVAL");
	CHECK_ERR(setsched(0, SCHED_RR, -1), EINVAL, "RR at priority -1: EINVAL");
	CHECK_ERR(setsched(0, -1, 0), EINVAL, "policy -1: EINVAL");
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, -1, &ts), EINVAL,
		  "rr_get_interval of pid -1: EINVAL");
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, 99999, &ts), ESRCH,
		  "rr_get_interval of no such pid: ESRCH");
}

static void test_policies(void)
{
	struct timespec ts = { 1, 1 };
	pid_t pid;

	CHECK_OK(setsched(0, SCHED_FIFO, 10), "SCHED_FIFO at priority 10");
	CHECK_EQ(getsched(0), SCHED_FIFO, "getscheduler says FIFO");
	CHECK_EQ(getparam(0), 10, "getparam says 10");
	CHECK_EQ(stat_field(getpid(), 18), -11, "stat's priority is -1 - 10");
	CHECK_EQ(stat_field(getpid(), 40), 10, "stat's rt_priority is 10");
	CHECK_EQ(stat_field(getpid(), 41), SCHED_FIFO, "stat's policy is 1");
	CHECK_EQ(sched_value(getpid(), "policy"), SCHED_FIFO, "/proc/<pid>/sched's policy is 1");
	CHECK_EQ(sched_value(getpid(), "prio"), 89, "and its prio 99 - 10");
	CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts), "rr_get_interval under FIFO");
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "FIFO has no time slice");
	CHECK_OK(setparam(0, 20), "sched_setparam to 20");
	CHECK(getsched(0) == SCHED_FIFO && getparam(0) == 20, "still FIFO, now 20");
	CHECK_ERR(setparam(0, 0), EINVAL, "setparam 0 under FIFO: EINVAL");
	pid = fork();
	if (pid == 0)
		_exit(getsched(0) == SCHED_FIFO && getparam(0) == 20 ? 0 : 1);
	CHECK_EQ(reap(pid), 0, "a child inherits FIFO at 20");
	CHECK_OK(setsched(0, SCHED_RR, 5), "SCHED_RR at priority 5");
	CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts), "rr_get_interval under RR");
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 100000000, "RR's slice is 100 ms");
	CHECK_OK(setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 5), "RR with RESET_ON_FORK");
	CHECK_EQ(getsched(0), SCHED_RR | SCHED_RESET_ON_FORK, "getscheduler shows the flag");
	setpriority(PRIO_PROCESS, 0, -3);
	pid = fork();
	if (pid == 0)
		_exit(getsched(0) == SCHED_OTHER && getparam(0) == 0 &&
		      getpriority(PRIO_PROCESS, 0) == 0 ? 0 : 1);
	CHECK_EQ(reap(pid), 0, "its child runs SCHED_OTHER at priority 0, nice 0");
	setpriority(PRIO_PROCESS, 0, 0);
	CHECK_OK(setsched(0, SCHED_OTHER, 0), "back to SCHED_OTHER");
	CHECK(getparam(0) == 0 && stat_field(getpid(), 18) == 20 &&
	      stat_field(getpid(), 40) == 0, "priority 0, stat's 20 and 0 again");
	CHECK_EQ(sched_value(getpid(), "prio"), 120, "sched's prio 120 at nice 0");
}

/* As user 1000 with RLIMIT_RTPRIO 5: what a user may do; exit 0 if all held. */
static int unprivileged(void)
{
	struct rlimit rl = { 5, 5 };
	int bad = 0;

	if (setrlimit(RLIMIT_RTPRIO, &rl) || setresuid(1000, 1000, 1000))
		return 100;
	bad |= (setsched(0, SCHED_FIFO, 6) != -1 || errno != EPERM) << 0;
	bad |= (setsched(0, SCHED_FIFO, 5) != 0) << 1;
	bad |= (setparam(0, 3) != 0) << 2;
	bad |= (setparam(0, 5) != 0) << 3;
	bad |= (setsched(1, SCHED_FIFO, 1) != -1 || errno != EPERM) << 4;
	bad |= (setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 2) != 0) << 5;
	bad |= (setsched(0, SCHED_RR, 2) != -1 || errno != EPERM) << 6;
	bad |= (setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0) != 0) << 7;
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_RTPRIO, &rl);
	bad |= (setsched(0, SCHED_FIFO, 1) != -1 || errno != EPERM) << 8;
	return bad;
}

static void test_permission(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(unprivileged());
	CHECK_EQ(reap(pid), 0, "user 1000: FIFO up to RLIMIT_RTPRIO 5, EPERM above, "
		 "for others' processes, for clearing RESET_ON_FORK, with no RLIMIT_RTPRIO");
}

/* Shared counters: what the children did and when. */
static volatile long *shared;

static void test_fifo_over_normal(void)
{
	pid_t pid;
	long seen;

	shared[0] = 0;
	CHECK_OK(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10), "FIFO 10, children normal");
	pid = fork();
	if (pid == 0) {
		for (;;)
			shared[0]++;
	}
	spin(50);
	seen = shared[0];
	CHECK_EQ(seen, 0, "a normal child does not run while FIFO spins");
	usleep(30000);
	CHECK(shared[0] > 0, "it runs while FIFO sleeps");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK_OK(setsched(0, SCHED_OTHER, 0), "back to SCHED_OTHER");
}

static void test_fifo_equal(void)
{
	pid_t pid;

	shared[0] = 0;
	CHECK_OK(setsched(0, SCHED_FIFO, 10), "FIFO 10, children too");
	pid = fork();
	if (pid == 0) {
		shared[0] = 1;
		sched_yield();
		shared[0] = 2;
		_exit(0);
	}
	spin(50);
	CHECK_EQ(shared[0], 0, "a FIFO child of equal priority waits while its parent spins");
	sched_yield();
	CHECK_EQ(shared[0], 1, "the parent's yield runs it until its own yield");
	sched_yield();
	CHECK_EQ(shared[0], 2, "and the next yield lets it finish");
	CHECK_EQ(reap(pid), 0, "it exits");
	CHECK_OK(setsched(0, SCHED_OTHER, 0), "back to SCHED_OTHER");
}

static void test_rr_rotates(void)
{
	pid_t pid;

	shared[0] = 0;
	CHECK_OK(setsched(0, SCHED_RR, 10), "RR 10, children too");
	pid = fork();
	if (pid == 0) {
		for (;;)
			shared[0]++;
	}
	spin(350);
	CHECK(shared[0] > 0, "an RR child of equal priority gets the CPU when the slice ends");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK_OK(setsched(0, SCHED_OTHER, 0), "back to SCHED_OTHER");
}

static void test_wake_preempts(void)
{
	int p[2];
	char c;
	pid_t pid;

	shared[0] = 0;
	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		if (read(p[0], &c, 1) == 1)
			shared[0] = 1;
		_exit(0);
	}
	usleep(20000);          /* it blocks in read */
	CHECK_OK(setsched(pid, SCHED_FIFO, 10), "make the sleeping child FIFO 10");
	CHECK_EQ(stat_field(pid, 41), SCHED_FIFO, "its stat says so");
	CHECK_EQ(write(p[1], "x", 1), 1, "wake it");
	CHECK_EQ(shared[0], 1, "it ran before the normal parent went on");
	CHECK_EQ(reap(pid), 0, "it exits");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int mounted;

	check_begin("rtsched");
	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return 1;
	test_ranges();
	test_policies();
	test_permission();
	test_fifo_over_normal();
	test_fifo_equal();
	test_rr_rotates();
	test_wake_preempts();
	setsched(0, SCHED_OTHER, 0);
	if (mounted)
		umount("/proc");
	return check_done();
}
