// SPDX-License-Identifier: MIT
/*
 * flock.c - flock(2) advisory locks (shared, exclusive, non-blocking,
 * blocking until released, ownership by the open file description, release
 * at last close) and sendfile(2) (with and without an offset, into a pipe,
 * error cases).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define F "/tmp/flock/f"

static void test_flock(void)
{
	int a = open(F, O_RDWR | O_CREAT, 0644), b = open(F, O_RDWR), d;

	CHECK_OK(flock(a, LOCK_SH), "shared lock");
	CHECK_OK(flock(b, LOCK_SH | LOCK_NB), "a second shared lock from another open");
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK, "exclusive while shared by another: EWOULDBLOCK");
	CHECK_OK(flock(a, LOCK_UN), "unlock");
	CHECK_OK(flock(b, LOCK_EX | LOCK_NB), "exclusive once the other shared lock is gone (converted)");
	CHECK_ERR(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK, "shared while another holds exclusive: EWOULDBLOCK");
	d = dup(b);
	CHECK_OK(flock(d, LOCK_EX | LOCK_NB), "a dup shares the description's lock");
	close(d);
	CHECK_ERR(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK, "closing a dup keeps the lock");
	close(b);
	CHECK_OK(flock(a, LOCK_EX | LOCK_NB), "the last close released it");

	/* A child blocks until the parent lets go. */
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		int c = open(F, O_RDWR);
		write(p[1], "r", 1);
		int r = flock(c, LOCK_EX);
		_exit(r == 0 ? 0 : 1);
	}
	char ch;
	read(p[0], &ch, 1);
	struct timespec ts = { 0, 50000000 };
	nanosleep(&ts, NULL);
	CHECK_EQ(waitpid(pid, NULL, WNOHANG), 0, "the child waits for the lock");
	flock(a, LOCK_UN);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child gets it after unlock");
	close(p[0]);
	close(p[1]);

	CHECK_ERR(flock(999, LOCK_SH), EBADF, "flock on a bad fd: EBADF");
	CHECK_ERR(flock(a, 0), EINVAL, "flock with no operation: EINVAL");
	CHECK_ERR(flock(a, LOCK_SH | LOCK_EX), EINVAL, "flock with two operations: EINVAL");
	close(a);
}

static void test_sendfile(void)
{
	const char msg[] = "0123456789abcdefghij";
	int in = open("/tmp/flock/src", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int out = open("/tmp/flock/dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[64];
	off_t off = 5;

	write(in, msg, 20);
	lseek(in, 0, SEEK_SET);
	CHECK_EQ(sendfile(out, in, &off, 10), 10, "sendfile with an offset copies 10 bytes");
	CHECK_EQ(off, 15, "the offset advanced");
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 0, "the input position did not move");
	CHECK_EQ(pread(out, buf, sizeof(buf), 0), 10, "the output has 10 bytes");
	CHECK(!memcmp(buf, "56789abcde", 10), "the right 10 bytes");
	CHECK_EQ(sendfile(out, in, NULL, 4), 4, "sendfile without an offset");
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 4, "... moves the input position");
	CHECK_EQ(sendfile(out, in, NULL, 100), 16, "a count past the end copies what is left");
	CHECK_EQ(sendfile(out, in, NULL, 100), 0, "at the end: 0");

	int p[2];
	pipe(p);
	off = 0;
	CHECK_EQ(sendfile(p[1], in, &off, 20), 20, "sendfile into a pipe");
	CHECK(read(p[0], buf, sizeof(buf)) == 20 && !memcmp(buf, msg, 20), "the pipe has the bytes");
	CHECK_ERR(sendfile(out, p[0], NULL, 1), EINVAL, "a pipe as the source: EINVAL");
	CHECK_ERR(sendfile(999, in, NULL, 1), EBADF, "a bad output fd: EBADF");
	CHECK_ERR(sendfile(out, 999, NULL, 1), EBADF, "a bad input fd: EBADF");
	CHECK_ERR(syscall(SYS_sendfile, out, in, (void *)1, 1), EFAULT, "a bad offset pointer: EFAULT");
	int ro = open("/tmp/flock/src", O_RDONLY);
	CHECK_ERR(sendfile(ro, in, NULL, 1), EBADF, "output not open for writing: EBADF");
	int ap = open("/tmp/flock/dst", O_WRONLY | O_APPEND);
	CHECK_ERR(sendfile(ap, in, NULL, 1), EINVAL, "output opened O_APPEND: EINVAL");
	close(ro);
	close(ap);
	close(p[0]);
	close(p[1]);
	close(in);
	close(out);
}

int main(void)
{
	check_begin("flock");
	mkdir("/tmp/flock", 0755);
	test_flock();
	test_sendfile();
	return check_done();
}
