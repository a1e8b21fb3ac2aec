/* SPDX-License-Identifier: MIT */
/*
 * stat.c - guest test: the stat family, statx and getdents64.
 *
 * stat, lstat, fstat and newfstatat are called as raw syscalls so the test
 * sees the kernel's own answers (musl routes them through whichever it
 * likes).  Inode numbers, devices, blocks and dirent order differ between
 * kernels and are only compared with each other, never with constants.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include "check.h"
#include "legacy.h"

#define DIR_T "/tmp/stat"
#define BADPTR ((void *)0xdeadbeef000UL)

/* struct statx from linux/stat.h; musl 1.2.3 has no statx(). */
struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct statx_buf {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

#define X_TYPE 0x1U
#define X_MODE 0x2U
#define X_NLINK 0x4U
#define X_UID 0x8U
#define X_GID 0x10U
#define X_SIZE 0x200U
#define X_BASIC 0x7ffU
#define X_RESERVED 0x80000000U
#define X_FORCE_SYNC 0x2000
#define X_DONT_SYNC 0x4000

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

static long sys_stat(const char *p, struct stat *st)
{
	return raw_stat(p, st);
}

static long sys_lstat(const char *p, struct stat *st)
{
	return raw_lstat(p, st);
}

static long sys_fstatat(int dfd, const char *p, struct stat *st, int fl)
{
	return syscall(SYS_newfstatat, dfd, p, st, fl);
}

static long sys_statx(int dfd, const char *p, int fl, unsigned mask, struct statx_buf *x)
{
	return syscall(SYS_statx, dfd, p, fl, mask, x);
}

static void test_stat(void)
{
	struct stat st, st2;
	struct timespec now;

	CHECK_OK(sys_stat("/data/hello.txt", &st), "stat /data/hello.txt");
	CHECK(S_ISREG(st.st_mode), "a regular file is S_IFREG");
	CHECK_EQ(st.st_size, 13, "st_size is 13");
	CHECK_EQ(st.st_nlink, 1, "st_nlink is 1");
	CHECK(st.st_blksize > 0, "st_blksize is positive");

	CHECK_OK(sys_stat("/tmp", &st), "stat /tmp");
	CHECK(S_ISDIR(st.st_mode), "/tmp is S_IFDIR");
	CHECK_EQ(st.st_mode & 07777, 01777, "/tmp mode is 1777");

	CHECK_OK(sys_stat("/", &st), "stat /");
	CHECK_OK(sys_stat("/..", &st2), "stat /..");
	CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "/.. is / itself");

	CHECK_OK(sys_stat("/dev/null", &st), "stat /dev/null");
	CHECK(S_ISCHR(st.st_mode), "/dev/null is S_IFCHR");
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3, "/dev/null st_rdev is 1:3");

	CHECK_OK(sys_stat("/data/link", &st), "stat follows /data/link");
	CHECK_OK(sys_stat("/data/hello.txt", &st2), "stat the link target");
	CHECK(S_ISREG(st.st_mode) && st.st_size == 13, "stat of the link describes hello.txt");
	CHECK_EQ(st.st_ino, st2.st_ino, "stat of the link has the target's inode");
	CHECK_OK(sys_lstat("/data/link", &st), "lstat /data/link");
	CHECK(S_ISLNK(st.st_mode), "lstat sees S_IFLNK");
	CHECK_EQ(st.st_size, 9, "a symlink's size is the length of \"hello.txt\"");
	CHECK_OK(sys_lstat("/data/hello.txt", &st), "lstat on a regular file");
	CHECK(S_ISREG(st.st_mode), "lstat of a regular file is S_IFREG");

	CHECK_ERR(sys_stat("/data/missing", &st), ENOENT, "stat a missing file: ENOENT");
	CHECK_ERR(sys_stat("", &st), ENOENT, "stat of an empty path: ENOENT");
	CHECK_ERR(sys_stat("/data/hello.txt/x", &st), ENOTDIR, "stat through a file: ENOTDIR");
	CHECK_ERR(sys_stat("/data/hello.txt/", &st), ENOTDIR,
		  "stat a file with a trailing slash: ENOTDIR");
	CHECK_ERR(sys_stat((char *)1, &st), EFAULT, "stat with a bad path: EFAULT");
	CHECK_ERR(sys_stat("/data/hello.txt", BADPTR), EFAULT, "stat into a bad buffer: EFAULT");
	CHECK_ERR(sys_lstat("/data/missing", &st), ENOENT, "lstat a missing file: ENOENT");
	CHECK_ERR(sys_lstat("/data/link", BADPTR), EFAULT, "lstat into a bad buffer: EFAULT");

	int fd = open(DIR_T "/f", O_RDWR | O_CREAT | O_TRUNC, 0666);
	CHECK_EQ(write(fd, "0123456789", 10), 10, "write 10 bytes to a new file");
	CHECK_OK(syscall(SYS_fstat, fd, &st), "fstat the new file");
	CHECK_EQ(st.st_size, 10, "fstat sees the new size");
	CHECK_EQ(st.st_mode, S_IFREG | 0644, "new file mode is S_IFREG|0644 under umask 022");
	CHECK(st.st_uid == 0 && st.st_gid == 0, "root's new file is owned by 0:0");
	clock_gettime(CLOCK_REALTIME, &now);
	CHECK(st.st_mtime >= now.tv_sec - 5 && st.st_mtime <= now.tv_sec + 1,
	      "new file's mtime is close to CLOCK_REALTIME");
	CHECK_OK(sys_stat(DIR_T "/f", &st2), "stat the new file by name");
	CHECK(st.st_ino == st2.st_ino && st2.st_size == 10, "fstat and stat agree");
	CHECK_ERR(syscall(SYS_fstat, fd, BADPTR), EFAULT, "fstat into a bad buffer: EFAULT");
	close(fd);
	CHECK_ERR(syscall(SYS_fstat, fd, &st), EBADF, "fstat a closed fd: EBADF");
	CHECK_ERR(syscall(SYS_fstat, -1, &st), EBADF, "fstat fd -1: EBADF");

	int p[2];
	pipe(p);
	CHECK_OK(syscall(SYS_fstat, p[0], &st), "fstat a pipe");
	CHECK(S_ISFIFO(st.st_mode), "a pipe is S_IFIFO");
	close(p[0]);
	close(p[1]);

	mkdir(DIR_T "/nl", 0777);
	mkdir(DIR_T "/nl/sub", 0777);
	CHECK_OK(sys_stat(DIR_T "/nl", &st), "stat a directory with one subdirectory");
	CHECK_EQ(st.st_mode, S_IFDIR | 0755, "mkdir 0777 under umask 022 gives 0755");
	CHECK_EQ(st.st_nlink, 3, "directory nlink is 2 + subdirectories");
}

