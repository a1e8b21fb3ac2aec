// SPDX-License-Identifier: MIT
/*
 * tty.c - terminals as files: the device terminals (the UART's ttyS0 or
 * ttyAMA0, virtio-console's hvcN), /dev/console and /dev/tty, their ioctls
 * (termios, window size, flow, queues), and job control (Linux
 * drivers/tty/tty_io.c, tty_ioctl.c, tty_jobctrl.c): the controlling
 * terminal of a session, its foreground process group, and what a
 * background process may do.
 *
 * A session leader without a terminal that opens one without O_NOCTTY
 * acquires it (not /dev/console, /dev/tty or a pty master, which never
 * become controlling terminals by open), or takes it with TIOCSCTTY.  A
 * background process that reads gets SIGTTIN, one that writes with
 * TOSTOP or changes the settings gets SIGTTOU, sent to its whole group;
 * reading is EIO instead when SIGTTIN is ignored or blocked or the group
 * is orphaned.
 *
 * A hangup (Linux's __tty_hangup) ends every file open on the terminal
 * then, but /dev/console's: they read end of file, fail writes and most
 * ioctls with EIO and poll as hung up, while files opened afterwards work
 * (getty and login open the terminal again after one).  The session's
 * leader gets SIGHUP and SIGCONT and the session loses the terminal.  A
 * device terminal is hung up when its session leader exits (the
 * foreground group gets SIGHUP too), a pty's slave when its master closes
 * (pty.c), and the caller's terminal by vhangup(2).  A pty's session
 * leader exiting only sends SIGHUP to the foreground group and takes the
 * terminal from the session, as in Linux's disassociate_ctty.
 *
 * The line discipline is n_tty.c; pseudo-terminals are pty.c.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/tty_internal.h"
#include "kernel/uaccess.h"

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540a
#define TCFLSH 0x540b
#define TIOCEXCL 0x540c
#define TIOCNXCL 0x540d
#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541b
#define TIOCNOTTY 0x5422
#define TIOCSETD 0x5423
#define TIOCGETD 0x5424
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TIOCGEXCL 0x80045440

#define SIG_IGN 1
#define MAX_TTYS 8
#define NOT_CTTY_IOCTL 1 /* ctty_ioctl: not one of its commands */

/* An open terminal file (f->priv): Linux tells hung-up files by their
 * f_op; here by the hangups the terminal had when the file was opened. */
struct tty_file {
	struct tty *tty;               /* [I] */
	unsigned hangups;              /* [I] tty->hangups at the open */
};

static const struct file_ops console_fops;
static struct tty ttys[MAX_TTYS];
static int nttys;
static struct tty *console;
/* console=: a terminal registered later (a virtio port announced after
 * probe) still becomes the console, as Linux's preferred console does. */
static char console_wanted[16];

void tty_setup(struct tty *t, const char *name, tty_write_fn write)
{
	strlcpy(t->name, name, sizeof(t->name));
	t->write = write;
	ldisc_init(t);
}

/* ---- job control -------------------------------------------------------- */

static bool sig_ignored_or_blocked(struct proc *p, int sig)
{
	return (p->sig_blocked & (1ULL << (sig - 1))) ||
	       p->sigaction[sig - 1].handler == SIG_IGN;
}

int tty_job_check(struct tty *t, int sig)
{
	struct proc *p = current;

	if (p->tty != t || !t->pgrp || p->pgid == t->pgrp)
		return 0;
	if (sig_ignored_or_blocked(p, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(p->pgid, NULL))
		return -EIO;
	pgrp_signal(p->pgid, sig);
	return -ERESTARTSYS;
}

void tty_signal_fg(struct tty *t, int sig)
{
	if (t->pgrp)
		pgrp_signal(t->pgrp, sig);
}

static void set_ctty(struct tty *t, struct proc *p)
{
	t->sid = p->sid;
	t->pgrp = p->pgid;
	p->tty = t;
}

/* Nobody has t as controlling terminal any more. */
static void clear_ctty(struct tty *t)
{
	struct list_head *l;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->tty == t)
			p->tty = NULL;
	}
	t->sid = t->pgrp = 0;
}

/* Only a file opened for reading makes a terminal controlling (Linux's
 * tty_open_proc_set_tty: /dev/tty would then give read access). */
