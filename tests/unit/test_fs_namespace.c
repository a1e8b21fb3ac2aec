// SPDX-License-Identifier: MIT
// sources: tests/unit/fs_host.c fs/attr.c fs/chardev.c fs/cpio.c
// sources: fs/cpio_parse.c fs/dirops.c fs/fdtable.c fs/file.c fs/inode.c
// sources: fs/namei.c fs/open.c fs/path_parse.c fs/pipe.c fs/rename.c
// sources: fs/stat.c fs/tmpfs.c fs/tmpfs_data.c fs/vfs.c fs/flock.c fs/posixlock.c fs/xattr.c fs/fileattr.c
/*
 * test_fs_namespace.c - the name space on the host under ASan/UBSan:
 * directories, renames (nlink, loops, RENAME_EXCHANGE), getcwd across
 * renames and removal, hard links, symlinks and trailing slashes, O_PATH,
 * metadata changes, a second file system mounted on a directory, and the
 * ENAMETOOLONG limits.
 */
#include "tests/unit/fs_host.h"

struct dirent_list {
	char names[32][32];
	int n;
};

static void list_dir(const char *path, struct dirent_list *l, unsigned bufsize)
{
	char buf[4096] __attribute__((aligned(8)));
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY, 0), r;

	l->n = 0;
	while ((r = sys_getdents64((int)fd, buf, bufsize)) > 0) {
		for (long off = 0; off < r;) {
			uint16_t reclen;
			memcpy(&reclen, buf + off + 16, 2);
			if (l->n < 32)
				snprintf(l->names[l->n++], 32, "%s", buf + off + 19);
			off += reclen;
		}
	}
	sys_close((int)fd);
}

static bool has(struct dirent_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return true;
	return false;
}

