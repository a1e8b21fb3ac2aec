/* SPDX-License-Identifier: MIT */
/*
 * time.c - guest test: clocks and sleeps.
 *
 * clock_gettime (through libc, which may use the vDSO, and as a raw
 * syscall), clock_getres, gettimeofday, nanosleep and clock_nanosleep,
 * relative and TIMER_ABSTIME, with their EINVAL/EFAULT cases and an EINTR
 * from a signal that interrupts a sleep.  Only plausibility is checked:
 * REALTIME after 2020, MONOTONIC never going back, sleeps at least as long
 * as asked and not absurdly longer.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define Y2020 1577836800L
#define BADPTR ((void *)0xdeadbeef000UL)

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long now(clockid_t c)
{
	struct timespec t;
	syscall(SYS_clock_gettime, c, &t);
	return ns(&t);
}

static void test_gettime(void)
{
	struct timespec a, b, t;
	struct timeval tv;
	int mono_ok = 1;

	CHECK_OK(clock_gettime(CLOCK_REALTIME, &t), "clock_gettime CLOCK_REALTIME (libc)");
	CHECK(t.tv_sec > Y2020, "CLOCK_REALTIME is after 2020");
	CHECK(t.tv_nsec >= 0 && t.tv_nsec < 1000000000L, "tv_nsec is in range");
	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &t),
		 "clock_gettime CLOCK_REALTIME (syscall)");
	CHECK(t.tv_sec > Y2020 && t.tv_nsec >= 0 && t.tv_nsec < 1000000000L,
	      "the syscall's REALTIME is plausible");

	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a), "clock_gettime CLOCK_MONOTONIC");
	for (int i = 0; i < 1000; i++) {
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
		if (ns(&b) < ns(&a))
			mono_ok = 0;
		a = b;
	}
	CHECK(mono_ok, "CLOCK_MONOTONIC never goes backwards (1000 syscall reads)");
	mono_ok = 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (ns(&b) < ns(&a))
			mono_ok = 0;
		a = b;
	}
	CHECK(mono_ok, "CLOCK_MONOTONIC never goes backwards (1000 libc reads)");
	CHECK(a.tv_sec >= 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000L,
	      "MONOTONIC is well formed");

	long long m = now(CLOCK_MONOTONIC);
	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &t), "clock_gettime CLOCK_BOOTTIME");
	CHECK(ns(&t) >= m, "BOOTTIME is not behind MONOTONIC");
	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC_RAW, &t),
		 "clock_gettime CLOCK_MONOTONIC_RAW");
	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC_COARSE, &t),
		 "clock_gettime CLOCK_MONOTONIC_COARSE");
	CHECK_OK(syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &t),
		 "clock_gettime CLOCK_REALTIME_COARSE");
	CHECK(t.tv_sec > Y2020, "REALTIME_COARSE is after 2020");

	long long c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (volatile long i = 0; i < 3000000; i++)
		;
	long long c1 = now(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(c1 > c0, "CLOCK_PROCESS_CPUTIME_ID advances while spinning");
	CHECK(now(CLOCK_THREAD_CPUTIME_ID) > 0, "CLOCK_THREAD_CPUTIME_ID is positive");

	CHECK_ERR(syscall(SYS_clock_gettime, 100, &t), EINVAL,
		  "clock_gettime bad clock id: EINVAL");
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BADPTR), EFAULT,
		  "clock_gettime bad pointer: EFAULT");
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)1), EFAULT,
		  "clock_gettime (void *)1: EFAULT");

	CHECK_OK(gettimeofday(&tv, NULL), "gettimeofday (libc)");
	CHECK(tv.tv_sec > Y2020 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
	      "gettimeofday is plausible");
	CHECK_OK(syscall(SYS_gettimeofday, &tv, NULL), "gettimeofday (syscall)");
	long long rt = now(CLOCK_REALTIME);
	long long gt = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	CHECK(rt - gt >= -1000000LL && rt - gt < 2000000000LL,
	      "gettimeofday agrees with CLOCK_REALTIME");
	CHECK_ERR(syscall(SYS_gettimeofday, BADPTR, NULL), EFAULT,
		  "gettimeofday bad pointer: EFAULT");
}

static void test_getres(void)
{
	struct timespec r;

	CHECK_OK(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r), "clock_getres CLOCK_MONOTONIC");
	CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000,
	      "MONOTONIC resolution is in (0, 10 ms]");
	CHECK_OK(syscall(SYS_clock_getres, CLOCK_REALTIME, &r), "clock_getres CLOCK_REALTIME");
	CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000,
	      "REALTIME resolution is in (0, 10 ms]");
	CHECK_OK(syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &r),
		 "clock_getres CLOCK_MONOTONIC_COARSE");
	CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000,
	      "COARSE resolution is at most 10 ms");
	CHECK_OK(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL),
		 "clock_getres with a NULL result");
	CHECK_ERR(syscall(SYS_clock_getres, 100, &r), EINVAL, "clock_getres bad clock id: EINVAL");
	CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, BADPTR), EFAULT,
		  "clock_getres bad pointer: EFAULT");
}

static void test_nanosleep(void)
{
	struct timespec req = { 0, 20000000 }, rem;
	long long t0, t1;

	t0 = now(CLOCK_MONOTONIC);
	CHECK_OK(syscall(SYS_nanosleep, &req, &rem), "nanosleep 20 ms");
	t1 = now(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 20000000LL, "MONOTONIC advanced by at least 20 ms");
	CHECK(t1 - t0 < 2000000000LL, "and by less than 2 s");
	t0 = now(CLOCK_MONOTONIC);
	req = (struct timespec){ 0, 0 };
	CHECK_OK(syscall(SYS_nanosleep, &req, NULL), "nanosleep of zero");
	CHECK(now(CLOCK_MONOTONIC) - t0 < 1000000000LL, "a zero sleep returns promptly");

	req = (struct timespec){ 0, 1000000000L };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep tv_nsec = 1e9: EINVAL");
	req = (struct timespec){ 0, -1 };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep negative tv_nsec: EINVAL");
	req = (struct timespec){ -1, 0 };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep negative tv_sec: EINVAL");
	CHECK_ERR(syscall(SYS_nanosleep, BADPTR, NULL), EFAULT, "nanosleep bad pointer: EFAULT");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void test_eintr(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct timespec req = { 3, 0 }, rem = { 0, 0 };
	pid_t parent = getpid(), pid;
	long long t0, t1;
	long r;
	int err;

	sigaction(SIGUSR1, &sa, NULL); /* no SA_RESTART */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 30000000 };
		/* Three signals, in case the first lands before the sleep starts. */
		for (int i = 0; i < 3; i++) {
			syscall(SYS_nanosleep, &d, NULL);
			kill(parent, SIGUSR1);
		}
		_exit(0);
	}
	t0 = now(CLOCK_MONOTONIC);
	r = syscall(SYS_nanosleep, &req, &rem);
	err = errno;
	t1 = now(CLOCK_MONOTONIC);
	CHECK(r == -1 && err == EINTR, "a signal interrupts nanosleep: EINTR");
	CHECK(t1 - t0 < 2500000000LL, "the interrupted sleep returned early");
	CHECK(ns(&rem) > 0 && ns(&rem) < 3000000000LL, "rem holds the unslept time");
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	signal(SIGUSR1, SIG_DFL);
}

