/* SPDX-License-Identifier: MIT */
/*
 * pty.c - guest test: pseudo-terminals and terminal job control.
 *
 * Mounts devpts on /dev/pts and makes /dev/ptmx (c 5 2) as Linux needs,
 * then: the slave's lock and name, canonical line editing through the pty
 * (ERASE, WERASE, KILL, EOF) and its echo, ECHO off, output processing,
 * non-canonical reads by VMIN and VTIME, FIONREAD and poll; then a session
 * on the slave: acquiring it as controlling terminal by open and by
 * TIOCSCTTY, /dev/tty, ^C to the foreground group, TIOCSWINSZ and SIGWINCH,
 * tcsetpgrp's checks, a background reader stopped by SIGTTIN and brought
 * to the foreground, EIO when SIGTTIN is ignored, TOSTOP and SIGTTOU, the
 * session leader's exit hanging up its foreground group, and the master's
 * close hanging up the slave (SIGHUP to the session leader, EIO, end of
 * file); and EIO and POLLHUP on the master once the slave is closed.
 * Hangups (Linux's __tty_hangup): vhangup(2) of a pty slave (root only;
 * SIGHUP and SIGCONT to the leader, every file open then reads end of file,
 * fails writes and ioctls with EIO and polls hung up, /dev/tty is ENXIO,
 * the slave opens again with its first termios), the leader's exit after
 * a hangup signalling the group then in the foreground, TIOCNOTTY by a
 * member and by the leader, TIOCSCTTY stealing (root only), a pty's leader
 * exiting without hanging it up, and the console's device terminal hung up by its
 * session leader's exit while /dev/console's files go on.
 *
 * Checks that a session child makes travel to the test process through a
 * pipe (struct relay) so that one process prints every check line.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <dirent.h>
#include <termios.h>
#include <time.h>
#include "check.h"

/* ---- checks made in a child, reported by the parent ------------------- */

struct relay {
	char what[96];
	int ok;
	long a, b;
};

static int relay_fd = -1;

static void relay(int ok, const char *what, long a, long b)
{
	struct relay r;

	memset(&r, 0, sizeof(r));
	strncpy(r.what, what, sizeof(r.what) - 1);
	r.ok = ok;
	r.a = a;
	r.b = b;
	write(relay_fd, &r, sizeof(r));
}

#define R_CHECK(cond, what) relay(!!(cond), (what), __LINE__, 0)
#define R_EQ(x, y, what)                                                \
	do {                                                            \
		long r_a_ = (long)(x), r_b_ = (long)(y);                \
		relay(r_a_ == r_b_, (what), r_a_, r_b_);                \
	} while (0)
#define R_ERR(expr, err, what)                                          \
	do {                                                            \
		errno = 0;                                              \
		long r_r_ = (long)(expr);                               \
		relay(r_r_ == -1 && errno == (err), (what), r_r_, errno); \
	} while (0)

