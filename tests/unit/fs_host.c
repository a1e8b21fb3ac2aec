// SPDX-License-Identifier: MIT
/*
 * fs_host.c - host stand-ins for the kernel services fs/ uses, and the
 * helpers the fs/ host tests share (fs_host.h).
 */
#include "tests/unit/fs_host.h"
#include "kernel/mm.h"
#include "kernel/vm.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/cred.h"

/* ---- stubs for the kernel services fs/ uses ----------------------------- */

int printk_quiet;
struct fs_state *test_fs;
struct files_state *test_files;
int sigpipes;
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
char *kstrdup(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	return p ? strcpy(p, s) : NULL;
}
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
/* Only shared mappings take extra page references; no host test maps. */
void page_get(uint64_t phys) { (void)phys; abort(); }
/* tmpfs truncate and hole punching: no address spaces on the host. */
void vm_unmap_file_pages(struct inode *inode, uint64_t first, uint64_t end,
			 uint64_t (*file_page)(struct inode *inode, uint64_t pgoff), bool even_cows)
{
	(void)inode; (void)first; (void)end; (void)file_page; (void)even_cows;
}
uint64_t virt_to_phys(const void *va) { return (uint64_t)va; }
uint64_t page_total(void) { return 131072; }            /* 512 MiB */
uint64_t page_free_count(void) { return 100000; }

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
void poll_wait(struct poll_table *pt, struct waitq *wq) { (void)pt; (void)wq; }
unsigned long rlimit_nofile(void) { return 1024; }
bool signal_pending(void) { return false; }
void signal_raise_current(int sig) { if (sig == SIGPIPE) sigpipes++; }
struct fs_state *current_fs(void) { return test_fs; }
struct files_state *current_files(void) { return test_files; }
/* No nsfs here (fs/procfs_ns.c needs the process table). */
const char *nsfs_label(struct inode *inode) { (void)inode; return NULL; }
long sys_getpid(void) { return 1; }                    /* posixlock.c: l_pid */

int failures, checks;

/* ---- a newc writer for building archives ------------------------------- */

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

void cb_entry_ino(struct cpio_buf *b, const char *name, unsigned mode,
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

void cb_entry(struct cpio_buf *b, const char *name, unsigned mode,
		     const void *data, size_t size, unsigned rmaj, unsigned rmin)
{
	cb_entry_ino(b, name, mode, data, size, rmaj, rmin, ++b->ino,
		     S_ISDIR(mode) ? 2 : 1);
}

void cb_trailer(struct cpio_buf *b)
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

long read_all(const char *path, char *buf, size_t n)
{
	long fd = sys_open(path, O_RDONLY, 0), r;

	if (fd < 0)
		return fd;
	r = sys_read((int)fd, buf, n);
	sys_close((int)fd);
	return r;
}

long put_file(const char *path, const char *data)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), r;

	if (fd < 0)
		return fd;
	r = sys_write((int)fd, data, strlen(data));
	sys_close((int)fd);
	return r;
}

void fs_host_boot(void)
{
	vfs_init();
	test_fs = fs_state_new();
	test_files = files_new();
	unpack_root();
}

int fs_host_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, checks, failures);
	return failures != 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

/* Root's credentials: the host tests run everything privileged. */
static struct cred host_cred;
const struct cred *current_cred(void) { return &host_cred; }
bool cred_privileged(void) { return true; }
bool cred_fs_privileged(void) { return true; }
bool cred_in_group(uint32_t gid) { return gid == 0; }
void cred_swap_fs_ids(uint32_t *fsuid, uint32_t *fsgid)
{
	uint32_t u = host_cred.fsuid, g = host_cred.fsgid;

	host_cred.fsuid = *fsuid;
	host_cred.fsgid = *fsgid;
	*fsuid = u;
	*fsgid = g;
}
