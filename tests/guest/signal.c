/* SPDX-License-Identifier: MIT */
/*
 * signal.c - guest test: rt_sigaction and rt_sigprocmask.
 *
 * Handlers are installed through libc (which supplies the SA_RESTORER
 * trampoline the x86-64 ABI needs); argument errors go through raw
 * syscalls with the kernel's struct sigaction.  Covers delivery on kill to
 * self, siginfo contents, the mask while a handler runs, SA_NODEFER,
 * SA_RESETHAND, SA_RESTART vs EINTR, blocking and pending, queueing of
 * real-time signals, SIG_IGN, SIGCHLD, and what fork inherits; and what
 * execve keeps (the mask, pending signals, ignored signals) and resets
 * (handlers to SIG_DFL), with a signal sent between fork and execve while
 * blocked surviving the execve to kill by its default action (a shell's
 * `cmd & kill $!` before the child's exec; the test runs itself again as
 * "signal --exec-probe" and "signal --exec-unblock").
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define BADPTR ((void *)0xdeadbeef000UL)

/* The kernel's struct sigaction on x86-64. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static volatile int hits, last_sig, in_mask_self, in_mask_usr2;
static volatile int si_signo_, si_code_, si_pid_, si_uid_, si_status_;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	syscall(SYS_nanosleep, &ts, NULL);
}

static uint64_t cur_mask(void)
{
	uint64_t m = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

static void handler(int sig)
{
	uint64_t m = cur_mask();

	hits++;
	last_sig = sig;
	in_mask_self = !!(m & bit(sig));
	in_mask_usr2 = !!(m & bit(SIGUSR2));
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	si_signo_ = si->si_signo;
	si_code_ = si->si_code;
	si_pid_ = si->si_pid;
	si_uid_ = si->si_uid;
	si_status_ = si->si_status;
}

static void install(int sig, void (*fn)(int), int flags, int also_block)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (also_block)
		sigaddset(&sa.sa_mask, also_block);
	sigaction(sig, &sa, NULL);
}

static void test_handlers(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	hits = 0;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL), "rt_sigaction installs a handler");
	CHECK_OK(kill(getpid(), SIGUSR1), "kill(self, SIGUSR1)");
	CHECK_EQ(hits, 1, "the handler ran before kill returned");
	CHECK_EQ(last_sig, SIGUSR1, "the handler got the signal number");
	CHECK(in_mask_self, "the signal is blocked while its handler runs");
	CHECK(in_mask_usr2, "sa_mask is blocked while the handler runs");
	CHECK(!(cur_mask() & (bit(SIGUSR1) | bit(SIGUSR2))),
	      "the mask is restored after the handler");
	CHECK_OK(sigaction(SIGUSR1, NULL, &old), "rt_sigaction reads back the action");
	CHECK(old.sa_handler == handler && sigismember(&old.sa_mask, SIGUSR2),
	      "the old action is what was set");

	install(SIGUSR1, handler, SA_NODEFER, 0);
	kill(getpid(), SIGUSR1);
	CHECK(hits == 2 && !in_mask_self, "SA_NODEFER leaves the signal unblocked in the handler");

	install(SIGUSR1, handler, SA_RESETHAND, 0);
	kill(getpid(), SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	CHECK(hits == 3 && old.sa_handler == SIG_DFL,
	      "SA_RESETHAND restores SIG_DFL after one delivery");

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	CHECK(hits == 4 && si_signo_ == SIGUSR2, "SA_SIGINFO handler: si_signo");
	CHECK_EQ(si_code_, SI_USER, "si_code is SI_USER for kill");
	CHECK_EQ(si_pid_, getpid(), "si_pid is the sender");
	CHECK_EQ(si_uid_, 0, "si_uid is the sender's uid (0)");

	install(SIGRTMAX, handler, 0, 0);
	kill(getpid(), SIGRTMAX);
	CHECK(hits == 5 && last_sig == SIGRTMAX, "a handler for SIGRTMAX (64) runs");
	signal(SIGRTMAX, SIG_DFL);

	signal(SIGUSR2, SIG_IGN);
	kill(getpid(), SIGUSR2);
	CHECK_EQ(hits, 5, "a SIG_IGN signal is discarded and the process goes on");
	signal(SIGUSR2, SIG_DFL);
}

static void test_raw_sigaction(void)
{
	struct ksigaction k, o;

	memset(&k, 0, sizeof(k));
	k.handler = SIG_IGN;
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, &k, NULL, 4), EINVAL,
		  "rt_sigaction sigsetsize 4: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGKILL, &k, NULL, 8), EINVAL,
		  "rt_sigaction on SIGKILL: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGSTOP, &k, NULL, 8), EINVAL,
		  "rt_sigaction on SIGSTOP: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, &k, NULL, 8), EINVAL,
		  "rt_sigaction on signal 0: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, &k, NULL, 8), EINVAL,
		  "rt_sigaction on signal 65: EINVAL");
	CHECK_OK(syscall(SYS_rt_sigaction, SIGKILL, NULL, &o, 8),
		 "reading SIGKILL's action is allowed");
	CHECK(o.handler == SIG_DFL, "SIGKILL's action is SIG_DFL");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, BADPTR, NULL, 8), EFAULT,
		  "rt_sigaction bad act: EFAULT");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, BADPTR, 8), EFAULT,
		  "rt_sigaction bad oldact: EFAULT");
	k.mask = bit(SIGUSR2);
	k.flags = SA_RESTART;
	CHECK_OK(syscall(SYS_rt_sigaction, SIGURG, &k, NULL, 8), "raw rt_sigaction SIG_IGN");
	CHECK_OK(syscall(SYS_rt_sigaction, SIGURG, NULL, &o, 8), "raw rt_sigaction read back");
	CHECK(o.handler == SIG_IGN && o.mask == bit(SIGUSR2) && (o.flags & SA_RESTART),
	      "handler, mask and flags read back as set");
	k.handler = SIG_DFL;
	k.mask = bit(SIGKILL) | bit(SIGSTOP);
	syscall(SYS_rt_sigaction, SIGURG, &k, NULL, 8);
	syscall(SYS_rt_sigaction, SIGURG, NULL, &o, 8);
	CHECK_EQ(o.mask, 0, "SIGKILL and SIGSTOP are dropped from sa_mask");
}

static void test_mask(void)
{
	uint64_t set, old = 0;
	sigset_t pend;

	install(SIGUSR1, handler, 0, 0);
	hits = 0;
	set = bit(SIGUSR1);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8), "rt_sigprocmask SIG_BLOCK");
	CHECK_EQ(old & bit(SIGUSR1), 0, "the old mask did not have SIGUSR1");
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ(hits, 0, "a blocked signal is not delivered");
	sigemptyset(&pend);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1),
	      "the blocked signal is pending");
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8),
		 "rt_sigprocmask SIG_UNBLOCK");
	CHECK_EQ(hits, 1, "unblocking delivers it once (standard signals do not queue)");
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR1), "nothing is pending after delivery");

	/* Real-time signals queue. */
	install(SIGRTMIN + 1, handler, 0, 0);
	hits = 0;
	set = bit(SIGRTMIN + 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	for (int i = 0; i < 3; i++)
		kill(getpid(), SIGRTMIN + 1);
	CHECK_EQ(hits, 0, "blocked real-time signals wait");
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	CHECK_EQ(hits, 3, "three queued real-time signals are all delivered");
	signal(SIGRTMIN + 1, SIG_DFL);

	/* Setting SIG_IGN discards a pending signal. */
	hits = 0;
	set = bit(SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	kill(getpid(), SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGUSR1), "SIG_IGN discards the pending signal");
	install(SIGUSR1, handler, 0, 0);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	CHECK_EQ(hits, 0, "the discarded signal never arrives");

	set = bit(SIGUSR2) | bit(SIGHUP);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8),
		 "rt_sigprocmask SIG_SETMASK");
	CHECK_EQ(cur_mask(), set, "the mask is exactly what was set");
	set = bit(SIGKILL) | bit(SIGSTOP);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	CHECK(!(cur_mask() & set), "SIGKILL and SIGSTOP cannot be blocked");
	set = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
	CHECK_EQ(old, bit(SIGUSR2) | bit(SIGHUP), "SIG_SETMASK returns the previous mask");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 3, &set, NULL, 8), EINVAL,
		  "rt_sigprocmask bad how: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL,
		  "rt_sigprocmask sigsetsize 4: EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BADPTR, NULL, 8), EFAULT,
		  "rt_sigprocmask bad set: EFAULT");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, BADPTR, 8), EFAULT,
		  "rt_sigprocmask bad oldset: EFAULT");
	CHECK_OK(syscall(SYS_rt_sigprocmask, 3, NULL, &old, 8), "how is ignored when set is NULL");
}

