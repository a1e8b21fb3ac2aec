// SPDX-License-Identifier: MIT
/*
 * tty.c - terminals: the line discipline (canonical and raw input, echo,
 * erase/kill/werase, ^C/^\/^Z to the foreground process group, ^D EOF,
 * ICRNL/ONLCR), termios and window-size ioctls, and the character devices
 * /dev/ttyS0 (through the driver), /dev/console and /dev/tty.
 *
 * termios is the asm-generic layout, the same on x86_64 and arm64.  Job
 * control (SIGTTIN/SIGTTOU, sessions as controlling terminals) is basic
 * here and completed with the BusyBox work.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"

#define NCCS 19
struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSUSP 10
#define VEOL 11
#define VWERASE 14
#define VEOL2 16
#define ICRNL 0000400
#define IGNCR 0000200
#define INLCR 0000100
#define OPOST 0000001
#define ONLCR 0000004
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCFLSH 0x540b
#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541b
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

#define TTY_BUF 4096
#define MAX_TTYS 8

struct tty {
	char name[16];
	tty_write_fn write;
	struct termios termios;
	struct winsize winsize;
	int pgrp, sid;
	char line[TTY_BUF];      /* the line being edited (canonical) */
	size_t line_len;
	char ready[TTY_BUF];     /* ring of bytes readers may take */
	size_t r_head, r_count;
	unsigned eof_marks;      /* pending ^D (each ends one read) */
	struct waitq readers;
};

static struct tty ttys[MAX_TTYS];
static int nttys;
static struct tty *console;

static const struct termios default_termios = {
	.c_iflag = ICRNL | 0002000 /* IXON */,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = 0000015 /* B9600 */ | 0000060 /* CS8 */ | 0000200 /* CREAD */ |
		   0002000 /* HUPCL */ | 0004000 /* CLOCAL */,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f,
		  0x17, 0x16, 0 },
};

static void tty_out(struct tty *t, const char *s, size_t n)
{
	size_t start = 0;

	if (!(t->termios.c_oflag & OPOST) || !(t->termios.c_oflag & ONLCR)) {
		t->write(t, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		t->write(t, s + start, i - start);
		t->write(t, "\r\n", 2);
		start = i + 1;
	}
	t->write(t, s + start, n - start);
}

static void echo_char(struct tty *t, char c)
{
	if (!(t->termios.c_lflag & ECHO))
		return;
	if ((t->termios.c_lflag & ECHOCTL) && (uint8_t)c < 32 && c != '\n' &&
	    c != '\t') {
		char buf[2] = { '^', (char)(c + '@') };
		tty_out(t, buf, 2);
		return;
	}
	tty_out(t, &c, 1);
}

static void ready_push(struct tty *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n && t->r_count < TTY_BUF; i++) {
		t->ready[(t->r_head + t->r_count) % TTY_BUF] = s[i];
		t->r_count++;
	}
	waitq_wake(&t->readers);
}

static void signal_pgrp(struct tty *t, int sig)
{
	struct list_head *l;

	if (t->pgrp <= 0)
		return;
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pgid == t->pgrp)
			signal_send(p, sig);
	}
}

