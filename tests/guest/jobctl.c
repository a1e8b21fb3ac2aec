/* SPDX-License-Identifier: MIT */
/*
 * jobctl.c - guest test: stop and continue, and the signal calls around
 * job control.
 *
 * Covers SIGSTOP/SIGCONT of a child as wait4 (WUNTRACED, WCONTINUED,
 * WNOHANG), waitid and SIGCHLD (CLD_STOPPED, CLD_CONTINUED, SA_NOCLDSTOP)
 * report them; SIGTSTP's default stop and its discarding in an orphaned
 * process group; SIGKILL of a stopped child; a stop signal and SIGCONT
 * cancelling each other while pending; a group orphaned with a stopped
 * member getting SIGHUP then SIGCONT; sigaltstack (SA_ONSTACK handlers on
 * the alternate stack, uc_stack, SS_ONSTACK, EPERM, ENOMEM, SS_DISABLE,
 * SS_AUTODISARM); rt_sigtimedwait with and without a timeout (and for a
 * default-ignored SIGCHLD, as BusyBox init waits); and
 * rt_sigqueueinfo's value and checks.
 *
 * The test runs as a child of init, whose group is orphaned (init's
 * children do not link it), so checks that need a group able to stop put
 * the child in a group of its own.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include "check.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void set_default(int sig)
{
	signal(sig, SIG_DFL);
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

/* A child that waits to be killed. */
static pid_t spin_child(int own_group)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		alarm(20);
		for (;;)
			pause();
	}
	if (own_group)
		setpgid(pid, pid);
	return pid;
}

static void reap(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* ---- stop, continue, wait ---------------------------------------------- */

static volatile int chld_n, chld_code[8], chld_status[8], chld_pid[8];

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (chld_n < 8) {
		chld_code[chld_n] = si->si_code;
		chld_status[chld_n] = si->si_status;
		chld_pid[chld_n] = si->si_pid;
		chld_n++;
	}
}

static void test_stop_continue(void)
{
	pid_t pid = spin_child(1);
	int st = 0;

	install(SIGCHLD, on_chld, SA_RESTART);
	chld_n = 0;
	CHECK_OK(kill(pid, SIGSTOP), "kill SIGSTOP");
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid, "waitpid WUNTRACED returns the stopped child");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "status says stopped by SIGSTOP");
	CHECK_EQ(st, 0x137f, "stop status is 0x7f | SIGSTOP << 8");
	CHECK_EQ(chld_n, 1, "SIGCHLD came for the stop");
	CHECK_EQ(chld_code[0], CLD_STOPPED, "si_code CLD_STOPPED");
	CHECK_EQ(chld_status[0], SIGSTOP, "si_status is the stop signal");
	CHECK_EQ(chld_pid[0], pid, "si_pid is the child");
	CHECK_EQ(waitpid(pid, &st, WUNTRACED | WNOHANG), 0, "a stop is reported once");
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0, "without WUNTRACED a stop is not reported");

	CHECK_OK(kill(pid, SIGCONT), "kill SIGCONT");
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid, "waitpid WCONTINUED returns the continued child");
	CHECK(WIFCONTINUED(st), "WIFCONTINUED");
	CHECK_EQ(st, 0xffff, "continue status is 0xffff");
	/* Linux sends the continue's SIGCHLD from the child once it runs,
	 * which may be after waitpid has already seen it continued. */
	for (int i = 0; i < 200 && chld_n < 2; i++) {
		struct timespec d = { 0, 10000000 };
		nanosleep(&d, NULL);
	}
	CHECK_EQ(chld_n, 2, "SIGCHLD came for the continue");
	CHECK_EQ(chld_code[1], CLD_CONTINUED, "si_code CLD_CONTINUED");
	CHECK_EQ(chld_status[1], SIGCONT, "si_status SIGCONT");
	CHECK_EQ(waitpid(pid, &st, WCONTINUED | WNOHANG), 0, "a continue is reported once");

	/* waitid: WSTOPPED with WNOWAIT leaves the event to a later wait. */
	siginfo_t si;
	kill(pid, SIGSTOP);
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT), "waitid WSTOPPED|WNOWAIT");
	CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGSTOP && si.si_pid == pid,
	      "waitid says CLD_STOPPED by SIGSTOP");
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WSTOPPED), "waitid WSTOPPED again (WNOWAIT kept it)");
	CHECK_EQ(si.si_code, CLD_STOPPED, "the same stop");
	memset(&si, 0xff, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG), "waitid WNOHANG with nothing");
	CHECK(si.si_pid == 0 && si.si_signo == 0, "waitid WNOHANG zeroes si_pid and si_signo");
	CHECK_ERR(waitid(P_PID, pid, &si, WNOHANG), EINVAL, "waitid without an event kind: EINVAL");

	/* SIGKILL ends a stopped process. */
	CHECK_OK(kill(pid, SIGKILL), "SIGKILL to the stopped child");
	CHECK_EQ(waitpid(pid, &st, 0), pid, "it dies");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL");
	chld_n = 0;

	/* SA_NOCLDSTOP: no SIGCHLD for stops and continues. */
	install(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDSTOP);
	pid = spin_child(1);
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	CHECK_EQ(chld_n, 0, "SA_NOCLDSTOP: no SIGCHLD for stop or continue");
	reap(pid);
	CHECK_EQ(chld_n, 1, "SA_NOCLDSTOP: SIGCHLD still for the exit");
	CHECK_EQ(chld_code[0], CLD_KILLED, "si_code CLD_KILLED");
	set_default(SIGCHLD);
}

