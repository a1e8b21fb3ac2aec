// SPDX-License-Identifier: MIT
/*
 * flock.c - flock(2) advisory locks (shared, exclusive, non-blocking,
 * blocking until released, ownership by the open file description, release
 * at last close), fcntl record locks (F_GETLK, F_SETLK, F_SETLKW: ranges,
 * owners, splitting, release on any close and at exit, errors; passwd and
 * adduser lock /etc/passwd so), F_SETLKW's deadlock detection (EDEADLK,
 * also through a chain of waiting processes), open file description locks
 * (F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW: owned by the description, shared
 * by dup and fork, gone at its last close, conflicting with classic locks,
 * l_pid -1 and 0) and sendfile(2) (with and without an offset, into a pipe,
 * error cases).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
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

static void pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * A child that write-locks byte own, then (after telling the parent on
 * ready) waits in F_SETLKW for byte want; it exits 0 once it has it.
 */
static pid_t lock_then_wait(int own, int want)
{
	int p[2];
	char ch;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int fd = open(R, O_RDWR);
		if (setlk(fd, F_SETLK, F_WRLCK, own, 1))
			_exit(1);
		write(p[1], "r", 1);
		_exit(setlk(fd, F_SETLKW, F_WRLCK, want, 1) ? 2 : 0);
	}
	read(p[0], &ch, 1);
	pause_ms(100); /* into its F_SETLKW */
	close(p[0]);
	close(p[1]);
	return pid;
}

static bool exited_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_deadlock(void)
{
	int fd = open(R, O_RDWR);
	pid_t a, b;

	CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 1), "the parent locks byte 0");
	a = lock_then_wait(1, 0);
	CHECK_EQ(waitpid(a, NULL, WNOHANG), 0, "a child holding byte 1 waits for byte 0");
	CHECK_ERR(setlk(fd, F_SETLKW, F_WRLCK, 1, 1), EDEADLK,
		  "F_SETLKW for byte 1 would wait for a waiter of ours: EDEADLK");
	CHECK_ERR(setlk(fd, F_SETLK, F_WRLCK, 1, 1), EAGAIN, "F_SETLK there: EAGAIN");
	CHECK_OK(setlk(fd, F_SETLKW, F_RDLCK, 2, 1), "an unrelated F_SETLKW still works");
	CHECK_OK(setlk(fd, F_SETLK, F_UNLCK, 0, 1), "unlock byte 0");
	CHECK(exited_ok(a), "the child got byte 0");
	CHECK_OK(setlk(fd, F_SETLKW, F_WRLCK, 1, 1), "byte 1 is free after its exit");
	CHECK_OK(setlk(fd, F_SETLK, F_UNLCK, 0, 0), "unlock all");

	/* parent holds 0; a holds 1 waiting for 0; b holds 2 waiting for 1. */
	CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 1), "the parent locks byte 0 again");
	a = lock_then_wait(1, 0);
	b = lock_then_wait(2, 1);
	CHECK_ERR(setlk(fd, F_SETLKW, F_WRLCK, 2, 1), EDEADLK,
		  "a chain of two waiting processes back to us: EDEADLK");
	CHECK_OK(setlk(fd, F_SETLK, F_UNLCK, 0, 1), "unlock byte 0");
	CHECK(exited_ok(a), "the first waiter got byte 0");
	CHECK(exited_ok(b), "then the second got byte 1");
	close(fd);
}

static int ofdlk(int fd, int cmd, int type, off_t start, off_t len, pid_t pid)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start,
			    .l_len = len, .l_pid = pid };

	return fcntl(fd, cmd, &fl);
}

/* F_OFD_GETLK (or F_GETLK) of a write lock on start..+len through fd. */
static struct flock ofd_probe(int fd, int cmd, off_t start, off_t len)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start,
			    .l_len = len };

	if (fcntl(fd, cmd, &fl) < 0)
		fl.l_type = -1;
	return fl;
}