static void test_children(void)
{
	int st, p[2];
	pid_t pid;
	uint64_t set;
	struct sigaction sa;

	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, SIG_DFL);
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SIGUSR1's default action terminates");

	pid = fork();
	if (pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		kill(getpid(), SIGCHLD);
		kill(getpid(), SIGURG);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SIGCHLD and SIGURG are ignored by default");

	/* fork keeps handlers and the mask, not pending signals. */
	install(SIGUSR1, handler, 0, 0);
	hits = 0;
	set = bit(SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	kill(getpid(), SIGUSR1);
	pid = fork();
	if (pid == 0) {
		sigset_t pend;
		struct sigaction cur;
		sigpending(&pend);
		sigaction(SIGUSR1, NULL, &cur);
		_exit((sigismember(&pend, SIGUSR1) ? 1 : 0) | (cur_mask() & bit(SIGUSR1) ? 0 : 2) |
		      (cur.sa_handler == handler ? 0 : 4));
	}
	waitpid(pid, &st, 0);
	CHECK_EQ(WEXITSTATUS(st) & 1, 0, "a fork child does not inherit pending signals");
	CHECK_EQ(WEXITSTATUS(st) & 2, 0, "a fork child inherits the signal mask");
	CHECK_EQ(WEXITSTATUS(st) & 4, 0, "a fork child inherits handlers");
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	CHECK_EQ(hits, 1, "the parent's pending signal is still delivered");

	/* SIGCHLD tells the parent how the child ended. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	hits = 0;
	pid = fork();
	if (pid == 0)
		_exit(23);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	CHECK(hits >= 1 && si_signo_ == SIGCHLD, "the parent gets SIGCHLD when a child exits");
	CHECK(si_pid_ == pid && si_code_ == CLD_EXITED && si_status_ == 23,
	      "SIGCHLD siginfo: si_pid, CLD_EXITED, si_status");
	signal(SIGCHLD, SIG_DFL);

	/* With SIGCHLD ignored, children are reaped automatically. */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD,
		  "SIGCHLD SIG_IGN: children are auto-reaped (ECHILD)");
	signal(SIGCHLD, SIG_DFL);

	/* A handler without SA_RESTART interrupts a blocking read; with it, read resumes. */
	for (int restart = 0; restart < 2; restart++) {
		pid_t parent = getpid();
		char c = 0;
		long r;
		install(SIGUSR1, handler, restart ? SA_RESTART : 0, 0);
		hits = 0;
		pipe(p);
		pid = fork();
		if (pid == 0) {
			/* Three signals, in case the first lands before the read blocks. */
			for (int i = 0; i < 3; i++) {
				sleep_ms(30);
				kill(parent, SIGUSR1);
			}
			sleep_ms(30);
			write(p[1], "r", 1);
			_exit(0);
		}
		r = read(p[0], &c, 1);
		if (!restart)
			CHECK(r == -1 && errno == EINTR && hits >= 1,
			      "read interrupted by a handler: EINTR");
		else
			CHECK(r == 1 && c == 'r' && hits == 3, "SA_RESTART restarts the read");
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(p[0]);
		close(p[1]);
	}
	signal(SIGUSR1, SIG_DFL);
}

