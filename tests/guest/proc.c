/* SPDX-License-Identifier: MIT */
/*
 * proc.c - guest test: processes.
 *
 * fork, vfork, clone (process form), execve, exit, exit_group, wait4, kill,
 * getpid, getppid, gettid and set_tid_address.  Children never print: they
 * report through exit statuses and pipes, and the parent makes the checks.
 * execve re-runs this program with "exec-child" as argv[1]; that mode checks
 * what must survive exec (argv, envp, pid, fds without FD_CLOEXEC, ignored
 * signals, the signal mask) and what must not (FD_CLOEXEC fds, handlers),
 * and exits with one bit set per failure.  A "#!" script naming this program
 * runs it in "script-child" mode, which checks that the script's name (not
 * the interpreter's) is comm and AT_EXECFN.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define T "/tmp/proc"
#define WALL 0x40000000 /* __WALL */
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000

#ifdef __aarch64__
/*
 * musl's vfork() on arm64 is fork(): there is no vfork system call there.
 * The test wants the real thing, clone(CLONE_VM | CLONE_VFORK | SIGCHLD),
 * inline so the child runs on in the caller's frame as a vfork child does
 * (a call would return twice through one stack frame).
 */
#define vfork() ({                                                        \
	register long x8_ __asm__("x8") = SYS_clone;                      \
	register long x0_ __asm__("x0") = 0x4000 | 0x100 | SIGCHLD;       \
	register long x1_ __asm__("x1") = 0;                              \
	__asm__ volatile("svc #0" : "+r"(x0_) : "r"(x8_), "r"(x1_) : "memory"); \
	(pid_t)x0_;                                                       \
})
#endif

extern char **environ;
static const char *self = "/tests/proc";
static volatile int global = 1;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	syscall(SYS_nanosleep, &ts, NULL);
}

static void on_usr2(int sig)
{
	(void)sig;
}

/* The exec'd side: argv = self, "exec-child", "two words", cloexec fd, kept fd, pid, ppid. */
static int exec_child(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	char buf[8];
	int bad = 0;

	if (argc != 7 || strcmp(argv[2], "two words"))
		bad |= 1;
	if (!getenv("LEVI_TEST") || strcmp(getenv("LEVI_TEST"), "yes") || !environ[0] || environ[1])
		bad |= 2;
	if (fcntl(atoi(argv[3]), F_GETFD) != -1 || errno != EBADF)
		bad |= 4;
	if (fcntl(atoi(argv[4]), F_GETFD) != 0 || pread(atoi(argv[4]), buf, 5, 0) != 5 ||
	    memcmp(buf, "hello", 5))
		bad |= 8;
	if (getpid() != atoi(argv[5]) || getppid() != atoi(argv[6]))
		bad |= 16;
	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_handler != SIG_IGN)
		bad |= 32;
	sigaction(SIGUSR2, NULL, &sa);
	if (sa.sa_handler != SIG_DFL)
		bad |= 64;
	sigprocmask(SIG_BLOCK, NULL, &set);
	if (!sigismember(&set, SIGHUP) || global != 1)
		bad |= 128;
	return bad;
}

/* Run by "#!<self> script-child" from T/name-script: argv = self, "script-child", script. */
static int script_child(int argc, char **argv)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char comm[16] = "";
	int bad = 0;

	if (argc != 3 || strcmp(argv[2], T "/name-script"))
		bad |= 1;
	if (prctl(PR_GET_NAME, comm) || strcmp(comm, "name-script"))
		bad |= 2;
	if (!execfn || strcmp(execfn, T "/name-script"))
		bad |= 4;
	return bad;
}

static int wait_status(pid_t pid)
{
	int st = -1;
	waitpid(pid, &st, 0);
	return st;
}

static void test_ids(void)
{
	pid_t pid = getpid();

	CHECK(pid > 0, "getpid is positive");
	CHECK(getppid() > 0 && getppid() != pid, "getppid is positive and differs from getpid");
	CHECK_EQ(syscall(SYS_getpid), pid, "the raw getpid syscall agrees");
	CHECK_EQ(syscall(SYS_gettid), pid, "gettid == getpid in a single-threaded process");
}

