// SPDX-License-Identifier: MIT
/*
 * resource.c - resource limits (getrlimit, setrlimit, prlimit64 and
 * RLIMIT_NOFILE enforcement), getrusage, times, sysinfo, getpriority and
 * setpriority, alarm, setitimer/getitimer (ITIMER_REAL, and ITIMER_VIRTUAL
 * and ITIMER_PROF on CPU time), rusage fault, switch and RSS counts, load
 * averages in /proc/loadavg and sysinfo.  CPU-time checks measure CPU time,
 * not wall time, with wide bounds: a loaded host only slows them down.
 * execve re-runs this program with "itimer-child" as argv[1] to see that
 * the CPU-time timers survive it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile int alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_limits(void)
{
	struct rlimit r, lim;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &r), "getrlimit NOFILE");
	CHECK(r.rlim_cur == 1024 && r.rlim_max == 4096, "NOFILE defaults to 1024/4096");
	CHECK_OK(getrlimit(RLIMIT_STACK, &r), "getrlimit STACK");
	CHECK(r.rlim_cur == 8 << 20 && r.rlim_max == RLIM_INFINITY, "STACK defaults to 8 MiB/unlimited");
	CHECK_OK(getrlimit(RLIMIT_CORE, &r), "getrlimit CORE");
	CHECK(r.rlim_cur == 0, "CORE defaults to 0");
	CHECK_ERR(syscall(SYS_prlimit64, 0, 99, NULL, &r), EINVAL, "unknown resource: EINVAL");
	r = (struct rlimit){ 10, 5 };
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &r), EINVAL, "soft above hard: EINVAL");
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, (void *)1, NULL), EFAULT,
		  "prlimit64 from a bad pointer: EFAULT");

	getrlimit(RLIMIT_NOFILE, &lim);
	r = (struct rlimit){ 16, lim.rlim_max };
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &r), "lower NOFILE to 16");
	int fds[32], n = 0, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0 && n < 32)
		fds[n++] = fd;
	CHECK_EQ(errno, EMFILE, "opens stop with EMFILE at the limit");
	CHECK(n > 0 && fds[n - 1] == 15, "the last fd is limit - 1");
	CHECK_ERR(dup2(0, 20), EBADF, "dup2 to an fd above the limit: EBADF");
	CHECK_ERR(fcntl(0, F_DUPFD, 20), EINVAL, "F_DUPFD from above the limit: EINVAL");
	while (n)
		close(fds[--n]);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &lim), "restore NOFILE");
	CHECK((fd = dup2(0, 20)) == 20, "dup2 to 20 works again");
	close(20);
}

static void test_usage(void)
{
	struct rusage ru;
	struct tms t;
	struct sysinfo si;

	CHECK_OK(getrusage(RUSAGE_SELF, &ru), "getrusage SELF");
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru), "getrusage CHILDREN");
	CHECK_ERR(getrusage(5, &ru), EINVAL, "getrusage of an unknown who: EINVAL");
	CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, (void *)1), EFAULT, "getrusage into a bad pointer: EFAULT");
	CHECK(times(&t) != (clock_t)-1, "times works");
	CHECK_OK(sysinfo(&si), "sysinfo");
	CHECK(si.totalram > 0 && si.freeram > 0 && si.freeram <= si.totalram &&
		      (unsigned long long)si.totalram * si.mem_unit >= 64ULL << 20,
	      "sysinfo: plausible memory figures");
	CHECK(si.procs >= 2, "sysinfo counts at least init and us");
	CHECK(si.uptime >= 0, "sysinfo: uptime");
}

static void sleep_ms(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&d, &d) && errno == EINTR)
		;
}

static long ms_of(struct timeval tv)
{
	return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static long ts_ms(struct timespec ts)
{
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Spin in user mode until ms of CLOCK_MONOTONIC have passed. */
static void spin(long ms)
{
	struct timespec a, b;
	volatile unsigned long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (ts_ms(b) - ts_ms(a) < ms);
}

