/* SPDX-License-Identifier: MIT */
/*
 * namespace.c - guest test: the name space of the file system.
 *
 * mkdir(at), rmdir, unlink(at), rename(at/at2), link(at), symlink(at),
 * readlink(at), chdir, fchdir and getcwd, and the path-walk errors every one
 * of them shares: ENOENT, ENOTDIR, EEXIST, EISDIR, ENOTEMPTY, EINVAL,
 * ENAMETOOLONG and ELOOP.  Paths live under /tmp/namespace.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "check.h"
#include "legacy.h"

#define T "/tmp/namespace"
#define BADPTR ((void *)0xdeadbeef000UL)

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static void put(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, data, strlen(data));
	close(fd);
}

/* Contents of a small file, or "" if it cannot be read. */
static const char *get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	return buf;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void test_mkdir_rmdir(void)
{
	struct stat st;
	int dfd;

	CHECK_OK(mkdir(T "/d", 0750), "mkdir");
	CHECK(stat(T "/d", &st) == 0 && S_ISDIR(st.st_mode), "mkdir made a directory");
	CHECK_EQ(st.st_mode & 07777, 0750, "mkdir honours the mode (0750 & ~022)");
	CHECK_ERR(mkdir(T "/d", 0755), EEXIST, "mkdir an existing directory: EEXIST");
	CHECK_ERR(mkdir("/data/hello.txt", 0755), EEXIST, "mkdir over a file: EEXIST");
	CHECK_ERR(mkdir(T "/none/x", 0755), ENOENT, "mkdir in a missing directory: ENOENT");
	CHECK_ERR(mkdir("/data/hello.txt/x", 0755), ENOTDIR, "mkdir under a file: ENOTDIR");
	CHECK_ERR(raw_mkdir((char *)1, 0755), EFAULT, "mkdir with a bad path: EFAULT");
	CHECK_OK(mkdir(T "/slash/", 0755), "mkdir with a trailing slash");

	dfd = open(T "/d", O_RDONLY | O_DIRECTORY);
	CHECK_OK(mkdirat(dfd, "sub", 0755), "mkdirat relative to a dirfd");
	CHECK(stat(T "/d/sub", &st) == 0 && S_ISDIR(st.st_mode), "mkdirat made d/sub");
	CHECK_ERR(mkdirat(999, "sub", 0755), EBADF, "mkdirat with a bad dirfd: EBADF");
	put(T "/d/file", "x");

	CHECK_ERR(rmdir(T "/d"), ENOTEMPTY, "rmdir a non-empty directory: ENOTEMPTY");
	CHECK_ERR(rmdir(T "/d/file"), ENOTDIR, "rmdir a file: ENOTDIR");
	CHECK_ERR(rmdir(T "/d/none"), ENOENT, "rmdir a missing name: ENOENT");
	CHECK_ERR(rmdir(T "/d/."), EINVAL, "rmdir of \".\": EINVAL");
	CHECK_ERR(rmdir(T "/d/sub/.."), ENOTEMPTY, "rmdir of \"..\": ENOTEMPTY");
	CHECK_OK(rmdir(T "/d/sub"), "rmdir an empty directory");
	CHECK_ERR(stat(T "/d/sub", &st), ENOENT, "the removed directory is gone");

	CHECK_ERR(unlinkat(dfd, "file", AT_REMOVEDIR), ENOTDIR,
		  "unlinkat AT_REMOVEDIR on a file: ENOTDIR");
	CHECK_OK(unlinkat(dfd, "file", 0), "unlinkat a file");
	CHECK_OK(mkdirat(dfd, "sub2", 0755), "mkdirat again");
	CHECK_ERR(unlinkat(dfd, "sub2", 0), EISDIR,
		  "unlinkat without AT_REMOVEDIR on a dir: EISDIR");
	CHECK_ERR(unlinkat(dfd, "sub2", 0x1), EINVAL, "unlinkat with a bad flag: EINVAL");
	CHECK_OK(unlinkat(dfd, "sub2", AT_REMOVEDIR), "unlinkat AT_REMOVEDIR");
	CHECK(!exists(T "/d/sub2"), "unlinkat removed the directory");
	close(dfd);
}

static void test_unlink(void)
{
	char buf[8];
	struct stat st;
	int fd;

	put(T "/u", "data");
	fd = open(T "/u", O_RDONLY);
	CHECK_OK(unlink(T "/u"), "unlink a file");
	CHECK(!exists(T "/u"), "the name is gone");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 4, "an open fd still reads the unlinked file");
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "fstat of the unlinked file: nlink 0");
	close(fd);
	CHECK_ERR(unlink(T "/u"), ENOENT, "unlink a missing name: ENOENT");
	CHECK_ERR(unlink(T "/d"), EISDIR, "unlink a directory: EISDIR");
	CHECK_ERR(unlink("/data/hello.txt/x"), ENOTDIR, "unlink through a file: ENOTDIR");
	CHECK_ERR(raw_unlink(BADPTR), EFAULT, "unlink with a bad path: EFAULT");
}

