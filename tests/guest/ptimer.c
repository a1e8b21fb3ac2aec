// SPDX-License-Identifier: MIT
/*
 * ptimer.c - POSIX timers: timer_create with SIGEV_SIGNAL and SIGEV_NONE,
 * one-shot and periodic timer_settime (relative and TIMER_ABSTIME),
 * timer_gettime, SI_TIMER siginfo with the sigval, overruns while the
 * signal is blocked, timer_delete, and the error cases; timers on CPU-time
 * clocks (this process's, this thread's, a child's from
 * clock_getcpuclockid), clock_gettime/getres/nanosleep on them, and
 * SIGEV_THREAD_ID.  CPU-time checks use CPU time with wide bounds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static void sleep_ms(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&d, &d) && errno == EINTR)
		;
}

static timer_t make(clockid_t clk, int notify, int sig, int value)
{
	struct sigevent sev;
	timer_t t = 0;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = notify;
	sev.sigev_signo = sig;
	sev.sigev_value.sival_int = value;
	if (timer_create(clk, &sev, &t))
		return (timer_t)-1;
	return t;
}

static void test_one_shot(void)
{
	sigset_t set;
	siginfo_t si;
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } }, cur;
	int sig = SIGRTMIN + 1;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	timer_t t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, sig, 42);
	CHECK(t != (timer_t)-1, "timer_create CLOCK_MONOTONIC, SIGEV_SIGNAL");
	CHECK_OK(timer_settime(t, 0, &its, NULL), "arm it for 30 ms");
	CHECK_OK(timer_gettime(t, &cur), "timer_gettime");
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
		      cur.it_value.tv_nsec <= 30000000,
	      "it has at most 30 ms to go");
	struct timespec wait = { 2, 0 };
	CHECK_EQ(sigtimedwait(&set, &si, &wait), sig, "its signal arrives");
	CHECK_EQ(si.si_code, SI_TIMER, "si_code is SI_TIMER");
	CHECK_EQ(si.si_value.sival_int, 42, "si_value is the sigev_value");
	CHECK_OK(timer_gettime(t, &cur), "timer_gettime after expiry");
	CHECK(!cur.it_value.tv_sec && !cur.it_value.tv_nsec, "a fired one-shot is disarmed");
	CHECK_OK(timer_delete(t), "timer_delete");
	CHECK_ERR(timer_gettime(t, &cur), EINVAL, "gettime of a deleted timer: EINVAL");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_periodic_and_overrun(void)
{
	sigset_t set;
	siginfo_t si;
	struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } }, off = { { 0, 0 }, { 0, 0 } };
	int sig = SIGRTMIN + 2;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	timer_t t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, sig, 7);
	CHECK_OK(timer_settime(t, 0, &its, NULL), "a periodic 10 ms timer");
	sleep_ms(120);
	struct timespec wait = { 0, 0 };
	CHECK_EQ(sigtimedwait(&set, &si, &wait), sig, "its signal is queued");
	CHECK(si.si_overrun >= 5, "the expiries while it was blocked are overruns");
	CHECK(timer_getoverrun(t) >= 5, "timer_getoverrun reports the delivered overrun");
	CHECK_OK(timer_settime(t, 0, &off, NULL), "disarm it");
	timer_delete(t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_none_and_abstime(void)
{
	struct itimerspec its = { { 0, 0 }, { 5, 0 } }, cur;
	timer_t t = make(CLOCK_REALTIME, SIGEV_NONE, 0, 0);

	CHECK(t != (timer_t)-1, "timer_create SIGEV_NONE");
	CHECK_OK(timer_settime(t, 0, &its, NULL), "arm it for 5 s");
	CHECK_OK(timer_gettime(t, &cur), "gettime");
	CHECK(cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec <= 5, "it counts down");
	timer_delete(t);

	sigset_t set;
	siginfo_t si;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	t = make(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR1, 9);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	its = (struct itimerspec){ { 0, 0 }, { now.tv_sec, now.tv_nsec } };
	its.it_value.tv_nsec += 20000000;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	CHECK_OK(timer_settime(t, TIMER_ABSTIME, &its, NULL), "TIMER_ABSTIME 20 ms ahead");
	struct timespec wait = { 2, 0 };
	CHECK_EQ(sigtimedwait(&set, &si, &wait), SIGUSR1, "it fires");
	timer_delete(t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_errors(void)
{
	struct sigevent sev;
	timer_t t;
	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	CHECK_ERR(timer_create(99, &sev, &t), EINVAL, "an unknown clock: EINVAL");
	sev.sigev_notify = 77;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL, "an unknown sigev_notify: EINVAL");
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = 1000;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL, "a bad signal number: EINVAL");
	t = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0);
	CHECK_ERR(timer_settime(t, 0, &bad, NULL), EINVAL, "tv_nsec of a billion: EINVAL");
	timer_delete(t);
	CHECK_ERR(syscall(SYS_timer_delete, 12345), EINVAL, "delete an unknown timer: EINVAL");
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)1, &t), EFAULT,
		  "timer_create from a bad sigevent: EFAULT");
}

static long ts_ms(struct timespec ts)
{
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long clock_ms(clockid_t c)
{
	struct timespec ts = { 0, 0 };

	clock_gettime(c, &ts);
	return ts_ms(ts);
}

/* Spin until sig is pending or limit ms of our CPU time went; the CPU ms. */
static long spin_for(int sig, long limit)
{
	long start = clock_ms(CLOCK_PROCESS_CPUTIME_ID), now;
	volatile unsigned long n = 0;
	sigset_t pend;

	do {
		for (int i = 0; i < 20000; i++)
			n++;
		sigpending(&pend);
		now = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
	} while (!sigismember(&pend, sig) && now - start < limit);
	return now - start;
}