/* CPU time is charged: a process that spins 300 ms has used at least half
 * of it (the rest is a margin for a busy host), mostly in user mode. */
static void test_cpu_time(void)
{
	struct rusage before, ru;
	struct timespec c0, c1;
	struct tms t;
	char buf[4096], *vcsw, *hwm;
	unsigned long ut = 0, minflt = 0;
	int status, fd;
	bool mounted = false;
	long n;
	pid_t pid;

	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0), "CLOCK_PROCESS_CPUTIME_ID");
	CHECK_OK(getrusage(RUSAGE_SELF, &before), "getrusage SELF before spinning");
	spin(300);
	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1), "CLOCK_PROCESS_CPUTIME_ID again");
	CHECK(ts_ms(c1) - ts_ms(c0) >= 150, "the process CPU clock advanced by the spin");
	nanosleep(&(struct timespec){ 0, 300000000 }, NULL);
	CHECK_OK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0), "CLOCK_THREAD_CPUTIME_ID");
	CHECK(ts_ms(c0) - ts_ms(c1) < 150, "sleeping 300 ms does not advance the CPU clock");
	CHECK_OK(getrusage(RUSAGE_SELF, &ru), "getrusage SELF after spinning");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) -
	      ms_of(before.ru_utime) - ms_of(before.ru_stime) >= 150,
	      "spinning 300 ms is charged at least 150 ms of CPU time");
	CHECK(ms_of(ru.ru_utime) - ms_of(before.ru_utime) >= 100,
	      "most of it is user time");
	CHECK(times(&t) != (clock_t)-1 && t.tms_utime >= 10, "times: tms_utime counts the spin");
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0) { /* the runner mounts no /proc: mount one for this check */
		mkdir("/proc", 0755);
		mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
		fd = open("/proc/self/stat", O_RDONLY);
	}
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n > 0) {
		char *p;

		buf[n] = 0;
		p = strrchr(buf, ')');
		/* after ")": state ppid pgrp session tty tpgid flags minflt
		 * cminflt majflt cmajflt utime */
		if (p)
			sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %lu %*u %*u %*u %lu", &minflt, &ut);
	}
	if (fd >= 0)
		close(fd);
	fd = open("/proc/self/status", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	vcsw = strstr(buf, "\nvoluntary_ctxt_switches:");
	hwm = strstr(buf, "\nVmHWM:");
	if (mounted)
		umount("/proc");
	CHECK(ut >= 10, "/proc/self/stat: utime counts the spin");
	CHECK(minflt > 0, "/proc/self/stat: minflt counts page faults");
	CHECK(vcsw && atol(vcsw + 25) > 0, "/proc/self/status: voluntary_ctxt_switches counts the sleep");
	CHECK(hwm && atol(hwm + 7) > 0, "/proc/self/status: VmHWM");

	pid = fork();
	if (pid == 0) {
		spin(300);
		_exit(0);
	}
	CHECK(wait4(pid, &status, 0, &ru) == pid && status == 0, "wait4 a spinning child");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 150, "wait4's rusage holds the child's CPU time");
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru), "getrusage CHILDREN");
	CHECK(ms_of(ru.ru_utime) + ms_of(ru.ru_stime) >= 150, "RUSAGE_CHILDREN counts the reaped child");
	CHECK(times(&t) != (clock_t)-1 && t.tms_cutime + t.tms_cstime >= 15,
	      "times: the child's time in tms_cutime + tms_cstime");
}

static void test_priority(void)
{
	errno = 0;
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 0, "nice starts at 0");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 5), "setpriority to 5");
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5, "getpriority reads 5 back");
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 15,
		 "the raw syscall returns 20 - nice");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 100), "setpriority clamps large values");
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19, "... to 19");
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 0), "root may lower it back to 0");
	CHECK_ERR(setpriority(PRIO_PROCESS, 999999, 0), ESRCH, "unknown pid: ESRCH");
	CHECK_ERR(setpriority(7, 0, 0), EINVAL, "unknown which: EINVAL");
}