/* A child raising sig in a group of its own (or in ours): its status. */
static int raise_in_group(int sig, int own_group)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		raise(sig);
		_exit(7);
	}
	if (own_group)
		setpgid(pid, pid);
	waitpid(pid, &st, WUNTRACED);
	if (WIFSTOPPED(st)) {
		int st2;
		kill(pid, SIGCONT);
		waitpid(pid, &st2, 0);
	}
	return st;
}

/* kill(2) to a group: a zombie not yet waited for still counts. */
static void test_kill_group(void)
{
	int st;
	pid_t pid = spin_child(1);

	CHECK_OK(kill(-pid, SIGTERM), "kill(-pgid) reaches the group");
	sleep_ms(100);
	CHECK_OK(kill(-pid, 0), "a group whose only member is a zombie still exists");
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "the member got the signal");
	CHECK_ERR(kill(-pid, 0), ESRCH, "once reaped, the group is gone: ESRCH");
}

static void test_tstp(void)
{
	int st = raise_in_group(SIGTSTP, 1);

	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "SIGTSTP's default action stops");
	st = raise_in_group(SIGTTIN, 1);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "SIGTTIN's default action stops");
	st = raise_in_group(SIGTSTP, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "SIGTSTP in an orphaned group is discarded");
	st = raise_in_group(SIGSTOP, 0);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "SIGSTOP stops an orphaned group too");
}

/* A pending stop signal and SIGCONT cancel each other. */
static void test_cancel(void)
{
	int go[2], res[2], st = 0;
	char c = 0;
	pid_t pid;

	pipe(go);
	pipe(res);
	pid = fork();
	if (pid == 0) {
		sigset_t p;
		setpgid(0, 0);
		block(SIGTSTP, SIG_BLOCK);
		block(SIGUSR1, SIG_BLOCK);
		write(res[1], "r", 1);
		read(go[0], &c, 1);              /* SIGTSTP then SIGCONT were sent */
		sigpending(&p);
		c = sigismember(&p, SIGTSTP) ? 'P' : 'n';
		write(res[1], &c, 1);
		read(go[0], &c, 1);              /* SIGCONT then SIGTSTP */
		sigpending(&p);
		c = sigismember(&p, SIGTSTP) ? 'P' : 'n';
		write(res[1], &c, 1);
		block(SIGTSTP, SIG_UNBLOCK);     /* now it stops */
		_exit(3);
	}
	setpgid(pid, pid);
	read(res[0], &c, 1);
	kill(pid, SIGTSTP);
	kill(pid, SIGCONT);
	write(go[1], "g", 1);
	read(res[0], &c, 1);
	CHECK_EQ(c, 'n', "SIGCONT discards a pending SIGTSTP");
	kill(pid, SIGCONT);
	kill(pid, SIGTSTP);
	write(go[1], "g", 1);
	read(res[0], &c, 1);
	CHECK_EQ(c, 'P', "a later SIGTSTP stays pending");
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid, "unblocked, it stops");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "stopped by the pending SIGTSTP");
	kill(pid, SIGCONT);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "continued, it finishes");
	close(go[0]); close(go[1]); close(res[0]); close(res[1]);
}