static void relay_collect(int fd)
{
	struct relay r;

	while (read(fd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		if (r.what[0] == 0)
			continue;
		check_report(r.ok, r.what, "got %ld, %ld", r.a, r.b);
	}
}

/* ---- helpers ----------------------------------------------------------- */

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

/* What the master has to read now (waiting up to ms for the first byte). */
static ssize_t drain(int m, char *buf, size_t size, int ms)
{
	struct pollfd p = { m, POLLIN, 0 };
	ssize_t got = 0;

	while ((size_t)got < size && poll(&p, 1, got ? 50 : ms) == 1 && (p.revents & POLLIN)) {
		ssize_t r = read(m, buf + got, size - got);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

static void install(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static int open_pair(int *slave, char *name, size_t size)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0)
		return -1;
	if (grantpt(m) || unlockpt(m) || ptsname_r(m, name, size)) {
		close(m);
		return -1;
	}
	*slave = open(name, O_RDWR | O_NOCTTY);
	if (*slave < 0) {
		close(m);
		return -1;
	}
	return m;
}

static void set_lflag(int fd, tcflag_t on, tcflag_t off, int vmin, int vtime)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_lflag = (t.c_lflag | on) & ~off;
	if (vmin >= 0) {
		t.c_cc[VMIN] = vmin;
		t.c_cc[VTIME] = vtime;
	}
	tcsetattr(fd, TCSANOW, &t);
}

/* ---- devpts, ptmx, the slave's name and lock ---------------------------- */

static int setup(void)
{
	int err;

	mkdir("/dev/pts", 0755);
	errno = 0;
	err = mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666,mode=0620,gid=5");
	CHECK(err == 0 || errno == EBUSY, "mount devpts on /dev/pts");
	if (mknod("/dev/ptmx", S_IFCHR | 0666, makedev(5, 2)) && errno != EEXIST)
		return -1;
	return 0;
}

static void test_ptmx(void)
{
	struct stat st;
	char name[64], path[64];
	int m, s, n = -1, lock = -1;
	DIR *d;
	struct dirent *de;
	int listed = 0;

	m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "open /dev/ptmx");
	if (m < 0)
		return;
	CHECK_OK(ioctl(m, TIOCGPTN, &n), "TIOCGPTN");
	CHECK(n >= 0, "a pty number");
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	CHECK_EQ(ptsname_r(m, name, sizeof(name)), 0, "ptsname");
	CHECK_EQ(strcmp(name, path), 0, "ptsname is /dev/pts/N");
	CHECK_OK(stat(path, &st), "the slave node exists");
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 136 && minor(st.st_rdev) == (unsigned)n,
	      "it is c 136 N");
	CHECK_EQ(st.st_mode & 07777, 0620, "mode= sets its mode");
	CHECK_EQ(st.st_gid, 5, "gid= sets its group");
	CHECK_OK(stat("/dev/pts/ptmx", &st), "/dev/pts/ptmx exists");
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 2 &&
	      (st.st_mode & 07777) == 0666, "it is c 5 2, mode ptmxmode=");
	d = opendir("/dev/pts");
	while (d && (de = readdir(d)))
		listed += !strcmp(de->d_name, path + 9);
	if (d)
		closedir(d);
	CHECK_EQ(listed, 1, "readdir /dev/pts lists N");
	CHECK_OK(ioctl(m, TIOCGPTLCK, &lock), "TIOCGPTLCK");
	CHECK_EQ(lock, 1, "a new slave is locked");
	CHECK_ERR(open(path, O_RDWR | O_NOCTTY), EIO, "opening a locked slave: EIO");
	CHECK_OK(unlockpt(m), "unlockpt");
	s = open(path, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "the unlocked slave opens");
	CHECK_EQ(isatty(s), 1, "the slave is a terminal");
	CHECK_ERR(ioctl(s, TIOCGPTN, &n), ENOTTY, "TIOCGPTN on the slave: ENOTTY");
	close(s);
	close(m);
	CHECK_ERR(stat(path, &st), ENOENT, "the master's close takes the node away");
}

/* ---- the line discipline through the pty -------------------------------- */

static void test_canonical(void)
{
	char name[64], buf[64];
	int s, m = open_pair(&s, name, sizeof(name)), v = 0;
	ssize_t n;

	CHECK(m >= 0, "a pty pair");
	if (m < 0)
		return;
	CHECK_EQ(write(m, "ab\x7f" "c\n", 5), 5, "the master writes a line with an erase");
	n = read(s, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "ac\n", 3), "the slave reads \"ac\\n\"");
	n = drain(m, buf, 8, 2000);
	CHECK(n == 8 && !memcmp(buf, "ab\b \bc\r\n", 8), "the echo erases with \"\\b \\b\" and maps NL to CR NL");

	write(m, "foo bar\x17" "baz\n", 12);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 8 && !memcmp(buf, "foo baz\n", 8), "WERASE (^W) erases a word");
	write(m, "xyz\x15" "ok\n", 7);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "ok\n", 3), "KILL (^U) erases the line");
	drain(m, buf, sizeof(buf), 200);

	write(m, "abc\x04", 4);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "abc", 3), "EOF (^D) ends a line without a newline");
	write(m, "\x04", 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "EOF on an empty line reads as end of file");
	write(m, "line\n", 5);
	sleep_ms(100);
	CHECK_OK(ioctl(s, FIONREAD, &v), "FIONREAD on the slave");
	CHECK_EQ(v, 5, "it counts the line");
	n = read(s, buf, 2);
	CHECK(n == 2 && !memcmp(buf, "li", 2), "a short read takes part of a line");
	n = read(s, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "ne\n", 3), "the next read the rest");

	struct pollfd p = { s, POLLIN, 0 };
	write(m, "part", 4);
	sleep_ms(100);
	CHECK_EQ(poll(&p, 1, 0), 0, "a partial line is not readable (poll)");
	write(m, "\n", 1);
	CHECK_EQ(poll(&p, 1, 1000), 1, "a whole line is");
	read(s, buf, sizeof(buf));
	drain(m, buf, sizeof(buf), 200);

	set_lflag(s, 0, ECHO, -1, 0);
	write(m, "hi\n", 3);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "hi\n", 3), "ECHO off: the slave still reads the line");
	CHECK_EQ(drain(m, buf, sizeof(buf), 200), 0, "and nothing is echoed");

	write(s, "x\ny", 3);
	n = drain(m, buf, 4, 2000);
	CHECK(n == 4 && !memcmp(buf, "x\r\ny", 4), "slave output: ONLCR makes CR NL");
	struct termios t;
	tcgetattr(s, &t);
	t.c_oflag &= ~OPOST;
	tcsetattr(s, TCSANOW, &t);
	write(s, "x\n", 2);
	n = drain(m, buf, 2, 2000);
	CHECK(n == 2 && !memcmp(buf, "x\n", 2), "OPOST off: bytes as written");
	CHECK_OK(ioctl(m, FIONREAD, &v), "FIONREAD on the master");
	CHECK_EQ(v, 0, "nothing left");
	close(s);
	close(m);
}