static void block(int sig, sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, sig);
	sigprocmask(SIG_BLOCK, set, NULL);
}

static void test_cpu_timers(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 50000000 } }, cur;
	struct timespec zero = { 0, 0 }, res;
	int sig = SIGRTMIN + 3;
	sigset_t set;
	siginfo_t si;
	long used;

	block(sig, &set);
	timer_t t = make(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, sig, 5);
	CHECK(t != (timer_t)-1, "timer_create CLOCK_PROCESS_CPUTIME_ID");
	CHECK_OK(timer_settime(t, 0, &its, NULL), "arm it for 50 ms of CPU time");
	CHECK_OK(timer_gettime(t, &cur), "timer_gettime");
	CHECK(!cur.it_value.tv_sec && cur.it_value.tv_nsec > 0 &&
	      cur.it_value.tv_nsec <= 50000000, "at most 50 ms of CPU time to go");
	sleep_ms(200);
	CHECK(sigtimedwait(&set, &si, &zero) < 0, "sleeping does not run it down");
	used = spin_for(sig, 3000);
	CHECK(used >= 30 && used < 1000, "it expires after about 50 ms of CPU time");
	CHECK_EQ(sigtimedwait(&set, &si, &zero), sig, "its signal is queued");
	CHECK_EQ(si.si_code, SI_TIMER, "si_code is SI_TIMER");
	CHECK_EQ(si.si_value.sival_int, 5, "si_value is the sigev_value");

	its = (struct itimerspec){ { 0, 5000000 }, { 0, 5000000 } };
	CHECK_OK(timer_settime(t, 0, &its, NULL), "periodic, every 5 ms of CPU time");
	used = spin_for(sig, 3000);
	spin_for(SIGRTMAX, 100); /* more expiries while the signal waits */
	CHECK_EQ(sigtimedwait(&set, &si, &zero), sig, "its signal is queued");
	CHECK(si.si_overrun >= 3, "the expiries while it was blocked are overruns");
	its = (struct itimerspec){ { 0, 0 }, { 0, 0 } };
	CHECK_OK(timer_settime(t, 0, &its, NULL), "disarm it");
	timer_delete(t);
	/* An expiry between the dequeue and the disarm may have queued one more. */
	while (sigtimedwait(&set, &si, &zero) == sig)
		;

	t = make(CLOCK_THREAD_CPUTIME_ID, SIGEV_SIGNAL, sig, 6);
	CHECK(t != (timer_t)-1, "timer_create CLOCK_THREAD_CPUTIME_ID");
	its = (struct itimerspec){ { 0, 0 }, { 0, 20000000 } };
	CHECK_OK(timer_settime(t, 0, &its, NULL), "arm it for 20 ms");
	used = spin_for(sig, 3000);
	CHECK(sigtimedwait(&set, &si, &zero) == sig && si.si_value.sival_int == 6,
	      "the thread CPU-time timer fires");
	timer_delete(t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	CHECK_OK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res), "clock_getres of the CPU clock");
	CHECK(!res.tv_sec && res.tv_nsec >= 1 && res.tv_nsec <= 10000000, "a fine resolution");
	CHECK_OK(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, NULL),
		 "clock_nanosleep to a CPU time already past returns");
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &its.it_value, NULL),
		  EOPNOTSUPP, "the kernel has no sleep on CLOCK_THREAD_CPUTIME_ID: EOPNOTSUPP");
	CHECK_ERR(syscall(SYS_clock_nanosleep, (clockid_t)((-getpid() - 1) * 8U + 6), 0,
			  &its.it_value, NULL),
		  EINVAL, "clock_nanosleep on our own thread's clock id: EINVAL");
}