/* ---- orphaned process groups ------------------------------------------- */

static int hup_fd;

static void on_hup_cont(int sig, siginfo_t *si, void *uc)
{
	char c = sig == SIGHUP ? 'H' : 'C';
	(void)si;
	(void)uc;
	write(hup_fd, &c, 1);
}

/*
 * A (a session of its own) has B in another group of that session; B
 * stops; A exits, B's group loses its link and is orphaned with a stopped
 * member: it gets SIGHUP, then SIGCONT.
 */
static void test_orphaned(void)
{
	int p[2], st = 0;
	char buf[8];
	ssize_t n, got = 0;
	pid_t a;

	pipe(p);
	a = fork();
	if (a == 0) {
		pid_t b;
		close(p[0]);
		setsid();
		b = fork();
		if (b == 0) {
			setpgid(0, 0);
			hup_fd = p[1];
			install(SIGHUP, on_hup_cont, 0);
			install(SIGCONT, on_hup_cont, 0);
			alarm(20);
			raise(SIGSTOP);
			_exit(0);
		}
		setpgid(b, b);
		waitpid(b, &st, WUNTRACED);
		_exit(WIFSTOPPED(st) ? 0 : 1);
	}
	close(p[1]);
	waitpid(a, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the group member stopped, then its parent left");
	while (got < (ssize_t)sizeof(buf) && (n = read(p[0], buf + got, sizeof(buf) - got)) > 0)
		got += n;
	CHECK_EQ(got, 2, "the orphaned member got two signals");
	/* Both handlers' frames are made before B runs again, SIGHUP's first
	 * (the lower number), so SIGCONT's handler runs first. */
	CHECK(got == 2 && buf[0] == 'C' && buf[1] == 'H', "SIGHUP and SIGCONT, frames nested");
	close(p[0]);
}

/* ---- sigaltstack -------------------------------------------------------- */

static char altstack[65536] __attribute__((aligned(16)));
static volatile int on_alt, handler_flags, handler_eperm;
static volatile uintptr_t uc_sp;
static volatile long uc_size;
static volatile int uc_flags;

static void on_usr(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	stack_t cur, ns;
	char local;

	(void)sig;
	(void)si;
	on_alt = &local >= altstack && &local < altstack + sizeof(altstack);
	sigaltstack(NULL, &cur);
	handler_flags = cur.ss_flags;
	memset(&ns, 0, sizeof(ns));
	ns.ss_sp = altstack;
	ns.ss_size = sizeof(altstack);
	handler_eperm = sigaltstack(&ns, NULL) == -1 && errno == EPERM;
	uc_sp = (uintptr_t)uc->uc_stack.ss_sp;
	uc_size = (long)uc->uc_stack.ss_size;
	uc_flags = uc->uc_stack.ss_flags;
}

static void test_sigaltstack(void)
{
	stack_t ss, old;
	int st;

	memset(&old, 0, sizeof(old));
	CHECK_OK(sigaltstack(NULL, &old), "sigaltstack query");
	CHECK(old.ss_flags == SS_DISABLE && old.ss_size == 0, "no alternate stack at first: SS_DISABLE");
	/* Raw calls: musl's sigaltstack checks these itself. */
	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM, "smaller than MINSIGSTKSZ: ENOMEM");
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 5;
	CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), EINVAL, "bad ss_flags: EINVAL");
	ss.ss_flags = SS_ONSTACK;
	CHECK_OK(syscall(SYS_sigaltstack, &ss, NULL), "SS_ONSTACK is taken as 0 (old programs)");
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, NULL), "set an alternate stack");
	CHECK_OK(sigaltstack(NULL, &old), "query it");
	CHECK(old.ss_sp == altstack && old.ss_size == sizeof(altstack) && old.ss_flags == 0,
	      "it reads back, not in use (flags 0)");

	install(SIGUSR1, on_usr, SA_ONSTACK);
	on_alt = 0;
	raise(SIGUSR1);
	CHECK(on_alt, "an SA_ONSTACK handler runs on the alternate stack");
	CHECK_EQ(handler_flags, SS_ONSTACK, "sigaltstack in the handler says SS_ONSTACK");
	CHECK(handler_eperm, "changing it while on it: EPERM");
	CHECK(uc_sp == (uintptr_t)altstack && uc_size == (long)sizeof(altstack),
	      "uc_stack holds the alternate stack");
	CHECK_EQ(uc_flags, 0, "uc_stack.ss_flags are the flags it was set with");
	CHECK_OK(sigaltstack(NULL, &old), "after the handler");
	CHECK_EQ(old.ss_flags, 0, "no longer in use");

	install(SIGUSR1, on_usr, 0);
	on_alt = 1;
	raise(SIGUSR1);
	CHECK(!on_alt, "without SA_ONSTACK the handler uses the normal stack");
	CHECK_EQ(handler_flags, 0, "and the alternate stack is not in use");

	pid_t pid = fork();
	if (pid == 0) {
		stack_t c;
		sigaltstack(NULL, &c);
		_exit(c.ss_sp == altstack && c.ss_size == sizeof(altstack) ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork keeps the alternate stack");

	ss.ss_flags = SS_AUTODISARM;
	CHECK_OK(sigaltstack(&ss, NULL), "SS_AUTODISARM");
	install(SIGUSR1, on_usr, SA_ONSTACK);
	on_alt = 0;
	raise(SIGUSR1);
	CHECK(on_alt, "an auto-disarming stack still takes the handler");
	CHECK_EQ(handler_flags, SS_DISABLE, "inside, the stack is disarmed (SS_DISABLE)");
	CHECK_OK(sigaltstack(NULL, &old), "after sigreturn");
	CHECK(old.ss_sp == altstack && (unsigned)old.ss_flags == SS_AUTODISARM,
	      "sigreturn rearms it from uc_stack");

	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, NULL), "SS_DISABLE");
	CHECK_OK(sigaltstack(NULL, &old), "query");
	CHECK(old.ss_flags == SS_DISABLE && old.ss_size == 0 && old.ss_sp == NULL,
	      "disabled: no stack");
	on_alt = 1;
	raise(SIGUSR1);
	CHECK(!on_alt, "SA_ONSTACK without a stack uses the normal one");
	set_default(SIGUSR1);
}