/* ---- execve ------------------------------------------------------------ */

static char **args;

/* "--exec-probe": what execve kept, as exit status bits (0: all as Linux). */
static int exec_probe(void)
{
	struct sigaction usr2, hup;
	sigset_t pend;
	uint64_t mask = cur_mask();

	sigpending(&pend);
	sigaction(SIGUSR2, NULL, &usr2);
	sigaction(SIGHUP, NULL, &hup);
	return (sigismember(&pend, SIGUSR1) ? 0 : 1) |
	       (usr2.sa_handler == SIG_DFL ? 0 : 2) |
	       (hup.sa_handler == SIG_IGN ? 0 : 4) |
	       ((mask & (bit(SIGTERM) | bit(SIGUSR1))) == (bit(SIGTERM) | bit(SIGUSR1)) ? 0 : 8) |
	       (sigismember(&pend, SIGPIPE) ? 0 : 16);
}

/* "--exec-unblock": unblock everything; a pending SIGTERM kills us. */
static int exec_unblock(void)
{
	uint64_t none = 0;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	sleep_ms(1000);
	return 0;
}

static void exec_self(const char *mode)
{
	char *argv[] = { args[0], (char *)mode, NULL };

	execv(args[0], argv);
	_exit(125);
}

/* The mask, pending signals and ignored signals survive execve; handlers
 * become SIG_DFL (Linux's flush_signal_handlers). */