static void test_clock_nanosleep(void)
{
	struct timespec req = { 0, 20000000 }, dl;
	long long t0, t1;

	t0 = now(CLOCK_MONOTONIC);
	CHECK_OK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL),
		 "clock_nanosleep MONOTONIC relative 20 ms");
	t1 = now(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 20000000LL && t1 - t0 < 2000000000LL, "slept between 20 ms and 2 s");

	long long target = now(CLOCK_MONOTONIC) + 30000000LL;
	dl = (struct timespec){ target / 1000000000LL, target % 1000000000LL };
	CHECK_OK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL),
		 "clock_nanosleep TIMER_ABSTIME 30 ms ahead");
	CHECK(now(CLOCK_MONOTONIC) >= target, "woke no earlier than the absolute deadline");

	t0 = now(CLOCK_MONOTONIC);
	dl = (struct timespec){ 0, 1 };
	CHECK_OK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL),
		 "clock_nanosleep TIMER_ABSTIME in the past");
	CHECK(now(CLOCK_MONOTONIC) - t0 < 1000000000LL, "a past deadline returns at once");

	t0 = now(CLOCK_REALTIME);
	req = (struct timespec){ 0, 10000000 };
	CHECK_OK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &req, NULL),
		 "clock_nanosleep REALTIME relative");
	t1 = now(CLOCK_REALTIME);
	target = t1 + 20000000LL;
	dl = (struct timespec){ target / 1000000000LL, target % 1000000000LL };
	CHECK_OK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &dl, NULL),
		 "clock_nanosleep REALTIME TIMER_ABSTIME");
	CHECK(now(CLOCK_REALTIME) >= target, "REALTIME reached the deadline");

	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 0, 1000000 }, NULL), 0,
		 "libc clock_nanosleep returns 0");
	req = (struct timespec){ 0, 1000000000L };
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL), EINVAL,
		  "clock_nanosleep tv_nsec = 1e9: EINVAL");
	req = (struct timespec){ 0, 1000 };
	CHECK_ERR(syscall(SYS_clock_nanosleep, 100, 0, &req, NULL), EINVAL,
		  "clock_nanosleep bad clock: EINVAL");
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, BADPTR, NULL), EFAULT,
		  "clock_nanosleep bad pointer: EFAULT");
	/* libc's clock_nanosleep returns the error number instead of setting errno. */
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 0, -5 }, NULL), EINVAL,
		 "libc clock_nanosleep returns EINVAL directly");
}

int main(void)
{
	check_begin("time");
	test_gettime();
	test_getres();
	test_nanosleep();
	test_eintr();
	test_clock_nanosleep();
	return check_done();
}
