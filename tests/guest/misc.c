/* SPDX-License-Identifier: MIT */
/*
 * misc.c - guest test: the small system calls.
 *
 * uname, getrandom, umask, getuid/geteuid/getgid/getegid, the thread
 * pointer (x86_64: arch_prctl and the FS and GS bases; arm64: TPIDR_EL0,
 * and the FP/SIMD registers across context switches), ioctl (TCGETS/
 * TCSETS/TIOCGWINSZ on the serial console, ENOTTY elsewhere, and the
 * generic FIONREAD/FIOCLEX/FIONCLEX/FIONBIO) and sync.  The thread pointer
 * is musl's, so while it is changed the test runs only inline-asm syscalls
 * (errno lives in TLS) and puts it back before touching libc again.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include "check.h"

#define BADPTR ((void *)0xdeadbeef000UL)
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

#if defined(__x86_64__)
#define UTS_MACHINE "x86_64"
static inline long raw2(long n, long a, long b)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return r;
}
#elif defined(__aarch64__)
#define UTS_MACHINE "aarch64"
static inline long raw0(long n)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0");

	__asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
	return x0;
}
#endif

static void test_uname(void)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	CHECK_OK(syscall(SYS_uname, &u), "uname");
	CHECK(!strcmp(u.sysname, "Linux"), "sysname is \"Linux\"");
	CHECK(!strcmp(u.machine, UTS_MACHINE), "machine is \"" UTS_MACHINE "\"");
	CHECK(u.release[0] != 0, "release is not empty");
	CHECK(u.version[0] != 0, "version is not empty");
	CHECK(u.nodename[0] != 0, "nodename is not empty");
	CHECK_ERR(syscall(SYS_uname, BADPTR), EFAULT, "uname into a bad buffer: EFAULT");
}

static int distinct_bytes(const unsigned char *p, size_t n)
{
	char seen[256] = { 0 };
	int d = 0;

	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]++)
			d++;
	return d;
}

static void test_getrandom(void)
{
	unsigned char a[16], b[16];
	static unsigned char big[4096];

	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), 0), 16, "getrandom 16 bytes");
	CHECK_EQ(syscall(SYS_getrandom, b, sizeof(b), 0), 16, "getrandom 16 more");
	CHECK(memcmp(a, b, 16) != 0, "two draws differ");
	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), GRND_NONBLOCK), 16,
		 "getrandom GRND_NONBLOCK");
	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), GRND_RANDOM), 16, "getrandom GRND_RANDOM");
	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), GRND_INSECURE), 16,
		 "getrandom GRND_INSECURE");
	CHECK_EQ(syscall(SYS_getrandom, big, sizeof(big), 0), 4096, "getrandom 4096 bytes");
	CHECK(distinct_bytes(big, sizeof(big)) > 200, "4096 random bytes take most byte values");
	CHECK_EQ(syscall(SYS_getrandom, a, 0, 0), 0, "getrandom of 0 bytes returns 0");
	CHECK_ERR(syscall(SYS_getrandom, a, sizeof(a), 0x40), EINVAL,
		  "getrandom unknown flag: EINVAL");
	CHECK_ERR(syscall(SYS_getrandom, a, sizeof(a), GRND_INSECURE | GRND_RANDOM), EINVAL,
		  "getrandom GRND_INSECURE|GRND_RANDOM: EINVAL");
	CHECK_ERR(syscall(SYS_getrandom, BADPTR, 16, 0), EFAULT,
		  "getrandom into a bad buffer: EFAULT");
	CHECK_EQ(getrandom(a, sizeof(a), 0), 16, "libc getrandom");
}

static void test_umask_ids(void)
{
	struct stat st;

	umask(022);
	CHECK_EQ(syscall(SYS_umask, 027), 022, "umask returns the previous mask");
	close(open("/tmp/misc_umask", O_WRONLY | O_CREAT | O_TRUNC, 0666));
	CHECK(stat("/tmp/misc_umask", &st) == 0 && (st.st_mode & 0777) == 0640,
	      "a file created under umask 027 is 0640");
	mkdir("/tmp/misc_umask_d", 0777);
	CHECK(stat("/tmp/misc_umask_d", &st) == 0 && (st.st_mode & 0777) == 0750,
	      "a directory under umask 027 is 0750");
	CHECK_EQ(syscall(SYS_umask, 07777), 027, "umask 07777 returns 027");
	CHECK_EQ(syscall(SYS_umask, 022), 0777, "umask keeps only the permission bits");
	unlink("/tmp/misc_umask");
	rmdir("/tmp/misc_umask_d");

	CHECK_EQ(syscall(SYS_getuid), 0, "getuid is 0");
	CHECK_EQ(syscall(SYS_geteuid), 0, "geteuid is 0");
	CHECK_EQ(syscall(SYS_getgid), 0, "getgid is 0");
	CHECK_EQ(syscall(SYS_getegid), 0, "getegid is 0");
	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "libc agrees");
}

#ifdef __x86_64__
static unsigned long fake_tls[8] __attribute__((aligned(64)));
static unsigned long fake_gs[8] __attribute__((aligned(64)));

static void test_arch_prctl(void)
{
	unsigned long old_fs = 0, got_fs = 0, fs0 = 0, fs8 = 0, bad_fs = 0;
	unsigned long gs_init = 1, got_gs = 0, gs8 = 0, gs_after = 1, self0 = 0;
	long r_get, r_set, r_get2, r_restore, r_bad, r_gs_set, r_gs_get, r_gs_back;

	fake_tls[0] = (unsigned long)fake_tls;
	fake_tls[1] = 0x1234abcdUL;
	fake_gs[1] = 0x5678UL;

	/* No libc between here and the restore. */
	r_get = raw2(SYS_arch_prctl, ARCH_GET_FS, (long)&old_fs);
	__asm__ volatile("mov %%fs:0, %0" : "=r"(self0));
	r_set = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)fake_tls);
	__asm__ volatile("mov %%fs:0, %0" : "=r"(fs0));
	__asm__ volatile("mov %%fs:8, %0" : "=r"(fs8));
	r_get2 = raw2(SYS_arch_prctl, ARCH_GET_FS, (long)&got_fs);
	r_bad = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)0xffff800000000000UL);
	raw2(SYS_arch_prctl, ARCH_GET_FS, (long)&bad_fs);
	r_restore = raw2(SYS_arch_prctl, ARCH_SET_FS, (long)old_fs);

	CHECK_EQ(r_get, 0, "ARCH_GET_FS");
	CHECK(old_fs != 0 && old_fs == (unsigned long)pthread_self(),
	      "the FS base is musl's thread pointer");
	CHECK_EQ(self0, old_fs, "%fs:0 holds the thread pointer itself");
	CHECK_EQ(r_set, 0, "ARCH_SET_FS to a new block");
	CHECK(fs0 == (unsigned long)fake_tls && fs8 == 0x1234abcdUL,
	      "%fs-relative loads read the new block");
	CHECK(r_get2 == 0 && got_fs == (unsigned long)fake_tls, "ARCH_GET_FS returns the new base");
	CHECK_EQ(r_bad, -EPERM, "ARCH_SET_FS to a kernel address: EPERM");
	CHECK_EQ(bad_fs, (unsigned long)fake_tls, "a failed ARCH_SET_FS leaves the base alone");
	CHECK_EQ(r_restore, 0, "ARCH_SET_FS restores the old base");

	r_gs_get = raw2(SYS_arch_prctl, ARCH_GET_GS, (long)&gs_init);
	r_gs_set = raw2(SYS_arch_prctl, ARCH_SET_GS, (long)fake_gs);
	__asm__ volatile("mov %%gs:8, %0" : "=r"(gs8));
	raw2(SYS_arch_prctl, ARCH_GET_GS, (long)&got_gs);
	r_gs_back = raw2(SYS_arch_prctl, ARCH_SET_GS, 0);
	raw2(SYS_arch_prctl, ARCH_GET_GS, (long)&gs_after);
	CHECK(r_gs_get == 0 && gs_init == 0, "ARCH_GET_GS: the GS base starts at 0");
	CHECK_EQ(r_gs_set, 0, "ARCH_SET_GS");
	CHECK_EQ(gs8, 0x5678, "%gs-relative loads read the new block");
	CHECK_EQ(got_gs, (unsigned long)fake_gs, "ARCH_GET_GS returns the new base");
	CHECK(r_gs_back == 0 && gs_after == 0, "ARCH_SET_GS back to 0");

	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, BADPTR), EFAULT,
		  "ARCH_GET_FS to a bad pointer: EFAULT");
	CHECK_ERR(syscall(SYS_arch_prctl, 0x9999, 0), EINVAL, "arch_prctl unknown code: EINVAL");
}
#endif