static void test_exec_keeps(void)
{
	uint64_t set = bit(SIGTERM) | bit(SIGUSR1) | bit(SIGPIPE);
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		install(SIGUSR2, handler, 0, 0);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
		kill(getpid(), SIGUSR1);
		kill(getpid(), SIGPIPE); /* ignored but blocked: kept pending */
		exec_self("--exec-probe");
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st), "the exec probe ran");
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
	CHECK_EQ(st & 1, 0, "a blocked pending signal survives execve");
	CHECK_EQ(st & 2, 0, "execve resets a handled signal to SIG_DFL");
	CHECK_EQ(st & 4, 0, "execve keeps an ignored signal ignored");
	CHECK_EQ(st & 8, 0, "execve keeps the signal mask");
	CHECK_EQ(st & 16, 0, "an ignored signal sent while blocked stays pending across execve");
}

/*
 * SIGTERM sent between fork and execve while the child has it blocked (a
 * shell blocks it around fork): pending across the execve, it kills the
 * new program by its default action when unblocked, whatever the child's
 * disposition was when it arrived: the default, a handler inherited from
 * the parent, or SIG_IGN that the child sets back to SIG_DFL before exec.
 */
static void test_exec_pending_term(void)
{
	static const char *const how[] = {
		"SIGTERM sent before the child's execve kills it after (default action)",
		"the same with a handler inherited at the fork (execve resets it)",
		"the same with SIG_IGN inherited, reset to SIG_DFL before the execve",
	};
	uint64_t set = bit(SIGTERM), old;
	int go[2], st;
	char c;
	pid_t pid;

	for (int i = 0; i < 3; i++) {
		if (i == 1)
			install(SIGTERM, handler, 0, 0);
		if (i == 2)
			signal(SIGTERM, SIG_IGN);
		syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
		pipe(go);
		pid = fork();
		if (pid == 0) {
			close(go[1]);
			read(go[0], &c, 1); /* after the parent's kill */
			if (i == 2)
				signal(SIGTERM, SIG_DFL);
			exec_self("--exec-unblock");
		}
		close(go[0]);
		kill(pid, SIGTERM);
		write(go[1], "g", 1);
		close(go[1]);
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
		signal(SIGTERM, SIG_DFL);
		waitpid(pid, &st, 0);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, how[i]);
	}
	/* `sleep 5 & kill $!` with nothing blocked: the child may not have
	 * run yet, or be in its execve, or after it. */
	pid = fork();
	if (pid == 0)
		exec_self("--exec-unblock");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "SIGTERM right after fork kills the child, before or after its execve");
}

int main(int argc, char **argv)
{
	args = argv;
	if (argc > 1 && !strcmp(argv[1], "--exec-probe"))
		return exec_probe();
	if (argc > 1 && !strcmp(argv[1], "--exec-unblock"))
		return exec_unblock();
	check_begin("signal");
	test_handlers();
	test_raw_sigaction();
	test_mask();
	test_children();
	test_exec_keeps();
	test_exec_pending_term();
	return check_done();
}
