// SPDX-License-Identifier: MIT
/*
 * thread2.c - more of the thread and process model: CLONE_FS and
 * CLONE_FILES share their own parts only (cwd and umask; the fd table),
 * unshare of each, CLONE_NEWNS with CLONE_FILES, execve unsharing the fd
 * table; signals sent to the
 * process taken by a thread that does not block them and pending for the
 * whole group; the robust futex list at exit; FUTEX_WAKE_OP and
 * FUTEX_WAIT_BITSET on CLOCK_REALTIME; clone3(2)'s arguments and checks;
 * the process CPU clock summing its threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* <linux/futex.h>, which the musl toolchain lacks. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_WAKE_OP_PRIVATE 133
#define FUTEX_WAIT_BITSET_PRIVATE 137
#define FUTEX_WAIT 0
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | \
	 ((cmparg) & 0xfff))

/* A fork-like clone (no CLONE_VM): the child returns 0 here. */
static int clone_fork(unsigned long flags)
{
	return (int)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static int reap(int pid)
{
	int st = -1;

	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int cwd_is(const char *path)
{
	char buf[256];

	return getcwd(buf, sizeof(buf)) && !strcmp(buf, path);
}

static int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* The child's part: chdir to /dev, umask 027, open a file; exit with it. */
static __attribute__((noreturn)) void child_change(int close_fd)
{
	if (chdir("/dev"))
		_exit(255);
	umask(027);
	int fd = open("/dev/null", O_RDONLY);
	if (close_fd >= 0)
		close(close_fd);
	_exit(fd);
}

static void test_clone_fs_files(void)
{
	int pid, fd, keep;

	check_begin("clone_fs_files");
	CHECK_OK(chdir("/"), "chdir /");
	umask(022);
	pid = clone_fork(CLONE_FS);
	if (pid == 0)
		child_change(-1);
	fd = reap(pid);
	CHECK(fd > 2 && fd < 255, "clone(CLONE_FS) child ran");
	CHECK(cwd_is("/dev"), "CLONE_FS: the child's chdir is the parent's");
	CHECK_EQ(umask(022), 027, "CLONE_FS: the child's umask is the parent's");
	CHECK(!fd_open(fd), "CLONE_FS without CLONE_FILES: the child's fd is its own");

	CHECK_OK(chdir("/"), "chdir / again");
	keep = open("/dev/null", O_RDONLY);
	pid = clone_fork(CLONE_FILES);
	if (pid == 0)
		child_change(keep);
	fd = reap(pid);
	CHECK(fd > 2 && fd < 255, "clone(CLONE_FILES) child ran");
	CHECK(cwd_is("/"), "CLONE_FILES without CLONE_FS: the child's chdir is its own");
	CHECK_EQ(umask(022), 022, "CLONE_FILES: the child's umask is its own");
	CHECK(fd_open(fd), "CLONE_FILES: the child's open fd is the parent's");
	CHECK(!fd_open(keep), "CLONE_FILES: the child's close is the parent's");
	close(fd);
}

/* Both shared, then unshare one: only that part goes private. */
static void test_unshare_fs_files(void)
{
	int pid, fd;

	pid = clone_fork(CLONE_FS | CLONE_FILES);
	if (pid == 0) {
		if (unshare(CLONE_FS))
			_exit(254);
		child_change(-1);
	}
	fd = reap(pid);
	CHECK(fd > 2 && fd < 254, "unshare(CLONE_FS) in a CLONE_FS|CLONE_FILES child");
	CHECK(cwd_is("/"), "unshare(CLONE_FS): the chdir after it is the child's own");
	CHECK(fd_open(fd), "unshare(CLONE_FS): the fd table stays shared");
	close(fd);
	pid = clone_fork(CLONE_FS | CLONE_FILES);
	if (pid == 0) {
		if (unshare(CLONE_FILES))
			_exit(254);
		child_change(-1);
	}
	fd = reap(pid);
	CHECK(fd > 2 && fd < 254, "unshare(CLONE_FILES) in a CLONE_FS|CLONE_FILES child");
	CHECK(cwd_is("/dev"), "unshare(CLONE_FILES): cwd stays shared");
	CHECK(!fd_open(fd), "unshare(CLONE_FILES): the fd opened after it is the child's own");
	umask(022);
	CHECK_OK(chdir("/"), "chdir / at the end");

}

static void test_newns_files(void)
{
	int pid, fd;

	errno = 0;
	CHECK_EQ(clone_fork(CLONE_NEWNS | CLONE_FS), -1, "clone(CLONE_NEWNS|CLONE_FS) fails");
	CHECK_EQ(errno, EINVAL, "with EINVAL");
	pid = clone_fork(CLONE_NEWNS | CLONE_FILES);
	if (pid == 0)
		_exit(open("/dev/null", O_RDONLY));
	fd = reap(pid);
	CHECK(pid > 0 && fd > 2 && fd < 255, "clone(CLONE_NEWNS|CLONE_FILES) is allowed");
	CHECK(fd_open(fd), "and the new namespace's child shares the fd table");
	close(fd);
}

/* ---- process-directed signals ------------------------------------------- */

static volatile pid_t handled_by;
static volatile int handled;

static void on_signal(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
	handled++;
}

struct taker {
	int sig;
	int unblock;                /* unblock sig after `ready` */
	volatile int ready, go;
	volatile pid_t tid;
	sigset_t pending;           /* what sigpending showed before unblocking */
};

static void *taker_main(void *arg)
{
	struct taker *t = arg;
	sigset_t s;

	t->tid = (pid_t)syscall(SYS_gettid);
	sigemptyset(&s);
	sigaddset(&s, t->sig);
	pthread_sigmask(t->unblock ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
	t->ready = 1;
	while (!t->go && !handled)
		usleep(1000);
	sigpending(&t->pending);
	if (t->unblock)
		pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	for (int i = 0; i < 2000 && !handled; i++)
		usleep(1000);
	return NULL;
}

/* Start a taker thread for sig and wait until its mask is set. */
static void taker_start(struct taker *t, pthread_t *th, int sig, int unblock)
{
	memset(t, 0, sizeof(*t));
	t->sig = sig;
	t->unblock = unblock;
	handled = 0;
	pthread_create(th, NULL, taker_main, t);
	while (!t->ready)
		usleep(1000);
}

static void test_group_signals(void)
{
	struct taker t;
	sigset_t s, old, pend;
	pthread_t th;

	check_begin("group_signals");
	signal(SIGUSR1, on_signal);
	signal(SIGUSR2, on_signal);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, &old);

	/* The main thread blocks SIGUSR1, the other takes it. */
	taker_start(&t, &th, SIGUSR1, 0);
	CHECK_OK(kill(getpid(), SIGUSR1), "kill(getpid(), SIGUSR1)");
	pthread_join(th, NULL);
	CHECK_EQ(handled, 1, "a process-directed signal is handled once");
	CHECK_EQ(handled_by, t.tid, "by the thread that does not block it");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR1), "and is not left pending on the main thread");

	/* Every thread blocks SIGUSR2: pending for the group, seen by all. */
	taker_start(&t, &th, SIGUSR2, 1);
	CHECK_OK(kill(getpid(), SIGUSR2), "kill(getpid(), SIGUSR2) with every thread blocking it");
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR2), "sigpending in the main thread shows it");
	t.go = 1;
	pthread_join(th, NULL);
	CHECK(sigismember(&t.pending, SIGUSR2), "sigpending in the other thread shows it");
	CHECK_EQ(handled, 1, "the thread that unblocks it takes it");
	CHECK_EQ(handled_by, t.tid, "that thread, not the main one");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR2), "then it is pending nowhere");

	/* A thread-directed signal is that thread's alone. */
	taker_start(&t, &th, SIGUSR2, 1);
	CHECK_OK(syscall(SYS_tgkill, getpid(), t.tid, SIGUSR2), "tgkill to a thread blocking it");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR2), "the main thread's sigpending does not show it");
	t.go = 1;
	pthread_join(th, NULL);
	CHECK(sigismember(&t.pending, SIGUSR2), "the target's sigpending shows it");
	CHECK_EQ(handled_by, t.tid, "and the target takes it on unblocking");
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- futexes -------------------------------------------------------------- */