static void test_ofd(void)
{
	int a = open(R, O_RDWR), b = open(R, O_RDWR), ro = open(R, O_RDONLY), d, t;
	struct flock fl;
	pid_t pid;

	CHECK_OK(ofdlk(a, F_OFD_SETLK, F_WRLCK, 0, 10, 0), "F_OFD_SETLK write lock on 0..9");
	CHECK_ERR(ofdlk(b, F_OFD_SETLK, F_WRLCK, 5, 1, 0), EAGAIN,
		  "another open by the same process is another owner: EAGAIN");
	fl = ofd_probe(b, F_OFD_GETLK, 0, 0);
	CHECK(fl.l_type == F_WRLCK && fl.l_start == 0 && fl.l_len == 10 && fl.l_pid == -1,
	      "F_OFD_GETLK from it: the OFD lock, l_pid -1");
	fl = ofd_probe(a, F_GETLK, 0, 0);
	CHECK(fl.l_type == F_WRLCK && fl.l_pid == -1,
	      "F_GETLK on the same fd: the process is another owner than the description");
	CHECK_ERR(setlk(a, F_SETLK, F_RDLCK, 3, 1), EAGAIN, "a classic lock conflicts with it");
	CHECK_OK(ofdlk(a, F_OFD_SETLK, F_RDLCK, 2, 2, 0), "the owner converts part of it");
	fl = ofd_probe(b, F_OFD_GETLK, 2, 1);
	CHECK(fl.l_type == F_RDLCK && fl.l_start == 2 && fl.l_len == 2, "... split as classic locks");
	CHECK_OK(ofdlk(b, F_OFD_SETLK, F_RDLCK, 2, 2, 0), "a read lock of another owner shares it");
	CHECK_OK(ofdlk(b, F_OFD_SETLK, F_UNLCK, 0, 0, 0), "F_OFD_SETLK F_UNLCK");

	CHECK_ERR(ofdlk(b, F_OFD_SETLK, F_WRLCK, 20, 1, 1), EINVAL, "F_OFD_SETLK with l_pid 1: EINVAL");
	CHECK_ERR(ofdlk(b, F_OFD_SETLKW, F_WRLCK, 20, 1, -1), EINVAL, "F_OFD_SETLKW with l_pid -1: EINVAL");
	CHECK_ERR(ofdlk(b, F_OFD_GETLK, F_WRLCK, 20, 1, 1), EINVAL, "F_OFD_GETLK with l_pid 1: EINVAL");
	CHECK_ERR(ofdlk(b, F_OFD_GETLK, F_UNLCK, 20, 1, 0), EINVAL, "F_OFD_GETLK of F_UNLCK: EINVAL");
	CHECK_ERR(ofdlk(ro, F_OFD_SETLK, F_WRLCK, 20, 1, 0), EBADF, "a write lock on a read-only fd: EBADF");

	d = dup(a);
	CHECK_OK(ofdlk(d, F_OFD_SETLK, F_WRLCK, 0, 1, 0), "a dup is the same owner");
	close(d);
	t = open(R, O_RDWR);
	close(t);
	CHECK_ERR(ofdlk(b, F_OFD_SETLK, F_WRLCK, 0, 1, 0), EAGAIN,
		  "closing a dup or another descriptor keeps OFD locks");

	CHECK_OK(setlk(b, F_SETLK, F_WRLCK, 50, 1), "a classic lock on byte 50");
	fl = ofd_probe(a, F_OFD_GETLK, 50, 1);
	CHECK(fl.l_type == F_WRLCK && fl.l_pid == getpid(), "F_OFD_GETLK sees it with our pid");
	CHECK_ERR(ofdlk(a, F_OFD_SETLK, F_RDLCK, 50, 1, 0), EAGAIN, "and conflicts with it");
	CHECK_OK(setlk(b, F_SETLK, F_UNLCK, 50, 1), "drop it");

	pid = fork();
	if (pid == 0) {
		int own = open(R, O_RDWR);
		struct flock g = ofd_probe(own, F_OFD_GETLK, 0, 1);
		if (g.l_type != F_WRLCK || g.l_pid != -1)
			_exit(1);
		/* The inherited description is the owner: its lock is ours. */
		if (ofdlk(a, F_OFD_SETLK, F_WRLCK, 0, 20, 0))
			_exit(2);
		_exit(ofdlk(own, F_OFD_SETLKW, F_WRLCK, 30, 1, 0) ? 3 : 0);
	}
	CHECK(exited_ok(pid), "a child shares the inherited description's locks");
	fl = ofd_probe(b, F_OFD_GETLK, 0, 0);
	CHECK(fl.l_type == F_WRLCK && fl.l_start == 0 && fl.l_len == 20,
	      "what it locked through it outlives the child; its own open's lock went");

	pid = fork();
	if (pid == 0) {
		close(a); /* the parent's close is then the last */
		_exit(ofdlk(open(R, O_RDWR), F_OFD_SETLKW, F_WRLCK, 5, 1, 0) ? 1 : 0);
	}
	pause_ms(100);
	CHECK_EQ(waitpid(pid, NULL, WNOHANG), 0, "F_OFD_SETLKW waits");
	close(a);
	CHECK(exited_ok(pid), "and gets it at the last close of the holding description");
	CHECK_OK(ofdlk(b, F_OFD_SETLK, F_WRLCK, 0, 0, 0), "nothing is left locked");
	close(b);
	close(ro);
}

int main(void)
{
	check_begin("flock");
	mkdir("/tmp/flock", 0755);
	test_flock();
	test_reclock();
	test_deadlock();
	test_ofd();
	test_sendfile();
	return check_done();
}
