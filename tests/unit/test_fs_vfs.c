// SPDX-License-Identifier: MIT
// sources: fs/attr.c fs/chardev.c fs/cpio.c fs/cpio_parse.c fs/dirops.c
// sources: fs/fdtable.c fs/file.c fs/inode.c fs/namei.c fs/open.c
// sources: fs/path_parse.c fs/pipe.c fs/rename.c fs/stat.c fs/tmpfs.c
// sources: fs/tmpfs_data.c fs/vfs.c
/*
 * test_fs_vfs.c - the whole VFS (path walk, fd table, tmpfs, pipes, memory
 * devices, cpio unpacking) on the host under ASan/UBSan, through the same
 * sys_* handlers the syscall table calls.
 *
 * The kernel services fs/ uses are stubbed here: the heap is malloc, pages
 * are aligned_alloc, "user" pointers are host pointers except a few marked
 * bad (below 4096, BAD_USER, the kernel half) which give EFAULT as the real
 * uaccess does.  Waits cannot block here, so pipe tests use O_NONBLOCK.
 * Guest tests (tests/guest/) check the same behaviour against Linux itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"

#define BAD_USER ((void *)0xdeadbeef000UL)
#define KERNEL_PTR ((void *)0xffff800000001000UL)

/* ---- stubs for the kernel services fs/ uses ----------------------------- */

int printk_quiet;
static struct fs_state *test_fs;
static int sigpipes;
static uint64_t fake_ns = 1700000000ULL * 1000000000ULL;

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	abort();
}

void *kmalloc(size_t size) { return malloc(size ? size : 1); }
void *kzalloc(size_t size) { return calloc(1, size ? size : 1); }
void kfree(void *p) { free(p); }

void *page_alloc(void)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void page_free_n(void *p, size_t n) { (void)n; free(p); }
void page_put(uint64_t phys) { free((void *)phys); }
uint64_t virt_to_phys(const void *va) { return (uint64_t)va; }

static bool bad_ptr(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;

	if (n == 0)
		return false;
	return a < 4096 || (a >= (uintptr_t)BAD_USER && a < (uintptr_t)BAD_USER + 0x100000) ||
	       a >= 0xffff800000000000UL;
}

bool user_range_ok(const void *p, size_t n)
{
	return (uintptr_t)p < 0xffff800000000000UL && n < 0x800000000000UL;
}

