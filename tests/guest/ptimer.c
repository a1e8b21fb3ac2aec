// SPDX-License-Identifier: MIT
/*
 * ptimer.c - POSIX timers: timer_create with SIGEV_SIGNAL and SIGEV_NONE,
 * one-shot and periodic timer_settime (relative and TIMER_ABSTIME),
 * timer_gettime, SI_TIMER siginfo with the sigval, overruns while the
 * signal is blocked, timer_delete, and the error cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
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

int main(void)
{
	check_begin("ptimer");
	test_one_shot();
	test_periodic_and_overrun();
	test_none_and_abstime();
	test_errors();
	return check_done();
}
