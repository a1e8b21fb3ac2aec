/* SPDX-License-Identifier: MIT */
/*
 * bench.c - /init of the benchmark initramfs (`./levitate bench`,
 * design.md §5: benchmarks are not tests).
 *
 * Reads the CPU's cycle counter as its first statement, then runs the
 * microbenchmarks one after another and prints, as it goes (unbuffered, so
 * a kernel that dies part way still yields the earlier numbers):
 *
 *     BENCH-INFO <key> <value>       facts about the clocks
 *     BENCH-START <name>             a benchmark begins
 *     BENCH <name> <mono> <counter>  a result in ns per operation, timed
 *                                    by CLOCK_MONOTONIC and by the cycle
 *                                    counter ("-" where not timed so)
 *     BENCH-FAIL <name> <why>        a benchmark could not run
 *     BENCH-DONE
 *
 * then powers the machine off.  `skip=a,b` on the kernel command line
 * (handed to init as environment) skips benchmarks, so the host can rerun
 * past one that hangs.
 *
 * boot_to_init is the cycle counter at the top of main: on x86_64 the TSC,
 * which under QEMU's `-icount shift=0` counts one tick per guest
 * instruction, i.e. virtual nanoseconds since the machine was powered on
 * (TCG's TSC is the icount clock there; see tools/bench.py); on aarch64 the
 * generic timer's virtual count converted to ns with CNTFRQ.  It includes
 * the firmware (qboot) and musl's start-up code before main.
 *
 * Each microbenchmark warms up, then times N operations with
 * clock_gettime(CLOCK_MONOTONIC), and with the cycle counter as a ruler
 * that does not depend on the kernel under test, and reports the means.
 * clock_info() runs a loop of known length so the log shows how the two
 * clocks and the instruction count relate.  Only plain syscalls, so it runs
 * on LevitateOS as well as on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TRUE_PATH "/bench-true"
#define DATA_PATH "/bench.dat"
#define PAGE 4096

extern char **environ;

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		write(1, buf, n);
}

/* ---- clocks ------------------------------------------------------------ */

static inline uint64_t counter(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
#elif defined(__aarch64__)
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
#else
#error "no cycle counter for this architecture"
#endif
}

/* Counter ticks per second where the architecture says so (aarch64); 0 on
 * x86_64, where the TSC's rate is whatever the hypervisor makes it. */
static uint64_t counter_hz(void)
{
#if defined(__aarch64__)
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
#else
	return 0;
#endif
}

static int64_t now_ns(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return -1;
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ---- benchmark plumbing ----------------------------------------------- */

static const char *skip_list;

static int skipped(const char *name)
{
	const char *p = skip_list;
	size_t n = strlen(name);

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == 0))
			return 1;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return 0;
}

/* One operation; returns 0, or -1 with errno set (and a reason in *why). */
typedef int (*op_fn)(const char **why);

static uint64_t hz;     /* counter_hz() */

/* Counter ticks to ns: by CNTFRQ on aarch64; on x86_64 the TSC's ticks as
 * they are (one per virtual ns under -icount shift=0). */
static int64_t counter_ns(uint64_t ticks)
{
	if (!hz)
		return (int64_t)ticks;
	return (int64_t)((unsigned __int128)ticks * 1000000000u / hz);
}

/* "BENCH <name> <ns/op by CLOCK_MONOTONIC> <ns/op by the counter>", one
 * decimal each; ns < 0: CLOCK_MONOTONIC failed, printed as "-". */
static void report(const char *name, int64_t ns, uint64_t ticks, long ops)
{
	int64_t c = counter_ns(ticks);
	long long a = (ns * 10 + ops / 2) / ops;
	long long b = (c * 10 + ops / 2) / ops;
	char mono[32] = "-";

	if (ns >= 0)
		snprintf(mono, sizeof(mono), "%lld.%lld", a / 10, a % 10);
	say("BENCH %s %s %lld.%lld\n", name, mono, b / 10, b % 10);
}

static void fail(const char *name, const char *why, int err)
{
	if (err)
		say("BENCH-FAIL %s %s: %s\n", name, why, strerror(err));
	else
		say("BENCH-FAIL %s %s\n", name, why);
}

