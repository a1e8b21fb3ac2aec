/* SPDX-License-Identifier: MIT */
/*
 * mem.c - guest test: brk, mmap, munmap and mprotect; shared mappings
 * (anonymous, of files, of memfds) across fork and beside read/write;
 * madvise and msync; truncating, punching a hole in (fallocate, MADV_REMOVE)
 * a file that mappings map; page fault counts (minor, and no major ones
 * for memory and tmpfs, in getrusage and /proc/self/stat alike); code
 * written at run time (JIT) and run.
 *
 * Faults are caught in-process by a SIGSEGV/SIGBUS handler that records
 * si_code and si_addr and siglongjmps back, so each check can say which
 * fault it saw (SEGV_MAPERR for no mapping, SEGV_ACCERR for a protection
 * violation, SIGBUS past the end of a mapped file); one child is also left
 * to die of the default SIGSEGV action.  brk is driven through raw syscalls
 * and always put back where musl left it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define PG 4096UL
#define BADPTR ((void *)0xdeadbeef000UL)

static sigjmp_buf fault_jb;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(fault_jb, 1);
}

/* Touch *p (write if wr); return 0 or the signal that hit. */
static int probe(volatile char *p, int wr)
{
	fault_sig = 0;
	fault_addr = 0;
	if (sigsetjmp(fault_jb, 1) == 0) {
		if (wr)
			*p = 1;
		else
			(void)*p;
	}
	return fault_sig;
}

static int probe_call(void *code)
{
	fault_sig = 0;
	if (sigsetjmp(fault_jb, 1) == 0)
		((void (*)(void))code)();
	return fault_sig;
}

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void *map_anon(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void test_brk(void)
{
	uintptr_t cur = syscall(SYS_brk, 0);
	uintptr_t base = (cur + PG - 1) & ~(PG - 1);
	char *p = (char *)base;

	CHECK(cur != 0 && cur != (uintptr_t)-1, "brk(0) returns the current break");
	CHECK_EQ(syscall(SYS_brk, 0), cur, "brk(0) is stable");
	CHECK_EQ(syscall(SYS_brk, base + 2 * PG), base + 2 * PG, "brk grows by two pages");
	CHECK(probe(p, 0) == 0 && all_zero(p, 2 * PG), "new brk memory reads as zeros");
	CHECK(probe(p + PG, 1) == 0, "new brk memory is writable");
	memset(p, 0x5a, 2 * PG);
	CHECK_EQ(syscall(SYS_brk, cur), cur, "brk shrinks back");
	CHECK_EQ(probe(p + PG, 0), SIGSEGV, "memory above a shrunk break faults");
	CHECK_EQ(fault_code, SEGV_MAPERR, "the fault is SEGV_MAPERR");
	CHECK_EQ(syscall(SYS_brk, base + 2 * PG), base + 2 * PG, "brk grows again");
	CHECK(all_zero(p, 2 * PG), "regrown brk memory is zeroed again");
	CHECK_EQ(syscall(SYS_brk, 0xffff800000000000UL), base + 2 * PG,
		 "brk into kernel space fails, returning the old break");
	CHECK_EQ(syscall(SYS_brk, 4096), base + 2 * PG,
		 "brk below the heap start returns the old break");
	syscall(SYS_brk, cur);
}

static void test_anon(void)
{
	char *p = map_anon(3 * PG, PROT_READ | PROT_WRITE);
	char *q;

	CHECK(p != MAP_FAILED, "mmap anonymous private read/write");
	CHECK(((uintptr_t)p & (PG - 1)) == 0, "the mapping is page aligned");
	CHECK(all_zero(p, 3 * PG), "anonymous memory is zero-filled");
	memset(p, 'a', 3 * PG);
	CHECK(p[3 * PG - 1] == 'a', "anonymous memory is writable");

	/* MAP_FIXED over the middle page replaces just that page. */
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		 0);
	CHECK(q == p + PG, "MAP_FIXED maps at exactly the address asked");
	CHECK(all_zero(q, PG), "the MAP_FIXED page is fresh zeros");
	CHECK(p[0] == 'a' && p[2 * PG] == 'a', "pages around the MAP_FIXED page are untouched");

	CHECK_OK(munmap(p + PG, PG), "munmap the middle page");
	CHECK_EQ(probe(p + PG, 0), SIGSEGV, "touching an unmapped page raises SIGSEGV");
	CHECK_EQ(fault_code, SEGV_MAPERR, "si_code is SEGV_MAPERR");
	CHECK(fault_addr == p + PG, "si_addr is the faulting address");
	CHECK(probe(p, 0) == 0 && probe(p + 2 * PG, 0) == 0,
	      "the pages beside the hole stay mapped");
	CHECK_OK(munmap(p, 3 * PG), "munmap a range with a hole in it");
	CHECK_EQ(probe(p, 0), SIGSEGV, "the whole range is gone");
	CHECK_OK(munmap(p, 3 * PG), "munmap of an already unmapped range succeeds");
	CHECK_ERR(syscall(SYS_munmap, p + 1, PG), EINVAL, "munmap of an unaligned address: EINVAL");
	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL, "munmap of length 0: EINVAL");
}