static void test_fstatat(void)
{
	struct stat st;
	int dfd = open("/data", O_RDONLY | O_DIRECTORY);
	int fd = open("/data/hello.txt", O_RDONLY);

	CHECK_OK(sys_fstatat(dfd, "hello.txt", &st, 0), "newfstatat relative to a dirfd");
	CHECK_EQ(st.st_size, 13, "newfstatat found hello.txt");
	CHECK_OK(sys_fstatat(dfd, "link", &st, 0), "newfstatat follows a symlink");
	CHECK(S_ISREG(st.st_mode), "followed link is S_IFREG");
	CHECK_OK(sys_fstatat(dfd, "link", &st, AT_SYMLINK_NOFOLLOW),
		 "newfstatat AT_SYMLINK_NOFOLLOW");
	CHECK(S_ISLNK(st.st_mode), "AT_SYMLINK_NOFOLLOW sees the link");
	CHECK_OK(sys_fstatat(AT_FDCWD, "/data/hello.txt", &st, 0), "newfstatat AT_FDCWD");
	CHECK_OK(sys_fstatat(fd, "", &st, AT_EMPTY_PATH), "newfstatat AT_EMPTY_PATH on a file fd");
	CHECK(S_ISREG(st.st_mode) && st.st_size == 13, "AT_EMPTY_PATH describes the fd");
	CHECK_ERR(sys_fstatat(fd, "", &st, 0), ENOENT, "empty path without AT_EMPTY_PATH: ENOENT");
	CHECK_ERR(sys_fstatat(fd, "x", &st, 0), ENOTDIR, "a file fd as dirfd: ENOTDIR");
	CHECK_ERR(sys_fstatat(999, "x", &st, 0), EBADF, "a bad dirfd: EBADF");
	CHECK_ERR(sys_fstatat(dfd, "hello.txt", &st, 0x1), EINVAL, "newfstatat bad flags: EINVAL");
	CHECK_ERR(sys_fstatat(dfd, "missing", &st, 0), ENOENT, "newfstatat missing name: ENOENT");
	CHECK_ERR(sys_fstatat(dfd, "hello.txt", BADPTR, 0), EFAULT,
		  "newfstatat bad buffer: EFAULT");
	close(fd);
	close(dfd);
}

