// SPDX-License-Identifier: MIT
/*
 * thread.c - POSIX threads on clone(CLONE_THREAD | CLONE_VM | ...): create
 * and join (CLONE_CHILD_CLEARTID + futex), thread-local storage
 * (CLONE_SETTLS), mutexes and condition variables under contention, thread
 * ids, signals to the group and to one thread, exit_group and fatal
 * signals ending every thread, execve and fork from a thread, and the
 * threads in /proc.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static __thread int tls_value = 5;

struct ids {
	pid_t tid, pid, ppid;
	int tls_before, tls_after;
};

static void *ids_thread(void *arg)
{
	struct ids *ids = arg;

	ids->tid = gettid_();
	ids->pid = getpid();
	ids->ppid = getppid();
	ids->tls_before = tls_value;
	tls_value = 77;
	ids->tls_after = tls_value;
	return (void *)(intptr_t)42;
}

static void test_basics(void)
{
	struct ids ids = { 0 };
	pthread_t t;
	void *ret = NULL;

	tls_value = 9;
	CHECK_EQ(pthread_create(&t, NULL, ids_thread, &ids), 0, "pthread_create");
	CHECK_EQ(pthread_join(t, &ret), 0, "pthread_join");
	CHECK_EQ((intptr_t)ret, 42, "join gets the thread's return value");
	CHECK_EQ(ids.pid, getpid(), "getpid in a thread is the process's");
	CHECK(ids.tid != getpid(), "gettid in a thread differs from getpid");
	CHECK_EQ(gettid_(), getpid(), "the main thread's tid is the pid");
	CHECK_EQ(ids.ppid, getppid(), "getppid is the same in every thread");
	CHECK_EQ(ids.tls_before, 5, "__thread starts at its initial value");
	CHECK_EQ(ids.tls_after, 77, "__thread written in the thread");
	CHECK_EQ(tls_value, 9, "the main thread's __thread copy is its own");
}

#define NWORKERS 8
#define NLOOPS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < NLOOPS; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;
		if (i % 1000 == 0)
			sched_yield(); /* hold the lock across a switch: contention */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void test_mutex(void)
{
	pthread_t t[NWORKERS];
	int ok = 1;

	for (int i = 0; i < NWORKERS; i++)
		ok &= pthread_create(&t[i], NULL, count_thread, NULL) == 0;
	for (int i = 0; i < NWORKERS; i++)
		ok &= pthread_join(t[i], NULL) == 0;
	CHECK(ok, "8 threads created and joined");
	CHECK_EQ(counter, (long)NWORKERS * NLOOPS, "a contended mutex loses no update");
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qtail, consumed_sum;

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (qhead == qtail)
			pthread_cond_wait(&cond, &lock);
		int v = queue[qhead++ % 16];
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		if (v < 0)
			return NULL;
		__atomic_add_fetch(&consumed_sum, v, __ATOMIC_SEQ_CST);
	}
}

static void test_condvar(void)
{
	pthread_t t[3];
	int want = 0;

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, consumer, NULL);
	for (int v = 1; v <= 500 + 3; v++) {
		int item = v <= 500 ? v : -1;
		pthread_mutex_lock(&lock);
		while (qtail - qhead == 16)
			pthread_cond_wait(&cond, &lock);
		queue[qtail++ % 16] = item;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		if (item > 0)
			want += item;
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(consumed_sum, want, "condition variables: every item consumed once");
}

static void *nothing(void *arg)
{
	return arg;
}

static void test_many(void)
{
	int ok = 1;

	for (int round = 0; round < 4; round++) {
		pthread_t t[50];
		for (int i = 0; i < 50; i++)
			ok &= pthread_create(&t[i], NULL, nothing, (void *)(intptr_t)i) == 0;
		for (int i = 0; i < 50; i++) {
			void *r;
			ok &= pthread_join(t[i], &r) == 0 && (intptr_t)r == i;
		}
	}
	CHECK(ok, "200 threads, 50 at a time, created and joined");
}

