// SPDX-License-Identifier: MIT
/*
 * resource.c - resource limits (getrlimit, setrlimit, prlimit64 and
 * RLIMIT_NOFILE enforcement), getrusage, times, sysinfo, getpriority and
 * setpriority, alarm, setitimer/getitimer with ITIMER_REAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile int alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_limits(void)
{
	struct rlimit r, lim;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &r), "getrlimit NOFILE");
	CHECK(r.rlim_cur == 1024 && r.rlim_max == 4096, "NOFILE defaults to 1024/4096");
	CHECK_OK(getrlimit(RLIMIT_STACK, &r), "getrlimit STACK");
	CHECK(r.rlim_cur == 8 << 20 && r.rlim_max == RLIM_INFINITY, "STACK defaults to 8 MiB/unlimited");
	CHECK_OK(getrlimit(RLIMIT_CORE, &r), "getrlimit CORE");
	CHECK(r.rlim_cur == 0, "CORE defaults to 0");
	CHECK_ERR(syscall(SYS_prlimit64, 0, 99, NULL, &r), EINVAL, "unknown resource: EINVAL");
	r = (struct rlimit){ 10, 5 };
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &r), EINVAL, "soft above hard: EINVAL");
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, (void *)1, NULL), EFAULT,
		  "prlimit64 from a bad pointer: EFAULT");

	getrlimit(RLIMIT_NOFILE, &lim);
	r = (struct rlimit){ 16, lim.rlim_max };
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &r), "lower NOFILE to 16");
	int fds[32], n = 0, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0 && n < 32)
		fds[n++] = fd;
	CHECK_EQ(errno, EMFILE, "opens stop with EMFILE at the limit");
	CHECK(n > 0 && fds[n - 1] == 15, "the last fd is limit - 1");
	CHECK_ERR(dup2(0, 20), EBADF, "dup2 to an fd above the limit: EBADF");
	CHECK_ERR(fcntl(0, F_DUPFD, 20), EINVAL, "F_DUPFD from above the limit: EINVAL");
	while (n)
		close(fds[--n]);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &lim), "restore NOFILE");
	CHECK((fd = dup2(0, 20)) == 20, "dup2 to 20 works again");
	close(20);
}

static void test_usage(void)
{
	struct rusage ru;
	struct tms t;
	struct sysinfo si;

	CHECK_OK(getrusage(RUSAGE_SELF, &ru), "getrusage SELF");
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru), "getrusage CHILDREN");
	CHECK_ERR(getrusage(5, &ru), EINVAL, "getrusage of an unknown who: EINVAL");
	CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, (void *)1), EFAULT, "getrusage into a bad pointer: EFAULT");
	CHECK(times(&t) != (clock_t)-1, "times works");
	CHECK_OK(sysinfo(&si), "sysinfo");
	CHECK(si.totalram > 0 && si.freeram > 0 && si.freeram <= si.totalram &&
		      (unsigned long long)si.totalram * si.mem_unit >= 64ULL << 20,
	      "sysinfo: plausible memory figures");
	CHECK(si.procs >= 2, "sysinfo counts at least init and us");
	CHECK(si.uptime >= 0, "sysinfo: uptime");
}

static long ms_of(struct timeval tv)
{
	return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static long ts_ms(struct timespec ts)
{
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Spin in user mode until ms of CLOCK_MONOTONIC have passed. */
static void spin(long ms)
{
	struct timespec a, b;
	volatile unsigned long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (ts_ms(b) - ts_ms(a) < ms);
}

/* CPU time is charged: a process that spins 300 ms has used at least half
 * of it (the rest is a margin for a busy host), mostly in user mode. */