static void test_raw(void)
{
	char name[64], buf[64];
	int s, m = open_pair(&s, name, sizeof(name));
	ssize_t n;
	long t0;

	if (m < 0)
		return;
	set_lflag(s, 0, ICANON | ECHO, 1, 0);
	write(m, "q", 1);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 1 && buf[0] == 'q', "VMIN=1: a read returns one byte");
	set_lflag(s, 0, ICANON | ECHO, 0, 0);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "VMIN=0 VTIME=0: nothing there reads 0 at once");
	set_lflag(s, 0, ICANON | ECHO, 0, 2);
	t0 = now_ms();
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "VMIN=0 VTIME=2: 0 after the timeout");
	CHECK(now_ms() - t0 >= 150, "after about 200 ms");
	set_lflag(s, 0, ICANON | ECHO, 3, 0);
	write(m, "abcd", 4);
	sleep_ms(100);
	n = read(s, buf, sizeof(buf));
	CHECK_EQ(n, 4, "VMIN=3: a read takes all that is there");
	pid_t pid = fork();
	if (pid == 0) {
		write(m, "1", 1);
		sleep_ms(100);
		write(m, "23", 2);
		_exit(0);
	}
	n = read(s, buf, sizeof(buf));
	CHECK_EQ(n, 3, "VMIN=3 waits for three bytes");
	waitpid(pid, NULL, 0);
	write(m, "\x03", 1); /* ISIG still on: nobody's foreground, nothing sent */
	set_lflag(s, ICANON | ECHO, 0, 1, 0);
	write(m, "raw\n", 4);
	n = read(s, buf, sizeof(buf));
	CHECK(n == 4 && !memcmp(buf, "raw\n", 4), "back to canonical mode");
	close(s);
	close(m);
}

/* ---- a session on the slave --------------------------------------------- */

static volatile int got_int, got_quit, got_winch, got_hup, got_cont;
static void on_int(int sig) { (void)sig; got_int++; }
static void on_quit(int sig) { (void)sig; got_quit++; }
static void on_winch(int sig) { (void)sig; got_winch++; }
static void on_hup(int sig) { (void)sig; got_hup++; }
static void on_cont(int sig) { (void)sig; got_cont++; }

static void wait_for(volatile int *flag, int ms)
{
	while (!*flag && ms > 0) {
		sleep_ms(10);
		ms -= 10;
	}
}

/*
 * The session leader: acquires the slave by opening it, then drives the
 * job-control checks; the test process writes to the master when told.
 * go: test -> leader; ready: leader -> test ("a step is waiting").
 */
