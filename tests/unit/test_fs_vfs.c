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

#include "fs/vfs.h"
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

int main(void)
{
	vfs_init();
	test_fs = fs_state_new();
	unpack_root();
	test_unpacked();
	test_big_cpio();
	printf("test_fs_vfs: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
