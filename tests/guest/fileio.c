/* SPDX-License-Identifier: MIT */
/*
 * fileio.c - guest test: file descriptors and plain I/O.
 *
 * read, write, readv, writev, pread64, pwrite64, open, openat, close, lseek,
 * dup, dup2, dup3 and fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/SETFD,
 * F_GETFL/SETFL), with the errors Linux returns for each (EBADF, EFAULT,
 * ENOENT, EEXIST, EISDIR, ENOTDIR, EINVAL, ESPIPE, EMFILE, ENOSPC).
 * Bad user pointers go through raw syscall() so libc cannot touch them first.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "check.h"
#include "legacy.h"

#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10       /* linux/falloc.h; musl has the others */
#endif

#define DIR_T "/tmp/fileio"
#define BADPTR ((void *)0xdeadbeef000UL)

static const char hello[] = "hello, world\n";

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_open_read(void)
{
	char buf[64];
	int fd = open("/data/hello.txt", O_RDONLY);

	CHECK(fd >= 0, "open /data/hello.txt O_RDONLY");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 13, "read returns the 13 bytes of the file");
	CHECK(memcmp(buf, hello, 13) == 0, "read data is \"hello, world\\n\"");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "read at end of file returns 0");
	CHECK_EQ(read(fd, buf, 0), 0, "read of 0 bytes returns 0");
	CHECK_ERR(write(fd, "x", 1), EBADF, "write to an O_RDONLY fd: EBADF");
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(syscall(SYS_read, fd, (void *)1, 8), EFAULT, "read into (void *)1: EFAULT");
	CHECK_ERR(syscall(SYS_read, fd, BADPTR, 8), EFAULT,
		  "read into unmapped 0xdeadbeef000: EFAULT");
	CHECK_ERR(syscall(SYS_read, fd, (void *)0xffff800000000000UL, 8), EFAULT,
		  "read into a kernel address: EFAULT");
	CHECK_OK(close(fd), "close");
	CHECK_ERR(close(fd), EBADF, "close of a closed fd: EBADF");
	CHECK_ERR(close(-1), EBADF, "close(-1): EBADF");
	CHECK_ERR(read(fd, buf, 1), EBADF, "read from a closed fd: EBADF");
	CHECK_ERR(read(-1, buf, 1), EBADF, "read from fd -1: EBADF");
	CHECK_ERR(write(999, "x", 1), EBADF, "write to fd 999: EBADF");

	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open a directory O_RDONLY|O_DIRECTORY");
	CHECK_ERR(read(fd, buf, sizeof(buf)), EISDIR, "read from a directory: EISDIR");
	close(fd);
}