static void erase_one(struct tty *t)
{
	if (!t->line_len)
		return;
	char c = t->line[--t->line_len];
	if (t->termios.c_lflag & ECHO) {
		bool ctl = (t->termios.c_lflag & ECHOCTL) && (uint8_t)c < 32;
		tty_out(t, ctl ? "\b \b\b \b" : "\b \b", ctl ? 6 : 3);
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Canonical-mode editing of one input byte; true when it was consumed. */
static bool canon_edit(struct tty *t, char c)
{
	const uint8_t *cc = t->termios.c_cc;

	if ((uint8_t)c == cc[VERASE] || c == '\b') {
		erase_one(t);
		return true;
	}
	if ((uint8_t)c == cc[VKILL]) {
		while (t->line_len)
			erase_one(t);
		return true;
	}
	if ((uint8_t)c == cc[VWERASE] && (t->termios.c_lflag & IEXTEN)) {
		while (t->line_len && is_space(t->line[t->line_len - 1]))
			erase_one(t);
		while (t->line_len && !is_space(t->line[t->line_len - 1]))
			erase_one(t);
		return true;
	}
	if ((uint8_t)c == cc[VEOF]) {
		ready_push(t, t->line, t->line_len);
		if (!t->line_len)
			t->eof_marks++;
		t->line_len = 0;
		waitq_wake(&t->readers);
		return true;
	}
	return false;
}

static void receive_char(struct tty *t, char c)
{
	struct termios *tio = &t->termios;

	if (c == '\r' && (tio->c_iflag & IGNCR))
		return;
	if (c == '\r' && (tio->c_iflag & ICRNL))
		c = '\n';
	else if (c == '\n' && (tio->c_iflag & INLCR))
		c = '\r';
	if (tio->c_lflag & ISIG) {
		int sig = (uint8_t)c == tio->c_cc[VINTR] ? SIGINT :
			  (uint8_t)c == tio->c_cc[VQUIT] ? SIGQUIT :
			  (uint8_t)c == tio->c_cc[VSUSP] ? SIGTSTP : 0;
		if (sig && c) {
			echo_char(t, c);
			if (!(tio->c_lflag & NOFLSH)) {
				t->line_len = 0;
				t->r_count = 0;
			}
			signal_pgrp(t, sig);
			return;
		}
	}
	if (!(tio->c_lflag & ICANON)) {
		echo_char(t, c);
		ready_push(t, &c, 1);
		return;
	}
	if (canon_edit(t, c))
		return;
	if (t->line_len < TTY_BUF - 1)
		t->line[t->line_len++] = c;
	echo_char(t, c);
	if (c == '\n' || (c && ((uint8_t)c == tio->c_cc[VEOL] ||
				(uint8_t)c == tio->c_cc[VEOL2]))) {
		ready_push(t, t->line, t->line_len);
		t->line_len = 0;
	}
}

void tty_receive(struct tty *t, const char *buf, size_t n)
{
	if (!t)
		return;
	for (size_t i = 0; i < n; i++)
		receive_char(t, buf[i]);
}

/* Bytes a read may take now: in canonical mode, up to the end of a line. */
static size_t readable(struct tty *t, bool *eof)
{
	*eof = false;
	if (!(t->termios.c_lflag & ICANON))
		return t->r_count;
	for (size_t i = 0; i < t->r_count; i++)
		if (t->ready[(t->r_head + i) % TTY_BUF] == '\n')
			return i + 1;
	if (t->r_count && t->eof_marks) /* text ended by ^D */
		return t->r_count;
	*eof = t->eof_marks > 0;
	return 0;
}

static ssize_t tty_read(struct file *f, struct iobuf buf, size_t n, off_t *pos)
{
	struct tty *t = f->priv;
	size_t avail;
	bool eof;

	if (!n)
		return 0;
	while (!(avail = readable(t, &eof))) {
		if (eof) {
			t->eof_marks--;
			return 0;
		}
		if (!(t->termios.c_lflag & ICANON) && t->termios.c_cc[VMIN] == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = waitq_sleep(&t->readers);
		if (err)
			return err;
	}
	size_t c = MIN(n, avail);
	for (size_t i = 0; i < c; i++) {
		char ch = t->ready[t->r_head];
		t->r_head = (t->r_head + 1) % TTY_BUF;
		t->r_count--;
		if (iobuf_copy_out(buf, i, &ch, 1))
			return i ? (ssize_t)i : -EFAULT;
	}
	if ((t->termios.c_lflag & ICANON) && t->eof_marks && !readable(t, &eof) && c == avail &&
	    t->ready[(t->r_head + TTY_BUF - 1) % TTY_BUF] != '\n')
		t->eof_marks--; /* the ^D that ended this text is used up */
	return (ssize_t)c;
}

static ssize_t tty_write(struct file *f, struct iobuf buf, size_t n, off_t *pos)
{
	struct tty *t = f->priv;
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(chunk));
		if (iobuf_copy_in(chunk, buf, done, c))
			return done ? (ssize_t)done : -EFAULT;
		tty_out(t, chunk, c);
		done += c;
	}
	return (ssize_t)n;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *t = f->priv;
	void __user *p = (void __user *)arg;
	int v;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &t->termios, sizeof(t->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct termios nt;
		if (copy_from_user(&nt, p, sizeof(nt)))
			return -EFAULT;
		if (cmd == TCSETSF)
			t->r_count = t->line_len = 0;
		bool was_canon = t->termios.c_lflag & ICANON;
		t->termios = nt;
		if (was_canon && !(nt.c_lflag & ICANON) && t->line_len) {
			ready_push(t, t->line, t->line_len);
			t->line_len = 0;
		}
		return 0;
	}
	case TCFLSH:
		if (arg == 0 || arg == 2)
			t->r_count = t->line_len = 0;
		return arg > 2 ? -EINVAL : 0;
	case TIOCGWINSZ:
		return copy_to_user(p, &t->winsize, sizeof(t->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&t->winsize, p, sizeof(t->winsize)))
			return -EFAULT;
		signal_pgrp(t, SIGWINCH);
		return 0;
	case TIOCGPGRP:
		v = t->pgrp;
		return copy_to_user(p, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCSPGRP:
		if (copy_from_user(&v, p, sizeof(v)))
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		t->pgrp = v;
		return 0;
	case TIOCGSID:
		if (t->sid <= 0)
			return -ENOTTY;
		v = t->sid;
		return copy_to_user(p, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCSCTTY:
		t->sid = current->sid;
		t->pgrp = current->pgid;
		return 0;
	case TIOCNOTTY:
		return 0;
	case FIONREAD: {
		bool eof;
		v = (int)readable(t, &eof);
		return copy_to_user(p, &v, sizeof(v)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static int tty_open_dev(struct file *f, struct tty *t)
{
	if (!t)
		return -ENXIO;
	f->priv = t;
	/* A session leader without a terminal acquires this one (not O_NOCTTY). */
	if (!(f->flags & O_NOCTTY) && current->sid == current->pid && t->sid <= 0) {
		t->sid = current->sid;
		t->pgrp = current->pgid;
	}
	return 0;
}

static int tty_open_console(struct file *f)
{
	return tty_open_dev(f, console);
}

static int tty_open_tty(struct file *f)
{
	/* /dev/tty: the caller's controlling terminal. */
	for (int i = 0; i < nttys; i++)
		if (ttys[i].sid > 0 && ttys[i].sid == current->sid)
			return tty_open_dev(f, &ttys[i]);
	return -ENXIO;
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *t = f->priv;
	bool eof;

	poll_wait(pt, &t->readers);
	return POLLOUT | POLLWRNORM |
	       (readable(t, &eof) || eof ? POLLIN | POLLRDNORM : 0);
}

#define TTY_OPS(openfn)                                                  \
	{ .read = tty_read, .write = tty_write, .ioctl = tty_ioctl,      \
	  .open = openfn, .poll = tty_poll }
static const struct file_ops console_ops = TTY_OPS(tty_open_console);
static const struct file_ops devtty_ops = TTY_OPS(tty_open_tty);

/* A driver's own node: chardev_register_priv put the tty in f->priv. */
static int tty_open_minor(struct file *f)
{
	return tty_open_dev(f, f->priv);
}

static const struct file_ops driver_ops = TTY_OPS(tty_open_minor);

struct tty *tty_register(const char *name, unsigned major, unsigned minor,
			 tty_write_fn write)
{
	struct tty *t;

	if (nttys == MAX_TTYS)
		return NULL;
	t = &ttys[nttys++];
	strlcpy(t->name, name, sizeof(t->name));
	t->write = write;
	t->termios = default_termios;
	waitq_init(&t->readers);
	chardev_register_priv(major, minor, &driver_ops, t);
	if (!console)
		console = t;
	return t;
}

void tty_set_console(const char *name)
{
	for (int i = 0; i < nttys; i++)
		if (!strcmp(ttys[i].name, name))
			console = &ttys[i];
}

void tty_init(void)
{
	chardev_register(5, 1, &console_ops);
	chardev_register(5, 0, &devtty_ops);
}