static void test_fork(void)
{
	int a[2], b[2], st;
	pid_t pid, ids[2] = { 0, 0 };
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/data/hello.txt", O_RDONLY);
	char c;

	page[0] = 'p';
	pipe(a);
	pipe(b);
	pid = fork();
	if (pid == 0) {
		ids[0] = getpid();
		ids[1] = getppid();
		global = 2;
		page[0] = 'c';
		lseek(fd, 5, SEEK_SET);
		write(b[1], ids, sizeof(ids));
		read(a[0], &c, 1);
		_exit(global == 2 && page[0] == 'c' ? 40 : 41);
	}
	CHECK(pid > 0, "fork returns the child's pid to the parent");
	CHECK_EQ(read(b[0], ids, sizeof(ids)), sizeof(ids), "the child reports its ids");
	CHECK_EQ(ids[0], pid, "the child's getpid equals fork's return value");
	CHECK_EQ(ids[1], getpid(), "the child's getppid is the parent");
	CHECK(global == 1 && page[0] == 'p', "the child's writes are not seen by the parent (COW)");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5, "the parent and child share the file offset");
	global = 3;
	page[0] = 'q';
	write(a[1], "", 1);
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40,
	      "the parent's later writes are not seen by the child");
	global = 1;
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(fd);
	munmap(page, 4096);

	pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_gettid) == getpid() && getpid() != syscall(SYS_getppid) ? 0 : 1);
	CHECK_EQ(wait_status(pid), 0, "in a child gettid == getpid, a new pid");

	pid = fork();
	if (pid == 0) {
		static int word;
		long r = syscall(SYS_set_tid_address, &word);
		_exit(r == getpid() ? 0 : 1);
	}
	CHECK_EQ(wait_status(pid), 0, "set_tid_address returns the caller's tid");
}

static void test_exit_wait(void)
{
	int st, p[2];
	pid_t pid;
	struct rusage ru;

	pid = fork();
	if (pid == 0)
		_exit(42);
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid, "wait4 returns the child's pid");
	CHECK(WIFEXITED(st) && !WIFSIGNALED(st), "WIFEXITED after _exit");
	CHECK_EQ(WEXITSTATUS(st), 42, "WEXITSTATUS is 42");

	pid = fork();
	if (pid == 0)
		_exit(256 + 3);
	CHECK_EQ(WEXITSTATUS(wait_status(pid)), 3, "exit status is truncated to 8 bits");

	pid = fork();
	if (pid == 0)
		syscall(SYS_exit, 5);
	CHECK_EQ(wait_status(pid), 5 << 8, "the exit syscall ends a single-threaded process");
	pid = fork();
	if (pid == 0)
		syscall(SYS_exit_group, 6);
	CHECK_EQ(wait_status(pid), 6 << 8, "exit_group sets the status");

	pipe(p);
	pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		_exit(7);
	}
	close(p[0]);
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0, "wait4 WNOHANG on a running child returns 0");
	write(p[1], "", 1);
	close(p[1]);
	CHECK_EQ(wait4(-1, &st, 0, &ru), pid, "wait4(-1) with rusage reaps the child");
	CHECK_EQ(WEXITSTATUS(st), 7, "wait4(-1) got the status");
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD, "wait4 with no children: ECHILD");
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD, "wait4 WNOHANG with no children: ECHILD");
	CHECK_ERR(wait4(getpid(), &st, 0, NULL), ECHILD, "wait4 for a non-child: ECHILD");
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD, "wait4 for a reaped child: ECHILD");
	CHECK_ERR(wait4(-1, &st, 0x10000, NULL), EINVAL, "wait4 with unknown options: EINVAL");
}

static void test_kill(void)
{
	int st, p[2];
	pid_t pid;
	char c;

	CHECK_OK(kill(getpid(), 0), "kill(self, 0) succeeds");
	CHECK_ERR(kill(getpid(), 1000), EINVAL, "kill with an invalid signal: EINVAL");

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	CHECK_OK(kill(pid, 0), "kill(child, 0) succeeds");
	CHECK_OK(kill(pid, SIGKILL), "kill(child, SIGKILL)");
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && !WIFEXITED(st), "a killed child is WIFSIGNALED");
	CHECK_EQ(WTERMSIG(st), SIGKILL, "WTERMSIG is SIGKILL");
	CHECK_ERR(kill(pid, 0), ESRCH, "kill of a reaped pid: ESRCH");
	close(p[1]);

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	kill(pid, SIGTERM);
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "SIGTERM's default action kills the child");
	close(p[1]);

	pipe(p);
	pid = fork();
	if (pid == 0)
		_exit(0);
	close(p[1]);
	read(p[0], &c, 1); /* EOF: the child has exited and released its files */
	sleep_ms(10);
	CHECK_OK(kill(pid, 0), "kill(zombie, 0) succeeds until it is reaped");
	wait_status(pid);
	close(p[0]);
}