static void test_open_errors(void)
{
	CHECK_ERR(open("/data/missing", O_RDONLY), ENOENT, "open a missing file: ENOENT");
	CHECK_ERR(open("/nonexistent/x", O_RDONLY | O_CREAT, 0644), ENOENT,
		  "O_CREAT in a missing directory: ENOENT");
	CHECK_ERR(open("/data/hello.txt", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		  "O_CREAT|O_EXCL on an existing file: EEXIST");
	CHECK_ERR(open("/tmp", O_WRONLY), EISDIR, "open a directory O_WRONLY: EISDIR");
	CHECK_ERR(open("/tmp", O_RDWR), EISDIR, "open a directory O_RDWR: EISDIR");
	CHECK_ERR(open("/data/hello.txt/x", O_RDONLY), ENOTDIR,
		  "a regular file used as a directory: ENOTDIR");
	CHECK_ERR(open("/data/hello.txt", O_RDONLY | O_DIRECTORY), ENOTDIR,
		  "O_DIRECTORY on a regular file: ENOTDIR");
	CHECK_ERR(open("", O_RDONLY), ENOENT, "open of an empty path: ENOENT");
	CHECK_ERR(raw_open((char *)1, O_RDONLY), EFAULT,
		  "open with path (char *)1: EFAULT");
	CHECK_ERR(raw_open(BADPTR, O_RDONLY), EFAULT,
		  "open with an unmapped path: EFAULT");
}

static void test_create_write(void)
{
	char buf[64];
	struct stat st;
	int fd, fd2;

	fd = open(DIR_T "/new", O_RDWR | O_CREAT | O_EXCL, 0666);
	CHECK(fd >= 0, "O_CREAT|O_EXCL creates a new file");
	CHECK_OK(fstat(fd, &st), "fstat the new file");
	CHECK_EQ(st.st_mode & 07777, 0644, "new file mode is 0666 & ~umask 022");
	CHECK_EQ(st.st_size, 0, "new file is empty");
	CHECK_EQ(write(fd, "abcdef", 6), 6, "write 6 bytes");
	CHECK_EQ(write(fd, "", 0), 0, "write of 0 bytes returns 0");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6, "offset advanced by the write");
	CHECK_ERR(syscall(SYS_write, fd, (void *)1, 4), EFAULT, "write from (void *)1: EFAULT");
	CHECK_ERR(syscall(SYS_write, fd, BADPTR, 4), EFAULT,
		  "write from an unmapped buffer: EFAULT");

	fd2 = open(DIR_T "/new", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(fd2, buf, sizeof(buf)), 6, "second open reads what was written");
	CHECK(memcmp(buf, "abcdef", 6) == 0, "data read back matches");
	close(fd2);

	/* O_APPEND writes at the end whatever the offset. */
	fd2 = open(DIR_T "/new", O_WRONLY | O_APPEND);
	lseek(fd2, 0, SEEK_SET);
	CHECK_EQ(write(fd2, "gh", 2), 2, "O_APPEND write");
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 8, "O_APPEND write left the offset at the new end");
	CHECK_ERR(read(fd2, buf, 1), EBADF, "read from an O_WRONLY fd: EBADF");
	close(fd2);
	CHECK_EQ(pread(fd, buf, 8, 0), 8, "pread the appended file");
	CHECK(memcmp(buf, "abcdefgh", 8) == 0, "O_APPEND data landed at the end");

	/* A write past the end leaves a hole that reads as zeros. */
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100, "lseek past end of file");
	CHECK_EQ(write(fd, "Z", 1), 1, "write past end of file");
	CHECK_OK(fstat(fd, &st), "fstat after the hole");
	CHECK_EQ(st.st_size, 101, "size covers the hole");
	memset(buf, 1, sizeof(buf));
	CHECK_EQ(pread(fd, buf, 50, 40), 50, "pread inside the hole");
	CHECK(all_zero(buf, 50), "the hole reads as zeros");
	close(fd);

	fd = open(DIR_T "/new", O_RDWR | O_TRUNC);
	CHECK_OK(fstat(fd, &st), "open O_TRUNC");
	CHECK_EQ(st.st_size, 0, "O_TRUNC empties the file");
	close(fd);

	fd = open(DIR_T "/new", O_RDONLY | O_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	close(fd);
}

static void test_openat(void)
{
	char buf[16];
	int dfd, fd;

	dfd = open("/data", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open /data as a directory fd");
	fd = openat(dfd, "hello.txt", O_RDONLY);
	CHECK(fd >= 0, "openat relative to a directory fd");
	CHECK_EQ(read(fd, buf, 5), 5, "read through the openat fd");
	CHECK(memcmp(buf, "hello", 5) == 0, "openat opened the right file");
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR, "openat with a file fd as dirfd: ENOTDIR");
	close(fd);
	CHECK_ERR(openat(999, "hello.txt", O_RDONLY), EBADF, "openat with a bad dirfd: EBADF");
	fd = openat(999, "/data/hello.txt", O_RDONLY);
	CHECK(fd >= 0, "openat ignores dirfd for an absolute path");
	close(fd);
	fd = openat(AT_FDCWD, "/data/hello.txt", O_RDONLY);
	CHECK(fd >= 0, "openat with AT_FDCWD");
	close(fd);
	CHECK_ERR(openat(dfd, "missing", O_RDONLY), ENOENT, "openat a missing name: ENOENT");
	CHECK_ERR(syscall(SYS_openat, dfd, (char *)1, O_RDONLY), EFAULT, "openat bad path: EFAULT");
	close(dfd);
}

static void test_lseek(void)
{
	char c = 0;
	int fd = open("/data/hello.txt", O_RDONLY);

	CHECK_EQ(lseek(fd, 7, SEEK_SET), 7, "lseek SEEK_SET");
	CHECK_EQ(lseek(fd, 2, SEEK_CUR), 9, "lseek SEEK_CUR");
	CHECK_EQ(lseek(fd, -1, SEEK_END), 12, "lseek SEEK_END");
	CHECK_EQ(read(fd, &c, 1), 1, "read after lseek");
	CHECK_EQ(c, '\n', "read the last byte");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to a negative offset: EINVAL");
	CHECK_ERR(lseek(fd, -100, SEEK_END), EINVAL, "lseek before the start: EINVAL");
	CHECK_ERR(lseek(fd, 0, 42), EINVAL, "lseek with a bad whence: EINVAL");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 13, "failed lseeks left the offset alone");
	CHECK_ERR(lseek(999, 0, SEEK_SET), EBADF, "lseek on a bad fd: EBADF");
	close(fd);
}