/* ioprio_get/ioprio_set (linux/ioprio.h): class << 13 | level. */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_VAL(class, level) ((class) << 13 | (level))

static void test_ioprio(void)
{
	long dflt = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
	pid_t pid;
	int st;

	printf("# ioprio_get default: %ld\n", dflt);
	CHECK(dflt >= 0, "ioprio_get of this process");
	CHECK_OK(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_VAL(2, 7)),
		 "ioprio_set best-effort level 7");
	CHECK_EQ(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, getpid()), IOPRIO_VAL(2, 7),
		 "ioprio_get reads it back");
	pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0) == IOPRIO_VAL(2, 7) ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child inherits the I/O priority");
	CHECK_OK(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_VAL(3, 0)),
		 "ioprio_set idle class");
	CHECK_OK(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_VAL(1, 0)),
		 "root may take the real-time class");
	CHECK_ERR(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_VAL(4, 0)), EINVAL,
		  "unknown class: EINVAL");
	CHECK_ERR(syscall(SYS_ioprio_set, 9, 0, IOPRIO_VAL(2, 0)), EINVAL, "unknown which: EINVAL");
	CHECK_ERR(syscall(SYS_ioprio_get, 9, 0), EINVAL, "ioprio_get unknown which: EINVAL");
	CHECK_ERR(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 999999, IOPRIO_VAL(2, 0)), ESRCH,
		  "unknown pid: ESRCH");
	CHECK_ERR(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 999999), ESRCH,
		  "ioprio_get unknown pid: ESRCH");
	CHECK_OK(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_VAL(0, 0)),
		 "back to no class");
	CHECK_EQ(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0), dflt, "reads the default again");
}

static void test_timers(void)
{
	struct sigaction sa;
	struct itimerval it, old;
	struct timespec d = { 0, 200000000 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	CHECK_EQ(alarm(0), 0, "alarm(0) with none pending returns 0");
	alarm(5);
	CHECK_EQ(alarm(0), 5, "alarm returns the seconds left");

	alarms = 0;
	it = (struct itimerval){ { 0, 0 }, { 0, 50000 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL), "one-shot ITIMER_REAL of 50 ms");
	while (nanosleep(&d, &d) && errno == EINTR)
		;
	CHECK_EQ(alarms, 1, "it fired once");

	alarms = 0;
	it = (struct itimerval){ { 0, 20000 }, { 0, 20000 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL), "periodic ITIMER_REAL of 20 ms");
	d = (struct timespec){ 0, 150000000 };
	while (nanosleep(&d, &d) && errno == EINTR)
		;
	CHECK_OK(getitimer(ITIMER_REAL, &old), "getitimer");
	CHECK(old.it_interval.tv_usec == 20000, "getitimer shows the interval");
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, &old), "disarm");
	CHECK(alarms >= 3, "the periodic timer fired repeatedly");
	CHECK_OK(getitimer(ITIMER_REAL, &old), "getitimer after disarming");
	CHECK(!old.it_value.tv_sec && !old.it_value.tv_usec, "nothing armed");
	it = (struct itimerval){ { 0, 0 }, { 0, 1000000 } };
	CHECK_ERR(setitimer(ITIMER_REAL, &it, NULL), EINVAL, "tv_usec of a million: EINVAL");
	CHECK_ERR(setitimer(9, &it, NULL), EINVAL, "unknown timer: EINVAL");
}

static volatile int vtalrms, profs;
static volatile long vt_at_ms; /* process CPU time when the first SIGVTALRM came */

static long cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts_ms(ts);
}

static void on_cpu_timer(int sig)
{
	if (sig == SIGVTALRM && !vtalrms++)
		vt_at_ms = cpu_ms();
	if (sig == SIGPROF)
		profs++;
}