/* Announce a benchmark; 0 if skip= names it. */
static int start(const char *name)
{
	if (skipped(name)) {
		say("BENCH-FAIL %s skipped (skip= on the command line)\n", name);
		return 0;
	}
	say("BENCH-START %s\n", name);
	return 1;
}

/* Warm up with warm operations, then time iters of them. */
static void measure(const char *name, op_fn op, long warm, long iters)
{
	const char *why = "";
	int64_t t0, t1;
	uint64_t c0, c1;
	long i;

	for (i = 0; i < warm; i++)
		if (op(&why) < 0)
			goto failed;
	t0 = now_ns();
	c0 = counter();
	for (i = 0; i < iters; i++)
		if (op(&why) < 0)
			goto failed;
	c1 = counter();
	t1 = now_ns();
	report(name, t0 < 0 || t1 < 0 ? -1 : t1 - t0, c1 - c0, iters);
	return;
failed:
	fail(name, why, errno);
}

static void bench(const char *name, op_fn op, long warm, long iters)
{
	if (start(name))
		measure(name, op, warm, iters);
}

/* ---- the operations ---------------------------------------------------- */

static int op_getppid(const char **why)
{
	(void)why;
	getppid();
	return 0;
}

static int wait_child(pid_t pid, const char **why)
{
	int status;

	if (waitpid(pid, &status, 0) != pid) {
		*why = "waitpid";
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		static char buf[64];

		if (WIFSIGNALED(status))
			snprintf(buf, sizeof(buf), "child killed by signal %d%s "
				 "(wait status %#x)", WTERMSIG(status),
				 WCOREDUMP(status) ? ", core dumped" : "", status);
		else
			snprintf(buf, sizeof(buf), "child's wait status %#x, "
				 "not 0", status);
		*why = buf;
		errno = 0;
		return -1;
	}
	return 0;
}

static int op_fork_exit(const char **why)
{
	pid_t pid = fork();

	if (pid < 0) {
		*why = "fork";
		return -1;
	}
	if (pid == 0)
		_exit(0);
	return wait_child(pid, why);
}

static int op_fork_execve(const char **why)
{
	pid_t pid = fork();

	if (pid < 0) {
		*why = "fork";
		return -1;
	}
	if (pid == 0) {
		char *argv[] = { TRUE_PATH, NULL };

		execve(TRUE_PATH, argv, environ);
		_exit(127);
	}
	return wait_child(pid, why);
}

static int ping[2], pong[2];

static int op_pipe(const char **why)
{
	char c = 'x';

	if (write(ping[1], &c, 1) != 1) {
		*why = "write";
		return -1;
	}
	if (read(pong[0], &c, 1) != 1) {
		*why = "read";
		return -1;
	}
	return 0;
}

/* Round trip of one byte between this process and a child that echoes. */
static void bench_pipe(long warm, long iters)
{
	const char *name = "pipe_roundtrip";
	pid_t pid;
	char c;

	if (!start(name))
		return;
	if (pipe(ping) || pipe(pong)) {
		fail(name, "pipe", errno);
		return;
	}
	pid = fork();
	if (pid < 0) {
		fail(name, "fork", errno);
		return;
	}
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	measure(name, op_pipe, warm, iters);
	close(ping[1]);         /* the child reads end of file and exits */
	close(pong[0]);
	waitpid(pid, NULL, 0);
}

/* First touch (a write) of each 4 KiB page of fresh anonymous memory;
 * only the touching is timed.  Transparent huge pages are asked off so
 * every touch is a 4 KiB fault (a kernel without madvise is fine). */
static void bench_page_fault(int rounds, long pages)
{
	const char *name = "page_fault";
	int64_t total = 0, t0, t1;
	uint64_t ticks = 0, c0, c1;
	size_t len = pages * PAGE;
	int r;
	long i;

	if (!start(name))
		return;
	for (r = -1; r < rounds; r++) {  /* round -1 warms up */
		volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			fail(name, "mmap", errno);
			return;
		}
		madvise((void *)p, len, MADV_NOHUGEPAGE);
		t0 = now_ns();
		c0 = counter();
		for (i = 0; i < pages; i++)
			p[i * PAGE] = 1;
		c1 = counter();
		t1 = now_ns();
		if (r >= 0) {
			total = t0 < 0 || t1 < 0 || total < 0 ? -1 : total + t1 - t0;
			ticks += c1 - c0;
		}
		if (munmap((void *)p, len)) {
			fail(name, "munmap", errno);
			return;
		}
	}
	report(name, total, ticks, rounds * pages);
}