static void test_vectors(void)
{
	char a[8], b[16], big[32];
	struct iovec iov[2];
	int fd = open("/data/hello.txt", O_RDONLY);

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	iov[0] = (struct iovec){ a, 7 };
	iov[1] = (struct iovec){ b, sizeof(b) };
	CHECK_EQ(readv(fd, iov, 2), 13, "readv fills two buffers");
	CHECK(memcmp(a, "hello, ", 7) == 0 && memcmp(b, "world\n", 6) == 0,
	      "readv scattered the data in order");
	CHECK_EQ(readv(fd, iov, 0), 0, "readv with iovcnt 0 returns 0");
	CHECK_ERR(readv(fd, iov, -1), EINVAL, "readv with a negative iovcnt: EINVAL");
	CHECK_ERR(syscall(SYS_readv, fd, iov, 1025), EINVAL, "readv with iovcnt > IOV_MAX: EINVAL");
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(syscall(SYS_readv, fd, (void *)1, 1), EFAULT,
		  "readv with a bad iov pointer: EFAULT");
	iov[0] = (struct iovec){ BADPTR, 4 };
	CHECK_ERR(syscall(SYS_readv, fd, iov, 1), EFAULT, "readv into a bad buffer: EFAULT");
	iov[0] = (struct iovec){ a, (size_t)1 << 63 };
	CHECK_ERR(syscall(SYS_readv, fd, iov, 1), EINVAL, "readv with a negative iov_len: EINVAL");
	CHECK_ERR(readv(999, iov, 1), EBADF, "readv on a bad fd: EBADF");
	close(fd);

	fd = open(DIR_T "/vec", O_RDWR | O_CREAT | O_TRUNC, 0644);
	iov[0] = (struct iovec){ "gather", 6 };
	iov[1] = (struct iovec){ "-write", 6 };
	CHECK_EQ(writev(fd, iov, 2), 12, "writev gathers two buffers");
	memset(big, 0, sizeof(big));
	CHECK_EQ(pread(fd, big, sizeof(big), 0), 12, "read back the writev data");
	CHECK(memcmp(big, "gather-write", 12) == 0, "writev wrote the buffers in order");
	CHECK_ERR(syscall(SYS_writev, fd, iov, 1025), EINVAL,
		  "writev with iovcnt > IOV_MAX: EINVAL");
	iov[0] = (struct iovec){ BADPTR, 4 };
	CHECK_ERR(syscall(SYS_writev, fd, iov, 1), EFAULT, "writev from a bad buffer: EFAULT");
	close(fd);
}

static void test_pread_pwrite(void)
{
	char buf[16];
	int fd = open(DIR_T "/pos", O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK_EQ(write(fd, "0123456789", 10), 10, "write 10 bytes");
	CHECK_EQ(pwrite(fd, "AB", 2, 4), 2, "pwrite at offset 4");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10, "pwrite did not move the offset");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(pread(fd, buf, 4, 3), 4, "pread at offset 3");
	CHECK(memcmp(buf, "3AB6", 4) == 0, "pread sees the pwrite data");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10, "pread did not move the offset");
	CHECK_EQ(pread(fd, buf, 16, 8), 2, "pread near the end is short");
	CHECK_EQ(pread(fd, buf, 16, 100), 0, "pread past the end returns 0");
	CHECK_ERR(pread(fd, buf, 4, -1), EINVAL, "pread at a negative offset: EINVAL");
	CHECK_ERR(pwrite(fd, buf, 4, -1), EINVAL, "pwrite at a negative offset: EINVAL");
	CHECK_ERR(syscall(SYS_pread64, fd, BADPTR, 4, 0), EFAULT,
		  "pread into a bad buffer: EFAULT");
	CHECK_ERR(pread(999, buf, 4, 0), EBADF, "pread on a bad fd: EBADF");
	close(fd);
	fd = open("/tmp", O_RDONLY);
	CHECK_ERR(pread(fd, buf, 4, 0), EISDIR, "pread on a directory: EISDIR");
	close(fd);
}