static void leader(const char *name, int go, int ready)
{
	char c, buf[64];
	int s, st = 0, v = -1;
	pid_t b;

	alarm(30);
	R_EQ(setsid(), getpid(), "setsid");
	R_ERR(open("/dev/tty", O_RDWR), ENXIO, "a new session has no terminal: /dev/tty is ENXIO");
	s = open(name, O_RDWR);
	R_CHECK(s >= 0, "the session leader opens the slave");
	R_EQ(tcgetsid(s), getpid(), "opening it made it our controlling terminal (TIOCGSID)");
	R_EQ(tcgetpgrp(s), getpid(), "our group is its foreground group");
	int t = open("/dev/tty", O_RDWR);
	R_CHECK(t >= 0, "/dev/tty opens now");
	R_EQ(ioctl(t, TIOCGSID, &v), 0, "/dev/tty is the slave (TIOCGSID through it)");
	close(t);

	/* ^C and ^\ from the master: SIGINT, SIGQUIT to the foreground group. */
	install(SIGINT, on_int);
	install(SIGQUIT, on_quit);
	write(ready, "1", 1);
	wait_for(&got_int, 5000);
	wait_for(&got_quit, 5000);
	R_EQ(got_int, 1, "^C written to the master sends SIGINT to the foreground group");
	R_EQ(got_quit, 1, "^\\ sends SIGQUIT");
	install(SIGWINCH, on_winch);
	write(ready, "2", 1);
	wait_for(&got_winch, 5000);
	R_EQ(got_winch, 1, "TIOCSWINSZ on the master sends SIGWINCH");
	struct winsize ws;
	ioctl(s, TIOCGWINSZ, &ws);
	R_CHECK(ws.ws_row == 24 && ws.ws_col == 80, "the slave sees the new size");
	ioctl(s, TIOCSWINSZ, &ws);
	sleep_ms(50);
	R_EQ(got_winch, 1, "the same size again sends nothing");

	/* tcsetpgrp's checks. */
	R_ERR(tcsetpgrp(s, getppid()), EPERM, "tcsetpgrp to a group of another session: EPERM");
	R_ERR(tcsetpgrp(s, 999999), ESRCH, "tcsetpgrp to no group: ESRCH");
	R_ERR(tcsetpgrp(s, -1), EINVAL, "tcsetpgrp(-1): EINVAL");

	/* A background reader stops with SIGTTIN, then reads in the foreground. */
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		ssize_t n = read(s, buf, sizeof(buf));
		_exit(n == 3 && !memcmp(buf, "fg\n", 3) ? 0 : 1);
	}
	setpgid(b, b);
	R_EQ(waitpid(b, &st, WUNTRACED), b, "the background reader");
	R_CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "is stopped by SIGTTIN");
	R_EQ(tcsetpgrp(s, b), 0, "tcsetpgrp: its group to the foreground");
	R_EQ(tcgetpgrp(s), b, "tcgetpgrp says so");
	kill(b, SIGCONT);
	write(ready, "3", 1);                   /* the test writes "fg\n" */
	waitpid(b, &st, 0);
	R_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "continued in the foreground, it reads its line");
	/* We are in the background now: tcsetpgrp would stop us with SIGTTOU. */
	signal(SIGTTOU, SIG_IGN);
	R_EQ(tcsetpgrp(s, getpid()), 0, "with SIGTTOU ignored a background tcsetpgrp works");

	/* ^Z stops the foreground job. */
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		alarm(10);
		for (;;)
			pause();
	}
	setpgid(b, b);
	tcsetpgrp(s, b);
	write(ready, "z", 1);                   /* the test writes ^Z */
	waitpid(b, &st, WUNTRACED);
	R_CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "^Z stops the foreground job (SIGTSTP)");
	tcsetpgrp(s, getpid());
	kill(b, SIGKILL);
	waitpid(b, &st, 0);
	signal(SIGTTOU, SIG_DFL);

	/* SIGTTIN ignored: a background read is EIO. */
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		errno = 0;
		ssize_t n = read(s, buf, sizeof(buf));
		_exit(n == -1 && errno == EIO ? 0 : 1);
	}
	setpgid(b, b);
	waitpid(b, &st, WUNTRACED);
	R_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a background read with SIGTTIN ignored: EIO");

	/* Background writes: allowed, unless TOSTOP. */
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		_exit(write(s, "bg", 2) == 2 ? 0 : 1);
	}
	setpgid(b, b);
	waitpid(b, &st, WUNTRACED);
	R_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a background write works without TOSTOP");
	set_lflag(s, TOSTOP, 0, -1, 0);
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		_exit(write(s, "bg", 2) == 2 ? 0 : 1);
	}
	setpgid(b, b);
	waitpid(b, &st, WUNTRACED);
	R_CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU, "with TOSTOP it stops with SIGTTOU");
	kill(b, SIGKILL);
	waitpid(b, &st, 0);
	set_lflag(s, 0, TOSTOP, -1, 0);

	/* The master's close: SIGHUP to us, EIO to a blocked read, then
	 * end of file, EIO on writes, and no controlling terminal. */
	/* SIGHUP blocked meanwhile, so that only the hangup ends the read
	 * (Linux's read otherwise races the signal: EINTR or EIO). */
	sigset_t hup;
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	install(SIGHUP, on_hup);
	sigprocmask(SIG_BLOCK, &hup, NULL);
	write(ready, "4", 1);
	errno = 0;
	ssize_t n = read(s, buf, sizeof(buf));
	relay(n == -1 && errno == EIO, "a read blocked when the master closes: EIO", n, errno);
	sigprocmask(SIG_UNBLOCK, &hup, NULL);
	wait_for(&got_hup, 2000);
	R_EQ(got_hup, 1, "the session leader gets SIGHUP");
	R_EQ(read(s, buf, sizeof(buf)), 0, "a hung-up slave reads end of file");
	R_ERR(write(s, "x", 1), EIO, "and fails writes with EIO");
	R_ERR(open("/dev/tty", O_RDWR), ENXIO, "the session has lost its terminal");
	R_ERR(open(name, O_RDWR), ENOENT, "the slave's node is gone");
	read(go, &c, 1);
	_exit(0);
}

