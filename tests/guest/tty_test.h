/* SPDX-License-Identifier: MIT */
/*
 * tty_test.h - what the terminal guest tests (pty.c, hangup.c) share:
 * checks made in a child and reported by the test process through a pipe
 * (struct relay, so that one process prints every check line), a pty
 * pair, devpts and /dev/ptmx, and signal counters.
 */
#ifndef TTY_TEST_H
#define TTY_TEST_H

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

static inline void relay(int ok, const char *what, long a, long b)
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

static inline void relay_collect(int fd)
{
	struct relay r;

	while (read(fd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		if (r.what[0] == 0)
			continue;
		check_report(r.ok, r.what, "got %ld, %ld", r.a, r.b);
	}
}

/* ---- helpers ----------------------------------------------------------- */

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the master has to read now (waiting up to ms for the first byte). */
static inline ssize_t drain(int m, char *buf, size_t size, int ms)
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

static inline void install(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static inline int open_pair(int *slave, char *name, size_t size)
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

static inline void set_lflag(int fd, tcflag_t on, tcflag_t off, int vmin, int vtime)
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

static inline int setup(void)
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

/* ---- signals ----------------------------------------------------------- */

static volatile int got_int, got_quit, got_winch, got_hup, got_cont;
static inline void on_int(int sig) { (void)sig; got_int++; }
static inline void on_quit(int sig) { (void)sig; got_quit++; }
static inline void on_winch(int sig) { (void)sig; got_winch++; }
static inline void on_hup(int sig) { (void)sig; got_hup++; }
static inline void on_cont(int sig) { (void)sig; got_cont++; }

static inline void wait_for(volatile int *flag, int ms)
{
	while (!*flag && ms > 0) {
		sleep_ms(10);
		ms -= 10;
	}
}

/* A member of the foreground group: says it is set on ready_w, waits for
 * SIGHUP, then writes to hup_w 'C' when SIGCONT came too, else 'H'. */
static inline void fg_member(int ready_w, int hup_w)
{
	install(SIGHUP, on_hup);
	install(SIGCONT, on_cont);
	write(ready_w, "r", 1);
	alarm(10);
	while (!got_hup)
		pause();
	sleep_ms(100);
	write(hup_w, got_cont ? "C" : "H", 1);
	_exit(0);
}

/* ---- a session leader in a child ---------------------------------------- */

/* fn(name, go, ready) runs in a child on a new pty (its slave closed here),
 * its checks relayed; go: test -> leader, ready: leader -> test.  When fn
 * returns the child waits for session_end's go, then exits. */
struct session {
	char name[64];
	int m;                         /* the master */
	int go[2], ready[2], res[2];
	pid_t pid;
};

static inline int session_start(struct session *x,
				void (*fn)(const char *name, int go, int ready))
{
	int s;

	x->m = open_pair(&s, x->name, sizeof(x->name));
	if (x->m < 0)
		return -1;
	close(s);
	pipe(x->go);
	pipe(x->ready);
	pipe(x->res);
	x->pid = fork();
	if (x->pid == 0) {
		close(x->m);
		relay_fd = x->res[1];
		fn(x->name, x->go[0], x->ready[1]);
		read(x->go[0], x->name, 1); /* session_end's go */
		_exit(0);
	}
	close(x->res[1]);
	return 0;
}

/* Tell the leader to go on, print its checks, reap it: its wait status. */
static inline int session_end(struct session *x)
{
	int st;

	write(x->go[1], "g", 1);
	relay_collect(x->res[0]);
	waitpid(x->pid, &st, 0);
	close(x->go[0]);
	close(x->go[1]);
	close(x->ready[0]);
	close(x->ready[1]);
	close(x->res[0]);
	return st;
}

#endif
