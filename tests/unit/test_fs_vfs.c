// SPDX-License-Identifier: MIT
// sources: tests/unit/fs_host.c fs/attr.c fs/chardev.c fs/cpio.c
// sources: fs/cpio_parse.c fs/dirops.c fs/fdtable.c fs/file.c fs/inode.c
// sources: fs/namei.c fs/open.c fs/path_parse.c fs/pipe.c fs/rename.c
// sources: fs/stat.c fs/tmpfs.c fs/tmpfs_data.c fs/vfs.c fs/flock.c fs/posixlock.c fs/xattr.c fs/fileattr.c
/*
 * test_fs_vfs.c - the VFS on the host under ASan/UBSan, through the sys_*
 * handlers the syscall table calls: the initramfs unpacked by cpio_unpack,
 * file data in tmpfs (holes, truncation, a 64 MiB file), the fd table, pipes
 * and fifos.  Guest tests (tests/guest/) check the same against Linux.
 */
#include "tests/unit/fs_host.h"

static void test_unpacked(void)
{
	struct user_stat st;
	char buf[20000];

	EXPECT_EQ(read_all("/data/hello.txt", buf, sizeof(buf)), 13);
	EXPECT(!memcmp(buf, "hello, world\n", 13));
	EXPECT_EQ(read_all("/data/big", buf, sizeof(buf)), 10000);
	EXPECT(buf[9999] == (char)(9999 * 7) && buf[4096] == (char)(4096 * 7));
	EXPECT_EQ(read_all("/data/link", buf, sizeof(buf)), 13);
	EXPECT_EQ(sys_lstat("/data/link", &st), 0);
	EXPECT(S_ISLNK(st.st_mode) && st.st_size == 9);
	EXPECT_EQ(sys_stat("/data/hello.txt", &st), 0);
	EXPECT_EQ(st.st_mtime_sec, 1000);
	EXPECT_EQ(st.st_mode, S_IFREG | 0644);
	EXPECT_EQ(sys_stat("/tmp", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 01777);
	EXPECT_EQ(st.st_mtime_sec, 1000);
	EXPECT_EQ(sys_stat("/dev/null", &st), 0);
	EXPECT(S_ISCHR(st.st_mode) && DEV_MAJOR(st.st_rdev) == 1 && DEV_MINOR(st.st_rdev) == 3);
	EXPECT_EQ(sys_stat("/data/h1", &st), 0);
	EXPECT_EQ(st.st_nlink, 2);
	EXPECT_EQ(st.st_size, 6);
	EXPECT_EQ(read_all("/data/h1", buf, sizeof(buf)), 6);
	EXPECT(!memcmp(buf, "linked", 6));
	EXPECT_EQ(sys_stat("/", &st), 0);
	EXPECT_EQ(st.st_nlink, 5);          /* 2 + dev, tmp, data */
}

/* A file of many pages through cpio, read back whole, by page and by pread. */
static void test_big_cpio(void)
{
	size_t n = 3 * 1024 * 1024 + 123;
	unsigned char *data = malloc(n), *back = malloc(n), page[4096];
	struct cpio_buf b = { 0 };
	struct file *f;
	uint32_t x = 1;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		data[i] = (unsigned char)(x >> 16);
	}
	cb_entry(&b, "bigfile", S_IFREG | 0755, data, n, 0, 0);
	cb_trailer(&b);
	EXPECT_EQ(cpio_unpack(b.p, b.len), 0);
	EXPECT_EQ(read_all("/bigfile", (char *)back, n + 10), n);
	EXPECT(!memcmp(data, back, n));
	EXPECT_EQ(vfs_open_kernel("/bigfile", O_RDONLY, &f), 0);
	for (size_t off = 0; off < n; off += 4096) {
		size_t c = n - off < 4096 ? n - off : 4096;
		if (file_read_kernel(f, page, c, (off_t)off) != (ssize_t)c ||
		    memcmp(page, data + off, c)) {
			EXPECT(!"page read back differs");
			break;
		}
	}
	file_put(f);
	free(b.p);
	free(data);
	free(back);
}

