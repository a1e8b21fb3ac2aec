// SPDX-License-Identifier: MIT
/*
 * pty.c - Unix98 pseudo-terminals (Linux drivers/tty/pty.c): opening
 * /dev/ptmx (5,2) makes a pair; the slave, /dev/pts/N (136,N, devpts), is a
 * full terminal with the line discipline of n_tty.c; what the master writes
 * is the slave's input, what the slave writes (after output processing,
 * echo included) is what the master reads.
 *
 * The slave is locked when made: opening it fails with EIO until
 * TIOCSPTLCK unlocks it (unlockpt).  When the last slave file closes, the
 * master's reads fail with EIO once nothing is left to read, and poll says
 * POLLHUP.  When the master closes, the slave is hung up (tty_hangup: the
 * session leader gets SIGHUP and SIGCONT, the session loses its terminal,
 * a read waiting fails with EIO, open slave files read end of file and
 * fail writes with EIO), its node leaves /dev/pts, and the pair is freed
 * once no slave file is left.  vhangup(2) hangs the slave up the same way
 * while the master stays: then the slave opens again as a fresh terminal.
 * The termios, window-size and job-control ioctls on the master act on the
 * slave, as in Linux.  Packet mode (TIOCPKT) and TIOCGPTPEER are not done.
 */
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/tty_internal.h"
#include "kernel/uaccess.h"

#define PTY_OUT 8192 /* slave output waiting for the master */
#define TCFLSH 0x540b
#define TIOCSTI 0x5412
#define FIONREAD 0x541b
#define TIOCGPTN 0x80045430
#define TIOCSPTLCK 0x40045431
#define TIOCSIG 0x40045436
#define TIOCGPTLCK 0x80045439

struct pty {
	struct tty slave;              /* [I] the slave terminal */
	unsigned index;                /* [I] N of /dev/pts/N */
	char out[PTY_OUT];             /* slave output for the master */
	size_t out_head, out_tail;     /* grow only */
	struct waitq master_wait;      /* master readers: output came, slave closed */
	bool master_open;
	bool locked;                   /* TIOCSPTLCK: the slave cannot be opened */
	bool slave_closed;             /* the slave was open and is not now */
};

static struct pty *ptys[DEVPTS_MAX_PTYS];

static struct pty *pty_of(struct tty *t)
{
	return t->pty;
}

/* ---- the slave's side --------------------------------------------------- */

static size_t out_free(struct pty *p)
{
	return PTY_OUT - (p->out_head - p->out_tail);
}

/* The slave's driver write: into the master's queue (the line discipline
 * asked write_room first; echo beyond the room is lost). */
static void slave_write(struct tty *t, const char *s, size_t n)
{
	struct pty *p = pty_of(t);

	n = MIN(n, out_free(p));
	for (size_t i = 0; i < n; i++)
		p->out[(p->out_head + i) % PTY_OUT] = s[i];
	p->out_head += n;
	if (n)
		waitq_wake(&p->master_wait);
}

static size_t slave_room(struct tty *t)
{
	return out_free(pty_of(t));
}

void pty_flush_output(struct tty *t)
{
	struct pty *p = pty_of(t);

	p->out_tail = p->out_head;
	waitq_wake(&t->writers);
}

static void pty_free(struct pty *p)
{
	ptys[p->index] = NULL;
	kfree(p);
}

struct tty *pty_slave(unsigned n)
{
	return n < DEVPTS_MAX_PTYS && ptys[n] ? &ptys[n]->slave : NULL;
}

int pty_slave_open(struct tty *t)
{
	struct pty *p = pty_of(t);

	if (!p->master_open || p->locked)
		return -EIO;
	p->slave_closed = false;
	return 0;
}

/* The last slave file closed. */
void pty_slave_closed(struct tty *t)
{
	struct pty *p = pty_of(t);

	if (!p->master_open) {
		pty_free(p);
		return;
	}
	p->slave_closed = true;
	waitq_wake(&p->master_wait);
}

/* ---- the master --------------------------------------------------------- */

static ssize_t master_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct pty *p = f->priv;
	size_t done = 0, avail;

	if (!n)
		return 0;
	while (!(avail = p->out_head - p->out_tail)) {
		if (p->slave_closed)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = waitq_sleep(&p->master_wait);
		if (err)
			return err;
	}
	n = MIN(n, avail);
	while (done < n) {
		size_t at = p->out_tail % PTY_OUT, c = MIN(n - done, PTY_OUT - at);
		if (iobuf_copy_out(b, done, &p->out[at], c))
			return done ? (ssize_t)done : -EFAULT;
		p->out_tail += c;
		done += c;
	}
	waitq_wake(&p->slave.writers);
	return (ssize_t)done;
}

