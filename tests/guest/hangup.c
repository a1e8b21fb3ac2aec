/* SPDX-License-Identifier: MIT */
/*
 * hangup.c - guest test: terminal hangups (Linux's __tty_hangup) and
 * giving up or taking a controlling terminal.
 *
 * vhangup(2) of a pty slave (root only; SIGHUP and SIGCONT to the
 * leader, every file open then reads end of file, fails writes and
 * ioctls with EIO and polls hung up, /dev/tty is ENXIO, the slave opens
 * again with its first termios), the leader's exit after a hangup
 * signalling the group then in the foreground, TIOCNOTTY by a member and
 * by the leader, TIOCSCTTY stealing (root only), and the console's device
 * terminal hung up by its session leader's exit while /dev/console's
 * files (this test's output) go on.
 */
#define _GNU_SOURCE
#include "tty_test.h"

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
}

/* vhangup(2) of a pty slave while the master stays. */
static void test_vhangup(void)
{
	struct session x;
	char buf[8], c;
	int s, st;

	if (session_start(&x, vhangup_leader))
		return;
	s = open(x.name, O_RDWR | O_NOCTTY);
	read(x.ready[0], &c, 1);
	alarm(20);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0,
		 "a read waiting in another process ends with end of file");
	alarm(0);
	CHECK_ERR(write(s, "x", 1), EIO, "that process's file fails writes with EIO");
	CHECK_EQ(drain(x.m, buf, sizeof(buf), 2000), 2, "the master reads the new file's output");
	CHECK(!memcmp(buf, "ok", 2), "\"ok\"");
	st = session_end(&x);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader finished");
	close(s);
	close(x.m);
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
	if (fork() == 0)
		fg_member(ready[1], hup_w);
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

/*
 * Run fn(name, hup_r, hup_w), a session leader on a new pty, in a child
 * until it and the foreground member it starts (fg_member, on hup_w) are
 * done; its checks are relayed.  What the member wrote, or 0; *mp: the
 * master (-1: no pty), for the caller to close.
 */
static char run_leader(void (*fn)(const char *name, int hup_r, int hup_w), int *mp)
{
	char name[64], c = 0;
	int s, m = open_pair(&s, name, sizeof(name)), res[2], hup[2];
	pid_t pid;

	*mp = m;
	if (m < 0)
		return 0;
	close(s);
	pipe(res);
	pipe(hup);
	pid = fork();
	if (pid == 0) {
		relay_fd = res[1];
		close(res[0]);
		close(m);
		fn(name, hup[0], hup[1]);
	}
	close(res[1]);
	close(hup[1]);
	relay_collect(res[0]);
	waitpid(pid, NULL, 0);
	if (read(hup[0], &c, 1) != 1)
		c = 0;
	close(hup[0]);
	close(res[0]);
	return c;
}

/* A leader whose terminal a hangup took: its exit hangs up the group that
 * was in the foreground then (Linux's tty_old_pgrp). */
static void test_old_pgrp(void)
{
	int m;
	char c = run_leader(old_pgrp_leader, &m);

	if (m < 0)
		return;
	CHECK_EQ(c, 'C', "the leader's exit after the hangup sends SIGHUP and "
		 "SIGCONT to the group in the foreground then");
	close(m);
}

/* The leader of test_notty: a member drops the terminal, then the leader. */
static void notty_leader(const char *name, int hup_r, int hup_w)
{
	int s, ready[2];
	char c;

	(void)hup_r;

	alarm(20);
	setsid();
	s = open(name, O_RDWR);
	pipe(ready);
	if (fork() == 0) { /* a member of the foreground group, ours */
		R_EQ(ioctl(s, TIOCNOTTY), 0, "TIOCNOTTY by a member of the session");
		R_ERR(open("/dev/tty", O_RDWR), ENXIO, "drops the terminal for itself");
		fg_member(ready[1], hup_w);
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
	int m;
	char c = run_leader(notty_leader, &m);

	if (m < 0)
		return;
	CHECK_EQ(c, 'C', "the leader's TIOCNOTTY sends SIGHUP and SIGCONT to the foreground group");
	CHECK_EQ(drain(m, &c, 1, 1000), 1, "the master reads what the slave wrote");
	close(m);
}

/* The leader of another session that steals the slave from the victim. */
static void thief(const char *name)
{
	int s, st;
	pid_t u;

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
	_exit(0);
}

/* The session leader of test_steal: takes the slave, has it stolen. */
static void victim(const char *name, int go, int ready)
{
	int s;
	pid_t t;

	(void)go;
	(void)ready;
	alarm(20);
	setsid();
	s = open(name, O_RDWR);
	R_EQ(tcgetsid(s), getpid(), "a session takes the slave");
	t = fork();
	if (t == 0)
		thief(name);
	waitpid(t, NULL, 0);
	R_ERR(open("/dev/tty", O_RDWR), ENXIO, "the session it was stolen from lost it");
	R_ERR(tcgetsid(s), ENOTTY, "TIOCGSID there: ENOTTY");
}

/* TIOCSCTTY stealing another session's terminal. */
static void test_steal(void)
{
	struct session x;

	if (session_start(&x, victim))
		return;
	session_end(&x);
	close(x.m);
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
	if (fork() == 0)
		fg_member(ready[1], hup);
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
	CHECK_EQ(c, 'H', "sends SIGHUP to the foreground group (and no SIGCONT)");
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
	check_begin("hangup");
	if (setup()) {
		CHECK(0, "make /dev/ptmx");
		return check_done();
	}
	test_vhangup();
	test_old_pgrp();
	test_notty();
	test_steal();
	test_device_hangup();
	return check_done();
}