static long futex(void *uaddr, int op, uint32_t val, const void *ts, void *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

struct robust_entry {
	struct robust_entry *next;
	uint32_t lock;              /* the futex word, at futex_offset */
};

struct robust_head {
	struct robust_entry *list;
	long futex_offset;
	struct robust_entry *pending;
};

struct robust_area {
	struct robust_head head;
	struct robust_entry e;
};

/* A child holds the lock in a robust list and dies holding it. */
static void test_robust_list(void)
{
	struct robust_area *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec ts = { 5, 0 };
	int pid, p[2];
	long r;
	char c;

	check_begin("robust_list");
	CHECK(a != MAP_FAILED, "a shared page");
	if (a == MAP_FAILED || pipe(p))
		return;
	a->head.list = &a->e;
	a->head.futex_offset = (long)offsetof(struct robust_entry, lock);
	a->head.pending = NULL;
	a->e.next = (struct robust_entry *)&a->head;
	pid = fork();
	if (pid == 0) {
		a->e.lock = (uint32_t)getpid() | FUTEX_WAITERS;
		if (syscall(SYS_set_robust_list, &a->head, sizeof(a->head)))
			_exit(1);
		write(p[1], "x", 1);
		usleep(300000);     /* the parent is waiting by now */
		_exit(0);
	}
	CHECK_EQ(read(p[0], &c, 1), 1, "the child holds the lock");
	r = futex(&a->e.lock, FUTEX_WAIT, (uint32_t)pid | FUTEX_WAITERS, &ts, NULL, 0);
	CHECK_EQ(r, 0, "a waiter is woken when the owner dies");
	CHECK_EQ(reap(pid), 0, "the child exited");
	CHECK_EQ(a->e.lock, FUTEX_OWNER_DIED | FUTEX_WAITERS,
		 "the word gets FUTEX_OWNER_DIED, FUTEX_WAITERS kept, the tid cleared");

	/* No waiters: FUTEX_OWNER_DIED alone; an entry another owns is left. */
	a->e.lock = 0;
	pid = fork();
	if (pid == 0) {
		a->e.lock = (uint32_t)getpid();
		syscall(SYS_set_robust_list, &a->head, sizeof(a->head));
		_exit(0);
	}
	CHECK_EQ(reap(pid), 0, "a second child exited holding it");
	CHECK_EQ(a->e.lock, FUTEX_OWNER_DIED, "FUTEX_OWNER_DIED without waiters");
	a->e.lock = 12345;
	pid = fork();
	if (pid == 0) {
		syscall(SYS_set_robust_list, &a->head, sizeof(a->head));
		_exit(0);
	}
	CHECK_EQ(reap(pid), 0, "a third child exited not holding it");
	CHECK_EQ(a->e.lock, 12345, "a lock another thread owns is left alone");
	errno = 0;
	CHECK_EQ(syscall(SYS_set_robust_list, &a->head, 8), -1, "set_robust_list with a wrong size");
	CHECK_EQ(errno, EINVAL, "is EINVAL");
	close(p[0]);
	close(p[1]);
	munmap(a, 4096);
}

/* A robust, process-shared pthread mutex whose owner dies: EOWNERDEAD. */
static void test_robust_mutex(void)
{
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t at;
	struct timespec ts;
	int pid;

	check_begin("robust_mutex");
	if (m == MAP_FAILED)
		return;
	pthread_mutexattr_init(&at);
	pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &at);
	pid = fork();
	if (pid == 0)
		_exit(pthread_mutex_lock(m));   /* dies holding it */
	CHECK_EQ(reap(pid), 0, "the child took the mutex and exited");
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	CHECK_EQ(pthread_mutex_timedlock(m, &ts), EOWNERDEAD,
		 "the next locker gets EOWNERDEAD");
	CHECK_EQ(pthread_mutex_consistent(m), 0, "pthread_mutex_consistent");
	CHECK_EQ(pthread_mutex_unlock(m), 0, "and unlock");
	munmap(m, 4096);
}

