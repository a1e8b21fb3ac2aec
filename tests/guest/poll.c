// SPDX-License-Identifier: MIT
/*
 * poll.c - poll, ppoll, select, pselect6: readiness of pipes, regular files
 * and /dev/null, hang-up and error conditions, timeouts, wake-ups from
 * another process, signals (EINTR, and pselect's temporary mask), and the
 * error cases (EINVAL, EFAULT, EBADF, POLLNVAL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "legacy.h"

#define BADPTR ((void *)0xdeadbeef000UL)

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static volatile int got_usr1;
static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static void test_pipe_readiness(void)
{
	int p[2];
	struct pollfd fds[2];

	pipe(p);
	fds[0] = (struct pollfd){ p[0], POLLIN, 0 };
	fds[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK_EQ(poll(fds, 1, 0), 0, "empty pipe: read end not ready");
	CHECK_EQ(fds[0].revents, 0, "empty pipe: revents 0");
	CHECK_EQ(poll(&fds[1], 1, 0), 1, "write end is writable");
	CHECK_EQ(fds[1].revents, POLLOUT, "write end: POLLOUT");
	write(p[1], "x", 1);
	CHECK_EQ(poll(fds, 2, 0), 2, "after a write both ends are ready");
	CHECK_EQ(fds[0].revents, POLLIN, "read end: POLLIN");
	close(p[1]);
	CHECK_EQ(poll(fds, 1, 0), 1, "writer gone: still ready");
	CHECK_EQ(fds[0].revents, POLLIN | POLLHUP, "writer gone with data: POLLIN|POLLHUP");
	char c;
	read(p[0], &c, 1);
	poll(fds, 1, 0);
	CHECK_EQ(fds[0].revents, POLLHUP, "writer gone, drained: POLLHUP");
	close(p[0]);

	pipe(p);
	close(p[0]);
	fds[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK_EQ(poll(&fds[1], 1, 0), 1, "reader gone: write end reports");
	CHECK(fds[1].revents & POLLERR, "reader gone: POLLERR");
	close(p[1]);
}

static void test_other_files(void)
{
	int n = open("/dev/null", O_RDWR), f = open("/data/hello.txt", O_RDONLY);
	struct pollfd fds[4] = {
		{ n, POLLIN | POLLOUT, 0 }, { f, POLLIN, 0 }, { -1, POLLIN, 7 },
		{ 999, POLLIN, 0 },
	};

	CHECK_EQ(poll(fds, 4, 0), 3, "null, file and a bad fd count; -1 does not");
	CHECK_EQ(fds[0].revents, POLLIN | POLLOUT, "/dev/null: POLLIN|POLLOUT");
	CHECK_EQ(fds[1].revents, POLLIN, "regular file: POLLIN");
	CHECK_EQ(fds[2].revents, 0, "fd -1 is ignored, revents cleared");
	CHECK_EQ(fds[3].revents, POLLNVAL, "fd 999: POLLNVAL");
	close(n);
	close(f);
}

static void test_timeouts_and_wakeups(void)
{
	int p[2];
	struct pollfd fd;
	struct timespec t0;

	pipe(p);
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(poll(&fd, 1, 50), 0, "poll times out with 0");
	CHECK(ms_since(&t0) >= 50, "poll waited its 50 ms");

	pid_t pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 30000000 };
		nanosleep(&d, NULL);
		write(p[1], "y", 1);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(poll(&fd, 1, 5000), 1, "a blocked poll wakes when another process writes");
	CHECK(ms_since(&t0) < 4000, "... well before its timeout");
	waitpid(pid, NULL, 0);

	struct timespec ts = { 0, 20000000 };
	char c;
	read(p[0], &c, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(ppoll(&fd, 1, &ts, NULL), 0, "ppoll times out with 0");
	CHECK(ms_since(&t0) >= 20, "ppoll waited its 20 ms");
	close(p[0]);
	close(p[1]);
}

static void test_errors(void)
{
	struct pollfd fd = { 0, POLLIN, 0 };
	struct timespec bad = { 0, 2000000000 };

	CHECK_ERR(raw_poll(BADPTR, 1, 0), EFAULT, "poll on a bad pointer: EFAULT");
	CHECK_ERR(raw_poll(&fd, 100000, 0), EINVAL, "poll with nfds over the limit: EINVAL");
	CHECK_ERR(ppoll(&fd, 1, &bad, NULL), EINVAL, "ppoll with tv_nsec out of range: EINVAL");
	CHECK_ERR(select(-1, NULL, NULL, NULL, NULL), EINVAL, "select with nfds < 0: EINVAL");
}

static void test_signals(void)
{
	struct sigaction sa;
	int p[2];
	struct pollfd fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pipe(p);
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 30000000 };
		for (int i = 0; i < 3; i++) {
			nanosleep(&d, NULL);
			kill(parent, SIGUSR1);
		}
		_exit(0);
	}
	got_usr1 = 0;
	CHECK_ERR(poll(&fd, 1, 5000), EINTR, "a signal interrupts poll: EINTR");
	CHECK(got_usr1 >= 1, "the handler ran");
	waitpid(pid, NULL, 0);

	/* pselect: SIGUSR1 blocked outside, let in only while waiting. */
	sigset_t block, empty, now;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	got_usr1 = 0;
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 30000000 };
		for (int i = 0; i < 3; i++) {
			nanosleep(&d, NULL);
			kill(parent, SIGUSR1);
		}
		_exit(0);
	}
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timespec ts = { 5, 0 };
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, &ts, &empty), EINTR,
		  "pselect lets a blocked signal in while it waits: EINTR");
	CHECK(got_usr1 >= 1, "the handler ran during pselect");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "the old mask is back after pselect");
	waitpid(pid, NULL, 0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	close(p[0]);
	close(p[1]);
}

static void test_select(void)
{
	int p[2];
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	pipe(p);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	CHECK_EQ(select(p[1] + 1, &rd, &wr, NULL, &tv), 1, "select: only the write end is ready");
	CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr), "select: the sets say so");
	write(p[1], "z", 1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 1, 0 };
	CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 1, "select: readable after a write");
	CHECK(FD_ISSET(p[0], &rd), "select: read set has the fd");
	CHECK(tv.tv_sec <= 1 && tv.tv_sec >= 0, "select leaves the time remaining in the timeval");
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 30000 };
	char c;
	read(p[0], &c, 1);
	CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 0, "select times out with 0");
	CHECK(!FD_ISSET(p[0], &rd), "select: a timed-out set is cleared");
	close(p[0]);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 0 };
	CHECK_ERR(select(p[0] + 1, &rd, NULL, NULL, &tv), EBADF, "select on a closed fd: EBADF");
	close(p[1]);
}

int main(void)
{
	check_begin("poll");
	test_pipe_readiness();
	test_other_files();
	test_timeouts_and_wakeups();
	test_errors();
	test_signals();
	test_select();
	return check_done();
}