void tty_open_ctty(struct tty *t, struct file *f, bool noctty)
{
	struct proc *p = current;
	unsigned acc = f->flags & O_ACCMODE;

	t->opens++;
	if (noctty || (f->flags & O_NOCTTY) || (acc != O_RDONLY && acc != O_RDWR))
		return;
	if (p->sid == p->pid && !p->tty && !t->sid && !t->other_closed)
		set_ctty(t, p);
}

/* Linux's tty_signal_session_leader: SIGHUP and SIGCONT to the leader of
 * t's session (not to exiting, which is that leader leaving), which keeps
 * the foreground group for its own exit; true when there was one. */
static bool signal_session_leader(struct tty *t, const struct proc *exiting)
{
	struct list_head *l;
	bool found = false;

	if (!t->sid)
		return false;
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->sid != t->sid || p->pid != p->sid || p->state == P_ZOMBIE)
			continue;
		found = true;
		if (p == exiting)
			continue;
		p->tty_old_pgrp = t->pgrp;
		signal_send_kernel(p, SIGHUP);
		signal_send_kernel(p, SIGCONT);
	}
	return found;
}

/*
 * Linux's __tty_hangup: the files open on t now are hung up, its session
 * leader signalled, and the session loses it; when exiting (the leader's
 * exit) the foreground group gets SIGHUP as well.  Input is dropped (and a
 * pty slave's output for the master), and a driver with
 * TTY_DRIVER_RESET_TERMIOS gets its first termios back.  Once only until
 * the next open.
 */
static void hangup(struct tty *t, const struct proc *exiting)
{
	struct termios old = t->termios;
	int pgrp = t->pgrp;

	if (t->hupped)
		return;
	t->hangups++;
	if (signal_session_leader(t, exiting) && exiting && pgrp)
		pgrp_signal(pgrp, SIGHUP);
	clear_ctty(t);
	ldisc_hangup(t);
	if (t->pty)
		pty_flush_output(t);
	if (t->reset_termios) {
		t->termios = t->init_termios;
		ldisc_termios_changed(t, &old);
	}
	t->hupped = true;
	waitq_wake(&t->readers);
	waitq_wake(&t->writers);
	waitq_wake(&t->room);
}

void tty_hangup(struct tty *t)
{
	hangup(t, NULL);
}

/* Linux's disassociate_ctty(1).  A leader whose terminal a hangup took
 * hangs up the group that was in the foreground then. */
void tty_session_leader_exit(struct proc *p)
{
	struct tty *t = p->tty;
	int old = p->tty_old_pgrp;

	p->tty_old_pgrp = 0;
	if (!t && old) {
		pgrp_signal(old, SIGHUP);
		pgrp_signal(old, SIGCONT);
	}
	if (!t || t->sid != p->sid)
		return;
	if (!t->pty)
		hangup(t, p); /* nothing when hung up and not opened since */
	else
		tty_signal_fg(t, SIGHUP);
	clear_ctty(t);
}

/* vhangup(2): hang up the caller's controlling terminal, if it has one. */
long sys_vhangup(void)
{
	if (!cred_privileged()) /* CAP_SYS_TTY_CONFIG */
		return -EPERM;
	if (current->tty)
		hangup(current->tty, NULL);
	return 0;
}

static int tiocsctty(struct tty *t, struct file *f, unsigned long arg)
{
	struct proc *p = current;
	bool leader = p->sid == p->pid;

	if (leader && t->sid == p->sid)
		return 0; /* ours already */
	if (!leader || p->tty)
		return -EPERM;
	if (t->sid) { /* another session's: only root may steal it */
		if (arg != 1 || !cred_privileged())
			return -EPERM;
		clear_ctty(t);
	}
	if ((f->flags & O_ACCMODE) == O_WRONLY && !cred_privileged())
		return -EPERM;
	set_ctty(t, p);
	return 0;
}

/* TIOCNOTTY: a session leader gives the terminal up for the session,
 * whose foreground group gets SIGHUP and SIGCONT; others just for itself. */