static void test_statx(void)
{
	struct statx_buf x;
	struct stat st;
	unsigned want = X_TYPE | X_MODE | X_NLINK | X_UID | X_GID | X_SIZE;
	int fd;

	memset(&x, 0xff, sizeof(x));
	CHECK_OK(sys_statx(AT_FDCWD, "/data/hello.txt", 0, X_BASIC, &x), "statx /data/hello.txt");
	CHECK_EQ(x.stx_mask & want, want, "stx_mask has type, mode, nlink, uid, gid, size");
	CHECK(S_ISREG(x.stx_mode), "stx_mode is S_IFREG");
	CHECK_EQ(x.stx_size, 13, "stx_size is 13");
	CHECK_EQ(x.stx_nlink, 1, "stx_nlink is 1");
	sys_stat("/data/hello.txt", &st);
	CHECK(x.stx_ino == st.st_ino && x.stx_mode == st.st_mode && x.stx_uid == st.st_uid,
	      "statx agrees with stat");
	CHECK(x.stx_mtime.tv_sec == st.st_mtime && x.stx_mtime.tv_nsec == st.st_mtim.tv_nsec,
	      "statx mtime agrees with stat");

	CHECK_OK(sys_statx(AT_FDCWD, "/data/link", 0x100, X_BASIC, &x),
		 "statx AT_SYMLINK_NOFOLLOW");
	CHECK(S_ISLNK(x.stx_mode) && x.stx_size == 9, "statx sees the symlink itself");
	CHECK_OK(sys_statx(AT_FDCWD, "/data/link", 0, X_BASIC, &x), "statx follows a symlink");
	CHECK(S_ISREG(x.stx_mode), "statx followed the symlink");
	CHECK_OK(sys_statx(AT_FDCWD, "/dev/null", 0, X_BASIC, &x), "statx /dev/null");
	CHECK(x.stx_rdev_major == 1 && x.stx_rdev_minor == 3, "stx_rdev is 1:3");

	fd = open("/data/hello.txt", O_RDONLY);
	CHECK_OK(sys_statx(fd, "", AT_EMPTY_PATH, X_BASIC, &x), "statx AT_EMPTY_PATH on an fd");
	CHECK_EQ(x.stx_size, 13, "statx on the fd sees the file");
	CHECK_ERR(sys_statx(fd, "x", 0, X_BASIC, &x), ENOTDIR,
		  "statx with a file as dirfd: ENOTDIR");
	close(fd);
	CHECK_ERR(sys_statx(999, "x", 0, X_BASIC, &x), EBADF, "statx with a bad dirfd: EBADF");
	CHECK_ERR(sys_statx(AT_FDCWD, "/data/missing", 0, X_BASIC, &x), ENOENT,
		  "statx missing: ENOENT");
	CHECK_ERR(sys_statx(AT_FDCWD, "/data/hello.txt", 0, X_RESERVED, &x), EINVAL,
		  "statx with STATX__RESERVED in the mask: EINVAL");
	CHECK_ERR(sys_statx(AT_FDCWD, "/data/hello.txt", X_FORCE_SYNC | X_DONT_SYNC, X_BASIC, &x),
		  EINVAL, "statx with both sync flags: EINVAL");
	CHECK_ERR(sys_statx(AT_FDCWD, "/data/hello.txt", 0x1, X_BASIC, &x), EINVAL,
		  "statx with an unknown flag: EINVAL");
	CHECK_ERR(sys_statx(AT_FDCWD, "/data/hello.txt", 0, X_BASIC, BADPTR), EFAULT,
		  "statx into a bad buffer: EFAULT");
	CHECK_ERR(sys_statx(AT_FDCWD, (char *)1, 0, X_BASIC, &x), EFAULT, "statx bad path: EFAULT");
}