/* Raw calls: musl checks and rounds some arguments before the kernel does. */
static long sys_mmap(void *a, size_t len, int prot, int fl, int fd, long off)
{
	return syscall(SYS_mmap, a, len, prot, fl, fd, off);
}

static long sys_mprotect(void *a, size_t len, int prot)
{
	return syscall(SYS_mprotect, a, len, prot);
}

static void test_bad_args(void)
{
	int fd = open("/data/hello.txt", O_RDONLY);
	int wfd = open("/tmp/mem_wo", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	void *p;

	CHECK_ERR(sys_mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL,
		  "mmap length 0: EINVAL");
	CHECK_ERR(sys_mmap((void *)0x10000001, PG, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  EINVAL, "MAP_FIXED at an unaligned address: EINVAL");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL,
		  "unaligned file offset: EINVAL");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL,
		  "neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0),
		  EINVAL, "MAP_PRIVATE|MAP_SHARED together: EINVAL");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 999, 0), EBADF,
		  "file mapping of a bad fd: EBADF");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wfd, 0), EACCES,
		  "mapping a write-only fd: EACCES");
	CHECK_ERR(sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES,
		  "shared writable mapping of a read-only fd: EACCES");
	CHECK_ERR(sys_mmap(NULL, 1UL << 60, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM,
		  "an impossibly large mapping: ENOMEM");
	CHECK_ERR(sys_mmap((void *)0x8000000000000000UL, PG, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  ENOMEM, "MAP_FIXED in the kernel half: ENOMEM");

	p = map_anon(PG, PROT_READ);
	CHECK_ERR(sys_mprotect((char *)p + 1, PG, PROT_READ), EINVAL, "mprotect unaligned: EINVAL");
	CHECK_ERR(sys_mprotect(p, PG, 0x100000), EINVAL, "mprotect with unknown prot bits: EINVAL");
	CHECK_OK(sys_mprotect(p, 0, PROT_NONE), "mprotect of length 0 succeeds");
	munmap(p, PG);
	CHECK_ERR(sys_mprotect(p, PG, PROT_READ), ENOMEM, "mprotect of unmapped memory: ENOMEM");
	close(fd);
	close(wfd);
}

static void test_protect(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE);
	int rfd = open("/data/hello.txt", O_RDONLY);
	int wfd = open("/tmp/mem_wo", O_WRONLY | O_CREAT, 0644);
	int status;
	pid_t pid;

	memset(p, 'r', 2 * PG);
	CHECK_OK(mprotect(p, PG, PROT_READ), "mprotect the first page read-only");
	CHECK(probe(p, 0) == 0 && p[0] == 'r', "a read-only page can be read");
	CHECK_EQ(probe(p, 1), SIGSEGV, "writing a read-only page raises SIGSEGV");
	CHECK_EQ(fault_code, SEGV_ACCERR, "si_code is SEGV_ACCERR");
	CHECK(fault_addr == p, "si_addr is the written address");
	CHECK_EQ(probe(p + PG, 1), 0, "the second page is still writable");
	CHECK_ERR(syscall(SYS_read, rfd, p, 4), EFAULT, "read into a read-only page: EFAULT");
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_WRITE), "mprotect back to read/write");
	CHECK_EQ(probe(p, 1), 0, "the page is writable again");

	CHECK_OK(mprotect(p, PG, PROT_NONE), "mprotect PROT_NONE");
	CHECK_EQ(probe(p, 0), SIGSEGV, "reading a PROT_NONE page raises SIGSEGV");
	CHECK_EQ(fault_code, SEGV_ACCERR, "the PROT_NONE fault is SEGV_ACCERR");
	CHECK_ERR(syscall(SYS_write, wfd, p, 4), EFAULT, "write from a PROT_NONE page: EFAULT");

	char *n = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(n != MAP_FAILED, "mmap PROT_NONE");
	CHECK_EQ(probe(n, 0), SIGSEGV, "a PROT_NONE mapping cannot be read");
	CHECK_OK(mprotect(n, PG, PROT_READ), "mprotect PROT_NONE -> PROT_READ");
	CHECK(probe(n, 0) == 0 && all_zero(n, PG), "the page now reads as zeros");
	munmap(n, PG);

	/* Execute permission: run "return 42" from a mapping. */