static void test_session(void)
{
	char name[64], buf[64], c;
	int s, m = open_pair(&s, name, sizeof(name)), go[2], ready[2], res[2], st;
	pid_t pid;

	if (m < 0)
		return;
	close(s);
	CHECK_ERR(ioctl(m, TIOCGSID, &st), ENOTTY, "TIOCGSID with no session: ENOTTY");
	pipe(go);
	pipe(ready);
	pipe(res);
	pid = fork();
	if (pid == 0) {
		close(m);
		relay_fd = res[1];
		leader(name, go[0], ready[1]);
	}
	close(res[1]);
	read(ready[0], &c, 1);
	CHECK_EQ(tcgetpgrp(m), pid, "tcgetpgrp on the master: the session's foreground group");
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK_ERR(tcgetpgrp(s), ENOTTY, "tcgetpgrp on a terminal that is not ours: ENOTTY");
	close(s);
	drain(m, buf, sizeof(buf), 100);
	write(m, "\x03", 1);
	CHECK_EQ(drain(m, buf, sizeof(buf), 1000), 2, "^C echoes as two bytes");
	CHECK(!memcmp(buf, "^C", 2), "\"^C\"");
	write(m, "\x1c", 1);
	read(ready[0], &c, 1);
	CHECK_EQ(drain(m, buf, sizeof(buf), 1000), 2, "^\\ too");
	struct winsize ws = { 24, 80, 0, 0 };
	ioctl(m, TIOCSWINSZ, &ws);
	read(ready[0], &c, 1);
	write(m, "fg\n", 3);
	read(ready[0], &c, 1);
	write(m, "\x1a", 1);
	read(ready[0], &c, 1);
	sleep_ms(1000); /* let the leader block in its read */
	close(m);
	write(go[1], "g", 1);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader finished");
	close(go[0]); close(go[1]); close(ready[0]); close(ready[1]); close(res[0]);
}

/* TIOCSCTTY after setsid, and the leader's exit hanging up the foreground. */
static void test_sctty(void)
{
	char name[64];
	int s, m = open_pair(&s, name, sizeof(name)), res[2], st, hup[2];
	pid_t pid;
	char c = 0;

	if (m < 0)
		return;
	pipe(res);
	pipe(hup);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		close(res[0]);
		close(hup[0]);
		R_ERR(ioctl(s, TIOCSCTTY, 0), EPERM, "TIOCSCTTY before setsid: EPERM");
		setsid();
		R_ERR(tcgetpgrp(s), ENOTTY, "an O_NOCTTY open did not acquire it");
		R_EQ(ioctl(s, TIOCSCTTY, 0), 0, "TIOCSCTTY after setsid");
		R_EQ(tcgetsid(s), getpid(), "it is our controlling terminal");
		R_EQ(ioctl(s, TIOCSCTTY, 0), 0, "TIOCSCTTY again: already ours");
		pid_t f = fork();
		if (f == 0) {
			install(SIGHUP, on_hup);
			alarm(10);
			while (!got_hup)
				pause();
			write(hup[1], "H", 1);
			_exit(0);
		}
		sleep_ms(100);
		_exit(0); /* the leader exits: its foreground group gets SIGHUP */
	}
	close(res[1]);
	close(hup[1]);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK_EQ(read(hup[0], &c, 1), 1, "the session leader's exit");
	CHECK_EQ(c, 'H', "sends SIGHUP to the foreground group");
	CHECK_ERR(ioctl(m, TIOCGSID, &st), ENOTTY, "and the terminal has no session");
	CHECK_EQ(write(s, "a", 1), 1, "a pty is not hung up by its leader's exit");
	CHECK_EQ(drain(m, &c, 1, 1000), 1, "the master reads what the slave wrote");
	close(hup[0]);
	close(res[0]);
	close(s);
	close(m);
}

/* The slave's last close: EIO and POLLHUP on the master. */
static void test_slave_close(void)
{
	char name[64], buf[8];
	int s, m = open_pair(&s, name, sizeof(name));
	struct pollfd p;

	if (m < 0)
		return;
	p.fd = m;
	p.events = POLLIN;
	CHECK_EQ(poll(&p, 1, 0), 0, "the master polls quiet while the slave is open");
	write(s, "z", 1);
	close(s);
	p.revents = 0;
	poll(&p, 1, 1000);
	CHECK(p.revents & POLLHUP, "POLLHUP once the slave is closed");
	CHECK_EQ(read(m, buf, sizeof(buf)), 1, "what the slave wrote can still be read");
	CHECK_ERR(read(m, buf, sizeof(buf)), EIO, "then reads fail with EIO");
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "the slave opens again");
	p.revents = 0;
	CHECK_EQ(poll(&p, 1, 0), 0, "and the hangup is gone");
	close(s);
	close(m);
}

/* ---- hangups ------------------------------------------------------------ */

#define HUNG_UP (POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM)