/* Read every entry of dfd with buffers of len bytes; names go into out. */
static int read_dir(int dfd, size_t len, char names[][16], unsigned char *types, int *bad)
{
	char buf[4096] __attribute__((aligned(8)));
	int n = 0;
	long r;

	*bad = 0;
	while ((r = syscall(SYS_getdents64, dfd, buf, len)) > 0) {
		for (long off = 0; off < r;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			if (d->d_reclen % 8 || d->d_reclen < 20 || d->d_ino == 0 || n >= 16)
				(*bad)++;
			if (n < 16) {
				snprintf(names[n], 16, "%s", d->d_name);
				types[n] = d->d_type;
				n++;
			}
			off += d->d_reclen;
			if (off > r)
				(*bad)++;
		}
	}
	if (r < 0)
		(*bad)++;
	return n;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static unsigned char type_of(char names[][16], unsigned char *types, int n, const char *nm)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], nm))
			return types[i];
	return 255;
}

static void test_getdents(void)
{
	char names[16][16], joined[128] = "";
	unsigned char types[16];
	char buf[256] __attribute__((aligned(8)));
	int dfd, n, bad;

	mkdir(DIR_T "/d", 0755);
	close(open(DIR_T "/d/a", O_CREAT | O_WRONLY, 0644));
	close(open(DIR_T "/d/b", O_CREAT | O_WRONLY, 0644));
	mkdir(DIR_T "/d/c", 0755);
	symlink("a", DIR_T "/d/e");

	dfd = open(DIR_T "/d", O_RDONLY | O_DIRECTORY);
	n = read_dir(dfd, 4096, names, types, &bad);
	CHECK_EQ(n, 6, "getdents64 returns 6 entries (., .., a, b, c, e)");
	CHECK_EQ(bad, 0, "every d_reclen is a multiple of 8 and entries fill the buffer exactly");
	qsort(names, n, 16, cmp_name);
	for (int i = 0; i < n; i++) {
		strcat(joined, names[i]);
		strcat(joined, " ");
	}
	CHECK(!strcmp(joined, ". .. a b c e "), "entry names are . .. a b c e");
	n = read_dir(dfd, 4096, names, types, &bad);
	CHECK_EQ(n, 0, "getdents64 at the end returns 0");
	CHECK_EQ(lseek(dfd, 0, SEEK_SET), 0, "lseek rewinds a directory");
	n = read_dir(dfd, 4096, names, types, &bad);
	CHECK_EQ(n, 6, "after rewind all 6 entries come back");
	CHECK_EQ(type_of(names, types, n, "a"), 8, "d_type of a file is DT_REG");
	CHECK_EQ(type_of(names, types, n, "c"), 4, "d_type of a directory is DT_DIR");
	CHECK_EQ(type_of(names, types, n, "e"), 10, "d_type of a symlink is DT_LNK");
	CHECK_EQ(type_of(names, types, n, "."), 4, "d_type of . is DT_DIR");

	lseek(dfd, 0, SEEK_SET);
	n = read_dir(dfd, 24, names, types, &bad);
	CHECK_EQ(n, 6, "a 24-byte buffer (one entry at a time) still yields all 6");
	CHECK_EQ(bad, 0, "one-entry reads are well formed");
	lseek(dfd, 0, SEEK_SET);
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, 10), EINVAL,
		  "buffer smaller than an entry: EINVAL");
	CHECK_ERR(syscall(SYS_getdents64, dfd, BADPTR, 256), EFAULT,
		  "getdents64 into a bad buffer: EFAULT");
	close(dfd);

	unlink(DIR_T "/d/b");
	dfd = open(DIR_T "/d", O_RDONLY | O_DIRECTORY);
	n = read_dir(dfd, 4096, names, types, &bad);
	CHECK(n == 5 && type_of(names, types, n, "b") == 255,
	      "an unlinked name is gone from the listing");
	close(dfd);

	dfd = open(DIR_T "/d/c", O_RDONLY | O_DIRECTORY);
	n = read_dir(dfd, 4096, names, types, &bad);
	CHECK_EQ(n, 2, "an empty directory lists only . and ..");
	close(dfd);

	int fd = open("/data/hello.txt", O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR,
		  "getdents64 on a file: ENOTDIR");
	close(fd);
	CHECK_ERR(syscall(SYS_getdents64, 999, buf, sizeof(buf)), EBADF,
		  "getdents64 on a bad fd: EBADF");
}

int main(void)
{
	check_begin("stat");
	umask(022);
	mkdir(DIR_T, 0755);
	test_stat();
	test_fstatat();
	test_statx();
	test_getdents();
	return check_done();
}