static void test_dup(void)
{
	char buf[8];
	int fd, d, r;

	fd = open("/data/hello.txt", O_RDONLY);
	d = dup(fd);
	CHECK(d >= 0 && d != fd, "dup returns a new fd");
	CHECK_EQ(read(fd, buf, 5), 5, "read 5 bytes through the original");
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 5, "dup shares the file offset");
	CHECK_EQ(fcntl(d, F_GETFD), 0, "dup clears FD_CLOEXEC");
	close(d);
	CHECK_EQ(dup(fd), d, "dup returns the lowest free fd");
	close(d);
	CHECK_ERR(dup(999), EBADF, "dup of a bad fd: EBADF");

	CHECK_EQ(dup2(fd, 50), 50, "dup2 to fd 50");
	CHECK_EQ(lseek(50, 0, SEEK_CUR), 5, "dup2 target shares the offset");
	r = open("/data/hello.txt", O_RDONLY);
	CHECK_EQ(dup2(r, 50), 50, "dup2 onto an open fd");
	CHECK_EQ(lseek(50, 0, SEEK_CUR), 0, "dup2 closed and replaced the old target");
	close(r);
	CHECK_EQ(dup2(50, 50), 50, "dup2(fd, fd) returns fd");
	CHECK_ERR(dup2(999, 50), EBADF, "dup2 from a bad fd: EBADF");
	CHECK_ERR(dup2(999, 999), EBADF, "dup2(bad, bad): EBADF");
	CHECK_ERR(dup2(fd, 1 << 20), EBADF, "dup2 beyond RLIMIT_NOFILE: EBADF");
	CHECK_ERR(dup2(fd, -1), EBADF, "dup2 to a negative fd: EBADF");
	close(50);

	CHECK_EQ(dup3(fd, 51, O_CLOEXEC), 51, "dup3 with O_CLOEXEC");
	CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC, "dup3 O_CLOEXEC sets FD_CLOEXEC");
	CHECK_EQ(dup3(fd, 52, 0), 52, "dup3 without flags");
	CHECK_EQ(fcntl(52, F_GETFD), 0, "dup3 without flags leaves FD_CLOEXEC clear");
	close(51);
	close(52);
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL, "dup3(fd, fd): EINVAL");
	CHECK_ERR(syscall(SYS_dup3, fd, 53, 1), EINVAL, "dup3 with a bad flag: EINVAL");
	CHECK_ERR(syscall(SYS_dup3, 999, 53, 0), EBADF, "dup3 from a bad fd: EBADF");
	close(fd);
}

static void test_fcntl(void)
{
	int fd = open(DIR_T "/fl", O_RDWR | O_CREAT | O_APPEND, 0644);
	int d, fl;

	d = fcntl(fd, F_DUPFD, 100);
	CHECK_EQ(d, 100, "F_DUPFD returns the lowest fd >= arg");
	CHECK_EQ(fcntl(d, F_GETFD), 0, "F_DUPFD clears FD_CLOEXEC");
	CHECK_EQ(fcntl(fd, F_DUPFD, 100), 101, "F_DUPFD skips fds in use");
	close(101);
	CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 100), 101, "F_DUPFD_CLOEXEC");
	CHECK_EQ(fcntl(101, F_GETFD), FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
	CHECK_OK(fcntl(101, F_SETFD, 0), "F_SETFD 0");
	CHECK_EQ(fcntl(101, F_GETFD), 0, "F_SETFD cleared FD_CLOEXEC");
	CHECK_OK(fcntl(100, F_SETFD, FD_CLOEXEC), "F_SETFD FD_CLOEXEC");
	CHECK_EQ(fcntl(100, F_GETFD), FD_CLOEXEC, "FD_CLOEXEC is per descriptor");
	CHECK_EQ(fcntl(fd, F_GETFD), 0, "the original descriptor is unaffected");
	close(100);
	close(101);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_DUPFD, 1024), EINVAL,
		  "F_DUPFD at RLIMIT_NOFILE: EINVAL");
	CHECK_ERR(syscall(SYS_fcntl, fd, F_DUPFD, -1), EINVAL,
		  "F_DUPFD with a negative arg: EINVAL");

	fl = fcntl(fd, F_GETFL);
	CHECK_EQ(fl & O_ACCMODE, O_RDWR, "F_GETFL access mode is O_RDWR");
	CHECK(fl & O_APPEND, "F_GETFL shows O_APPEND");
	CHECK(!(fl & O_NONBLOCK), "F_GETFL: no O_NONBLOCK yet");
	CHECK_OK(fcntl(fd, F_SETFL, O_WRONLY | O_NONBLOCK), "F_SETFL O_WRONLY|O_NONBLOCK");
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_NONBLOCK) && !(fl & O_APPEND), "F_SETFL set O_NONBLOCK, cleared O_APPEND");
	CHECK_EQ(fl & O_ACCMODE, O_RDWR, "F_SETFL cannot change the access mode");
	CHECK_ERR(syscall(SYS_fcntl, 999, F_GETFL), EBADF, "fcntl on a bad fd: EBADF");
	CHECK_ERR(syscall(SYS_fcntl, fd, 9999, 0), EINVAL, "fcntl with a bad command: EINVAL");
	close(fd);
}