#if defined(__x86_64__)
	static const unsigned char code[] = { 0xb8, 42, 0, 0, 0, 0xc3 }; /* mov eax, 42; ret */
#elif defined(__aarch64__)
	static const uint32_t code[] = { 0x52800540, 0xd65f03c0 };       /* mov w0, #42; ret */
#endif
	memcpy(p + PG, code, sizeof(code));
	CHECK_EQ(probe_call(p + PG), SIGSEGV, "executing a non-exec page raises SIGSEGV");
	CHECK_OK(mprotect(p + PG, PG, PROT_READ | PROT_EXEC), "mprotect PROT_READ|PROT_EXEC");
	CHECK_EQ(((int (*)(void))(p + PG))(), 42, "code in a PROT_EXEC page runs");

	/* Without a handler the write kills the process with SIGSEGV. */
	mprotect(p, PG, PROT_READ);
	pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile char *)p = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "a child writing read-only memory dies of SIGSEGV");
	munmap(p, 2 * PG);
	close(rfd);
	close(wfd);
}

static void test_file(void)
{
	int fd = open("/data/hello.txt", O_RDONLY);
	char buf[16];
	char *p;

	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap a file MAP_PRIVATE read/write");
	CHECK(!memcmp(p, "hello, world\n", 13), "the mapping shows the file's contents");
	CHECK(all_zero(p + 13, PG - 13), "the rest of the last page is zeros");
	memcpy(p, "HELLO", 5);
	CHECK(!memcmp(p, "HELLO, world\n", 13), "a private mapping can be written");
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hello", 5),
	      "writes to a private mapping do not reach the file");
	CHECK_EQ(probe(p + PG, 0), SIGBUS, "touching a page wholly past end of file raises SIGBUS");
	munmap(p, 2 * PG);

	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	CHECK(p != MAP_FAILED && !memcmp(p, "hello", 5), "a file mapping outlives its fd");
	CHECK_EQ(probe(p, 1), SIGSEGV, "writing a PROT_READ file mapping raises SIGSEGV");
	munmap(p, PG);
}

