// SPDX-License-Identifier: MIT
/*
 * sysctl.c - what BusyBox's system applets (tests/scenarios/system.sh)
 * rest on, checked one call at a time: /proc/sys/kernel (sysctl), the
 * maps, smaps and task entries of /proc/<pid> (pmap, pstree), prctl's
 * no_new_privs and capability queries and capget (setpriv),
 * sched_setscheduler's time-sharing policies (chrt) and readahead.
 * execve re-runs this program with "nnp-child" as argv[1] to see that
 * no_new_privs survives it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static int spew(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static void test_proc_sys(void)
{
	char buf[128], old[65];
	struct utsname u;

	CHECK(slurp("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0 && !strcmp(buf, "Linux\n"),
	      "kernel/ostype is Linux");
	uname(&u);
	CHECK(slurp("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0 &&
	      !strncmp(buf, u.release, strlen(u.release)), "kernel/osrelease is uname -r");
	CHECK(slurp("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf)) > 0 && atoi(buf) >= 40,
	      "kernel/cap_last_cap is at least 40 (Linux 6.1)");
	strcpy(old, u.nodename);
	CHECK_OK(spew("/proc/sys/kernel/hostname", "sysctl-host\n"), "write kernel/hostname");
	uname(&u);
	CHECK(!strcmp(u.nodename, "sysctl-host"), "uname sees it, without the newline");
	CHECK(slurp("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "sysctl-host\n"), "kernel/hostname reads it back");
	CHECK_OK(sethostname(old, strlen(old)), "sethostname puts the old name back");
	CHECK(slurp("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0 &&
	      !strncmp(buf, old, strlen(old)), "kernel/hostname follows sethostname");
	CHECK_ERR(open("/proc/sys/kernel/ostype", O_WRONLY), EACCES,
		  "kernel/ostype cannot be opened for writing, even by root");
	CHECK_ERR(open("/proc/sys/kernel/no-such", O_RDONLY), ENOENT, "an unknown sysctl: ENOENT");
}

static void test_proc_pid(void)
{
	static char buf[16384];
	char path[64];
	struct stat st;

	CHECK(slurp("/proc/self/maps", buf, sizeof(buf)) > 0, "read /proc/self/maps");
	CHECK(strstr(buf, " r-xp ") && strstr(buf, "/tests/sysctl\n"),
	      "maps: the program's text, with its path");
	CHECK(strstr(buf, "[stack]\n") != NULL, "maps: the stack");
	char *nl = strchr(buf, '\n');
	CHECK(nl && nl - buf > 73 && buf[73] == '/', "maps: the name starts at column 74");
	CHECK(slurp("/proc/self/smaps", buf, sizeof(buf)) > 0 && strstr(buf, "\nSize: ") &&
	      strstr(buf, "\nRss: "), "smaps: Size and Rss per mapping");
	snprintf(path, sizeof(path), "/proc/self/task/%d", getpid());
	CHECK_OK(stat(path, &st), "task/<pid> is there");
	CHECK(S_ISDIR(st.st_mode), "and is a directory");
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", getpid());
	CHECK(slurp(path, buf, sizeof(buf)) > 0 && !strcmp(buf, "sysctl\n"), "task/<pid>/comm");
	snprintf(path, sizeof(path), "/proc/self/task/%d", getpid() + 1000);
	CHECK_ERR(stat(path, &st), ENOENT, "task/ holds no other thread");
}

/* After execve: is no_new_privs still set, and does status say so?  (Exit status 0.) */
static int nnp_child(void)
{
	char buf[2048];

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 1;
	return slurp("/proc/self/status", buf, sizeof(buf)) > 0 &&
	       strstr(buf, "NoNewPrivs:\t1\n") ? 0 : 1;
}

static void test_prctl(const char *self)
{
	int st;

	CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0, "no_new_privs starts clear");
	CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0), EINVAL, "no_new_privs takes only 1");
	CHECK_ERR(prctl(PR_CAPBSET_READ, 63, 0, 0, 0), EINVAL, "CAPBSET_READ past the last: EINVAL");
	CHECK_EQ(prctl(PR_CAPBSET_READ, 0, 0, 0, 0), 1, "CAP_CHOWN is in the bounding set");
	CHECK_EQ(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0), 0, "the ambient set is empty");
	CHECK_ERR(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 0, 0, 0), EPERM,
		  "raising an ambient capability not inheritable: EPERM");
	CHECK_OK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "ambient CLEAR_ALL");
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (fork() == 0)
			_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
		wait(&st);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			_exit(2);
		execl(self, self, "nnp-child", (char *)NULL);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "no_new_privs: kept by fork and execve, and shown in status");
	CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0, "the parent's stays clear");
}

struct cap_header {
	unsigned version;
	int pid;
};