/* ---- rt_sigtimedwait, rt_sigqueueinfo ----------------------------------- */

static volatile int usr2_hits;

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	usr2_hits++;
}

static long raw_timedwait(const sigset_t *set, siginfo_t *si, const struct timespec *ts)
{
	return syscall(SYS_rt_sigtimedwait, set, si, ts, 8);
}

static void test_sigtimedwait(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 0, 0 };
	long t0;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(sigtimedwait(&set, &si, &ts), SIGUSR1, "a pending blocked signal is taken at once");
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_TKILL && si.si_pid == getpid(),
	      "its siginfo (raise: SI_TKILL from us)");
	CHECK_ERR(raw_timedwait(&set, &si, &ts), EAGAIN, "nothing pending, zero timeout: EAGAIN");
	ts.tv_nsec = 100000000;
	t0 = now_ms();
	CHECK_ERR(raw_timedwait(&set, &si, &ts), EAGAIN, "nothing comes within 100 ms: EAGAIN");
	CHECK(now_ms() - t0 >= 90, "it waited the timeout");
	ts.tv_nsec = 1000000000;
	CHECK_ERR(raw_timedwait(&set, &si, &ts), EINVAL, "tv_nsec of a second: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 4), EINVAL, "sigsetsize 4: EINVAL");

	/* A signal from another process while waiting without a timeout. */
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	CHECK_EQ(sigwaitinfo(&set, &si), SIGUSR1, "sigwaitinfo takes a signal sent later");
	CHECK(si.si_code == SI_USER && si.si_pid == pid, "from kill(2): SI_USER and the sender");
	waitpid(pid, &st, 0);

	/* Another signal, handled, ends the wait with EINTR. */
	install(SIGUSR2, on_usr2, 0);
	usr2_hits = 0;
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	CHECK_ERR(raw_timedwait(&set, &si, &ts), EINTR, "a handled signal outside the set: EINTR");
	CHECK_EQ(usr2_hits, 1, "and its handler ran");
	waitpid(pid, &st, 0);
	block(SIGUSR1, SIG_UNBLOCK);
	set_default(SIGUSR2);

	/* A blocked SIGCHLD left at SIG_DFL (ignored) arrives while the wait
	 * has lifted the block: it is kept and taken (BusyBox init's loop). */
	set_default(SIGCHLD);
	block(SIGCHLD, SIG_BLOCK);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		_exit(3);
	}
	ts.tv_sec = 5;
	memset(&si, 0, sizeof(si));
	CHECK_EQ(raw_timedwait(&set, &si, &ts), SIGCHLD,
		 "a default-ignored SIGCHLD waited for is taken");
	CHECK(si.si_code == CLD_EXITED && si.si_pid == pid && si.si_status == 3,
	      "its siginfo (CLD_EXITED, the child, status 3)");
	waitpid(pid, &st, 0);
	block(SIGCHLD, SIG_UNBLOCK);
}