/* A child writes through its copy of a mapping; the parent looks after. */
static void child_writes(char *p, const char *s)
{
	pid_t pid = fork();

	if (pid == 0) {
		strcpy(p, s);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void test_shared_anon(void)
{
	char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(s != MAP_FAILED && p != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS");
	CHECK(all_zero(s, 2 * PG), "shared anonymous memory starts zeroed");
	strcpy(s, "parent");
	strcpy(p, "parent");
	child_writes(s, "child");
	child_writes(p, "child");
	CHECK(!strcmp(s, "child"), "a child's write to MAP_SHARED memory is seen by the parent");
	CHECK(!strcmp(p, "parent"), "a child's write to MAP_PRIVATE memory is not");
	child_writes(s + PG, "untouched page");
	CHECK(!strcmp(s + PG, "untouched page"),
	      "a page first touched in the child is shared too");
	CHECK_OK(mprotect(s, PG, PROT_READ), "mprotect shared memory read-only");
	CHECK_EQ(probe(s, 1), SIGSEGV, "writing it raises SIGSEGV");
	CHECK_OK(mprotect(s, PG, PROT_READ | PROT_WRITE), "and back to read/write");
	child_writes(s, "again");
	CHECK(!strcmp(s, "again"), "still shared after mprotect");
	CHECK_OK(madvise(s, PG, MADV_DONTNEED), "madvise(MADV_DONTNEED) on shared memory");
	CHECK(!strcmp(s, "again"), "shared memory keeps its contents after MADV_DONTNEED");
	CHECK_OK(madvise(p, PG, MADV_DONTNEED), "madvise(MADV_DONTNEED) on private memory");
	CHECK(all_zero(p, PG), "private anonymous memory reads zeros after MADV_DONTNEED");
	CHECK_ERR(madvise(s, PG, MADV_FREE), EINVAL, "MADV_FREE on shared memory: EINVAL");
	CHECK_OK(madvise(p, PG, MADV_FREE), "MADV_FREE on private anonymous memory");
	CHECK_ERR(madvise(p + 1, PG, MADV_NORMAL), EINVAL, "madvise unaligned: EINVAL");
	CHECK_ERR(madvise(p, PG, 7), EINVAL, "madvise with unknown advice: EINVAL");
	CHECK_OK(madvise(p, PG, MADV_WILLNEED), "madvise(MADV_WILLNEED)");
	CHECK_OK(msync(s, 2 * PG, MS_SYNC), "msync(MS_SYNC)");
	CHECK_ERR(msync(s, PG, MS_SYNC | MS_ASYNC), EINVAL, "msync(MS_SYNC|MS_ASYNC): EINVAL");
	CHECK_ERR(msync(s + 1, PG, MS_SYNC), EINVAL, "msync unaligned: EINVAL");
	munmap(s, 2 * PG);
	munmap(p, PG);
	CHECK_ERR(msync(s, PG, MS_SYNC), ENOMEM, "msync of unmapped memory: ENOMEM");
	CHECK_ERR(madvise(s, PG, MADV_DONTNEED), ENOMEM, "madvise of unmapped memory: ENOMEM");

	/* /dev/zero shared is shared anonymous memory too. */
	int z = open("/dev/zero", O_RDWR);
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
	close(z);
	CHECK(s != MAP_FAILED, "mmap /dev/zero MAP_SHARED");
	child_writes(s, "zero");
	CHECK(!strcmp(s, "zero"), "a shared /dev/zero mapping is shared across fork");
	munmap(s, PG);
}

/* A child that, once told on go, probes *p and exits with the signal seen. */
static pid_t child_probes(volatile char *p, int go[2])
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		read(go[0], &c, 1);
		_exit(probe(p, 0));
	}
	return pid;
}

static int child_result(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_truncate_mapped(void)
{
	int fd = open("/tmp/mem-trunc", O_RDWR | O_CREAT | O_TRUNC, 0600), go[2];
	char *s, *p, buf[4];
	struct stat st;
	pid_t kid;

	CHECK_OK(ftruncate(fd, 4 * PG), "a 4-page file");
	s = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(s != MAP_FAILED && p != MAP_FAILED, "map it shared and private");
	memset(s, 'a', 4 * PG);
	CHECK(p[0] == 'a' && p[PG] == 'a' && p[2 * PG] == 'a', "the private mapping reads the file");
	CHECK(pwrite(fd, "W", 1, 0) == 1 && p[0] == 'W',
	      "a page it only read shows a later write(2) to the file");
	p[3 * PG] = 'p';
	CHECK(pwrite(fd, "X", 1, 3 * PG) == 1 && p[3 * PG] == 'p', "a page it wrote does not");
	pipe(go);
	kid = child_probes(s + 3 * PG, go);
	CHECK_OK(ftruncate(fd, PG + 100), "shrink it to a page and 100 bytes");
	write(go[1], "g", 1);
	CHECK_EQ(probe(s + 2 * PG, 0), SIGBUS, "a shared page it mapped past the new end: SIGBUS");
	CHECK_EQ(probe(s + 3 * PG, 1), SIGBUS, "writing one: SIGBUS");
	CHECK_EQ(child_result(kid), SIGBUS, "in a child that shares the mapping too");
	CHECK(s[PG + 99] == 'a' && all_zero(s + PG + 100, PG - 100),
	      "the last page keeps the bytes before the end, zeros after");
	CHECK_EQ(probe(p + 2 * PG, 0), SIGBUS, "a private page past the new end: SIGBUS");
	CHECK_EQ(probe(p + 3 * PG, 0), SIGBUS, "a private page written before: SIGBUS too");
	CHECK(p[0] == 'W' && p[PG + 99] == 'a' && all_zero(p + PG + 100, PG - 100),
	      "private pages it only read: the file's, the last one's tail zeroed");
	CHECK_OK(ftruncate(fd, 4 * PG), "grow it back");
	CHECK(probe(s + 2 * PG, 0) == 0 && all_zero(s + 2 * PG, 2 * PG),
	      "the shared pages are back, zeros");
	CHECK(all_zero(p + 2 * PG, 2 * PG), "the private ones read zeros too");
	munmap(p, 4 * PG);

	memset(s, 'b', 4 * PG);
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[PG] = 'P';
	CHECK(p[0] == 'b' && p[2 * PG] == 'b', "a private mapping reads the file");
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 3 * PG - 50),
		 "punch a hole over bytes 100 .. 3 pages + 50");
	CHECK(s[99] == 'b' && all_zero(s + 100, 3 * PG - 50) && s[3 * PG + 50] == 'b',
	      "a shared mapping sees zeros in all of it");
	CHECK(p[PG] == 'P', "a private copy made before stays");
	CHECK(all_zero(p + 100, PG - 100) && all_zero(p + 2 * PG, PG),
	      "private pages it only read see the hole");
	s[PG] = 'n';
	CHECK(pread(fd, buf, 1, PG) == 1 && buf[0] == 'n', "a store into the hole reaches the file");
	munmap(p, 4 * PG);

	memset(s, 'c', 4 * PG);
	kid = child_probes(s + 2 * PG, go);
	CHECK_OK(madvise(s + PG, 2 * PG, MADV_REMOVE), "MADV_REMOVE 2 pages of a shared file mapping");
	write(go[1], "g", 1);
	CHECK(all_zero(s + PG, 2 * PG) && s[0] == 'c' && s[3 * PG] == 'c', "they read zeros");
	CHECK_EQ(child_result(kid), 0, "(a child sees the page again too)");
	CHECK(pread(fd, buf, 1, 2 * PG) == 1 && buf[0] == 0, "the file has a hole there");
	CHECK(fstat(fd, &st) == 0 && st.st_size == (off_t)(4 * PG), "and keeps its size");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK_ERR(madvise(p, PG, MADV_REMOVE), EACCES, "MADV_REMOVE of a private file mapping: EACCES");
	munmap(p, PG);
	p = map_anon(PG, PROT_READ | PROT_WRITE);
	CHECK_ERR(madvise(p, PG, MADV_REMOVE), EINVAL, "of private anonymous memory: EINVAL");
	munmap(p, PG);
	CHECK_ERR(madvise(p, PG, MADV_REMOVE), ENOMEM, "of nothing mapped: ENOMEM");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	strcpy(p, "shm");
	CHECK(madvise(p, PG, MADV_REMOVE) == 0 && all_zero(p, PG),
	      "of shared anonymous memory: done, zeros");
	munmap(p, PG);
	munmap(s, 4 * PG);
	close(fd);
	fd = open("/tmp/mem-trunc", O_RDONLY);
	s = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_ERR(madvise(s, PG, MADV_REMOVE), EACCES, "of a read-only shared mapping: EACCES");
	munmap(s, PG);
	close(fd);
	close(go[0]);
	close(go[1]);
	unlink("/tmp/mem-trunc");
}

