// SPDX-License-Identifier: MIT
/*
 * flock.c - flock(2) advisory locks (shared, exclusive, non-blocking,
 * blocking until released, ownership by the open file description, release
 * at last close), fcntl record locks (F_GETLK, F_SETLK, F_SETLKW: ranges,
 * owners, splitting, release on any close and at exit, errors; passwd and
 * adduser lock /etc/passwd so) and sendfile(2) (with and without an offset,
 * into a pipe, error cases).
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

#define R "/tmp/flock/r"

static int setlk(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* What F_GETLK says a type lock on start..+len from this process meets. */
static struct flock getlk(int fd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	if (fcntl(fd, F_GETLK, &fl) < 0)
		fl.l_type = -1;
	return fl;
}

/* Run fn in a child with its own open of R; its exit status. */
static int in_child(int (*fn)(int))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(open(R, O_RDWR)));
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 99;
}

/* The parent holds a write lock on 0..99 with read lock 10..19 cut out. */
static int child_sees_split(int fd)
{
	struct flock a = getlk(fd, F_WRLCK, 0, 5), b = getlk(fd, F_WRLCK, 12, 1);
	struct flock c = getlk(fd, F_RDLCK, 10, 10);

	if (a.l_type != F_WRLCK || a.l_start != 0 || a.l_len != 10 || a.l_pid != getppid())
		return 1;
	if (b.l_type != F_RDLCK || b.l_start != 10 || b.l_len != 10)
		return 2;
	if (c.l_type != F_UNLCK)
		return 3;
	if (setlk(fd, F_SETLK, F_RDLCK, 50, 10) != -1 || (errno != EAGAIN && errno != EACCES))
		return 4;
	if (setlk(fd, F_SETLK, F_RDLCK, 10, 10) != 0 || setlk(fd, F_SETLK, F_WRLCK, 100, 0) != 0)
		return 5;
	return 0;
}

static int child_locks_all(int fd)
{
	return setlk(fd, F_SETLK, F_WRLCK, 0, 0) == 0 ? 0 : 1;
}

static int child_waits(int fd)
{
	return setlk(fd, F_SETLKW, F_WRLCK, 0, 1) == 0 ? 0 : 1;
}

static void test_reclock(void)
{
	int fd = open(R, O_RDWR | O_CREAT, 0644), other = open(R, O_RDWR), ro = open(R, O_RDONLY);
	struct flock fl;

	fl = getlk(fd, F_WRLCK, 0, 0);
	CHECK_EQ(fl.l_type, F_UNLCK, "F_GETLK on an unlocked file: F_UNLCK");
	CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 100), "F_SETLK write lock on 0..99");
	CHECK_OK(setlk(fd, F_SETLK, F_RDLCK, 10, 10), "a read lock on 10..19 replaces that part");
	fl = getlk(fd, F_WRLCK, 0, 0);
	CHECK_EQ(fl.l_type, F_UNLCK, "a process's own locks never conflict");
	CHECK_EQ(in_child(child_sees_split), 0,
		 "another process: the split locks, l_pid, a conflict (EAGAIN), shared reads");
	CHECK_OK(close(other), "close another descriptor of the file");
	CHECK_EQ(in_child(child_locks_all), 0, "any close dropped the process's locks");

	CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 20, -10), "a negative l_len locks the bytes before l_start");
	fl = getlk(fd, F_WRLCK, 0, 0);
	CHECK(fl.l_type == F_UNLCK, "own lock again: no conflict");
	pid_t pid = fork();
	if (pid == 0) {
		struct flock g = getlk(open(R, O_RDWR), F_RDLCK, 0, 0);
		_exit(g.l_type == F_WRLCK && g.l_start == 10 && g.l_len == 10 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "another process sees it as 10..19");
	CHECK_OK(setlk(fd, F_SETLK, F_UNLCK, 0, 0), "F_UNLCK of the whole file");

	/* F_SETLKW waits for the holder to let go. */
	CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 1), "write lock on byte 0");
	pid = fork();
	if (pid == 0)
		_exit(child_waits(open(R, O_RDWR)));
	struct timespec ts = { 0, 100000000 };
	nanosleep(&ts, NULL);
	CHECK_EQ(waitpid(pid, NULL, WNOHANG), 0, "F_SETLKW waits while another holds it");
	setlk(fd, F_SETLK, F_UNLCK, 0, 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "and gets it after the unlock");
	CHECK_EQ(in_child(child_locks_all), 0, "a process's locks go at its exit");

	CHECK_ERR(setlk(fd, F_SETLK, 7, 0, 0), EINVAL, "a bad l_type: EINVAL");
	CHECK_ERR(setlk(fd, F_SETLK, F_RDLCK, -1, 1), EINVAL, "a start before 0: EINVAL");
	CHECK_ERR(setlk(ro, F_SETLK, F_WRLCK, 0, 0), EBADF, "a write lock on a read-only fd: EBADF");
	CHECK_OK(setlk(ro, F_SETLK, F_RDLCK, 0, 0), "a read lock on it is fine");
	fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
	CHECK_ERR(fcntl(fd, F_GETLK, &fl), EINVAL, "F_GETLK of F_UNLCK: EINVAL");
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = 9 };
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL, "a bad l_whence: EINVAL");
	CHECK_ERR(fcntl(fd, F_SETLK, (void *)8), EFAULT, "a bad pointer: EFAULT");
	close(ro);
	close(fd);
}

int main(void)
{
	check_begin("flock");
	mkdir("/tmp/flock", 0755);
	test_flock();
	test_reclock();
	test_sendfile();
	return check_done();
}
