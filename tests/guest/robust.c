// SPDX-License-Identifier: MIT
/*
 * robust.c - no syscall argument may bring the kernel down.
 *
 * Children make thousands of system calls with hostile arguments (bad and
 * kernel-half pointers, huge lengths, negative descriptors, random flags)
 * from a fixed pseudo-random sequence, so LevitateOS and Linux see the same
 * calls.  A child may die of its own mistakes (a munmap of its own code, a
 * garbage TLS base); the checks are that every child ends, the parent is
 * still served afterwards, and the calls that have a defined answer for a
 * bad pointer give EFAULT.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static const long calls[] = {
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64,
	SYS_openat, SYS_close, SYS_lseek, SYS_fstat, SYS_newfstatat, SYS_statx,
	SYS_getdents64, SYS_mkdirat, SYS_unlinkat, SYS_renameat, SYS_linkat,
	SYS_symlinkat, SYS_readlinkat, SYS_chdir, SYS_fchdir, SYS_getcwd,
	SYS_dup, SYS_dup3, SYS_fcntl, SYS_pipe2, SYS_ioctl, SYS_brk, SYS_mmap,
	SYS_munmap, SYS_mprotect, SYS_wait4, SYS_getpid, SYS_getppid,
	SYS_gettid, SYS_set_tid_address, SYS_uname, SYS_clock_gettime,
	SYS_clock_getres, SYS_gettimeofday, SYS_nanosleep, SYS_clock_nanosleep,
	SYS_getrandom, SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_umask,
	SYS_faccessat, SYS_sched_yield,
};

static char *zero_page; /* the only valid pointer handed out: all zeroes */

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long arg(void)
{
	static const long vals[] = {
		0, 1, -1, 2, 3, 7, 64, 4096, 0x7fffffff, -4096, 0x10000,
		(long)0x8000000000000000UL, (long)0xffff800000000000UL,
		(long)0xffffffff80000000UL, 0x1000, 0x7ffffffff000L,
		0x7fffffffefffL, 0xdeadbeef000L, -100 /* AT_FDCWD */,
	};
	uint64_t r = next();

	switch (r % 4) {
	case 0:
		return (long)(intptr_t)zero_page;
	case 1:
		return (long)(next() >> (r % 64));
	default:
		return vals[(r >> 8) % (sizeof(vals) / sizeof(vals[0]))];
	}
}

static void child(int rounds)
{
	int devnull = open("/dev/null", O_RDWR);

	/* Keep the console out of it. */
	dup2(devnull, 0);
	dup2(devnull, 1);
	dup2(devnull, 2);
	for (int i = 0; i < rounds; i++) {
		long nr = calls[next() % (sizeof(calls) / sizeof(calls[0]))];
		long a[6];
		for (int j = 0; j < 6; j++)
			a[j] = arg();
		if (nr == SYS_nanosleep || nr == SYS_clock_nanosleep || nr == SYS_wait4)
			a[0] = a[1] = a[2] = (long)(intptr_t)zero_page; /* never block */
		if (nr == SYS_read || nr == SYS_readv || nr == SYS_pread64)
			a[0] = devnull; /* never wait for input */
		memset(zero_page, 0, 4096);
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	_exit(0);
}

static void fuzz(void)
{
	char what[80];

	for (int k = 0; k < 6; k++) {
		pid_t pid = fork();
		if (pid == 0)
			child(1500);
		/* A random call may legitimately block forever (a write to a
		 * full pipe it holds both ends of): a watchdog ends those. */
		int st = 0;
		pid_t w = 0;
		for (int t = 0; t < 2000 && w == 0; t++) {
			struct timespec ts = { 0, 10000000 };
			w = waitpid(pid, &st, WNOHANG);
			if (w == 0)
				nanosleep(&ts, NULL);
		}
		if (w == 0) {
			printf("# round %d: child blocked after 20 s; killed\n", k);
			kill(pid, SIGKILL);
			w = waitpid(pid, &st, 0);
		}
		snprintf(what, sizeof(what), "random syscalls, round %d: the child ends", k);
		CHECK(w == pid && (WIFEXITED(st) || WIFSIGNALED(st)), what);
		next(); /* the child's draws do not advance ours: move on */
		rng += (uint64_t)k * 0x9e3779b97f4a7c15ULL;
	}
	CHECK(getpid() > 1 && getppid() >= 1, "the kernel still answers afterwards");
}

static void bad_pointers(void)
{
	static const unsigned long bad[] = { 1, 0xffff800000000000UL,
					     0xffffffff80100000UL, 0x7ffffffff000UL };
	int p[2];

	pipe(p);
	write(p[1], "xyz", 3);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *b = (void *)bad[i];
		CHECK_ERR(syscall(SYS_read, p[0], b, 1), EFAULT, "read into a bad pointer");
		CHECK_ERR(syscall(SYS_write, p[1], b, 1), EFAULT, "write from a bad pointer");
		CHECK_ERR(syscall(SYS_openat, AT_FDCWD, b, O_RDONLY), EFAULT, "openat a bad path");
		CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/", b, 0), EFAULT, "stat into a bad buffer");
		CHECK_ERR(syscall(SYS_uname, b), EFAULT, "uname into a bad buffer");
		CHECK_ERR(syscall(SYS_clock_gettime, 1, b), EFAULT, "clock_gettime into a bad buffer");
		CHECK_ERR(syscall(SYS_pipe2, b, 0), EFAULT, "pipe2 into a bad buffer");
		CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, b, NULL, 8), EFAULT, "rt_sigaction from a bad pointer");
		CHECK_ERR(syscall(SYS_execve, b, NULL, NULL), EFAULT, "execve a bad path");
		CHECK_ERR(syscall(SYS_getcwd, b, 4096), EFAULT, "getcwd into a bad buffer");
	}
	char c;
	CHECK(read(p[0], &c, 1) == 1 && c == 'x', "the pipe still holds its data");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	check_begin("robust");
	zero_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mkdir("/tmp/robust", 0755);
	chdir("/tmp/robust");
	bad_pointers();
	fuzz();
	return check_done();
}