static void test_rename(void)
{
	int dfd;

	put(T "/r1", "one");
	CHECK_OK(rename(T "/r1", T "/r2"), "rename a file");
	CHECK(!exists(T "/r1") && !strcmp(get(T "/r2"), "one"), "rename moved the file");
	put(T "/r3", "three");
	CHECK_OK(rename(T "/r3", T "/r2"), "rename over an existing file");
	CHECK(!exists(T "/r3") && !strcmp(get(T "/r2"), "three"), "the target was replaced");
	CHECK_OK(rename(T "/r2", T "/r2"), "rename a file onto itself");
	CHECK(!strcmp(get(T "/r2"), "three"), "rename onto itself changes nothing");
	CHECK_ERR(rename(T "/none", T "/r4"), ENOENT, "rename a missing file: ENOENT");

	mkdir(T "/rd", 0755);
	mkdir(T "/rd/inner", 0755);
	mkdir(T "/empty", 0755);
	mkdir(T "/full", 0755);
	put(T "/full/f", "f");
	CHECK_ERR(rename(T "/r2", T "/rd"), EISDIR, "rename a file over a directory: EISDIR");
	CHECK_ERR(rename(T "/rd", T "/r2"), ENOTDIR, "rename a directory over a file: ENOTDIR");
	CHECK_ERR(rename(T "/rd", T "/full"), ENOTEMPTY,
		  "rename over a non-empty directory: ENOTEMPTY");
	CHECK_ERR(rename(T "/rd", T "/rd/inner/x"), EINVAL,
		  "rename a directory into itself: EINVAL");
	CHECK_OK(rename(T "/rd", T "/empty"), "rename a directory over an empty one");
	CHECK(!exists(T "/rd") && exists(T "/empty/inner"),
	      "the directory moved with its contents");
	CHECK_ERR(raw_rename((char *)1, T "/x"), EFAULT, "rename with a bad path: EFAULT");

	dfd = open(T, O_RDONLY | O_DIRECTORY);
	put(T "/a1", "A");
	put(T "/b1", "B");
	CHECK_OK(renameat(dfd, "a1", dfd, "a2"), "renameat relative to dirfds");
	CHECK(!strcmp(get(T "/a2"), "A"), "renameat moved the file");
	CHECK_ERR(syscall(SYS_renameat2, dfd, "a2", dfd, "b1", RENAME_NOREPLACE), EEXIST,
		  "renameat2 RENAME_NOREPLACE onto an existing name: EEXIST");
	CHECK_OK(syscall(SYS_renameat2, dfd, "a2", dfd, "a3", RENAME_NOREPLACE),
		 "renameat2 RENAME_NOREPLACE onto a free name");
	CHECK_OK(syscall(SYS_renameat2, dfd, "a3", dfd, "b1", RENAME_EXCHANGE),
		 "renameat2 RENAME_EXCHANGE");
	CHECK(!strcmp(get(T "/a3"), "B") && !strcmp(get(T "/b1"), "A"),
	      "RENAME_EXCHANGE swapped the files");
	CHECK_ERR(syscall(SYS_renameat2, dfd, "a3", dfd, "none", RENAME_EXCHANGE), ENOENT,
		  "RENAME_EXCHANGE with a missing target: ENOENT");
	CHECK_ERR(syscall(SYS_renameat2, dfd, "a3", dfd, "b1", RENAME_EXCHANGE | RENAME_NOREPLACE),
		  EINVAL, "renameat2 EXCHANGE|NOREPLACE: EINVAL");
	CHECK_ERR(syscall(SYS_renameat2, dfd, "a3", dfd, "b1", 0x100), EINVAL,
		  "renameat2 with an unknown flag: EINVAL");
	close(dfd);
}