static void test_devices(void)
{
	char buf[32];
	int fd;

	fd = open("/dev/null", O_RDWR);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "read /dev/null returns 0");
	CHECK_EQ(write(fd, "abc", 3), 3, "write /dev/null swallows the data");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 32, "read /dev/zero fills the buffer");
	CHECK(all_zero(buf, sizeof(buf)), "/dev/zero reads zeros");
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	CHECK_ERR(write(fd, "abc", 3), ENOSPC, "write /dev/full: ENOSPC");
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 32, "read /dev/urandom fills the buffer");
	close(fd);
}

static void test_emfile(void)
{
	static int fds[1100];
	int n = 0, last = -1, err = 0;

	for (;;) {
		int d = dup(1);
		if (d < 0) {
			err = errno;
			break;
		}
		fds[n++] = d;
		last = d;
		if (n == 1100)
			break;
	}
	CHECK_EQ(err, EMFILE, "dup until failure: EMFILE");
	CHECK_EQ(last, 1023, "the last fd handed out is 1023 (RLIMIT_NOFILE 1024)");
	CHECK_ERR(open("/data/hello.txt", O_RDONLY), EMFILE, "open with the table full: EMFILE");
	while (n > 0)
		close(fds[--n]);
	int fd = open("/data/hello.txt", O_RDONLY);
	CHECK(fd >= 0, "open works again once fds are closed");
	close(fd);
}

static long blocks_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : (long)st.st_blocks;
}

static off_t size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : st.st_size;
}

/* fallocate on tmpfs: Linux's shmem_fallocate (allocate, KEEP_SIZE, PUNCH_HOLE). */
static void test_fallocate(void)
{
	int fd = open(DIR_T "/falloc", O_RDWR | O_CREAT | O_TRUNC, 0644), p[2];
	char buf[8192], want[8192];

	CHECK_OK(fallocate(fd, 0, 0, 8192), "fallocate 8 KiB");
	CHECK_EQ(size_of(fd), 8192, "the file grows to the range's end");
	CHECK_EQ(blocks_of(fd), 16, "its pages are allocated (st_blocks 16)");
	CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 4096), "fallocate KEEP_SIZE past the end");
	CHECK_EQ(size_of(fd), 8192, "KEEP_SIZE leaves the size");
	CHECK_EQ(blocks_of(fd), 24, "but allocates (st_blocks 24)");
	CHECK(pread(fd, buf, 8192, 0) == 8192 && buf[0] == 0 && buf[8191] == 0,
	      "allocated space reads as zeros");
	memset(want, 'x', sizeof(want));
	CHECK(pwrite(fd, want, 8192, 0) == 8192, "fill it");
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 5000),
		 "punch a hole across a page boundary");
	memset(want + 100, 0, 5000);
	CHECK(pread(fd, buf, 8192, 0) == 8192 && !memcmp(buf, want, 8192),
	      "the hole reads as zeros, the rest is kept");
	CHECK_EQ(size_of(fd), 8192, "punching keeps the size");
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 8192),
		 "punch whole pages");
	CHECK_EQ(blocks_of(fd), 8, "their pages are freed (st_blocks 8)");
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096), EOPNOTSUPP,
		  "PUNCH_HOLE without KEEP_SIZE: EOPNOTSUPP");
	CHECK_ERR(fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 4096), EOPNOTSUPP,
		  "ZERO_RANGE on tmpfs: EOPNOTSUPP");
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL, "length 0: EINVAL");
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL, "negative offset: EINVAL");
	close(fd);
	fd = open(DIR_T "/falloc", O_RDONLY);
	CHECK_ERR(fallocate(fd, 0, 0, 10), EBADF, "a read-only fd: EBADF");
	close(fd);
	CHECK_ERR(fallocate(-1, 0, 0, 10), EBADF, "a bad fd: EBADF");
	CHECK_OK(pipe(p), "pipe");
	CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE, "a pipe: ESPIPE");
	close(p[0]);
	close(p[1]);
	unlink(DIR_T "/falloc");
}

int main(void)
{
	check_begin("fileio");
	umask(022);
	mkdir("/tmp", 01777);
	mkdir(DIR_T, 0755);
	test_open_read();
	test_open_errors();
	test_create_write();
	test_openat();
	test_lseek();
	test_vectors();
	test_pread_pwrite();
	test_dup();
	test_fcntl();
	test_devices();
	test_emfile();
	test_fallocate();
	return check_done();
}