/* Fields 10 (minflt) and 12 (majflt) of /proc/self/stat; false if unread. */
static bool stat_faults(unsigned long *minflt, unsigned long *majflt)
{
	char buf[1024], *p;
	bool mounted = false;
	int fd = open("/proc/self/stat", O_RDONLY);
	ssize_t n;

	if (fd < 0) { /* the runner mounts no /proc: mount one for this check */
		mkdir("/proc", 0755);
		mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
		fd = open("/proc/self/stat", O_RDONLY);
	}
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (mounted)
		umount("/proc");
	if (n <= 0)
		return false;
	buf[n] = 0;
	p = strrchr(buf, ')');
	/* after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt */
	return p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %lu %*u %lu",
			   minflt, majflt) == 2;
}

static void test_fault_counts(void)
{
	int fd = memfd_create("faults", 0);
	unsigned long minflt = 0, majflt = 1;
	struct rusage a, b;
	char *s, *p;

	CHECK_OK(ftruncate(fd, 8 * PG), "an 8-page memfd");
	s = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p = map_anon(8 * PG, PROT_READ | PROT_WRITE);
	getrusage(RUSAGE_SELF, &a);
	for (unsigned i = 0; i < 8; i++) {
		s[i * PG] = 1;
		p[i * PG] = 1;
	}
	getrusage(RUSAGE_SELF, &b);
	CHECK(b.ru_minflt - a.ru_minflt >= 16, "touching 16 new pages: minor faults");
	CHECK_EQ(b.ru_majflt, 0, "memory and tmpfs pages need no I/O: no major faults");
	CHECK(stat_faults(&minflt, &majflt) && majflt == 0 && minflt >= (unsigned long)b.ru_minflt,
	      "/proc/self/stat agrees: minflt, majflt 0");
	munmap(s, 8 * PG);
	munmap(p, 8 * PG);
	close(fd);
}