static void test_link(void)
{
	struct stat st;

	put(T "/l1", "linked");
	CHECK_OK(link(T "/l1", T "/l2"), "link");
	CHECK(stat(T "/l1", &st) == 0 && st.st_nlink == 2, "link raises st_nlink to 2");
	CHECK(!strcmp(get(T "/l2"), "linked"), "the new name reads the same data");
	put(T "/l2", "changed");
	CHECK(!strcmp(get(T "/l1"), "changed"), "a write through one name shows through the other");
	CHECK_ERR(link(T "/l1", T "/l2"), EEXIST, "link onto an existing name: EEXIST");
	CHECK_ERR(link(T "/none", T "/l3"), ENOENT, "link a missing file: ENOENT");
	CHECK_ERR(link(T "/d", T "/dlink"), EPERM, "link a directory: EPERM");
	unlink(T "/l2");
	CHECK(stat(T "/l1", &st) == 0 && st.st_nlink == 1, "unlink drops st_nlink back to 1");

	symlink("l1", T "/sl");
	CHECK_OK(linkat(AT_FDCWD, T "/sl", AT_FDCWD, T "/hard_sl", 0),
		 "linkat a symlink without follow");
	CHECK(lstat(T "/hard_sl", &st) == 0 && S_ISLNK(st.st_mode),
	      "linkat without follow links the symlink");
	CHECK_OK(linkat(AT_FDCWD, T "/sl", AT_FDCWD, T "/hard_tg", AT_SYMLINK_FOLLOW),
		 "linkat AT_SYMLINK_FOLLOW");
	CHECK(lstat(T "/hard_tg", &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 2,
	      "AT_SYMLINK_FOLLOW links the target");
	CHECK_ERR(linkat(AT_FDCWD, T "/l1", AT_FDCWD, T "/l4", 0x1), EINVAL,
		  "linkat bad flags: EINVAL");
}

static void test_symlink(void)
{
	char buf[64];
	struct stat st;
	int dfd, fd;

	CHECK_OK(symlink("/data/hello.txt", T "/s1"), "symlink");
	CHECK(!strcmp(get(T "/s1"), "hello, world\n"), "open through the symlink reads the target");
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(readlink(T "/s1", buf, sizeof(buf)), 15, "readlink returns the target length");
	CHECK(!memcmp(buf, "/data/hello.txt", 15) && buf[15] == 'x',
	      "readlink target, no NUL added");
	CHECK_EQ(readlink(T "/s1", buf, 5), 5, "readlink into a short buffer truncates");
	CHECK_ERR(raw_readlink(T "/s1", buf, 0), EINVAL, "readlink with bufsiz 0: EINVAL");
	CHECK_ERR(readlink("/data/hello.txt", buf, sizeof(buf)), EINVAL,
		  "readlink a regular file: EINVAL");
	CHECK_ERR(readlink(T "/none", buf, sizeof(buf)), ENOENT, "readlink a missing name: ENOENT");
	CHECK_ERR(raw_readlink(T "/s1", BADPTR, 64), EFAULT,
		  "readlink into a bad buffer: EFAULT");
	CHECK_ERR(symlink("x", T "/s1"), EEXIST, "symlink onto an existing name: EEXIST");
	CHECK_ERR(symlink("x", T "/none/s"), ENOENT, "symlink in a missing directory: ENOENT");
	CHECK_ERR(symlink("", T "/s_empty"), ENOENT, "symlink with an empty target: ENOENT");

	dfd = open(T, O_RDONLY | O_DIRECTORY);
	CHECK_OK(symlinkat("dangling", dfd, "s2"), "symlinkat relative to a dirfd");
	CHECK_EQ(readlinkat(dfd, "s2", buf, sizeof(buf)), 8, "readlinkat relative to a dirfd");
	CHECK(!memcmp(buf, "dangling", 8), "readlinkat got the target");
	CHECK_ERR(stat(T "/s2", &st), ENOENT, "stat a dangling symlink: ENOENT");
	CHECK(lstat(T "/s2", &st) == 0 && S_ISLNK(st.st_mode), "lstat a dangling symlink works");
	CHECK_ERR(open(T "/s2", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		  "O_CREAT|O_EXCL on a dangling symlink: EEXIST");
	fd = open(T "/s2", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0, "O_CREAT through a dangling symlink");
	close(fd);
	CHECK(exists(T "/dangling"), "O_CREAT created the symlink's target");
	CHECK_OK(readlinkat(AT_FDCWD, "/data/link", buf, sizeof(buf)), "readlinkat AT_FDCWD");
	CHECK_ERR(readlinkat(999, "s2", buf, sizeof(buf)), EBADF,
		  "readlinkat with a bad dirfd: EBADF");
	close(dfd);

	/* Symlink loops. */
	symlink("loop_b", T "/loop_a");
	symlink("loop_a", T "/loop_b");
	symlink("self", T "/self");
	CHECK_ERR(stat(T "/loop_a", &st), ELOOP, "stat a two-link loop: ELOOP");
	CHECK_ERR(open(T "/self", O_RDONLY), ELOOP, "open a self-referencing link: ELOOP");
	CHECK_ERR(open(T "/loop_a/x", O_RDONLY), ELOOP, "walk through a loop: ELOOP");
	CHECK_ERR(open(T "/s1", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a symlink: ELOOP");
	fd = open("/data/hello.txt", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "O_NOFOLLOW on a regular file opens it");
	close(fd);
	/* 41 links in a chain exceed Linux's limit of 40. */
	for (int i = 0; i < 41; i++) {
		char name[64], target[64];
		snprintf(name, sizeof(name), T "/chain%d", i);
		snprintf(target, sizeof(target), i == 40 ? "/data/hello.txt" : "chain%d", i + 1);
		symlink(target, name);
	}
	fd = open(T "/chain1", O_RDONLY);
	CHECK(fd >= 0, "a chain of 40 symlinks resolves");
	close(fd);
	CHECK_ERR(open(T "/chain0", O_RDONLY), ELOOP, "a chain of 41 symlinks: ELOOP");
}

static void test_cwd(void)
{
	char buf[256];
	int dfd, fd;

	mkdir(T "/cw", 0755);
	mkdir(T "/cw/in", 0755);
	symlink("cw/in", T "/cwlink");
	CHECK_OK(chdir(T "/cw"), "chdir");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, T "/cw"), "getcwd after chdir");
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof(buf)), strlen(T "/cw") + 1,
		 "the getcwd syscall returns the length including the NUL");
	put("rel", "relative");
	CHECK(!strcmp(get(T "/cw/rel"), "relative"), "relative paths start at the cwd");
	CHECK_OK(chdir(".."), "chdir ..");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, T), "getcwd after chdir ..");
	CHECK_OK(chdir("cwlink"), "chdir through a symlink");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, T "/cw/in"),
	      "getcwd shows the resolved path");
	CHECK_ERR(chdir("/data/hello.txt"), ENOTDIR, "chdir to a file: ENOTDIR");
	CHECK_ERR(chdir(T "/none"), ENOENT, "chdir to a missing directory: ENOENT");
	CHECK_ERR(syscall(SYS_chdir, BADPTR), EFAULT, "chdir with a bad path: EFAULT");
	CHECK_ERR(syscall(SYS_getcwd, buf, 2), ERANGE, "getcwd into a too-small buffer: ERANGE");
	CHECK_ERR(syscall(SYS_getcwd, BADPTR, 256), EFAULT, "getcwd into a bad buffer: EFAULT");

	dfd = open("/data", O_RDONLY | O_DIRECTORY);
	CHECK_OK(fchdir(dfd), "fchdir");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/data"), "getcwd after fchdir");
	fd = open("hello.txt", O_RDONLY);
	CHECK(fd >= 0, "relative open after fchdir");
	CHECK_ERR(fchdir(fd), ENOTDIR, "fchdir to a file fd: ENOTDIR");
	close(fd);
	close(dfd);
	CHECK_ERR(fchdir(999), EBADF, "fchdir to a bad fd: EBADF");

	/* Linux lets a process remove its own cwd; getcwd then fails. */
	mkdir(T "/gone", 0755);
	chdir(T "/gone");
	CHECK_OK(rmdir(T "/gone"), "rmdir the cwd");
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT,
		  "getcwd in a removed directory: ENOENT");
	CHECK_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT, "create in a removed cwd: ENOENT");
	chdir("/");
}