/* Spin in user mode until *count reaches want or limit ms of CPU time went. */
static long spin_until(volatile int *count, int want, long limit)
{
	long start = cpu_ms(), now;
	volatile unsigned long n = 0;

	do {
		for (int i = 0; i < 20000; i++)
			n++;
		now = cpu_ms();
	} while (*count < want && now - start < limit);
	return now - start;
}

static int itimer_child(void)
{
	struct itimerval v;

	if (getitimer(ITIMER_VIRTUAL, &v) || v.it_value.tv_sec < 5 || v.it_value.tv_sec > 10)
		return 1;
	if (getitimer(ITIMER_PROF, &v) || v.it_interval.tv_sec != 7)
		return 2;
	return 0;
}

static void test_cpu_itimers(void)
{
	struct sigaction sa;
	struct itimerval it, cur, off = { { 0, 0 }, { 0, 0 } };
	long used, t0;
	pid_t pid;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_cpu_timer;
	sigaction(SIGVTALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);

	it = (struct itimerval){ { 0, 0 }, { 0, 50000 } };
	t0 = cpu_ms();
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &it, NULL), "ITIMER_VIRTUAL of 50 ms of user time");
	CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur), "getitimer ITIMER_VIRTUAL");
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 &&
	      cur.it_value.tv_usec <= 60000, "it has about 50 ms to go (Linux adds a tick)");
	used = spin_until(&vtalrms, 1, 3000);
	CHECK_EQ(vtalrms, 1, "SIGVTALRM comes while spinning");
	CHECK(vt_at_ms - t0 >= 30, "... not before about 50 ms of CPU time");
	CHECK(used < 1000, "... and promptly after");
	CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur), "getitimer after it fired");
	CHECK(!cur.it_value.tv_sec && !cur.it_value.tv_usec, "a fired one-shot is disarmed");

	it = (struct itimerval){ { 0, 200000 }, { 0, 200000 } };
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &it, NULL), "ITIMER_VIRTUAL of 200 ms");
	sleep_ms(300);
	CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur), "getitimer after sleeping 300 ms");
	CHECK(cur.it_value.tv_usec > 100000 || cur.it_value.tv_sec,
	      "sleeping does not run down ITIMER_VIRTUAL");
	CHECK(cur.it_interval.tv_usec == 200000, "the interval reads back");
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, &cur), "disarm ITIMER_VIRTUAL");

	profs = 0;
	it = (struct itimerval){ { 0, 20000 }, { 0, 20000 } };
	CHECK_OK(setitimer(ITIMER_PROF, &it, NULL), "periodic ITIMER_PROF of 20 ms");
	used = spin_until(&profs, 4, 5000);
	CHECK_OK(setitimer(ITIMER_PROF, &off, NULL), "disarm ITIMER_PROF");
	CHECK(profs >= 4, "SIGPROF repeats by the interval");
	CHECK(used >= 40 && used < 3000, "... at CPU-time pace");

	it = (struct itimerval){ { 7, 0 }, { 9, 0 } };
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	setitimer(ITIMER_PROF, &it, NULL);
	pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_VIRTUAL, &cur);
		getitimer(ITIMER_PROF, &it);
		_exit(cur.it_value.tv_sec || cur.it_value.tv_usec || it.it_value.tv_sec ||
		      it.it_interval.tv_sec);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork does not inherit the CPU-time timers");
	pid = fork();
	if (pid == 0) {
		setitimer(ITIMER_VIRTUAL, &it, NULL);
		setitimer(ITIMER_PROF, &it, NULL);
		execl("/tests/resource", "/tests/resource", "itimer-child", (char *)NULL);
		_exit(9);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "execve keeps the CPU-time timers");
	setitimer(ITIMER_VIRTUAL, &off, NULL);
	setitimer(ITIMER_PROF, &off, NULL);
}