/* What a hung-up file does (Linux's hung_up_tty_fops), checked in a child. */
static void relay_hung_up(int fd, const char *what)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0 };
	char buf[64], c;
	struct termios tio;

	snprintf(buf, sizeof(buf), "%s reads end of file", what);
	R_EQ(read(fd, &c, 1), 0, buf);
	snprintf(buf, sizeof(buf), "%s fails writes with EIO", what);
	R_ERR(write(fd, "x", 1), EIO, buf);
	snprintf(buf, sizeof(buf), "%s polls hung up", what);
	poll(&p, 1, 0);
	R_EQ(p.revents, HUNG_UP, buf);
	snprintf(buf, sizeof(buf), "%s fails ioctls with EIO", what);
	R_ERR(tcgetattr(fd, &tio), EIO, buf);
	snprintf(buf, sizeof(buf), "%s fails TIOCSPGRP with ENOTTY", what);
	R_ERR(tcsetpgrp(fd, getpid()), ENOTTY, buf);
}

/* The session leader of test_vhangup: takes the slave, hangs it up. */
static void vhangup_leader(const char *name, int go, int ready)
{
	struct termios tio;
	int s, t, st;
	char c;
	pid_t u;

	alarm(20);
	setsid();
	s = open(name, O_RDWR);
	R_EQ(tcgetsid(s), getpid(), "the leader takes the slave");
	t = open("/dev/tty", O_RDWR);
	R_CHECK(t >= 0, "and opens /dev/tty");
	set_lflag(s, 0, ECHO, -1, 0);
	u = fork();
	if (u == 0) {
		if (setuid(1000))
			_exit(2);
		_exit(syscall(SYS_vhangup) == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(u, &st, 0);
	R_EQ(st, 0, "vhangup by a user: EPERM");
	install(SIGHUP, on_hup);
	install(SIGCONT, on_cont);
	write(ready, "1", 1);
	sleep_ms(300); /* the test's read of its own file waits meanwhile */
	R_EQ(syscall(SYS_vhangup), 0, "vhangup by root");
	wait_for(&got_hup, 2000);
	wait_for(&got_cont, 2000);
	R_EQ(got_hup, 1, "the session leader gets SIGHUP");
	R_EQ(got_cont, 1, "and SIGCONT");
	relay_hung_up(s, "the hung-up slave");
	relay_hung_up(t, "/dev/tty opened before");
	R_ERR(open("/dev/tty", O_RDWR), ENXIO, "the session lost its terminal");
	R_EQ(syscall(SYS_vhangup), 0, "vhangup without a terminal: 0");
	close(s);
	close(t);
	s = open(name, O_RDWR);
	R_CHECK(s >= 0, "the slave opens again");
	R_EQ(tcgetsid(s), getpid(), "and becomes our terminal again");
	tcgetattr(s, &tio);
	R_CHECK(tio.c_lflag & ECHO, "with its first termios (ECHO is on again)");
	R_EQ(write(s, "ok", 2), 2, "and writes");
	read(go, &c, 1);
	_exit(0);
}

/* vhangup(2) of a pty slave while the master stays. */
static void test_vhangup(void)
{
	char name[64], buf[8], c;
	int s, m = open_pair(&s, name, sizeof(name)), go[2], ready[2], res[2], st;
	pid_t pid;

	if (m < 0)
		return;
	pipe(go);
	pipe(ready);
	pipe(res);
	pid = fork();
	if (pid == 0) {
		close(m);
		close(s);
		relay_fd = res[1];
		vhangup_leader(name, go[0], ready[1]);
	}
	close(res[1]);
	read(ready[0], &c, 1);
	alarm(20);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0,
		 "a read waiting in another process ends with end of file");
	alarm(0);
	CHECK_ERR(write(s, "x", 1), EIO, "that process's file fails writes with EIO");
	CHECK_EQ(drain(m, buf, sizeof(buf), 2000), 2, "the master reads the new file's output");
	CHECK(!memcmp(buf, "ok", 2), "\"ok\"");
	write(go[1], "g", 1);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader finished");
	close(go[0]); close(go[1]); close(ready[0]); close(ready[1]); close(res[0]);
	close(s);
	close(m);
}

/* The leader of test_old_pgrp: a foreground child, a hangup, the exit. */
static void old_pgrp_leader(const char *name, int hup_r, int hup_w)
{
	int s, ready[2];
	char c;

	alarm(20);
	setsid();
	s = open(name, O_WRONLY);
	R_ERR(tcgetsid(s), ENOTTY, "a write-only open does not make the slave our terminal");
	close(s);
	s = open(name, O_RDWR);
	R_EQ(tcgetsid(s), getpid(), "the leader takes the slave");
	pipe(ready);
	if (fork() == 0) { /* a member of the foreground group, ours */
		install(SIGHUP, on_hup);
		install(SIGCONT, on_cont);
		write(ready[1], "r", 1);
		alarm(10);
		while (!got_hup)
			pause();
		sleep_ms(100);
		c = got_cont ? 'C' : 'H';
		write(hup_w, &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	install(SIGHUP, on_hup);
	R_EQ(syscall(SYS_vhangup), 0, "vhangup");
	wait_for(&got_hup, 2000);
	R_EQ(got_hup, 1, "the leader gets SIGHUP");
	sleep_ms(200);
	fcntl(hup_r, F_SETFL, O_NONBLOCK);
	R_ERR(read(hup_r, &c, 1), EAGAIN, "the rest of the foreground group gets nothing yet");
	_exit(0);
}

/* A leader whose terminal a hangup took: its exit hangs up the group that
 * was in the foreground then (Linux's tty_old_pgrp). */
static void test_old_pgrp(void)
{
	char name[64], c = 0;
	int s, m = open_pair(&s, name, sizeof(name)), res[2], hup[2], st;
	pid_t pid;

	if (m < 0)
		return;
	close(s);
	pipe(res);
	pipe(hup);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		close(res[0]);
		close(m);
		old_pgrp_leader(name, hup[0], hup[1]);
	}
	close(res[1]);
	close(hup[1]);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK_EQ(read(hup[0], &c, 1), 1, "the leader's exit after the hangup");
	CHECK_EQ(c, 'C', "sends SIGHUP and SIGCONT to the group in the foreground then");
	close(hup[0]);
	close(res[0]);
	close(m);
}

/* The leader of test_notty: a member drops the terminal, then the leader. */
static void notty_leader(const char *name, int hup_w)
{
	int s, ready[2];
	char c;

	alarm(20);
	setsid();
	s = open(name, O_RDWR);
	pipe(ready);
	if (fork() == 0) { /* a member of the foreground group, ours */
		install(SIGHUP, on_hup);
		install(SIGCONT, on_cont);
		R_EQ(ioctl(s, TIOCNOTTY), 0, "TIOCNOTTY by a member of the session");
		R_ERR(open("/dev/tty", O_RDWR), ENXIO, "drops the terminal for itself");
		write(ready[1], "r", 1);
		alarm(10);
		while (!got_hup)
			pause();
		sleep_ms(100);
		c = got_cont ? 'C' : 'H';
		write(hup_w, &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	R_EQ(tcgetsid(s), getpid(), "but not for the session");
	signal(SIGHUP, SIG_IGN); /* we are in the foreground group too */
	R_EQ(ioctl(s, TIOCNOTTY), 0, "TIOCNOTTY by the session leader");
	R_ERR(tcgetsid(s), ENOTTY, "the terminal has no session now");
	R_ERR(open("/dev/tty", O_RDWR), ENXIO, "and the leader no terminal");
	R_EQ(write(s, "n", 1), 1, "it is not hung up");
	_exit(0);
}

/* TIOCNOTTY (Linux's no_tty and disassociate_ctty(0)). */
static void test_notty(void)
{
	char name[64], c = 0;
	int s, m = open_pair(&s, name, sizeof(name)), res[2], hup[2], st;
	pid_t pid;

	if (m < 0)
		return;
	close(s);
	pipe(res);
	pipe(hup);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		close(res[0]);
		close(hup[0]);
		close(m);
		notty_leader(name, hup[1]);
	}
	close(res[1]);
	close(hup[1]);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK_EQ(read(hup[0], &c, 1), 1, "the leader's TIOCNOTTY");
	CHECK_EQ(c, 'C', "sends SIGHUP and SIGCONT to the foreground group");
	CHECK_EQ(drain(m, &c, 1, 1000), 1, "the master reads what the slave wrote");
	close(hup[0]);
	close(res[0]);
	close(m);
}

/* The session leader that steals the slave in test_steal. */
static void thief(const char *name, int go)
{
	int s, st;
	pid_t u;

	alarm(20);
	setsid();
	s = open(name, O_RDWR | O_NOCTTY);
	u = fork();
	if (u == 0) {
		setsid();
		if (setuid(1000))
			_exit(2);
		_exit(ioctl(s, TIOCSCTTY, 1) == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(u, &st, 0);
	R_EQ(st, 0, "TIOCSCTTY 1 by a user on another session's terminal: EPERM");
	R_ERR(ioctl(s, TIOCSCTTY, 0), EPERM, "TIOCSCTTY 0 on another session's terminal: EPERM");
	R_EQ(ioctl(s, TIOCSCTTY, 1), 0, "TIOCSCTTY 1 by root steals it");
	R_EQ(tcgetsid(s), getpid(), "it is our terminal now");
	R_EQ(tcgetpgrp(s), getpid(), "with our group in the foreground");
	write(go, "g", 1);
	_exit(0);
}

/* TIOCSCTTY stealing another session's terminal. */
static void test_steal(void)
{
	char name[64], c;
	int s, m = open_pair(&s, name, sizeof(name)), res[2], ready[2], go[2], st;
	pid_t victim, pid;

	if (m < 0)
		return;
	close(s);
	pipe(res);
	pipe(ready);
	pipe(go);
	victim = fork();
	if (victim == 0) {
		relay_fd = res[1];
		alarm(20);
		setsid();
		s = open(name, O_RDWR);
		R_EQ(tcgetsid(s), getpid(), "a session takes the slave");
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		R_ERR(open("/dev/tty", O_RDWR), ENXIO, "the session it was stolen from lost it");
		R_ERR(tcgetsid(s), ENOTTY, "TIOCGSID there: ENOTTY");
		_exit(0);
	}
	read(ready[0], &c, 1);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		thief(name, go[1]);
	}
	close(res[1]);
	close(go[1]);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	waitpid(victim, &st, 0);
	close(res[0]); close(ready[0]); close(ready[1]); close(go[0]);
	close(m);
}

#if defined(__x86_64__)
#define CONSOLE_DEV "/dev/ttyS0"
#define CONSOLE_RDEV makedev(4, 64)
#else
#define CONSOLE_DEV "/dev/ttyAMA0"
#define CONSOLE_RDEV makedev(204, 64)
#endif

/* The session leader of test_device_hangup: takes the console's terminal
 * through our /dev/console, starts a foreground child, exits. */
static void device_leader(int d, int hup)
{
	int ready[2];
	char c;

	alarm(20);
	setsid();
	R_EQ(ioctl(1, TIOCSCTTY, 0), 0, "a session leader takes the console (TIOCSCTTY)");
	R_EQ(tcgetsid(d), getpid(), "its device node is the same terminal");
	pipe(ready);
	if (fork() == 0) {
		install(SIGHUP, on_hup);
		write(ready[1], "r", 1);
		alarm(10);
		while (!got_hup)
			pause();
		write(hup, "H", 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	_exit(0); /* a device terminal's leader exits: the terminal hangs up */
}

/* The console's device terminal hung up by its session leader's exit. */
static void test_device_hangup(void)
{
	int d, res[2], hup[2], st;
	struct termios tio;
	struct pollfd p;
	char c = 0;
	pid_t pid;

	if (mknod(CONSOLE_DEV, S_IFCHR | 0600, CONSOLE_RDEV) && errno != EEXIST) {
		CHECK(0, "mknod " CONSOLE_DEV);
		return;
	}
	d = open(CONSOLE_DEV, O_RDWR | O_NOCTTY | O_NONBLOCK);
	CHECK(d >= 0, "open " CONSOLE_DEV);
	if (d < 0)
		return;
	tcdrain(1); /* Linux's hangup drops output not sent yet */
	pipe(res);
	pipe(hup);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		close(res[0]);
		close(hup[0]);
		device_leader(d, hup[1]);
	}
	close(res[1]);
	close(hup[1]);
	relay_collect(res[0]);
	waitpid(pid, &st, 0);
	CHECK_EQ(read(hup[0], &c, 1), 1, "the leader's exit");
	CHECK_EQ(c, 'H', "sends SIGHUP to the foreground group");
	CHECK_EQ(read(d, &c, 1), 0, "the device file opened before reads end of file");
	CHECK_ERR(write(d, "x", 1), EIO, "fails writes with EIO");
	p.fd = d;
	p.events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	p.revents = 0;
	poll(&p, 1, 0);
	CHECK_EQ(p.revents, HUNG_UP, "polls hung up");
	CHECK_ERR(tcgetattr(d, &tio), EIO, "and fails ioctls with EIO");
	CHECK_OK(tcgetattr(1, &tio), "/dev/console's file is not hung up (this line came through it)");
	close(d);
	d = open(CONSOLE_DEV, O_RDWR | O_NOCTTY | O_NONBLOCK);
	CHECK(d >= 0, "the device node opens again");
	CHECK_OK(tcgetattr(d, &tio), "and its file works");
	p.fd = d;
	p.revents = 0;
	poll(&p, 1, 0);
	CHECK(!(p.revents & POLLHUP), "not hung up");
	close(d);
	close(hup[0]);
	close(res[0]);
}

int main(void)
{
	check_begin("pty");
	if (setup()) {
		CHECK(0, "make /dev/ptmx");
		return check_done();
	}
	test_ptmx();
	test_canonical();
	test_raw();
	test_session();
	test_sctty();
	test_slave_close();
	test_vhangup();
	test_old_pgrp();
	test_notty();
	test_steal();
	test_device_hangup();
	return check_done();
}