static void test_shared_file(void)
{
	int fd = open("/tmp/mem-shared", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[32];
	char *s, *r;

	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "make a 10-byte file");
	s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED, "mmap a file MAP_SHARED read/write");
	CHECK(!memcmp(s, "0123456789", 10), "the mapping shows the file");
	memcpy(s, "ab", 2);
	CHECK(pread(fd, buf, 10, 0) == 10 && !memcmp(buf, "ab23456789", 10),
	      "a store to the mapping is read(2) from the file");
	CHECK(pwrite(fd, "XY", 2, 8) == 2 && !memcmp(s + 8, "XY", 2),
	      "a write(2) to the file shows in the mapping");
	child_writes(s + 4, "kid");
	CHECK(pread(fd, buf, 8, 0) == 8 && !memcmp(buf, "ab23kid", 8),
	      "a child's store reaches the file");
	CHECK(all_zero(s + 10, PG - 10), "past end of file in the last page: zeros");
	CHECK_EQ(probe(s + PG, 0), SIGBUS, "a page wholly past end of file raises SIGBUS");
	CHECK_OK(ftruncate(fd, 2 * PG), "grow the file");
	CHECK_EQ(probe(s + PG, 1), 0, "the page past the old end is there now");
	CHECK_OK(msync(s, 2 * PG, MS_SYNC), "msync a shared file mapping");
	munmap(s, 2 * PG);
	close(fd);

	fd = open("/tmp/mem-shared", O_RDONLY);
	r = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(r != MAP_FAILED && !memcmp(r, "ab23kid", 8), "mmap a read-only fd MAP_SHARED PROT_READ");
	CHECK_ERR(mprotect(r, PG, PROT_READ | PROT_WRITE), EACCES,
		  "mprotect it writable: EACCES");
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EACCES, "MAP_SHARED PROT_WRITE of a read-only fd: EACCES");
	int w = open("/tmp/mem-shared", O_WRONLY);
	CHECK(pwrite(w, "Q", 1, 0) == 1 && r[0] == 'Q',
	      "a read-only shared mapping sees later writes to the file");
	close(w);
	munmap(r, PG);
	close(fd);
	unlink("/tmp/mem-shared");

	fd = memfd_create("levitate", MFD_CLOEXEC);
	CHECK(fd >= 0, "memfd_create");
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "MFD_CLOEXEC sets close-on-exec");
	CHECK_OK(ftruncate(fd, PG), "ftruncate the memfd");
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED, "mmap the memfd MAP_SHARED");
	child_writes(s, "memfd");
	CHECK(pread(fd, buf, 6, 0) == 6 && !strcmp(buf, "memfd"), "memfd pages are shared and readable");
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)PG,
	      "fstat a memfd: a regular file of its size");
	munmap(s, PG);
	close(fd);
	CHECK_ERR(memfd_create("x", 0x100), EINVAL, "memfd_create with unknown flags: EINVAL");
}