#ifdef __aarch64__
static unsigned long read_tp(void)
{
	unsigned long v;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(v));
	return v;
}

static void write_tp(unsigned long v)
{
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(v) : "memory");
}

/* Load d16 (caller-saved, so only the kernel can keep it) with v, make n
 * sched_yield calls, and return what d16 holds after them. */
static unsigned long d16_across_yields(unsigned long v, int n)
{
	unsigned long out;

	__asm__ volatile("	fmov d16, %1\n"
			 "1:	mov x8, %3\n"
			 "	svc #0\n"
			 "	subs %w2, %w2, #1\n"
			 "	b.ne 1b\n"
			 "	fmov %0, d16\n"
			 : "=r"(out), "+r"(v), "+r"(n)
			 : "i"(SYS_sched_yield)
			 : "x0", "x8", "v16", "memory", "cc");
	return out;
}

/* arm64 has no arch_prctl: TLS is TPIDR_EL0, which user code writes itself. */
static void test_thread_pointer(void)
{
	unsigned long tp = read_tp(), in_call, in_yield, got;
	int status = -1;
	pid_t pid;

	CHECK(tp != 0, "TPIDR_EL0 holds musl's thread pointer");
	write_tp(0x1234abcdUL);
	raw0(SYS_getpid);
	in_call = read_tp();
	raw0(SYS_sched_yield);
	in_yield = read_tp();
	write_tp(tp);
	CHECK_EQ(in_call, 0x1234abcdUL, "TPIDR_EL0 survives a system call");
	CHECK_EQ(in_yield, 0x1234abcdUL, "TPIDR_EL0 survives sched_yield");

	pid = fork();
	if (pid == 0)
		_exit(read_tp() == tp ? 0 : 1);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a fork child starts with the parent's TPIDR_EL0");

	/* Two processes take turns with different values in d16. */
	pid = fork();
	if (pid == 0)
		_exit(d16_across_yields(0x5555aaaa5555aaaaUL, 50) ==
		      0x5555aaaa5555aaaaUL ? 0 : 1);
	got = d16_across_yields(0x0123456789abcdefUL, 50);
	waitpid(pid, &status, 0);
	CHECK_EQ(got, 0x0123456789abcdefUL, "FP/SIMD registers survive context switches");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "... in the other process too");
}
#endif