static int op_open_close(const char **why)
{
	int fd = open(TRUE_PATH, O_RDONLY);

	if (fd < 0) {
		*why = "open " TRUE_PATH;
		return -1;
	}
	if (close(fd)) {
		*why = "close";
		return -1;
	}
	return 0;
}

static int op_mmap_munmap(const char **why)
{
	void *p = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		*why = "mmap";
		return -1;
	}
	if (munmap(p, 64 * 1024)) {
		*why = "munmap";
		return -1;
	}
	return 0;
}

static int data_fd = -1;
static char data_buf[PAGE];

static int op_pwrite(const char **why)
{
	if (pwrite(data_fd, data_buf, PAGE, 0) != PAGE) {
		*why = "pwrite";
		return -1;
	}
	return 0;
}

static int op_pread(const char **why)
{
	if (pread(data_fd, data_buf, PAGE, 0) != PAGE) {
		*why = "pread";
		return -1;
	}
	return 0;
}

/* ---- the clock cross-check -------------------------------------------- */

/* How the cycle counter runs against CLOCK_MONOTONIC, over a busy loop of
 * a known number of instructions (three per iteration: add, cmp, jne), so
 * the log shows ticks per ns and ticks per instruction. */
static void clock_info(void)
{
	const long loops = 2000000;
	uint64_t c0, c1;
	int64_t t0, t1;
	struct timespec res;
	long i;

	if (clock_getres(CLOCK_MONOTONIC, &res) == 0)
		say("BENCH-INFO monotonic_res_ns %ld\n",
		    (long)(res.tv_sec * 1000000000L + res.tv_nsec));
	t0 = now_ns();
	c0 = counter();
	for (i = 0; i < loops; i++)
		__asm__ volatile("" : "+r"(i));
	c1 = counter();
	t1 = now_ns();
	say("BENCH-INFO loop_insns %ld\n", loops * 3);
	say("BENCH-INFO loop_ticks %llu\n", (unsigned long long)(c1 - c0));
	say("BENCH-INFO loop_ns %lld\n", (long long)(t1 - t0));
}

/* ---- main -------------------------------------------------------------- */

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	say("BENCH-INFO reboot(RB_POWER_OFF) returned\n");
	_exit(1);      /* init exiting panics the kernel; panic=-1 ends QEMU */
}

int main(void)
{
	uint64_t boot = counter();      /* first: time since power-on */
	int fd;

	hz = counter_hz();

	/* If the kernel gave init no console fds, open /dev/console. */
	if (fcntl(1, F_GETFD) < 0) {
		fd = open("/dev/console", O_RDWR);
		while (fd >= 0 && fd < 2)
			fd = dup(fd);
	}
	skip_list = getenv("skip");
	say("BENCH-INFO init_counter %llu\n", (unsigned long long)boot);
	if (hz)
		say("BENCH-INFO counter_hz %llu\n", (unsigned long long)hz);
	say("BENCH boot_to_init - %lld\n", (long long)counter_ns(boot));
	clock_info();

	bench("getppid", op_getppid, 10000, 100000);
	bench("fork_exit_wait", op_fork_exit, 20, 200);
	bench("fork_execve_wait", op_fork_execve, 10, 100);
	bench_pipe(300, 3000);
	bench_page_fault(4, 1024);
	bench("open_close", op_open_close, 300, 3000);
	bench("mmap_munmap_64k", op_mmap_munmap, 300, 3000);

	memset(data_buf, 'b', sizeof(data_buf));
	data_fd = open(DATA_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (data_fd < 0) {
		fail("pwrite_4k", "open " DATA_PATH, errno);
		fail("pread_4k", "open " DATA_PATH, errno);
	} else {
		bench("pwrite_4k", op_pwrite, 500, 5000);
		bench("pread_4k", op_pread, 500, 5000);
		close(data_fd);
		unlink(DATA_PATH);
	}
	say("BENCH-DONE\n");
	power_off();
	return 0;
}