static volatile sig_atomic_t handled_tid, handled_count;

static void record_tid(int sig)
{
	(void)sig;
	handled_tid = gettid_();
	handled_count++;
}

static volatile int stop_flag;
static volatile pid_t worker_tid;

static void *wait_for_flag(void *arg)
{
	(void)arg;
	worker_tid = gettid_();
	while (!stop_flag)
		usleep(1000);
	return NULL;
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	pthread_sigmask(how, &s, NULL);
}

static void test_signals(void)
{
	pthread_t t;

	signal(SIGUSR1, record_tid);
	signal(SIGUSR2, record_tid);

	/* A process-directed signal goes to a thread that does not block it. */
	stop_flag = 0;
	worker_tid = 0;
	pthread_create(&t, NULL, wait_for_flag, NULL);
	block(SIGUSR1, SIG_BLOCK);
	while (!worker_tid)
		usleep(1000);
	handled_count = 0;
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 2000 && !handled_count; i++)
		usleep(1000);
	CHECK_EQ(handled_tid, worker_tid, "kill(getpid()) is handled by the thread that does not block it");

	/* pthread_kill: that very thread, even though others would take it. */
	block(SIGUSR2, SIG_UNBLOCK);
	handled_count = 0;
	pthread_kill(t, SIGUSR2);
	for (int i = 0; i < 2000 && !handled_count; i++)
		usleep(1000);
	CHECK_EQ(handled_tid, worker_tid, "pthread_kill runs the handler in the target thread");
	stop_flag = 1;
	pthread_join(t, NULL);
	CHECK_EQ(pthread_kill(pthread_self(), 0), 0, "pthread_kill(self, 0)");
	block(SIGUSR1, SIG_UNBLOCK);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void *sigwaiter(void *arg)
{
	sigset_t s;
	int sig = 0;

	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigwait(&s, &sig);
	return (void *)(intptr_t)sig;
}

static void test_sigwait(void)
{
	pthread_t t;
	void *r = NULL;

	block(SIGUSR1, SIG_BLOCK); /* every thread blocks it: sigwait takes it */
	pthread_create(&t, NULL, sigwaiter, NULL);
	usleep(20000);
	kill(getpid(), SIGUSR1);
	pthread_join(t, &r);
	CHECK_EQ((intptr_t)r, SIGUSR1, "sigwait in a thread takes a signal sent to the process");

	/* Sent before the thread waits: still there for it. */
	kill(getpid(), SIGUSR1);
	pthread_create(&t, NULL, sigwaiter, NULL);
	pthread_join(t, &r);
	CHECK_EQ((intptr_t)r, SIGUSR1, "sigwait in a thread takes a signal pending on the process");
	block(SIGUSR1, SIG_UNBLOCK);
}

static void *sleep_forever(void *arg)
{
	while (!arg)
		pause();
	return arg;
}

static void *exit_seven(void *arg)
{
	(void)arg;
	usleep(10000);
	exit(7);
}

static void *send_sigterm(void *arg)
{
	(void)arg;
	usleep(10000);
	kill(getpid(), SIGTERM);
	return sleep_forever(NULL);
}