static int tiocnotty(struct tty *t)
{
	struct proc *p = current;

	if (p->tty != t)
		return -ENOTTY;
	if (p->sid == p->pid) {
		tty_signal_fg(t, SIGHUP);
		tty_signal_fg(t, SIGCONT);
		clear_ctty(t);
		p->tty_old_pgrp = 0;
	}
	p->tty = NULL;
	return 0;
}

/* Linux's find_vpid + session_of_pgrp: the session of group pgrp (or of
 * process pgrp); -ESRCH when the number names nothing. */
static int session_of_pgrp(int pgrp)
{
	struct list_head *l;
	int sid = -ESRCH;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->reaped)
			continue;
		if (p->pgid == pgrp)
			return p->sid;
		if (p->pid == pgrp)
			sid = p->sid;
		else if (p->sid == pgrp && sid == -ESRCH)
			sid = 0; /* only a session id: no group there */
	}
	return sid;
}

static int tiocspgrp(struct tty *t, int __user *up)
{
	int err = tty_job_check(t, SIGTTOU), pgrp, sid;

	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (copy_from_user(&pgrp, up, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (current->tty != t || t->sid != current->sid)
		return -ENOTTY;
	sid = session_of_pgrp(pgrp);
	if (sid < 0)
		return sid;
	if (sid != current->sid)
		return -EPERM;
	t->pgrp = pgrp;
	return 0;
}

/* ---- ioctls ------------------------------------------------------------- */

static int put_int(unsigned long arg, int v)
{
	return copy_to_user((int __user *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long set_termios(struct tty *t, unsigned cmd, unsigned long arg)
{
	struct termios nt, old;
	int err = tty_job_check(t, SIGTTOU);

	if (err)
		return err;
	if (copy_from_user(&nt, (void __user *)arg, sizeof(nt)))
		return -EFAULT;
	if (cmd == TCSETSF)
		ldisc_flush_input(t);
	old = t->termios;
	t->termios = nt;
	ldisc_termios_changed(t, &old);
	return 0;
}

static long flow_ioctl(struct tty *t, unsigned cmd, unsigned long arg)
{
	int err = tty_job_check(t, SIGTTOU);

	if (err)
		return err;
	if (cmd == TCFLSH) {
		if (arg > 2)
			return -EINVAL;
		if (arg != 1) /* TCIFLUSH, TCIOFLUSH */
			ldisc_flush_input(t);
		if (arg != 0 && t->pty) /* TCOFLUSH, TCIOFLUSH */
			pty_flush_output(t);
		return 0;
	}
	switch (arg) { /* TCXONC */
	case 0: /* TCOOFF */
	case 1: /* TCOON */
		ldisc_tco(t, arg == 0);
		return 0;
	case 2: /* TCIOFF: send STOP */
	case 3: /* TCION: send START */
		if (t->termios.c_cc[arg == 2 ? VSTOP : VSTART])
			ldisc_put_char(t, (char)t->termios.c_cc[arg == 2 ? VSTOP : VSTART]);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Linux's tty_do_resize: a change signals the foreground group. */
static void set_winsize(struct tty *t, const struct winsize *ws)
{
	if (memcmp(ws, &t->winsize, sizeof(*ws))) {
		tty_signal_fg(t, SIGWINCH);
		t->winsize = *ws;
	}
}

void tty_resize(struct tty *t, unsigned rows, unsigned cols)
{
	struct winsize ws = t->winsize;

	ws.ws_row = (uint16_t)rows;
	ws.ws_col = (uint16_t)cols;
	set_winsize(t, &ws);
}

static long winsize_ioctl(struct tty *t, unsigned cmd, unsigned long arg)
{
	struct winsize ws;

	if (cmd == TIOCGWINSZ)
		return copy_to_user((void __user *)arg, &t->winsize, sizeof(ws)) ? -EFAULT : 0;
	if (copy_from_user(&ws, (void __user *)arg, sizeof(ws)))
		return -EFAULT;
	set_winsize(t, &ws);
	return 0;
}

/* The ioctls that are about the controlling terminal. */
static long ctty_ioctl(struct tty *t, struct file *f, bool master, unsigned cmd,
		       unsigned long arg)
{
	switch (cmd) {
	case TIOCSCTTY:
		return tiocsctty(t, f, arg);
	case TIOCNOTTY:
		return master ? -ENOTTY : tiocnotty(t);
	case TIOCGPGRP:
		if (!master && current->tty != t)
			return -ENOTTY;
		return put_int(arg, t->pgrp);
	case TIOCSPGRP:
		return tiocspgrp(t, (int __user *)arg);
	case TIOCGSID:
		if ((!master && current->tty != t) || !t->sid)
			return -ENOTTY;
		return put_int(arg, t->sid);
	}
	return NOT_CTTY_IOCTL;
}

long tty_ioctl_common(struct tty *t, struct file *f, bool master, unsigned cmd,
		      unsigned long arg)
{
	long ret = ctty_ioctl(t, f, master, cmd, arg);
	char c;
	int v;

	if (ret != NOT_CTTY_IOCTL)
		return ret;
	switch (cmd) {
	case TCGETS:
		return copy_to_user((void __user *)arg, &t->termios,
				    sizeof(t->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, cmd, arg);
	case TCFLSH:
	case TCXONC:
		return flow_ioctl(t, cmd, arg);
	case TCSBRK: /* tcdrain / a break: output is never held back */
	case TCSBRKP:
		return tty_job_check(t, SIGTTOU);
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return winsize_ioctl(t, cmd, arg);
	case FIONREAD:
		return put_int(arg, (int)ldisc_inq(t));
	case TIOCOUTQ:
		return put_int(arg, 0);
	case TIOCSTI:
		if (current->tty != t && !cred_privileged())
			return -EPERM;
		if (copy_from_user(&c, (void __user *)arg, 1))
			return -EFAULT;
		ldisc_receive(t, &c, 1);
		return 0;
	case TIOCGETD:
		return put_int(arg, 0); /* N_TTY */
	case TIOCSETD:
		if (copy_from_user(&v, (void __user *)arg, sizeof(v)))
			return -EFAULT;
		return v == 0 ? 0 : -EINVAL;
	case TIOCEXCL:
	case TIOCNXCL:
		t->excl = cmd == TIOCEXCL;
		return 0;
	case TIOCGEXCL:
		return put_int(arg, t->excl);
	}
	return -ENOTTY;
}

/* ---- files -------------------------------------------------------------- */

struct tty *file_tty(struct file *f)
{
	return ((struct tty_file *)f->priv)->tty;
}

/* /dev/console's files are never hung up (__tty_hangup's cons_filp). */
bool tty_hung_up_p(struct file *f)
{
	struct tty_file *tf = f->priv;

	return f->ops != &console_fops && tf->hangups != tf->tty->hangups;
}

static ssize_t tty_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct tty *t = file_tty(f);
	int err;

	if (tty_hung_up_p(f))
		return 0; /* hung_up_tty_read */
	err = tty_job_check(t, SIGTTIN);
	if (err)
		return err;
	return n ? ldisc_read(t, f, b, n) : 0;
}

static ssize_t tty_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct tty *t = file_tty(f);
	int err;

	if (tty_hung_up_p(f))
		return -EIO;
	if (t->termios.c_lflag & TOSTOP) {
		err = tty_job_check(t, SIGTTOU);
		if (err)
			return err;
	}
	return ldisc_write(t, f, b, n);
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (tty_hung_up_p(f))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	return tty_ioctl_common(file_tty(f), f, false, cmd, arg);
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	if (tty_hung_up_p(f))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	return ldisc_poll(file_tty(f), pt);
}

static void tty_release(struct file *f)
{
	struct tty *t = file_tty(f);

	kfree(f->priv);
	if (--t->opens == 0 && t->pty)
		pty_slave_closed(t);
}

/* An open of t, shared by every kind of terminal file: a new file is not
 * hung up, and the terminal is not hung up any more (tty_open). */
static int tty_open_common(struct file *f, struct tty *t, bool noctty)
{
	struct tty_file *tf;
	int err;

	if (!t)
		return -ENXIO;
	if (t->excl && !cred_privileged())
		return -EBUSY;
	tf = kzalloc(sizeof(*tf));
	if (!tf)
		return -ENOMEM;
	err = t->pty ? pty_slave_open(t) : 0;
	if (err) {
		kfree(tf);
		return err;
	}
	tf->tty = t;
	tf->hangups = t->hangups;
	f->priv = tf;
	t->hupped = false;
	tty_open_ctty(t, f, noctty);
	return 0;
}

static int tty_open_console(struct file *f)
{
	return tty_open_common(f, console, true);
}

/* /dev/tty: the caller's controlling terminal. */
static int tty_open_tty(struct file *f)
{
	return tty_open_common(f, current->tty, true);
}

/* A driver's own node: chardev_register_priv put the tty in f->priv. */
static int tty_open_device(struct file *f)
{
	return tty_open_common(f, f->priv, false);
}

/* /dev/pts/N: chardev_register_range put N in f->priv. */
static int tty_open_slave(struct file *f)
{
	struct tty *t = pty_slave((unsigned)(uintptr_t)f->priv);

	return t ? tty_open_common(f, t, false) : -EIO;
}

#define TTY_FOPS(openfn)                                                   \
	{ .read = tty_read, .write = tty_write, .ioctl = tty_ioctl,        \
	  .open = openfn, .poll = tty_poll, .release = tty_release,       \
	  .no_sendfile = true }
static const struct file_ops console_fops = TTY_FOPS(tty_open_console);
static const struct file_ops devtty_fops = TTY_FOPS(tty_open_tty);
static const struct file_ops device_fops = TTY_FOPS(tty_open_device);
const struct file_ops tty_slave_fops = TTY_FOPS(tty_open_slave);

/* ---- devices ------------------------------------------------------------ */

struct tty *tty_register(const char *name, unsigned major, unsigned minor,
			 tty_write_fn write)
{
	struct tty *t;

	if (nttys == MAX_TTYS)
		return NULL;
	t = &ttys[nttys++];
	tty_setup(t, name, write);
	/* Serial lines start at 9600 baud with CLOCAL (8250's init_termios). */
	t->termios.c_cflag = 0000015 /* B9600 */ | 0000060 /* CS8 */ |
			     0000200 /* CREAD */ | 0002000 /* HUPCL */ |
			     0004000 /* CLOCAL */;
	chardev_register_priv(major, minor, &device_fops, t);
	devfs_add_dev(name, S_IFCHR | 0600, major, minor,
		      (struct devclass){ "tty", NULL, NULL, false });
	if (!console || !strcmp(name, console_wanted))
		console = t;
	return t;
}

void tty_std_cflag(struct tty *t)
{
	t->termios.c_cflag = 0000017 /* B38400 */ | 0000060 /* CS8 */ |
			     0000200 /* CREAD */ | 0002000 /* HUPCL */;
	tty_set_reset_termios(t); /* hvc's TTY_DRIVER_RESET_TERMIOS */
}

void tty_set_reset_termios(struct tty *t)
{
	t->init_termios = t->termios;
	t->reset_termios = true;
}

void tty_receive(struct tty *t, const char *buf, size_t n)
{
	if (t)
		ldisc_receive(t, buf, n);
}

bool tty_console_print(const char *s, size_t n)
{
	static bool printing; /* a message from inside the driver's write */
	size_t line;

	if (!console || console == &ttys[0] || printing)
		return false;
	printing = true;
	while (n) { /* "\n" as "\r\n", as the UART gets it */
		for (line = 0; line < n && s[line] != '\n'; line++)
			;
		if (line)
			console->write(console, s, line);
		if (line < n)
			console->write(console, "\r\n", 2);
		line += line < n;
		s += line;
		n -= line;
	}
	printing = false;
	return true;
}

void tty_set_console(const char *name)
{
	strlcpy(console_wanted, name, sizeof(console_wanted));
	for (int i = 0; i < nttys; i++)
		if (!strcmp(ttys[i].name, name))
			console = &ttys[i];
}

void tty_init(void)
{
	chardev_register(5, 1, &console_fops);
	chardev_register(5, 0, &devtty_fops);
	/* tty_devnode() sets the mode of /dev/tty and /dev/ptmx only. */
	devfs_add_dev("console", S_IFCHR | 0600, 5, 1,
		      (struct devclass){ "tty", NULL, NULL, false });
	devfs_add_dev("tty", S_IFCHR | 0666, 5, 0,
		      (struct devclass){ "tty", NULL, NULL, true });
	pty_init();
}