struct cap_data {
	unsigned effective, permitted, inheritable;
};

static void test_capget(void)
{
	struct cap_header h = { 0x20080522, 0 };
	struct cap_data d[2];

	CHECK_OK(syscall(SYS_capget, &h, d), "capget, version 3");
	CHECK(d[0].effective == 0xffffffff && d[0].permitted == 0xffffffff && !d[0].inheritable,
	      "root: every capability effective and permitted");
	CHECK(d[1].effective & 1, "including those above 31");
	h = (struct cap_header){ 1, 0 };
	CHECK_OK(syscall(SYS_capget, &h, NULL), "capget of an unknown version with no data: 0");
	CHECK_EQ(h.version, 0x20080522, "and the kernel's version written back");
	h = (struct cap_header){ 1, 0 };
	CHECK_ERR(syscall(SYS_capget, &h, d), EINVAL, "with data: EINVAL");
	h = (struct cap_header){ 0x20080522, 99999 };
	CHECK_ERR(syscall(SYS_capget, &h, d), ESRCH, "no such pid: ESRCH");
	CHECK_ERR(syscall(SYS_capget, (void *)1, d), EFAULT, "bad header: EFAULT");
}

/* musl's wrappers say ENOSYS (POSIX's process policy is not Linux's per-thread one). */
static long getsched(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

static long setsched(pid_t pid, int policy, struct sched_param *sp)
{
	return syscall(SYS_sched_setscheduler, pid, policy, sp);
}

static void test_sched(void)
{
	struct sched_param sp = { 0 };
	int st;

	CHECK_EQ(getsched(0), SCHED_OTHER, "policy starts SCHED_OTHER");
	CHECK_OK(setsched(0, SCHED_BATCH, &sp), "set SCHED_BATCH");
	CHECK_EQ(getsched(0), SCHED_BATCH, "read back");
	pid_t pid = fork();
	if (pid == 0)
		_exit(getsched(0) == SCHED_BATCH ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child inherits it");
	CHECK_OK(setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, &sp),
		 "set SCHED_IDLE with RESET_ON_FORK");
	CHECK_EQ(getsched(0), SCHED_IDLE | SCHED_RESET_ON_FORK, "read back with the flag");
	setpriority(PRIO_PROCESS, 0, -5);
	pid = fork();
	if (pid == 0)
		_exit(getsched(0) == SCHED_IDLE && getpriority(PRIO_PROCESS, 0) == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child keeps SCHED_IDLE without the flag, its negative nice undone");
	setpriority(PRIO_PROCESS, 0, 0);
	CHECK_OK(syscall(SYS_sched_setparam, 0, &sp), "sched_setparam keeps the policy");
	CHECK_EQ(getsched(0), SCHED_IDLE | SCHED_RESET_ON_FORK, "still SCHED_IDLE");
	sp.sched_priority = 1;
	CHECK_ERR(setsched(0, SCHED_OTHER, &sp), EINVAL, "priority 1 for OTHER: EINVAL");
	sp.sched_priority = 0;
	CHECK_ERR(setsched(0, 4, &sp), EINVAL, "policy 4: EINVAL");
	CHECK_ERR(setsched(-1, SCHED_OTHER, &sp), EINVAL, "pid -1: EINVAL");
	CHECK_ERR(setsched(99999, SCHED_OTHER, &sp), ESRCH, "no such pid: ESRCH");
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL, "no param: EINVAL");
	CHECK_OK(setsched(0, SCHED_OTHER, &sp), "back to SCHED_OTHER");
}

static void test_readahead(void)
{
	int fd = open("/tmp/sysctl-ra", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int p[2];

	write(fd, "data", 4);
	CHECK_OK(readahead(fd, 0, 4096), "readahead on a regular file");
	close(fd);
	fd = open("/tmp/sysctl-ra", O_WRONLY);
	CHECK_ERR(readahead(fd, 0, 4096), EBADF, "not open for reading: EBADF");
	close(fd);
	unlink("/tmp/sysctl-ra");
	pipe(p);
	CHECK_ERR(readahead(p[0], 0, 4096), EINVAL, "a pipe: EINVAL");
	close(p[0]);
	close(p[1]);
	CHECK_ERR(readahead(-1, 0, 1), EBADF, "a bad fd: EBADF");
}

int main(int argc, char **argv)
{
	int mounted;

	if (argc > 1 && !strcmp(argv[1], "nnp-child"))
		return nnp_child();
	check_begin("sysctl");
	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	test_proc_sys();
	test_proc_pid();
	test_prctl(argv[0] && argv[0][0] == '/' ? argv[0] : "/tests/sysctl");
	test_capget();
	test_sched();
	test_readahead();
	if (mounted)
		umount("/proc");
	return check_done();
}