static void test_vfork_clone(void)
{
	volatile int shared = 0;
	int st;
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		shared = 1;
		sleep_ms(20);
		shared = 2;
		_exit(9);
	}
	CHECK(pid > 0, "vfork returns the child's pid");
	CHECK_EQ(shared, 2, "vfork: the parent waits for _exit and sees the child's writes");
	CHECK_EQ(wait_status(pid), 9 << 8, "the vfork child's exit status");

	global = 1;
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		global = 5;
		_exit(8);
	}
	CHECK(pid > 0, "clone(SIGCHLD) creates a process");
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid, "wait4 reaps the clone child");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 8, "the clone child's exit status");
	CHECK_EQ(global, 1, "clone without CLONE_VM copies memory");

	pid = syscall(SYS_clone, 0, 0, 0, 0, 0);
	if (pid == 0)
		_exit(10);
	CHECK(pid > 0, "clone with exit signal 0");
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD,
		  "plain wait4 ignores a child with no exit signal");
	CHECK_EQ(wait4(pid, &st, WALL, NULL), pid, "wait4 __WALL reaps it");
	CHECK_EQ(WEXITSTATUS(st), 10, "its exit status");

	CHECK_ERR(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), EINVAL,
		  "clone CLONE_SIGHAND without CLONE_VM: EINVAL");
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), EINVAL,
		  "clone CLONE_THREAD without CLONE_SIGHAND: EINVAL");
}

static void write_file(const char *path, const char *data, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	write(fd, data, strlen(data));
	close(fd);
}

static void test_execve(void)
{
	char *env[] = { "LEVI_TEST=yes", NULL };
	char *noargs[] = { "x", NULL };
	char buf[64];
	int st, fd;
	pid_t pid;

	fd = open(T "/garbage", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, "this is not an executable\n", 26);
	CHECK_ERR(syscall(SYS_execve, T "/garbage", noargs, env), ETXTBSY,
		  "execve a file open for writing: ETXTBSY");
	close(fd);
	CHECK_ERR(syscall(SYS_execve, T "/garbage", noargs, env), ENOEXEC,
		  "execve garbage: ENOEXEC");
	write_file(T "/script", "#!/nonexistent/interp\n", 0755);
	CHECK_ERR(syscall(SYS_execve, T "/script", noargs, env), ENOENT,
		  "execve a script with a missing interpreter: ENOENT");
	CHECK_ERR(syscall(SYS_execve, "/tests/nonexistent", noargs, env), ENOENT,
		  "execve missing: ENOENT");
	CHECK_ERR(syscall(SYS_execve, "/data/hello.txt", noargs, env), EACCES,
		  "execve a non-executable file: EACCES");
	CHECK_ERR(syscall(SYS_execve, "/tmp", noargs, env), EACCES, "execve a directory: EACCES");
	CHECK_ERR(syscall(SYS_execve, "/data/hello.txt/x", noargs, env), ENOTDIR,
		  "execve through a file: ENOTDIR");
	CHECK_ERR(syscall(SYS_execve, (char *)1, noargs, env), EFAULT,
		  "execve with a bad path: EFAULT");
	CHECK_ERR(syscall(SYS_execve, self, (char **)1, env), EFAULT,
		  "execve with a bad argv: EFAULT");

	snprintf(buf, sizeof(buf), "#!%s script-child\n", self);
	write_file(T "/name-script", buf, 0755);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execve, T "/name-script", noargs, env);
		_exit(255);
	}
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 255, "execve of a script runs its interpreter");
	st = WEXITSTATUS(st);
	CHECK(!(st & 1), "the interpreter gets its argument and the script's path");
	CHECK(!(st & 2), "a script's comm is its own name, not the interpreter's");
	CHECK(!(st & 4), "a script's AT_EXECFN is the path it was run by");

	pid = fork();
	if (pid == 0) {
		char n1[16], n2[16], n3[16], n4[16];
		int cfd = open("/data/hello.txt", O_RDONLY | O_CLOEXEC);
		int kfd = open("/data/hello.txt", O_RDONLY);
		struct sigaction sa = { .sa_handler = on_usr2 };
		sigset_t set;

		global = 77;
		signal(SIGUSR1, SIG_IGN);
		sigaction(SIGUSR2, &sa, NULL);
		sigemptyset(&set);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		snprintf(n1, sizeof(n1), "%d", cfd);
		snprintf(n2, sizeof(n2), "%d", kfd);
		snprintf(n3, sizeof(n3), "%d", getpid());
		snprintf(n4, sizeof(n4), "%d", getppid());
		char *argv[] = { (char *)self, "exec-child", "two words", n1, n2, n3, n4, NULL };
		syscall(SYS_execve, self, argv, env);
		_exit(255);
	}
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 255, "execve of this program runs it");
	st = WEXITSTATUS(st);
	CHECK(!(st & 1), "argv arrives intact across execve");
	CHECK(!(st & 2), "envp arrives intact across execve");
	CHECK(!(st & 4), "FD_CLOEXEC fds are closed by execve");
	CHECK(!(st & 8), "other fds stay open across execve");
	CHECK(!(st & 16), "pid and ppid are kept across execve");
	CHECK(!(st & 32), "ignored signals stay ignored across execve");
	CHECK(!(st & 64), "handled signals are reset to SIG_DFL by execve");
	CHECK(!(st & 128), "the signal mask is kept and memory is fresh after execve");
}