/* The slave's input: waits while its queue is full. */
static ssize_t master_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct pty *p = f->priv;
	struct tty *t = &p->slave;
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(chunk)), took = 0;
		if (ldisc_input_room(t)) {
			if (iobuf_copy_in(chunk, b, done, c))
				return done ? (ssize_t)done : -EFAULT;
			took = ldisc_receive(t, chunk, c);
			done += took;
		}
		if (took)
			continue;
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		int err = waitq_sleep(&t->room);
		if (err)
			return done ? (ssize_t)done : err;
	}
	return (ssize_t)n;
}

static int put_int(unsigned long arg, int v)
{
	return copy_to_user((int __user *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long master_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pty *p = f->priv;
	int v;

	switch (cmd) {
	case TIOCGPTN:
		return put_int(arg, (int)p->index);
	case TIOCSPTLCK:
		if (copy_from_user(&v, (void __user *)arg, sizeof(v)))
			return -EFAULT;
		p->locked = v != 0;
		return 0;
	case TIOCGPTLCK:
		return put_int(arg, p->locked);
	case TIOCSIG: /* pty_signal: only the keyboard signals */
		if (arg != SIGINT && arg != SIGQUIT && arg != SIGTSTP)
			return -EINVAL;
		tty_signal_fg(&p->slave, (int)arg);
		return 0;
	case FIONREAD: /* the master's own input: the slave's output */
		return put_int(arg, (int)(p->out_head - p->out_tail));
	case TCFLSH: /* the master's input, the slave's input, or both */
		if (arg > 2)
			return -EINVAL;
		if (arg != 1)
			pty_flush_output(&p->slave);
		if (arg != 0)
			ldisc_flush_input(&p->slave);
		return 0;
	case TIOCSTI: { /* into the master's own input */
		char c;
		if (copy_from_user(&c, (void __user *)arg, 1))
			return -EFAULT;
		slave_write(&p->slave, &c, 1);
		return 0;
	}
	}
	return tty_ioctl_common(&p->slave, f, true, cmd, arg);
}

static unsigned master_poll(struct file *f, struct poll_table *pt)
{
	struct pty *p = f->priv;
	unsigned mask = 0;

	poll_wait(pt, &p->master_wait);
	poll_wait(pt, &p->slave.room);
	if (p->out_head != p->out_tail)
		mask |= POLLIN | POLLRDNORM;
	if (p->slave_closed)
		mask |= POLLHUP;
	if (ldisc_input_room(&p->slave))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void master_release(struct file *f)
{
	struct pty *p = f->priv;

	p->master_open = false;
	p->slave.other_closed = true;
	devpts_pty_kill(p->index);
	tty_hangup(&p->slave);
	if (!p->slave.opens)
		pty_free(p);
}

/* /dev/ptmx: a new pair, its slave locked. */
static int ptmx_open(struct file *f)
{
	struct pty *p;
	char name[16];
	unsigned n;
	int err;

	for (n = 0; n < DEVPTS_MAX_PTYS && ptys[n]; n++)
		;
	if (n == DEVPTS_MAX_PTYS)
		return -ENOSPC;
	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	err = devpts_pty_new(n);
	if (err) {
		kfree(p);
		return err;
	}
	p->index = n;
	snprintf(name, sizeof(name), "pts/%u", n);
	tty_setup(&p->slave, name, slave_write);
	p->slave.termios.c_cflag = 0000017 /* B38400 */ | 0000060 /* CS8 */ |
				   0000200 /* CREAD */;
	tty_set_reset_termios(&p->slave); /* pty's TTY_DRIVER_RESET_TERMIOS */
	p->slave.write_room = slave_room;
	p->slave.pty = p;
	waitq_init(&p->master_wait);
	p->master_open = true;
	p->locked = true;
	ptys[n] = p;
	f->priv = p;
	return 0;
}

static const struct file_ops ptmx_fops = {
	.open = ptmx_open,
	.read = master_read,
	.write = master_write,
	.ioctl = master_ioctl,
	.poll = master_poll,
	.release = master_release,
	.no_sendfile = true,
};

void pty_init(void)
{
	chardev_register(5, 2, &ptmx_fops);
	chardev_register_range(136, 0, DEVPTS_MAX_PTYS, &tty_slave_fops);
	devfs_add_dev("ptmx", S_IFCHR | 0666, 5, 2,
		      (struct devclass){ "tty", NULL, NULL, true });
	devpts_init();
}