static void test_names(void)
{
	static char path[5000];
	char name[300];
	struct stat st;
	int fd;

	memset(name, 'n', 255);
	name[255] = 0;
	snprintf(path, sizeof(path), T "/%s", name);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0, "a 255-byte name is allowed");
	close(fd);
	strcat(path, "n");
	CHECK_ERR(open(path, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG,
		  "create a 256-byte name: ENAMETOOLONG");
	CHECK_ERR(stat(path, &st), ENAMETOOLONG, "stat a 256-byte name: ENAMETOOLONG");
	CHECK_ERR(mkdir(path, 0755), ENAMETOOLONG, "mkdir a 256-byte name: ENAMETOOLONG");

	/* 4096 bytes with the NUL is over PATH_MAX, before any lookup. */
	memset(path, '/', 4096);
	path[4096] = 0;
	CHECK_ERR(stat(path, &st), ENAMETOOLONG, "a 4096-byte path: ENAMETOOLONG");
	path[4095] = 0;
	CHECK_OK(stat(path, &st), "a 4095-byte path of slashes is /");
	memset(path, '/', 4200);
	memcpy(path + 4196, "tmp", 4);
	CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG, "open a 4199-byte path: ENAMETOOLONG");
}

int main(void)
{
	check_begin("namespace");
	umask(022);
	mkdir(T, 0755);
	test_mkdir_rmdir();
	test_unlink();
	test_rename();
	test_link();
	test_symlink();
	test_cwd();
	test_names();
	return check_done();
}