static void test_orphan(void)
{
	int p[2];
	pid_t pid, newp = 0;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		if (fork() == 0) {
			for (int i = 0; i < 200 && getppid() == me; i++)
				sleep_ms(5);
			newp = getppid();
			write(p[1], &newp, sizeof(newp));
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	wait_status(pid);
	CHECK_EQ(read(p[0], &newp, sizeof(newp)), sizeof(newp), "the orphaned grandchild reports");
	CHECK_EQ(newp, 1, "an orphan is reparented to init (pid 1)");
	close(p[0]);
}

/* A child execs this program with args; its exit status, or -errno. */
static int exec_status(char **args)
{
	int st, p[2];
	pid_t pid;
	int err = 0;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid == 0) {
		execv(self, args);
		err = errno;
		write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	return err ? -err : WEXITSTATUS(st);
}

/* Linux's argument limits: a quarter of the 8 MiB stack, 128 KiB a string. */
static void test_arg_limits(void)
{
	static char big[10][100 * 1024];
	char *args[16];
	int n = 0;

	args[n++] = "x";
	args[n++] = "count-args";
	for (int i = 0; i < 10; i++) {
		memset(big[i], 'a' + i, sizeof(big[i]) - 1);
		args[n++] = big[i];
	}
	args[n] = NULL;
	CHECK_EQ(exec_status(args), 12, "execve with 1 MiB of arguments");
	static char huge[33 * 4096];
	memset(huge, 'h', sizeof(huge) - 1);
	args[2] = huge;
	args[3] = NULL;
	CHECK_EQ(exec_status(args), -E2BIG, "one argument over 128 KiB: E2BIG");
	static char edge[32 * 4096];
	memset(edge, 'e', sizeof(edge) - 1);
	args[2] = edge;
	CHECK_EQ(exec_status(args), 3, "one argument of exactly 128 KiB with its NUL");
	static char many[24][100 * 1024];
	char *lots[2 + 24 + 1] = { "x", "count-args" };
	for (int i = 0; i < 24; i++) {
		memset(many[i], 'm', sizeof(many[i]) - 1);
		lots[2 + i] = many[i];
	}
	CHECK_EQ(exec_status(lots), -E2BIG, "2.4 MiB of arguments: E2BIG");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "count-args"))
		return argc;
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return exec_child(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "script-child"))
		return script_child(argc, argv);
	if (argv[0] && argv[0][0] == '/')
		self = argv[0];
	check_begin("proc");
	mkdir(T, 0755);
	test_ids();
	test_fork();
	test_exit_wait();
	test_kill();
	test_vfork_clone();
	test_execve();
	test_arg_limits();
	test_orphan();
	return check_done();
}