/* Run fn in a child process; its wait status. */
static int in_child(void (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		alarm(20); /* a hang fails the check rather than the run */
		fn();
		_exit(99);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void child_exit_group(void)
{
	pthread_t t[3];

	pthread_create(&t[0], NULL, sleep_forever, NULL);
	pthread_create(&t[1], NULL, sleep_forever, NULL);
	pthread_create(&t[2], NULL, exit_seven, NULL);
	pthread_join(t[0], NULL);
}

static void child_fatal(void)
{
	pthread_t t[2];

	pthread_create(&t[0], NULL, sleep_forever, NULL);
	pthread_create(&t[1], NULL, send_sigterm, NULL);
	pthread_join(t[0], NULL);
}

static void *exit_five_later(void *arg)
{
	(void)arg;
	usleep(30000);
	exit(5);
}

static void child_main_exits_first(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_five_later, NULL);
	pthread_exit(NULL); /* the group lives on without its leader */
}

/* A process-shared semaphore in MAP_SHARED memory: the waiter sleeps on a
 * shared futex that another process wakes. */
static void child_psem(void)
{
	sem_t *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st = -1, ok;
	pid_t pid;

	if (s == MAP_FAILED || sem_init(s, 1, 0))
		_exit(2);
	pid = fork();
	if (pid == 0) {
		usleep(30000);
		sem_post(s);
		_exit(0);
	}
	ok = sem_wait(s) == 0;
	waitpid(pid, &st, 0);
	_exit(ok && st == 0 ? 0 : 1);
}

static void test_exit(void)
{
	int st = in_child(child_exit_group);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit in a thread ends every thread with its status");
	st = in_child(child_fatal);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "a fatal signal ends every thread");
	st = in_child(child_psem);
	CHECK_EQ(st, 0, "a process-shared semaphore wakes a waiter in another process");
	st = in_child(child_main_exits_first);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "the group outlives its leader's pthread_exit");
}

static void *spin(void *arg)
{
	while (!arg)
		sched_yield();
	return arg;
}

static void child_spin(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spin, NULL);
	spin(NULL);
}

/* The state letters of every thread of pid, in tid order. */
static void thread_states(pid_t pid, char *out, size_t size)
{
	char path[320], buf[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	while (d && (e = readdir(d)) && n + 1 < size) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, e->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f) && strrchr(buf, ')'))
			out[n++] = strrchr(buf, ')')[2];
		if (f)
			fclose(f);
	}
	out[n] = 0;
	if (d)
		closedir(d);
}

static void test_stop(void)
{
	char states[8];
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		alarm(20);
		child_spin();
	}
	usleep(20000);
	kill(pid, SIGSTOP);
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid, "waitpid sees the stopped group");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stopped by SIGSTOP");
	usleep(20000);
	thread_states(pid, states, sizeof(states));
	CHECK(!strcmp(states, "TT"), "SIGSTOP stops every thread");
	kill(pid, SIGCONT);
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid, "waitpid sees it continued");
	CHECK(WIFCONTINUED(st), "continued by SIGCONT");
	usleep(20000);
	thread_states(pid, states, sizeof(states));
	CHECK(!strchr(states, 'T') && strlen(states) == 2, "SIGCONT continues every thread");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends the group");
}

static void *burn(void *arg)
{
	struct rusage ru;
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < 20000000; i++)
		x += i;
	getrusage(RUSAGE_THREAD, &ru);
	return (void *)(intptr_t)(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec);
}

static void test_rusage(void)
{
	struct rusage self, me;
	pthread_t t;
	void *r;

	pthread_create(&t, NULL, burn, NULL);
	pthread_join(t, &r);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_THREAD, &me);
	long s = self.ru_utime.tv_sec * 1000000 + self.ru_utime.tv_usec;
	long m = me.ru_utime.tv_sec * 1000000 + me.ru_utime.tv_usec;
	CHECK((intptr_t)r > 0, "RUSAGE_THREAD: the thread's own CPU time");
	CHECK(s >= m + (intptr_t)r / 2, "RUSAGE_SELF counts the threads that ended");
}

static const char *self_path;

static void *exec_thread(void *arg)
{
	char pidbuf[16];

	(void)arg;
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
	execl(self_path, self_path, "--exec-child", pidbuf, (char *)NULL);
	_exit(98);
}

static void child_exec(void)
{
	pthread_t t[2];

	pthread_create(&t[0], NULL, sleep_forever, NULL);
	pthread_create(&t[1], NULL, exec_thread, NULL);
	pthread_join(t[0], NULL);
}