static void touch(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
}

static void test_usage_counts(void)
{
	struct rusage a, b;
	size_t len = 64 * 4096, big = 16 << 20;
	char *p;
	pid_t pid;
	int st;

	getrusage(RUSAGE_SELF, &a);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	touch(p, len);
	getrusage(RUSAGE_SELF, &b);
	CHECK(b.ru_minflt - a.ru_minflt >= 32, "touching 64 new pages counts minor faults");
	CHECK(b.ru_maxrss >= 64 * 4, "ru_maxrss covers them");
	munmap(p, len);

	for (int i = 0; i < 3; i++)
		sleep_ms(5);
	getrusage(RUSAGE_SELF, &a);
	CHECK(a.ru_nvcsw - b.ru_nvcsw >= 3, "sleeping counts voluntary switches");

	pid = fork();
	if (pid == 0) {
		spin(200);
		_exit(0);
	}
	spin(200);
	getrusage(RUSAGE_SELF, &b);
	CHECK(b.ru_nivcsw > a.ru_nivcsw, "sharing the CPU with a spinning child counts preemptions");
	waitpid(pid, &st, 0);

	pid = fork();
	if (pid == 0) {
		p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		touch(p, big);
		_exit(0);
	}
	CHECK(wait4(pid, &st, 0, &a) == pid, "wait4 a child that touched 16 MiB");
	CHECK(a.ru_maxrss >= 12 << 10, "wait4's ru_maxrss holds its peak RSS");
	CHECK(a.ru_minflt >= 1, "... and its minor faults");
	getrusage(RUSAGE_CHILDREN, &b);
	CHECK(b.ru_maxrss >= 12 << 10, "RUSAGE_CHILDREN's ru_maxrss is the largest child's");
	getrusage(RUSAGE_SELF, &b);
	CHECK(b.ru_maxrss < 12 << 10, "the child's pages are not ours");
}

/* /proc/loadavg: "a b c running/total lastpid"; sysinfo in 1/65536ths. */
static void test_loadavg(void)
{
	struct sysinfo si;
	double l[3];
	int running = 0, total = 0, last = 0, fd, st;
	bool mounted = false;
	char buf[128];
	long n = 0, waited;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	fd = open("/proc/loadavg", O_RDONLY);
	if (fd < 0) {
		mkdir("/proc", 0755);
		mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
		fd = open("/proc/loadavg", O_RDONLY);
	}
	if (fd >= 0)
		n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK(sscanf(buf, "%lf %lf %lf %d/%d %d", &l[0], &l[1], &l[2], &running, &total,
		     &last) == 6, "/proc/loadavg has six fields");
	CHECK(running >= 1 && total >= 2 && running <= total, "running/total counts us");
	CHECK(last >= pid && last - pid < 100, "the last field is the pid handed out last");
	/* Spin until a 5 s sample has seen us runnable. */
	for (waited = 0; waited < 7000; waited += 50) {
		sysinfo(&si);
		if (si.loads[0] > 0)
			break;
		spin(50);
	}
	CHECK(si.loads[0] > 0, "a spinning process raises the 1-minute load");
	CHECK(si.loads[0] < 20 * 65536, "... to a sane value");
	if (fd >= 0) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = 0;
		sscanf(buf, "%lf", &l[0]);
		sysinfo(&si);
		CHECK(l[0] > 0 && l[0] - si.loads[0] / 65536.0 < 0.05 &&
		      si.loads[0] / 65536.0 - l[0] < 0.05, "/proc/loadavg and sysinfo agree");
		close(fd);
	}
	if (mounted)
		umount("/proc");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "itimer-child"))
		return itimer_child();
	check_begin("resource");
	test_limits();
	test_usage();
	test_cpu_time();
	test_priority();
	test_ioprio();
	test_timers();
	test_cpu_itimers();
	test_usage_counts();
	test_loadavg();
	return check_done();
}