static void test_cpu_time(void)
{
	struct rusage before, ru;
	struct timespec c0, c1;
	struct tms t;
	char buf[512];
	unsigned long ut = 0;
	int status, fd;
	bool mounted = false;
	long n;
	pid_t pid;

	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0), "CLOCK_PROCESS_CPUTIME_ID");
	CHECK_OK(getrusage(RUSAGE_SELF, &before), "getrusage SELF before spinning");
	spin(300);
	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1), "CLOCK_PROCESS_CPUTIME_ID again");
	CHECK(ts_ms(c1) - ts_ms(c0) >= 150, "the process CPU clock advanced by the spin");
	nanosleep(&(struct timespec){ 0, 300000000 }, NULL);
	CHECK_OK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0), "CLOCK_THREAD_CPUTIME_ID");
	CHECK(ts_ms(c0) - ts_ms(c1) < 150, "sleeping 300 ms does not advance the CPU clock");
	CHECK_OK(getrusage(RUSAGE_SELF, &ru), "getrusage SELF after spinning");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) -
	      ms_of(before.ru_utime) - ms_of(before.ru_stime) >= 150,
	      "spinning 300 ms is charged at least 150 ms of CPU time");
	CHECK(ms_of(ru.ru_utime) - ms_of(before.ru_utime) >= 100,
	      "most of it is user time");
	CHECK(times(&t) != (clock_t)-1 && t.tms_utime >= 10, "times: tms_utime counts the spin");
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0) { /* the runner mounts no /proc: mount one for this check */
		mkdir("/proc", 0755);
		mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
		fd = open("/proc/self/stat", O_RDONLY);
	}
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n > 0) {
		char *p;

		buf[n] = 0;
		p = strrchr(buf, ')');
		/* after ")": state ppid pgrp session tty tpgid flags minflt
		 * cminflt majflt cmajflt utime */
		if (p)
			sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &ut);
	}
	if (fd >= 0)
		close(fd);
	if (mounted)
		umount("/proc");
	CHECK(ut >= 10, "/proc/self/stat: utime counts the spin");

	pid = fork();
	if (pid == 0) {
		spin(300);
		_exit(0);
	}
	CHECK(wait4(pid, &status, 0, &ru) == pid && status == 0, "wait4 a spinning child");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 150, "wait4's rusage holds the child's CPU time");
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru), "getrusage CHILDREN");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 150, "RUSAGE_CHILDREN counts the reaped child");
	CHECK(times(&t) != (clock_t)-1 && t.tms_cutime + t.tms_cstime >= 15,
	      "times: the child's time in tms_cutime + tms_cstime");
}

static void test_priority(void)
{
	errno = 0;
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 0, "nice starts at 0");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 5), "setpriority to 5");
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5, "getpriority reads 5 back");
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 15,
		 "the raw syscall returns 20 - nice");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 100), "setpriority clamps large values");
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19, "... to 19");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 0), "root may lower it back to 0");
	CHECK_ERR(setpriority(PRIO_PROCESS, 999999, 0), ESRCH, "unknown pid: ESRCH");
	CHECK_ERR(setpriority(7, 0, 0), EINVAL, "unknown which: EINVAL");
}

static void test_timers(void)
{
	struct sigaction sa;
	struct itimerval it, old;
	struct timespec d = { 0, 200000000 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	CHECK_EQ(alarm(0), 0, "alarm(0) with none pending returns 0");
	alarm(5);
	CHECK_EQ(alarm(0), 5, "alarm returns the seconds left");

	alarms = 0;
	it = (struct itimerval){ { 0, 0 }, { 0, 50000 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL), "one-shot ITIMER_REAL of 50 ms");
	while (nanosleep(&d, &d) && errno == EINTR)
		;
	CHECK_EQ(alarms, 1, "it fired once");

	alarms = 0;
	it = (struct itimerval){ { 0, 20000 }, { 0, 20000 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL), "periodic ITIMER_REAL of 20 ms");
	d = (struct timespec){ 0, 150000000 };
	while (nanosleep(&d, &d) && errno == EINTR)
		;
	CHECK_OK(getitimer(ITIMER_REAL, &old), "getitimer");
	CHECK(old.it_interval.tv_usec == 20000, "getitimer shows the interval");
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, &old), "disarm");
	CHECK(alarms >= 3, "the periodic timer fired repeatedly");
	CHECK_OK(getitimer(ITIMER_REAL, &old), "getitimer after disarming");
	CHECK(!old.it_value.tv_sec && !old.it_value.tv_usec, "nothing armed");
	it = (struct itimerval){ { 0, 0 }, { 0, 1000000 } };
	CHECK_ERR(setitimer(ITIMER_REAL, &it, NULL), EINVAL, "tv_usec of a million: EINVAL");
	CHECK_ERR(setitimer(9, &it, NULL), EINVAL, "unknown timer: EINVAL");
}

int main(void)
{
	check_begin("resource");
	test_limits();
	test_usage();
	test_cpu_time();
	test_priority();
	test_timers();
	return check_done();
}
