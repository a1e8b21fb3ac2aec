/* SPDX-License-Identifier: MIT */
/*
 * pipe.c - guest test: pipe and pipe2.
 *
 * Data flow, end-of-file once every writer is gone, EPIPE (and SIGPIPE)
 * once every reader is gone, O_NONBLOCK and O_CLOEXEC from pipe2, blocking
 * across fork, ESPIPE for seeks, and the bad-argument errors.  The pipe's
 * capacity is configurable on Linux, so only its bounds are checked.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"
#include "legacy.h"

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void test_basic(void)
{
	char buf[64];
	struct stat st;
	int p[2];

	CHECK_OK(pipe(p), "pipe");
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe returns two distinct fds");
	CHECK_EQ(write(p[1], "through", 7), 7, "write into the pipe");
	CHECK_EQ(read(p[0], buf, 3), 3, "read part of the data");
	CHECK(!memcmp(buf, "thr", 3), "data arrives in order");
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 4, "read returns only what is buffered");
	CHECK(!memcmp(buf, "ough", 4), "the rest of the data");
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "the read end is S_IFIFO");
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY, "the read end is O_RDONLY");
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY, "the write end is O_WRONLY");
	CHECK_EQ(fcntl(p[0], F_GETFD), 0, "pipe fds are not close-on-exec");
	CHECK_ERR(write(p[0], "x", 1), EBADF, "write to the read end: EBADF");
	CHECK_ERR(read(p[1], buf, 1), EBADF, "read from the write end: EBADF");
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe: ESPIPE");
	CHECK_ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE, "lseek SEEK_CUR on a pipe: ESPIPE");
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE, "pread on a pipe: ESPIPE");
	CHECK_ERR(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite on a pipe: ESPIPE");
	CHECK_ERR(syscall(SYS_write, p[1], (void *)1, 4), EFAULT,
		  "write from a bad buffer: EFAULT");
	write(p[1], "abc", 3);
	CHECK_ERR(syscall(SYS_read, p[0], (void *)1, 4), EFAULT, "read into a bad buffer: EFAULT");
	/* Linux copies from the pipe only on success, so the data is still there. */
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3, "a failed read leaves the data in the pipe");

	struct iovec iov[2] = { { "ve", 2 }, { "ctor", 4 } };
	CHECK_EQ(writev(p[1], iov, 2), 6, "writev into a pipe");
	char a[3] = "", b[8] = "";
	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, 8 };
	CHECK_EQ(readv(p[0], iov, 2), 6, "readv from a pipe");
	CHECK(!memcmp(a, "vec", 3) && !memcmp(b, "tor", 3), "readv scattered the pipe data");

	/* End of file only once the last writer is closed. */
	int w2 = dup(p[1]);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN, "a dup of the write end keeps the pipe open");
	close(w2);
	CHECK_EQ(read(p[0], buf, 1), 0, "read after every writer closed: end of file");
	close(p[0]);

	CHECK_ERR(raw_pipe((void *)1), EFAULT, "pipe with a bad array: EFAULT");
	CHECK_ERR(raw_pipe((void *)0xdeadbeef000UL), EFAULT,
		  "pipe with an unmapped array: EFAULT");
}

static void test_pipe2(void)
{
	char buf[8];
	int p[2];

	CHECK_OK(pipe2(p, O_CLOEXEC), "pipe2 O_CLOEXEC");
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC,
	      "pipe2 O_CLOEXEC sets FD_CLOEXEC on both ends");
	close(p[0]);
	close(p[1]);

	CHECK_OK(pipe2(p, O_NONBLOCK), "pipe2 O_NONBLOCK");
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK),
	      "both ends are O_NONBLOCK");
	CHECK_ERR(read(p[0], buf, sizeof(buf)), EAGAIN,
		  "read from an empty non-blocking pipe: EAGAIN");

	/* Fill it: the capacity is at least PIPE_BUF (4096) and 64 KiB by default. */
	static char chunk[4096];
	long total = 0, r;
	memset(chunk, 'p', sizeof(chunk));
	while ((r = write(p[1], chunk, sizeof(chunk))) > 0 && total < (1L << 24))
		total += r;
	CHECK(r < 0 && errno == EAGAIN, "writing into a full non-blocking pipe: EAGAIN");
	CHECK(total >= 4096 && total <= (1L << 20), "pipe capacity is between 4 KiB and 1 MiB");
	long got = 0;
	while ((r = read(p[0], chunk, sizeof(chunk))) > 0)
		got += r;
	CHECK_EQ(got, total, "everything written comes back out");
	close(p[0]);
	close(p[1]);

	CHECK_ERR(pipe2(p, 0x1), EINVAL, "pipe2 with an unknown flag: EINVAL");
	CHECK_ERR(pipe2(p, O_RDWR), EINVAL, "pipe2 with O_RDWR: EINVAL");
	CHECK_ERR(syscall(SYS_pipe2, (void *)1, 0), EFAULT, "pipe2 with a bad array: EFAULT");
}

static void test_epipe(void)
{
	int p[2], status;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	CHECK_ERR(write(p[1], "x", 1), EPIPE, "write with no reader: EPIPE");
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);

	pid = fork();
	if (pid == 0) {
		pipe(p);
		close(p[0]);
		write(p[1], "x", 1);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid, "wait for the writer child");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "write with no reader and SIGPIPE at default kills with SIGPIPE");
}

static void test_fork(void)
{
	char buf[16];
	int p[2], status;
	pid_t pid;
	struct timespec t0, t1;

	pipe(p);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		sleep_ms(30);
		write(p[1], "late", 4);
		sleep_ms(10);
		_exit(0);
	}
	close(p[1]);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 4, "a blocking read waits for the child's write");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(!memcmp(buf, "late", 4), "the child's data arrived");
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 25, "the read blocked until the child wrote");
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0, "read returns 0 once the child exits");
	close(p[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer child exited cleanly");
}

int main(void)
{
	check_begin("pipe");
	test_basic();
	test_pipe2();
	test_epipe();
	test_fork();
	return check_done();
}