static int status_threads(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	int n = -1;

	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* The program execve'd from a thread: it has the old pid and one thread. */
static int exec_child(const char *pid)
{
	if (atoi(pid) != getpid())
		return 1;
	if (gettid_() != getpid())
		return 2;
	if (status_threads("/proc/self/status") != 1)
		return 3;
	return 42;
}

static void *fork_thread(void *arg)
{
	int st = -1;
	pid_t pid;

	(void)arg;
	pid = fork();
	if (pid == 0)
		_exit(status_threads("/proc/self/status") == 1 && gettid_() == getpid() ? 0 : 1);
	waitpid(pid, &st, 0);
	return (void *)(intptr_t)st;
}

static void test_exec_fork(void)
{
	pthread_t t, other;
	void *r = NULL;
	int st = in_child(child_exec);

	CHECK_EQ(st, 42 << 8, "execve from a thread: the one thread left keeps the pid");
	stop_flag = 0;
	pthread_create(&other, NULL, wait_for_flag, NULL);
	pthread_create(&t, NULL, fork_thread, NULL);
	pthread_join(t, &r);
	stop_flag = 1;
	pthread_join(other, NULL);
	CHECK_EQ((intptr_t)r, 0, "fork from a thread: the child has one thread; the thread waits for it");
}

static int count_task_dir(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int stat_num_threads(const char *path)
{
	char buf[1024];
	FILE *f = fopen(path, "r");
	char *p;
	long n = -1;

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	p = strrchr(buf, ')');
	/* After ") ": state ppid pgrp session tty_nr tpgid flags minflt
	 * cminflt majflt cmajflt utime stime cutime cstime priority nice
	 * num_threads (field 20). */
	for (int field = 3; p && field <= 20; field++) {
		p = strchr(p + 1, ' ');
		if (p && field == 20)
			n = strtol(p + 1, NULL, 10);
	}
	return (int)n;
}

static int proc_lists(pid_t pid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		found |= atoi(e->d_name) == pid;
	closedir(d);
	return found;
}

static void test_proc(void)
{
	pthread_t t[3];
	char path[64];
	struct stat sb;

	stop_flag = 0;
	worker_tid = 0;
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, wait_for_flag, NULL);
	while (!worker_tid)
		usleep(1000);
	CHECK_EQ(count_task_dir(), 4, "/proc/self/task lists the 4 threads");
	CHECK_EQ(status_threads("/proc/self/status"), 4, "Threads: in /proc/self/status");
	CHECK_EQ(stat_num_threads("/proc/self/stat"), 4, "num_threads in /proc/self/stat");
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)worker_tid);
	CHECK_EQ(status_threads(path), 4, "/proc/self/task/<tid>/status");
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)worker_tid);
	CHECK_OK(stat(path, &sb), "/proc/self/task/<tid>/comm");
	snprintf(path, sizeof(path), "/proc/%d", (int)worker_tid);
	CHECK_OK(stat(path, &sb), "/proc/<tid> is reachable");
	CHECK_EQ(proc_lists(worker_tid), 0, "/proc does not list a thread's tid");
	CHECK_EQ(proc_lists(getpid()), 1, "/proc lists the process");
	stop_flag = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(status_threads("/proc/self/status"), 1, "Threads: 1 after the joins");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--exec-child"))
		return exec_child(argv[2]);
	self_path = argv[0][0] == '/' ? argv[0] : "/tests/thread";
	check_begin("thread");
	/* The runner mounts no /proc: mount one for the checks of it. */
	mkdir("/proc", 0755);
	int mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
	test_basics();
	test_mutex();
	test_condvar();
	test_many();
	test_signals();
	test_sigwait();
	test_exit();
	test_exec_fork();
	test_proc();
	test_stop();
	test_rusage();
	if (mounted)
		umount("/proc");
	return check_done();
}