int copy_from_user(void *dst, const void *src, size_t n)
{
	if (!user_range_ok(src, n) || bad_ptr(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int copy_to_user(void *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n) || bad_ptr(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int clear_user(void *dst, size_t n)
{
	if (!user_range_ok(dst, n) || bad_ptr(dst, n))
		return -EFAULT;
	memset(dst, 0, n);
	return 0;
}

long strncpy_from_user(char *dst, const char *src, size_t max)
{
	if (bad_ptr(src, 1))
		return -EFAULT;
	for (size_t i = 0; i < max; i++) {
		dst[i] = src[i];
		if (!src[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

uint64_t time_realtime_ns(void) { return fake_ns += 1000; }
void random_bytes(void *buf, size_t n) { memset(buf, 0x5a, n); }
void random_mix(const void *buf, size_t n) { (void)buf; (void)n; }
void waitq_init(struct waitq *wq) { list_init(&wq->waiters); }
int waitq_sleep(struct waitq *wq) { (void)wq; return -ERESTARTSYS; }
void waitq_wake(struct waitq *wq) { (void)wq; }
bool signal_pending(void) { return false; }
void signal_raise_current(int sig) { if (sig == SIGPIPE) sigpipes++; }
struct fs_state *current_fs(void) { return test_fs; }

/* ---- checks --------------------------------------------------------------- */

static int failures, checks;
#define EXPECT(c)                                                          \
	do {                                                               \
		checks++;                                                  \
		if (!(c)) {                                                \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
			failures++;                                        \
		}                                                          \
	} while (0)
#define EXPECT_EQ(a, b)                                                    \
	do {                                                               \
		long a_ = (long)(a), b_ = (long)(b);                       \
		checks++;                                                  \
		if (a_ != b_) {                                            \
			printf("FAIL %s:%d: %s == %ld, want %ld\n", __FILE__, \
			       __LINE__, #a, a_, b_);                      \
			failures++;                                        \
		}                                                          \
	} while (0)

/* ---- a newc writer for building archives ------------------------------- */

struct cpio_buf {
	unsigned char *p;
	size_t len, cap;
	unsigned ino;
};

static void cb_put(struct cpio_buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void cb_pad(struct cpio_buf *b)
{
	while (b->len % 4)
		cb_put(b, "", 1);
}

static void cb_entry_ino(struct cpio_buf *b, const char *name, unsigned mode,
			 const void *data, size_t size, unsigned rmaj,
			 unsigned rmin, unsigned ino, unsigned nlink)
{
	char hdr[111];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, nlink, 1000, (unsigned)size, 0, 0, rmaj, rmin,
		 (unsigned)strlen(name) + 1, 0);
	cb_put(b, hdr, 110);
	cb_put(b, name, strlen(name) + 1);
	cb_pad(b);
	cb_put(b, data, size);
	cb_pad(b);
}

static void cb_entry(struct cpio_buf *b, const char *name, unsigned mode,
		     const void *data, size_t size, unsigned rmaj, unsigned rmin)
{
	cb_entry_ino(b, name, mode, data, size, rmaj, rmin, ++b->ino,
		     S_ISDIR(mode) ? 2 : 1);
}

static void cb_trailer(struct cpio_buf *b)
{
	cb_entry_ino(b, "TRAILER!!!", 0, "", 0, 0, 0, 0, 1);
}

/* The tree every test starts from, like tests/rootfs plus the device nodes. */
static void unpack_root(void)
{
	struct cpio_buf b = { 0 };
	static char big[10000];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	cb_entry(&b, ".", S_IFDIR | 0755, "", 0, 0, 0);
	cb_entry(&b, "dev", S_IFDIR | 0755, "", 0, 0, 0);
	cb_entry(&b, "dev/null", S_IFCHR | 0666, "", 0, 1, 3);
	cb_entry(&b, "dev/zero", S_IFCHR | 0666, "", 0, 1, 5);
	cb_entry(&b, "dev/full", S_IFCHR | 0666, "", 0, 1, 7);
	cb_entry(&b, "dev/urandom", S_IFCHR | 0666, "", 0, 1, 9);
	cb_entry(&b, "dev/console", S_IFCHR | 0600, "", 0, 5, 1);
	cb_entry(&b, "tmp", S_IFDIR | 01777, "", 0, 0, 0);
	cb_entry(&b, "data", S_IFDIR | 0755, "", 0, 0, 0);
	cb_entry(&b, "data/hello.txt", S_IFREG | 0644, "hello, world\n", 13, 0, 0);
	cb_entry(&b, "data/empty", S_IFREG | 0644, "", 0, 0, 0);
	cb_entry(&b, "data/big", S_IFREG | 0755, big, sizeof(big), 0, 0);
	cb_entry(&b, "data/link", S_IFLNK | 0777, "hello.txt", 9, 0, 0);
	cb_entry_ino(&b, "data/h1", S_IFREG | 0644, "", 0, 0, 0, 500, 2);
	cb_entry_ino(&b, "data/h2", S_IFREG | 0644, "linked", 6, 0, 0, 500, 2);
	cb_trailer(&b);
	EXPECT_EQ(cpio_unpack(b.p, b.len), 0);
	free(b.p);
}

static long read_all(const char *path, char *buf, size_t n)
{
	long fd = sys_open(path, O_RDONLY, 0), r;

	if (fd < 0)
		return fd;
	r = sys_read((int)fd, buf, n);
	sys_close((int)fd);
	return r;
}

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

static long put_file(const char *path, const char *data)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), r;

	if (fd < 0)
		return fd;
	r = sys_write((int)fd, data, strlen(data));
	sys_close((int)fd);
	return r;
}

static void test_files(void)
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
	fs_state_exec(test_fs);
	EXPECT_EQ(sys_close(5), -EBADF);
	EXPECT_EQ(sys_close(7), -EBADF);
	EXPECT_EQ(sys_fcntl(0, 1024, 0), -EINVAL);
	EXPECT_EQ(sys_fcntl(FD_MAX, 1, 0), -EBADF);
	EXPECT_EQ(sys_dup2(0, FD_MAX), -EBADF);

	/* fork copies the table: the child's close leaves ours alone. */
	{
		struct fs_state *parent = test_fs, *child = fs_state_fork(parent);
		long fd = sys_open("/data/hello.txt", O_RDONLY, 0);
		test_fs = child;
		EXPECT_EQ(sys_close((int)fd), -EBADF);      /* opened after fork */
		EXPECT_EQ(sys_close(0), 0);
		fs_state_put(child);
		test_fs = parent;
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
	vfs_init();
	test_fs = fs_state_new();
	unpack_root();
	test_unpacked();
	test_big_cpio();
	test_files();
	test_large_file();
	test_fds();
	test_pipes();
	test_fifo();
	test_namespace();
	test_o_path();
	test_attrs();
	test_mount();
	test_names();
	printf("test_fs_vfs: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