static volatile int q_value, q_code, q_pid;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	q_value = si->si_value.sival_int;
	q_code = si->si_code;
	q_pid = si->si_pid;
}

static void test_sigqueue(void)
{
	union sigval v = { .sival_int = 1234 };
	sigset_t set;
	siginfo_t si;
	int sig = SIGRTMIN + 1, st;

	sigemptyset(&set);
	sigaddset(&set, sig);
	block(sig, SIG_BLOCK);
	CHECK_OK(sigqueue(getpid(), sig, v), "sigqueue to ourselves");
	v.sival_int = 5678;
	CHECK_OK(sigqueue(getpid(), sig, v), "twice (real-time signals queue)");
	memset(&si, 0, sizeof(si));
	CHECK_EQ(sigwaitinfo(&set, &si), sig, "sigwaitinfo takes the first");
	CHECK(si.si_code == SI_QUEUE && si.si_value.sival_int == 1234 && si.si_pid == getpid(),
	      "SI_QUEUE, its value and our pid");
	CHECK_EQ(sigwaitinfo(&set, &si), sig, "and the second");
	CHECK_EQ(si.si_value.sival_int, 5678, "with its own value");
	block(sig, SIG_UNBLOCK);

	install(sig, on_rt, 0);
	v.sival_int = 42;
	q_value = 0;
	CHECK_OK(sigqueue(getpid(), sig, v), "sigqueue to a handler");
	CHECK(q_value == 42 && q_code == SI_QUEUE && q_pid == getpid(),
	      "the handler sees the value and SI_QUEUE");
	set_default(sig);

	pid_t pid = spin_child(0);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
		  "another process, si_code SI_USER (kill's): EPERM");
	si.si_code = SI_QUEUE;
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, 65, &si), EINVAL, "signal 65: EINVAL");
	CHECK_OK(syscall(SYS_rt_sigqueueinfo, pid, SIGTERM, &si), "SI_QUEUE to another process");
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "it got the signal");
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGTERM, &si), ESRCH, "to no process: ESRCH");
}

int main(void)
{
	check_begin("jobctl");
	test_stop_continue();
	test_kill_group();
	test_tstp();
	test_cancel();
	test_orphaned();
	test_sigaltstack();
	test_sigtimedwait();
	test_sigqueue();
	return check_done();
}