static void test_fd_table(void)
{
	struct user_stat st;
	char buf[8192];
	long fd;

	EXPECT_EQ(sys_mkdir("/tmp/f", 0755), 0);
	fd = sys_open("/tmp/f/a", O_RDWR | O_CREAT | O_EXCL, 0666);
	EXPECT(fd >= 0);
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0644);
	EXPECT_EQ(sys_write((int)fd, "abc", 3), 3);
	EXPECT_EQ(sys_lseek((int)fd, 10000, 0), 10000);
	EXPECT_EQ(sys_write((int)fd, "Z", 1), 1);
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT_EQ(st.st_size, 10001);
	EXPECT_EQ(st.st_blocks, 16);        /* pages 0 and 2, the hole is free */
	memset(buf, 1, sizeof(buf));
	EXPECT_EQ(sys_pread64((int)fd, buf, 8000, 3), 8000);
	EXPECT(buf[0] == 0 && buf[4000] == 0 && buf[7999] == 0);
	/* Shrink into the first page, grow again: the tail reads as zeros. */
	EXPECT_EQ(sys_ftruncate((int)fd, 2), 0);
	EXPECT_EQ(sys_ftruncate((int)fd, 5000), 0);
	EXPECT_EQ(sys_pread64((int)fd, buf, 10, 0), 10);
	EXPECT(!memcmp(buf, "ab\0\0\0\0\0\0\0\0", 10));
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT_EQ(st.st_blocks, 8);
	EXPECT_EQ(sys_ftruncate((int)fd, -1), -EINVAL);
	EXPECT_EQ(sys_lseek((int)fd, 0, 3), 0);        /* SEEK_DATA */
	EXPECT_EQ(sys_lseek((int)fd, 0, 4), 5000);     /* SEEK_HOLE */
	EXPECT_EQ(sys_lseek((int)fd, 6000, 3), -ENXIO);
	EXPECT_EQ(sys_read((int)fd, KERNEL_PTR, 4), -EFAULT);
	EXPECT_EQ(sys_write((int)fd, BAD_USER, 4), -EFAULT);
	sys_close((int)fd);

	EXPECT_EQ(sys_truncate("/tmp/f", 0), -EISDIR);
	EXPECT_EQ(sys_truncate("/dev/null", 0), -EINVAL);
	EXPECT_EQ(sys_truncate("/tmp/f/a", 3), 0);
	EXPECT_EQ(read_all("/tmp/f/a", buf, sizeof(buf)), 3);
	fd = sys_open("/tmp/f/a", O_RDONLY, 0);
	EXPECT_EQ(sys_ftruncate((int)fd, 0), -EINVAL);  /* not open for writing */
	EXPECT_EQ(sys_fsync((int)fd), 0);
	sys_close((int)fd);
	fd = sys_open("/dev/null", O_RDWR, 0);
	EXPECT_EQ(sys_fsync((int)fd), -EINVAL);
	EXPECT_EQ(sys_lseek((int)fd, 100, 0), 0);
	EXPECT_EQ(sys_ioctl((int)fd, 0x5401, 0), -ENOTTY);
	sys_close((int)fd);
	EXPECT_EQ(sys_open("/dev/console", O_RDWR, 0), -ENXIO);    /* no driver here */
	EXPECT_EQ(sys_open("/tmp/f/a/", O_RDONLY, 0), -ENOTDIR);
	EXPECT_EQ(sys_open("/tmp/f/new/", O_RDWR | O_CREAT, 0644), -EISDIR);
	EXPECT_EQ(sys_open("/tmp/f", O_RDONLY | O_CREAT, 0644), -EISDIR);
	EXPECT_EQ(sys_open("/tmp/f/.", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	EXPECT_EQ(sys_open("/tmp/f", O_RDONLY | O_TRUNC, 0), -EISDIR);
}

/* statfs, and the tmpfs size limit (half of RAM) giving ENOSPC. */
static void test_statfs(void)
{
	struct { int64_t type, bsize; uint64_t blocks, bfree, bavail, files, ffree;
		 int32_t fsid[2]; int64_t namelen, frsize, flags, spare[4]; } sf;
	struct superblock *sb = vfs_root_sb;
	uint64_t saved = sb->pages_max;
	int p[2];
	long fd;

	EXPECT_EQ(sys_statfs("/tmp", &sf), 0);
	EXPECT_EQ(sf.type, 0x01021994);
	EXPECT(sf.bsize == 4096 && sf.blocks == 65536 && sf.namelen == 255);
	EXPECT_EQ(sf.blocks - sf.bfree, sb->pages_used);
	EXPECT_EQ(sys_statfs("/missing", &sf), -ENOENT);
	EXPECT_EQ(sys_pipe(p), 0);
	EXPECT_EQ(sys_fstatfs(p[0], &sf), 0);
	EXPECT_EQ(sf.type, 0x50495045);
	EXPECT_EQ(sys_fstatfs(p[0], BAD_USER), -EFAULT);
	sys_close(p[0]);
	sys_close(p[1]);

	sb->pages_max = sb->pages_used + 2;
	fd = sys_open("/tmp/full", O_RDWR | O_CREAT | O_TRUNC, 0644);
	{
		static char buf[3 * 4096];
		EXPECT_EQ(sys_write((int)fd, buf, sizeof(buf)), 2 * 4096);
		EXPECT_EQ(sys_write((int)fd, buf, 1), -ENOSPC);
	}
	EXPECT_EQ(sys_ftruncate((int)fd, 0), 0);
	EXPECT_EQ(sys_write((int)fd, "ok", 2), 2);
	sys_close((int)fd);
	EXPECT_EQ(sys_unlink("/tmp/full"), 0);
	sb->pages_max = saved;
}

/* Running a file and writing it exclude each other (ETXTBSY). */
static void test_txtbsy(void)
{
	struct file *f;
	long fd;

	EXPECT_EQ(vfs_open_kernel("/data/big", O_RDONLY, &f), 0);
	EXPECT_EQ(file_may_exec(f), 0);
	fd = sys_open("/data/big", O_WRONLY, 0);
	EXPECT_EQ(file_may_exec(f), -ETXTBSY);
	EXPECT_EQ(file_deny_write(f), -ETXTBSY);
	sys_close((int)fd);
	EXPECT_EQ(file_deny_write(f), 0);
	EXPECT_EQ(sys_open("/data/big", O_RDWR, 0), -ETXTBSY);
	EXPECT_EQ(sys_truncate("/data/big", 0), -ETXTBSY);
	fd = sys_open("/data/big", O_RDONLY, 0);
	EXPECT(fd >= 0);
	sys_close((int)fd);
	file_allow_write(f);
	fd = sys_open("/data/big", O_RDWR, 0);
	EXPECT(fd >= 0);
	sys_close((int)fd);
	file_put(f);
	EXPECT_EQ(vfs_open_kernel("/data/hello.txt", O_RDONLY, &f), 0);
	EXPECT_EQ(file_may_exec(f), -EACCES);
	file_put(f);
}

/* A 64 MiB file written in 1 MiB pieces and read back, then freed. */
static void test_large_file(void)
{
	size_t chunk = 1 << 20, total = 64 << 20;
	char *buf = malloc(chunk), *back = malloc(chunk);
	struct user_stat st;
	long fd = sys_open("/tmp/large", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int bad = 0;

	for (size_t off = 0; off < total; off += chunk) {
		memset(buf, (int)(off >> 20), chunk);
		if (sys_write((int)fd, buf, chunk) != (long)chunk)
			bad++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT_EQ(st.st_size, total);
	EXPECT_EQ(st.st_blocks, total / 512);
	for (size_t off = 0; off < total; off += 7 * chunk + 4093)
		if (sys_pread64((int)fd, back, 1, (off_t)off) != 1 ||
		    back[0] != (char)(off >> 20))
			bad++;
	EXPECT_EQ(bad, 0);
	/* A sparse write far out, then back to nothing. */
	EXPECT_EQ(sys_pwrite64((int)fd, "end", 3, (off_t)1 << 40), 3);
	EXPECT_EQ(sys_pread64((int)fd, back, 3, (off_t)1 << 40), 3);
	EXPECT(!memcmp(back, "end", 3));
	EXPECT_EQ(sys_ftruncate((int)fd, 0), 0);
	EXPECT_EQ(sys_fstat((int)fd, &st), 0);
	EXPECT_EQ(st.st_blocks, 0);
	sys_close((int)fd);
	EXPECT_EQ(sys_unlink("/tmp/large"), 0);
	free(buf);
	free(back);
}

static void test_fds(void)
{
	int p[2], n = 0, last = -1;
	long r;

	EXPECT_EQ(sys_open("/data/hello.txt", O_RDONLY, 0), 0);
	while ((r = sys_dup(0)) >= 0) {
		last = (int)r;
		n++;
	}
	EXPECT_EQ(r, -EMFILE);
	EXPECT_EQ(last, FD_MAX - 1);
	EXPECT_EQ(sys_open("/data/hello.txt", O_RDONLY, 0), -EMFILE);
	EXPECT_EQ(sys_pipe(p), -EMFILE);
	for (int fd = 1; fd < FD_MAX; fd++)
		sys_close(fd);
	EXPECT_EQ(sys_dup2(0, 7), 7);
	EXPECT_EQ(sys_fcntl(7, 1, 0), 0);                    /* F_GETFD */
	EXPECT_EQ(sys_dup3(0, 7, O_CLOEXEC), 7);
	EXPECT_EQ(sys_fcntl(7, 1, 0), 1);
	EXPECT_EQ(sys_fcntl(0, 1030, 5), 5);                 /* F_DUPFD_CLOEXEC */
	EXPECT_EQ(sys_fcntl(5, 1, 0), 1);
	EXPECT_EQ(sys_ioctl(5, 0x5450, 0), 0);               /* FIONCLEX */
	EXPECT_EQ(sys_fcntl(5, 1, 0), 0);
	EXPECT_EQ(sys_ioctl(5, 0x5451, 0), 0);               /* FIOCLEX */
	files_exec(test_files);
	EXPECT_EQ(sys_close(5), -EBADF);
	EXPECT_EQ(sys_close(7), -EBADF);
	EXPECT_EQ(sys_fcntl(0, 1024, 0), -EINVAL);
	EXPECT_EQ(sys_fcntl(FD_MAX, 1, 0), -EBADF);
	EXPECT_EQ(sys_dup2(0, FD_MAX), -EBADF);

	/* fork copies the table: the child's close leaves ours alone. */
	{
		struct files_state *parent = test_files, *child = files_fork(parent);
		long fd = sys_open("/data/hello.txt", O_RDONLY, 0);
		test_files = child;
		EXPECT_EQ(sys_close((int)fd), -EBADF);      /* opened after fork */
		EXPECT_EQ(sys_close(0), 0);
		files_put(child);
		test_files = parent;
		EXPECT_EQ(sys_fcntl(0, 1, 0), 0);
		EXPECT_EQ(sys_close((int)fd), 0);
	}
}

static void test_pipes(void)
{
	char buf[70000];
	int p[2];
	long r, total = 0;

	EXPECT_EQ(sys_pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
	EXPECT_EQ(sys_fcntl(p[0], 1, 0), 1);
	EXPECT_EQ(sys_read(p[0], buf, 10), -EAGAIN);
	EXPECT_EQ(sys_write(p[1], "hello", 5), 5);
	EXPECT_EQ(sys_read(p[0], KERNEL_PTR, 5), -EFAULT);
	EXPECT_EQ(sys_read(p[0], BAD_USER, 5), -EFAULT);
	EXPECT_EQ(sys_read(p[0], buf, 10), 5);      /* nothing was lost */
	EXPECT(!memcmp(buf, "hello", 5));
	memset(buf, 'x', sizeof(buf));
	while ((r = sys_write(p[1], buf, 5000)) > 0)
		total += r;
	EXPECT_EQ(r, -EAGAIN);
	EXPECT_EQ(total, 65536);
	EXPECT_EQ(sys_write(p[1], buf, 1), -EAGAIN);
	EXPECT_EQ(sys_read(p[0], buf, 100), 100);
	EXPECT_EQ(sys_write(p[1], buf, 4096), -EAGAIN);    /* PIPE_BUF: all or none */
	EXPECT_EQ(sys_write(p[1], buf, 5000), 100);        /* larger: what fits */
	EXPECT_EQ(sys_lseek(p[0], 0, 0), -ESPIPE);
	EXPECT_EQ(sys_pread64(p[0], buf, 1, 0), -ESPIPE);
	EXPECT_EQ(sys_read(p[1], buf, 1), -EBADF);
	EXPECT_EQ(sys_write(p[0], buf, 1), -EBADF);
	{
		int n = -1;
		EXPECT_EQ(sys_ioctl(p[0], 0x541B, (unsigned long)&n), 0);
		EXPECT_EQ(n, 65536);
	}
	EXPECT_EQ(sys_read(p[0], buf, sizeof(buf)), 65536);
	EXPECT_EQ(sys_close(p[1]), 0);
	EXPECT_EQ(sys_read(p[0], buf, 1), 0);
	EXPECT_EQ(sys_close(p[0]), 0);

	EXPECT_EQ(sys_pipe(p), 0);
	sys_close(p[0]);
	sigpipes = 0;
	EXPECT_EQ(sys_write(p[1], "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	sys_close(p[1]);
	EXPECT_EQ(sys_pipe2(p, O_RDWR), -EINVAL);
	EXPECT_EQ(sys_pipe((int *)BAD_USER), -EFAULT);
	EXPECT_EQ(sys_dup(3), -EBADF);                      /* no fd leaked */

	/* readv from a pipe does not wait between segments. */
	{
		struct io_vec iov[2] = { { buf, 3 }, { buf + 3, 10 } };
		EXPECT_EQ(sys_pipe(p), 0);
		EXPECT_EQ(sys_write(p[1], "abc", 3), 3);
		EXPECT_EQ(sys_readv(p[0], iov, 2), 3);
		iov[0] = (struct io_vec){ "12", 2 };
		iov[1] = (struct io_vec){ "345", 3 };
		EXPECT_EQ(sys_writev(p[1], iov, 2), 5);
		EXPECT_EQ(sys_read(p[0], buf, 10), 5);
		EXPECT(!memcmp(buf, "12345", 5));
		sys_close(p[0]);
		sys_close(p[1]);
	}
}

static void test_fifo(void)
{
	struct user_stat st;
	char buf[16];
	long r, w, rw;

	EXPECT_EQ(sys_mknod("/tmp/fifo", S_IFIFO | 0644, 0), 0);
	EXPECT_EQ(sys_stat("/tmp/fifo", &st), 0);
	EXPECT(S_ISFIFO(st.st_mode));
	EXPECT_EQ(sys_open("/tmp/fifo", O_WRONLY | O_NONBLOCK, 0), -ENXIO);
	/* Blocking opens wait for the other side (here: the wait is cut short). */
	EXPECT_EQ(sys_open("/tmp/fifo", O_RDONLY, 0), -ERESTARTSYS);
	r = sys_open("/tmp/fifo", O_RDONLY | O_NONBLOCK, 0);
	EXPECT(r >= 0);
	EXPECT_EQ(sys_read((int)r, buf, sizeof(buf)), 0);      /* no writer: EOF */
	w = sys_open("/tmp/fifo", O_WRONLY, 0);                 /* a reader is there */
	EXPECT(w >= 0);
	EXPECT_EQ(sys_read((int)r, buf, sizeof(buf)), -EAGAIN);
	EXPECT_EQ(sys_write((int)w, "fifo", 4), 4);
	EXPECT_EQ(sys_read((int)r, buf, sizeof(buf)), 4);
	EXPECT(!memcmp(buf, "fifo", 4));
	sys_close((int)r);
	sigpipes = 0;
	EXPECT_EQ(sys_write((int)w, "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	sys_close((int)w);
	rw = sys_open("/tmp/fifo", O_RDWR, 0);
	EXPECT(rw >= 0);
	EXPECT_EQ(sys_write((int)rw, "both", 4), 4);
	EXPECT_EQ(sys_read((int)rw, buf, sizeof(buf)), 4);
	sys_close((int)rw);
	EXPECT_EQ(sys_unlink("/tmp/fifo"), 0);
}

/* The names /proc/<pid>/fd shows (file_path). */
static void expect_path(int fd, const char *want)
{
	static char buf[PATH_MAX];
	char *start = NULL;

	EXPECT_EQ(file_path(fd_lookup(fd), buf, &start), 0);
	EXPECT(start && !strcmp(start, want));
}

static void test_file_path(void)
{
	char want[32];
	int fd, dir, p[2];

	EXPECT_EQ(sys_mkdir("/tmp/fp", 0755), 0);
	fd = (int)sys_open("/tmp/fp/../fp/x", O_RDWR | O_CREAT, 0644);
	EXPECT(fd >= 0);
	expect_path(fd, "/tmp/fp/x");
	dir = (int)sys_open("/tmp/fp/.", O_RDONLY | O_DIRECTORY, 0);
	expect_path(dir, "/tmp/fp");
	EXPECT_EQ(sys_unlink("/tmp/fp/x"), 0);
	expect_path(fd, "/tmp/fp/x (deleted)");
	EXPECT_EQ(sys_pipe2(p, 0), 0);
	snprintf(want, sizeof(want), "pipe:[%lu]",
		 (unsigned long)fd_lookup(p[0])->inode->ino);
	expect_path(p[1], want);
	sys_close(p[0]);
	sys_close(p[1]);
	sys_close(fd);
	sys_close(dir);
	EXPECT_EQ(sys_rmdir("/tmp/fp"), 0);
}

int main(void)
{
	fs_host_boot();
	test_unpacked();
	test_big_cpio();
	test_fd_table();
	test_txtbsy();
	test_statfs();
	test_large_file();
	test_fds();
	test_pipes();
	test_fifo();
	test_file_path();
	return fs_host_done("test_fs_vfs");
}