/* A spinning child's CPU clock, seen from the parent. */
static void test_other_clock(void)
{
	struct timespec a, b, d = { 0, 50000000 };
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } };
	clockid_t c, mine;
	int sig = SIGRTMIN + 4, st;
	sigset_t set;
	siginfo_t si;
	pid_t pid;

	CHECK_OK(clock_getcpuclockid(0, &mine), "clock_getcpuclockid of ourselves");
	CHECK(clock_ms(mine) - clock_ms(CLOCK_PROCESS_CPUTIME_ID) < 50, "it is our CPU clock");
	pid = fork();
	if (pid == 0) {
		volatile unsigned long n = 0;
		for (;;)
			n++;
	}
	CHECK(clock_getcpuclockid(pid, &c) == 0, "clock_getcpuclockid of a child");
	CHECK_OK(clock_gettime(c, &a), "clock_gettime on it");
	CHECK_OK(clock_getres(c, &b), "clock_getres on it");
	CHECK_OK(clock_nanosleep(c, 0, &d, NULL), "clock_nanosleep 50 ms of the child's CPU time");
	CHECK_OK(clock_gettime(c, &b), "clock_gettime again");
	CHECK(ts_ms(b) - ts_ms(a) >= 40, "the child used that much meanwhile");
	CHECK_ERR(syscall(SYS_clock_gettime, (clockid_t)((-pid - 1) * 8U + 6), &a), EINVAL,
		  "another process's thread clock: EINVAL");

	block(sig, &set);
	timer_t t = make(c, SIGEV_SIGNAL, sig, 8);
	CHECK(t != (timer_t)-1, "timer_create on the child's CPU clock");
	CHECK_OK(timer_settime(t, 0, &its, NULL), "arm it for 30 ms of the child's time");
	d = (struct timespec){ 5, 0 };
	CHECK_EQ(sigtimedwait(&set, &si, &d), sig, "it fires for us while we sleep");
	CHECK_EQ(si.si_value.sival_int, 8, "with our sigev_value");
	timer_delete(t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK_ERR(clock_gettime(c, &a), EINVAL, "the reaped child's clock: EINVAL");
}

/* The kernel's struct sigevent with sigev_notify_thread_id. */
struct ksigevent {
	union sigval value;
	int signo, notify, tid, pad[11];
};

static void test_thread_id(void)
{
	struct ksigevent sev = { .signo = SIGUSR1, .notify = SIGEV_SIGNAL | SIGEV_THREAD_ID };
	struct itimerspec its = { { 0, 0 }, { 0, 10000000 } };
	struct timespec w = { 2, 0 };
	sigset_t set;
	siginfo_t si;
	int t;

	sev.tid = 999999;
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t), EINVAL,
		  "SIGEV_THREAD_ID to a tid that is not ours: EINVAL");
	sev.tid = (int)syscall(SYS_gettid);
	sev.value.sival_int = 3;
	CHECK_OK(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t),
		 "SIGEV_THREAD_ID to our own tid");
	block(SIGUSR1, &set);
	CHECK_OK(syscall(SYS_timer_settime, t, 0, &its, NULL), "arm it for 10 ms");
	CHECK(sigtimedwait(&set, &si, &w) == SIGUSR1 && si.si_value.sival_int == 3,
	      "its signal comes to the thread");
	syscall(SYS_timer_delete, t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(void)
{
	check_begin("ptimer");
	test_one_shot();
	test_periodic_and_overrun();
	test_none_and_abstime();
	test_errors();
	test_cpu_timers();
	test_other_clock();
	test_thread_id();
	return check_done();
}