static uint32_t wake_word, op_word;

static void *op_waiter(void *arg)
{
	(void)arg;
	futex(&wake_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void test_futex_ops(void)
{
	struct timespec ts, t0, t1;
	pthread_t th;
	long r = 0;

	check_begin("futex_ops");
	op_word = 5;
	r = futex(&wake_word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &op_word,
		  FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5));
	CHECK_EQ(r, 0, "FUTEX_WAKE_OP with no waiters wakes none");
	CHECK_EQ(op_word, 8, "and does its FUTEX_OP_ADD");
	r = futex(&wake_word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &op_word,
		  FUTEX_OP(FUTEX_OP_OR, 4, FUTEX_OP_CMP_GT, 100) | (FUTEX_OP_OPARG_SHIFT << 28));
	CHECK_EQ(op_word, 8 | 16, "FUTEX_OP_OR with FUTEX_OP_OPARG_SHIFT");
	r = futex(&wake_word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &op_word, 7u << 28);
	CHECK_EQ(r, -1, "an unknown FUTEX_WAKE_OP operation fails");
	CHECK_EQ(errno, ENOSYS, "with ENOSYS");
	CHECK_EQ(op_word, 24, "leaving the word");
	pthread_create(&th, NULL, op_waiter, NULL);
	for (int i = 0; i < 2000; i++) {
		r = futex(&op_word, FUTEX_WAKE_OP_PRIVATE, 0, (void *)1, &wake_word,
			  FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0));
		if (r)
			break;
		usleep(1000);
	}
	CHECK_EQ(r, 1, "FUTEX_WAKE_OP wakes the waiter on uaddr2 when the comparison holds");
	pthread_join(th, NULL);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 50000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	r = futex(&wake_word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &ts,
		  NULL, FUTEX_BITSET_MATCH_ANY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK_EQ(r == -1 ? errno : 0, ETIMEDOUT,
		 "FUTEX_WAIT_BITSET on CLOCK_REALTIME times out at its absolute time");
	CHECK((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 40000000L,
	      "not before it");
	errno = 0;
	r = futex(&wake_word, FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	CHECK_EQ(r == -1 ? errno : 0, ENOSYS, "FUTEX_CLOCK_REALTIME with FUTEX_WAKE is ENOSYS");
}

/* ---- clone3 ------------------------------------------------------------- */

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static long clone3_(struct clone_args_v2 *a, size_t size)
{
	return syscall(SYS_clone3, a, size);
}

/* clone3 that must fail with err. */
static void clone3_fails(struct clone_args_v2 *a, size_t size, int err, const char *what)
{
	errno = 0;
	long r = clone3_(a, size);
	if (r == 0)
		_exit(0);
	if (r > 0)
		reap((int)r);
	CHECK_EQ(r == -1 ? errno : 0, err, what);
}

static void test_clone3(void)
{
	struct clone_args_v2 a;
	int ptid = 0, ctid = 0;
	long r;

	check_begin("clone3");
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
	a.parent_tid = (uintptr_t)&ptid;
	a.child_tid = (uintptr_t)&ctid;
	r = clone3_(&a, 64);
	if (r == 0)
		_exit(ctid == getpid() ? 7 : 1);
	CHECK(r > 0, "clone3 with the first 64 bytes forks");
	CHECK_EQ(reap((int)r), 7, "the child sees its CLONE_CHILD_SETTID tid");
	CHECK_EQ(ptid, r, "CLONE_PARENT_SETTID");
	CHECK_EQ(ctid, 0, "CLONE_CHILD_SETTID wrote the child's copy only");

}

static void test_clone3_errors(void)
{
	static char big[8192];
	struct clone_args_v2 a;
	int want;
	pid_t pid;
	long r;

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	clone3_fails(&a, 56, EINVAL, "a size below 64 is EINVAL");
	memcpy(big, &a, sizeof(a));
	clone3_fails((struct clone_args_v2 *)big, 4097, E2BIG, "a size above a page is E2BIG");
	big[200] = 1;
	clone3_fails((struct clone_args_v2 *)big, 256, E2BIG, "nonzero bytes past the known fields are E2BIG");
	big[200] = 0;
	r = clone3_((struct clone_args_v2 *)big, 256);
	if (r == 0)
		_exit(3);
	CHECK_EQ(reap((int)r), 3, "zero bytes past the known fields are accepted");
	a.flags = SIGCHLD;
	clone3_fails(&a, sizeof(a), EINVAL, "exit signal bits in flags are EINVAL");
	a.flags = 0;
	a.exit_signal = 65;
	clone3_fails(&a, sizeof(a), EINVAL, "an exit_signal beyond 64 is EINVAL");
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_PARENT;
	clone3_fails(&a, sizeof(a), EINVAL, "CLONE_PARENT with an exit_signal is EINVAL");
	a.flags = 0;
	a.stack = (uintptr_t)big;
	clone3_fails(&a, sizeof(a), EINVAL, "a stack without stack_size is EINVAL");
	a.stack = 0;
	a.stack_size = 4096;
	clone3_fails(&a, sizeof(a), EINVAL, "a stack_size without stack is EINVAL");
	a.stack_size = 0;
	a.set_tid_size = 1;
	clone3_fails(&a, sizeof(a), EINVAL, "set_tid_size without set_tid is EINVAL");
	want = getpid();
	a.set_tid = (uintptr_t)&want;
	clone3_fails(&a, sizeof(a), EEXIST, "set_tid of a pid in use is EEXIST");
	a.set_tid_size = 2;
	clone3_fails(&a, sizeof(a), EINVAL, "set_tid_size beyond the pid namespace levels is EINVAL");
	want = getpid() + 1000;
	a.set_tid_size = 1;
	pid = (pid_t)clone3_(&a, sizeof(a));
	if (pid == 0)
		_exit(getpid() == want ? 9 : 1);
	CHECK_EQ(pid, want, "set_tid of a free pid gives the child that pid");
	CHECK_EQ(reap(pid), 9, "and the child sees it");
}

/* ---- CPU-time clocks ------------------------------------------------------ */

static long clock_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return -1;
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static volatile int burner_go;

/* Spin until this thread has used 200 ms of CPU time, then wait. */
static void *burner(void *arg)
{
	(void)arg;
	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) < 200000000L)
		;
	burner_go = 1;
	while (burner_go != 2)
		usleep(1000);
	return NULL;
}

static void test_cpu_clocks(void)
{
	clockid_t cid;
	pthread_t th;
	long other, self, proc, self0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);

	check_begin("cpu_clocks");
	burner_go = 0;
	pthread_create(&th, NULL, burner, NULL);
	while (!burner_go)
		usleep(1000);
	CHECK_EQ(pthread_getcpuclockid(th, &cid), 0, "pthread_getcpuclockid of another thread");
	other = clock_ns(cid);
	CHECK(other >= 200000000L, "its clock, read from this thread, has its 200 ms");
	self = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	proc = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(proc >= other + self - 1000000L, "CLOCK_PROCESS_CPUTIME_ID sums the threads");
	burner_go = 2;
	pthread_join(th, NULL);
	CHECK(clock_ns(CLOCK_PROCESS_CPUTIME_ID) >= proc, "and keeps a joined thread's time");
	CHECK(clock_ns(CLOCK_THREAD_CPUTIME_ID) - self0 < other,
	      "while this thread's clock counts only its own time");
}

static const char *self_path;

/* execve in a CLONE_FILES child unshares the table before closing its
 * O_CLOEXEC fds (begin_new_exec's unshare_files). */
static void test_exec_unshares_files(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC), pid;

	check_begin("exec_files");
	pid = clone_fork(CLONE_FILES);
	if (pid == 0) {
		execl(self_path, self_path, "--exit", (char *)NULL);
		_exit(127);
	}
	CHECK_EQ(reap(pid), 0, "a CLONE_FILES child execs");
	CHECK(fd_open(fd), "its execve leaves the parent's O_CLOEXEC fd open");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--exit"))
		return 0;
	self_path = argv[0][0] == '/' ? argv[0] : "/tests/thread2";
	check_begin("thread2");
	test_clone_fs_files();
	test_unshare_fs_files();
	test_newns_files();
	test_exec_unshares_files();
	test_group_signals();
	test_robust_list();
	test_robust_mutex();
	test_futex_ops();
	test_clone3();
	test_clone3_errors();
	test_cpu_clocks();
	return check_done();
}