static void test_ioctl(void)
{
	struct termios t, t2;
	struct winsize ws;
	int fd, p[2], n = -1, on = 1;

	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	CHECK(fd >= 0, "open /dev/console");
	CHECK_OK(ioctl(fd, TCGETS, &t), "TCGETS on the console");
	CHECK_OK(ioctl(fd, TCSETS, &t), "TCSETS with the same settings");
	CHECK(ioctl(fd, TCGETS, &t2) == 0 && t.c_iflag == t2.c_iflag && t.c_oflag == t2.c_oflag &&
		      t.c_cflag == t2.c_cflag && t.c_lflag == t2.c_lflag,
	      "TCGETS reads back the same settings");
	memset(&ws, 0xff, sizeof(ws));
	CHECK_OK(ioctl(fd, TIOCGWINSZ, &ws), "TIOCGWINSZ on the console");
	CHECK(ws.ws_row == 0 && ws.ws_col == 0, "a serial console reports 0x0 rows/cols");
	CHECK_ERR(syscall(SYS_ioctl, fd, TIOCGWINSZ, BADPTR), EFAULT,
		  "TIOCGWINSZ into a bad pointer: EFAULT");
	close(fd);

	fd = open("/data/hello.txt", O_RDONLY);
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY, "TCGETS on a regular file: ENOTTY");
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on a regular file: ENOTTY");
	CHECK_ERR(ioctl(fd, 0x12345678, 0), ENOTTY, "an unknown ioctl on a regular file: ENOTTY");
	CHECK_OK(ioctl(fd, FIOCLEX), "FIOCLEX");
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "FIOCLEX sets FD_CLOEXEC");
	CHECK_OK(ioctl(fd, FIONCLEX), "FIONCLEX");
	CHECK_EQ(fcntl(fd, F_GETFD), 0, "FIONCLEX clears FD_CLOEXEC");
	close(fd);

	fd = open("/dev/null", O_RDWR);
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY, "TCGETS on /dev/null: ENOTTY");
	close(fd);
	CHECK_ERR(ioctl(999, TCGETS, &t), EBADF, "ioctl on a bad fd: EBADF");

	pipe(p);
	CHECK_ERR(ioctl(p[0], TCGETS, &t), ENOTTY, "TCGETS on a pipe: ENOTTY");
	write(p[1], "12345", 5);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 5,
	      "FIONREAD on a pipe counts the buffered bytes");
	CHECK_OK(ioctl(p[0], FIONBIO, &on), "FIONBIO 1");
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK, "FIONBIO sets O_NONBLOCK");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	check_begin("misc");
	test_uname();
	test_getrandom();
	test_umask_ids();
#ifdef __x86_64__
	test_arch_prctl();
#else
	test_thread_pointer();
#endif
	test_ioctl();
	CHECK_OK(syscall(SYS_sync), "sync");
	sync();
	return check_done();
}
