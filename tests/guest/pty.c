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
 * file); and EIO and POLLHUP on the master once the slave is closed.  A
 * pty's session leader exiting does not hang it up (only a device
 * terminal's does: hangup.c).  The relay of checks made in children and
 * the helpers are tty_test.h's.
 */
#define _GNU_SOURCE
#include "tty_test.h"

/* ---- ptmx, the slave's name and lock ------------------------------------ */

static void test_ptmx(void)
{
	struct stat st;
	char name[64], path[64];
	int m, s, n = -1, lock = -1, sid;
	DIR *d;
	struct dirent *de;
	int listed = 0;

	m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "open /dev/ptmx");
	if (m < 0)
		return;
	CHECK_OK(ioctl(m, TIOCGPTN, &n), "TIOCGPTN");
	CHECK_ERR(ioctl(m, TIOCGSID, &sid), ENOTTY, "TIOCGSID with no session: ENOTTY");
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


/*
 * The session leader: acquires the slave by opening it, then drives the
 * job-control checks; the test process writes to the master when told.
 * go: test -> leader; ready: leader -> test ("a step is waiting").
 */
static void leader(const char *name, int go, int ready)
{
	char buf[64];
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
}

static void test_session(void)
{
	struct session x;
	char buf[64], c;
	int s, m, st;

	if (session_start(&x, leader))
		return;
	m = x.m;
	read(x.ready[0], &c, 1);
	CHECK_EQ(tcgetpgrp(m), x.pid, "tcgetpgrp on the master: the session's foreground group");
	s = open(x.name, O_RDWR | O_NOCTTY);
	CHECK_ERR(tcgetpgrp(s), ENOTTY, "tcgetpgrp on a terminal that is not ours: ENOTTY");
	close(s);
	drain(m, buf, sizeof(buf), 100);
	write(m, "\x03", 1);
	CHECK_EQ(drain(m, buf, sizeof(buf), 1000), 2, "^C echoes as two bytes");
	CHECK(!memcmp(buf, "^C", 2), "\"^C\"");
	write(m, "\x1c", 1);
	read(x.ready[0], &c, 1);
	CHECK_EQ(drain(m, buf, sizeof(buf), 1000), 2, "^\\ too");
	struct winsize ws = { 24, 80, 0, 0 };
	ioctl(m, TIOCSWINSZ, &ws);
	read(x.ready[0], &c, 1);
	write(m, "fg\n", 3);
	read(x.ready[0], &c, 1);
	write(m, "\x1a", 1);
	read(x.ready[0], &c, 1);
	sleep_ms(1000); /* let the leader block in its read */
	close(m);
	st = session_end(&x);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader finished");
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
	return check_done();
}