static void test_namespace(void)
{
	struct dirent_list l;
	struct user_stat st;
	char buf[256];

	EXPECT_EQ(sys_mkdir("/tmp/n", 0700), 0);
	EXPECT_EQ(sys_mkdir("/tmp/n/d1", 0700), 0);
	EXPECT_EQ(sys_mkdir("/tmp/n/d2", 0700), 0);
	EXPECT_EQ(put_file("/tmp/n/f", "file"), 4);
	EXPECT_EQ(sys_stat("/tmp/n", &st), 0);
	EXPECT_EQ(st.st_nlink, 4);
	EXPECT_EQ(st.st_size, 40 + 3 * 20);
	list_dir("/tmp/n", &l, 24);
	EXPECT(l.n == 5 && has(&l, ".") && has(&l, "..") && has(&l, "d1") && has(&l, "f"));

	/* Directory moves keep nlink right on both sides. */
	EXPECT_EQ(sys_rename("/tmp/n/d1", "/tmp/n/d2/d1"), 0);
	EXPECT_EQ(sys_stat("/tmp/n", &st), 0);
	EXPECT_EQ(st.st_nlink, 3);
	EXPECT_EQ(sys_stat("/tmp/n/d2", &st), 0);
	EXPECT_EQ(st.st_nlink, 3);
	EXPECT_EQ(sys_rename("/tmp/n/d2", "/tmp/n/d2/d1/x"), -EINVAL);
	EXPECT_EQ(sys_rename("/tmp/n/d2/d1", "/tmp/n"), -ENOTEMPTY);
	EXPECT_EQ(sys_rename("/tmp/n/f/", "/tmp/n/g"), -ENOTDIR);
	EXPECT_EQ(sys_rename("/tmp/n/f", "/tmp/n/g/"), -ENOTDIR);
	EXPECT_EQ(sys_rename("/tmp/n/.", "/tmp/n/g"), -EBUSY);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/tmp/n/f", AT_FDCWD, "/tmp/n/d2", RENAME_EXCHANGE), 0);
	EXPECT_EQ(sys_stat("/tmp/n/f/d1", &st), 0);        /* f is now the dir */
	EXPECT_EQ(read_all("/tmp/n/d2", buf, sizeof(buf)), 4);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/tmp/n/f", AT_FDCWD, "/tmp/n/d2", RENAME_EXCHANGE), 0);

	/* getcwd follows renames and notices removal. */
	EXPECT_EQ(sys_chdir("/tmp/n/d2/d1"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 13);
	EXPECT(!strcmp(buf, "/tmp/n/d2/d1"));
	EXPECT_EQ(sys_rename("/tmp/n/d2", "/tmp/n/moved"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 16);
	EXPECT(!strcmp(buf, "/tmp/n/moved/d1"));
	EXPECT_EQ(sys_getcwd(buf, 5), -ERANGE);
	EXPECT_EQ(sys_rmdir("/tmp/n/moved/d1"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), -ENOENT);
	EXPECT_EQ(sys_open("x", O_CREAT | O_WRONLY, 0644), -ENOENT);
	EXPECT_EQ(sys_mkdir("x", 0755), -ENOENT);
	EXPECT_EQ(sys_stat("..", &st), 0);                 /* .. still works */
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 2);
	EXPECT_EQ(sys_chdir("tmp/n"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 7);

	/* Hard links, unlink of an open file. */
	EXPECT_EQ(sys_link("f", "f2"), 0);
	EXPECT_EQ(sys_stat("f", &st), 0);
	EXPECT_EQ(st.st_nlink, 2);
	EXPECT_EQ(sys_link("moved", "dl"), -EPERM);
	EXPECT_EQ(sys_link("f", "f2"), -EEXIST);
	{
		long fd = sys_open("f2", O_RDWR, 0);
		EXPECT_EQ(sys_unlink("f"), 0);
		EXPECT_EQ(sys_unlink("f2"), 0);
		EXPECT_EQ(sys_fstat((int)fd, &st), 0);
		EXPECT_EQ(st.st_nlink, 0);
		EXPECT_EQ(sys_write((int)fd, "!", 1), 1);
		EXPECT_EQ(sys_pread64((int)fd, buf, 5, 0), 4);
		EXPECT(!memcmp(buf, "!ile", 4));
		sys_close((int)fd);                     /* frees it (ASan checks) */
	}

	/* Symlinks: relative, absolute, through directories, trailing slash. */
	EXPECT_EQ(sys_symlink("moved", "sl"), 0);
	EXPECT_EQ(sys_symlink("/tmp/n/sl/", "sl2"), 0);
	EXPECT_EQ(sys_mkdir("sl2/inner", 0755), 0);
	EXPECT_EQ(sys_stat("/tmp/n/moved/inner", &st), 0);
	EXPECT_EQ(sys_lstat("sl/", &st), 0);
	EXPECT(S_ISDIR(st.st_mode));
	EXPECT_EQ(sys_unlink("sl/"), -ENOTDIR);        /* the link, not followed */
	EXPECT_EQ(sys_rmdir("sl/"), -ENOTDIR);
	EXPECT_EQ(sys_readlink("sl2", buf, sizeof(buf)), 10);
	EXPECT_EQ(sys_readlinkat(AT_FDCWD, "", buf, sizeof(buf)), -ENOENT);
	EXPECT_EQ(sys_symlink("x", "sl/"), -EEXIST);
	EXPECT_EQ(sys_symlink("x", "nope/"), -ENOENT);
	EXPECT_EQ(sys_mkdir("/", 0755), -EEXIST);
	EXPECT_EQ(sys_rmdir("/"), -EBUSY);
	EXPECT_EQ(sys_unlink("."), -EISDIR);
	EXPECT_EQ(sys_chdir("/"), 0);
}

static void test_o_path(void)
{
	struct user_stat st;
	char buf[8];
	long fd = sys_open("/data/link", O_PATH | O_NOFOLLOW, 0);

	EXPECT(fd >= 0);
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT(S_ISLNK(st.st_mode));
	EXPECT_EQ(sys_read((int)fd, buf, 1), -EBADF);
	EXPECT_EQ(sys_readlinkat((int)fd, "", buf, sizeof(buf)), 8);
	EXPECT_EQ(sys_newfstatat((int)fd, "", &st, AT_EMPTY_PATH), 0);
	sys_close((int)fd);
	fd = sys_open("/data", O_PATH | O_DIRECTORY, 0);
	EXPECT_EQ(sys_fchdir((int)fd), 0);
	EXPECT_EQ(sys_stat("hello.txt", &st), 0);
	EXPECT_EQ(sys_getdents64((int)fd, buf, sizeof(buf)), -EBADF);
	sys_close((int)fd);
	EXPECT_EQ(sys_chdir("/"), 0);
}

static void test_attrs(void)
{
	struct user_stat st, st2;
	struct timespec64 ts[2] = { { 100, 5 }, { 200, (1L << 30) - 2 } };

	EXPECT_EQ(put_file("/tmp/attr", "x"), 1);
	EXPECT_EQ(sys_chmod("/tmp/attr", 04755), 0);
	EXPECT_EQ(sys_stat("/tmp/attr", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 04755);
	EXPECT_EQ(sys_chown("/tmp/attr", 5, 6), 0);
	EXPECT_EQ(sys_stat("/tmp/attr", &st), 0);
	EXPECT(st.st_uid == 5 && st.st_gid == 6 && st.st_mode == (S_IFREG | 0755));
	EXPECT_EQ(sys_utimensat(AT_FDCWD, "/tmp/attr", ts, 0), 0);
	EXPECT_EQ(sys_stat("/tmp/attr", &st2), 0);
	EXPECT(st2.st_atime_sec == 100 && st2.st_atime_nsec == 5);
	EXPECT(st2.st_mtime_sec == st.st_mtime_sec);        /* UTIME_OMIT */
	ts[0].tv_nsec = 1000000000;
	EXPECT_EQ(sys_utimensat(AT_FDCWD, "/tmp/attr", ts, 0), -EINVAL);
	EXPECT_EQ(sys_access("/tmp/attr", 1), 0);
	EXPECT_EQ(sys_access("/data/hello.txt", 1), -EACCES);
	EXPECT_EQ(sys_access("/data/hello.txt", 8), -EINVAL);
	EXPECT_EQ(sys_access("/tmp", 7), 0);
	EXPECT_EQ(sys_umask(077), 022);
	EXPECT_EQ(sys_mknod("/tmp/node", S_IFCHR | 0666, dev_encode(1, 3)), 0);
	EXPECT_EQ(sys_stat("/tmp/node", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFCHR | 0600);
	EXPECT_EQ(st.st_rdev, dev_encode(1, 3));
	EXPECT_EQ(sys_umask(022), 077);
	EXPECT_EQ(sys_mknod("/tmp/node2", S_IFDIR | 0666, 0), -EPERM);
	{
		long fd = sys_open("/tmp/node", O_WRONLY, 0);
		EXPECT_EQ(sys_write((int)fd, "abc", 3), 3);     /* it is /dev/null */
		sys_close((int)fd);
	}
}

/* A second file system mounted on a directory. */
static void test_mount(void)
{
	struct superblock *sb = tmpfs_new();
	struct inode *dir;
	struct user_stat st, st2;
	char buf[64];

	EXPECT_EQ(sys_mkdir("/mnt", 0755), 0);
	EXPECT_EQ(put_file("/mnt/hidden", "h"), 1);
	EXPECT_EQ(walk_user(AT_FDCWD, "/mnt", WALK_FOLLOW, &dir), 0);
	EXPECT_EQ(vfs_mount(dir, sb), 0);
	inode_put(dir);
	EXPECT_EQ(sys_stat("/mnt/hidden", &st), -ENOENT);
	EXPECT_EQ(put_file("/mnt/new", "n"), 1);
	EXPECT_EQ(sys_stat("/mnt/new", &st), 0);
	EXPECT_EQ(sys_stat("/", &st2), 0);
	EXPECT(st.st_dev != st2.st_dev);
	EXPECT_EQ(sys_stat("/mnt/..", &st), 0);
	EXPECT(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	EXPECT_EQ(sys_rename("/mnt/new", "/tmp/new"), -EXDEV);
	EXPECT_EQ(sys_link("/mnt/new", "/tmp/new"), -EXDEV);
	EXPECT_EQ(sys_rmdir("/mnt"), -EBUSY);
	EXPECT_EQ(sys_mkdir("/mnt/sub", 0755), 0);
	EXPECT_EQ(sys_chdir("/mnt/sub"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 9);
	EXPECT(!strcmp(buf, "/mnt/sub"));
	EXPECT_EQ(sys_chdir("/"), 0);
}

static void test_names(void)
{
	static char path[5000];
	struct user_stat st;

	memset(path, 'a', 300);
	path[0] = '/';
	path[257] = '\0';
	EXPECT_EQ(sys_stat(path, &st), -ENAMETOOLONG);
	path[257] = 'a';
	memset(path, '/', 4096);
	path[4096] = '\0';
	EXPECT_EQ(sys_stat(path, &st), -ENAMETOOLONG);
	path[4095] = '\0';
	EXPECT_EQ(sys_stat(path, &st), 0);
	EXPECT_EQ(sys_stat("", &st), -ENOENT);
	EXPECT_EQ(sys_stat(BAD_USER, &st), -EFAULT);
	EXPECT_EQ(sys_stat("/data/hello.txt", BAD_USER), -EFAULT);
	/* A link whose target fills PATH_MAX with what follows it. */
	memset(path, 'b', 4000);
	path[4000] = '\0';
	path[0] = '/';
	for (int i = 200; i < 4000; i += 200)
		path[i] = '/';
	EXPECT_EQ(sys_symlink(path, "/tmp/longlink"), 0);
	EXPECT_EQ(sys_stat("/tmp/longlink/x", &st), -ENOENT);
	memset(path, 'c', 200);
	memcpy(path, "/tmp/longlink/", 14);
	path[200] = '\0';
	EXPECT_EQ(sys_stat(path, &st), -ENAMETOOLONG);
}

int main(void)
{
	fs_host_boot();
	test_namespace();
	test_o_path();
	test_attrs();
	test_mount();
	test_names();
	return fs_host_done("test_fs_namespace");
}