/* Write "return n" (n < 65536) at p: the machine code both arches need. */
static void emit_return(void *p, unsigned n)
{
#if defined(__x86_64__)
	unsigned char c[] = { 0xb8, n & 0xff, n >> 8, 0, 0, 0xc3 }; /* mov eax, n; ret */
#elif defined(__aarch64__)
	uint32_t c[] = { 0x52800000 | (n << 5), 0xd65f03c0 };      /* mov w0, #n; ret */
#endif
	memcpy(p, c, sizeof(c));
}

static int call_code(void *p)
{
	return ((int (*)(void))p)();
}

/*
 * Code written, then made executable, run, rewritten and run again: the
 * kernel must bring the instruction side up to date each time the page
 * becomes executable (arm64 I-cache maintenance), and a program that
 * writes into a RWX page cleans the caches itself (__builtin___clear_cache)
 * including in a copy-on-write child.  A file's page mapped PROT_EXEC runs.
 */
static void test_jit(void)
{
	char *p = map_anon(PG, PROT_READ | PROT_WRITE);
	char *x = map_anon(PG, PROT_READ | PROT_WRITE | PROT_EXEC);
	int status, fd;
	pid_t pid;

	emit_return(p + 64, 7);
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_EXEC), "jit: mprotect written code PROT_EXEC");
	CHECK_EQ(call_code(p + 64), 7, "jit: the written code runs");
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_WRITE), "jit: mprotect it writable again");
	emit_return(p + 64, 1234);
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_EXEC), "jit: and executable again");
	CHECK_EQ(call_code(p + 64), 1234, "jit: the rewritten code runs, not the old");
	munmap(p, PG);

	CHECK(x != MAP_FAILED, "jit: mmap PROT_READ|PROT_WRITE|PROT_EXEC");
	emit_return(x, 11);
	__builtin___clear_cache(x, x + 16);
	CHECK_EQ(call_code(x), 11, "jit: code in a RWX page runs");
	pid = fork();
	if (pid == 0) {
		emit_return(x, 22); /* copy on write of an executable page */
		__builtin___clear_cache(x, x + 16);
		_exit(call_code(x));
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 22,
	      "jit: a child's copy-on-write of a RWX page runs its own code");
	CHECK_EQ(call_code(x), 11, "jit: the parent's page keeps its code");
	emit_return(x, 33);
	__builtin___clear_cache(x, x + 16);
	CHECK_EQ(call_code(x), 33, "jit: rewriting a RWX page in place runs the new code");
	munmap(x, PG);

	fd = open("/tmp/mem_code", O_RDWR | O_CREAT | O_TRUNC, 0755);
	char page[PG] = { 0 };
	emit_return(page + 128, 99);
	CHECK(fd >= 0 && write(fd, page, PG) == (ssize_t)PG, "jit: write code to a file");
	char *f = mmap(NULL, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED, "jit: mmap the file PROT_READ|PROT_EXEC");
	if (f != MAP_FAILED) {
		CHECK_EQ(call_code(f + 128), 99, "jit: code in a file's page runs");
		munmap(f, PG);
	}
	close(fd);
	unlink("/tmp/mem_code");
}

int main(void)
{
	struct sigaction sa;

	check_begin("mem");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	test_brk();
	test_anon();
	test_bad_args();
	test_protect();
	test_file();
	test_shared_anon();
	test_shared_file();
	test_truncate_mapped();
	test_fault_counts();
	test_jit();
	return check_done();
}
