/* SPDX-License-Identifier: MIT */
/*
 * tty_internal.h - what the terminal files share: tty.c (devices, ioctls,
 * controlling terminals and job control), n_tty.c (the line discipline)
 * and pty.c (pseudo-terminals).
 *
 * termios is the asm-generic layout (struct termios of the TCGETS ioctl),
 * the same on x86_64 and arm64.
 *
 * Locking: the kernel runs with interrupts off outside sleeps and device
 * interrupts are taken only while idle or in user mode (kernel/sched.h), so
 * a tty needs no lock on one CPU.  Legend: [I] immutable after creation,
 * [D] the line discipline's, [J] job control (tty.c).
 */
#ifndef KERNEL_TTY_INTERNAL_H
#define KERNEL_TTY_INTERNAL_H

#include "kernel/kernel.h"
#include "kernel/sched.h"
#include "kernel/tty.h"
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

/* c_cc (asm-generic/termbits.h) */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IUCLC 0001000
#define IXON 0002000
#define IXANY 0004000
#define IUTF8 0040000
/* c_oflag */
#define OPOST 0000001
#define OLCUC 0000002
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
#define TABDLY 0014000
#define XTABS 0014000
/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000

#define TTY_BUF 4096 /* n_tty's N_TTY_BUF_SIZE; a power of two */

struct pty;

struct tty {
	char name[16];                 /* [I] */
	tty_write_fn write;            /* [I] the driver's output */
	/* [I] output bytes the driver takes now; NULL: any number. */
	size_t (*write_room)(struct tty *t);
	struct pty *pty;               /* [I] the pair of a pty slave; NULL: a device */

	struct termios termios;        /* [D] */
	struct winsize winsize;        /* [J] */
	int sid, pgrp;                 /* [J] session it controls, foreground group (0: none) */
	unsigned opens;                /* [J] open files (and /dev/tty files) on it */
	/* [J] hangups so far: a file opened before the last one is hung up
	 * (Linux swaps its f_op for hung_up_tty_fops; struct tty_file). */
	unsigned hangups;
	bool hupped;                   /* [J] hung up, not opened since (TTY_HUPPED) */
	bool other_closed;             /* [J] a pty slave whose master is gone */
	/* [I] TTY_DRIVER_RESET_TERMIOS: a hangup restores init_termios. */
	bool reset_termios;
	struct termios init_termios;   /* [I] */
	bool excl;                     /* [J] TIOCEXCL: only root may open it */

	/*
	 * Input: one ring as in n_tty.  [tail, canon) holds complete lines,
	 * [canon, head) the line being edited; a raw read takes anything
	 * before head.  Indices only grow; MASK() them.  A delim bit marks a
	 * byte that ends a line; a marked 0 byte is an end-of-file mark.
	 */
	char buf[TTY_BUF];             /* [D] */
	uint8_t delim[TTY_BUF / 8];    /* [D] */
	size_t tail, canon, head;      /* [D] */
	bool lnext;                    /* [D] the next byte is literal (^V) */
	bool stopped, tco_stopped;     /* [D] output stopped (^S; tcflow TCOOFF) */
	unsigned column, canon_column; /* [D] output column; where the line began */
	struct waitq readers;          /* input arrived (or hangup) */
	struct waitq writers;          /* output room (or hangup, ^Q) */
	struct waitq room;             /* input room: pty master writers */
};

/* n_tty.c: the line discipline. */
void ldisc_init(struct tty *t);
/* Take input bytes as a device delivers them; how many it took (fewer
 * only when the ring is full, for a pty master's write to wait). */
size_t ldisc_receive(struct tty *t, const char *s, size_t n);
size_t ldisc_input_room(struct tty *t);
/* read(2) and write(2) of the terminal after the job-control checks. */
ssize_t ldisc_read(struct tty *t, struct file *f, struct iobuf b, size_t n);
ssize_t ldisc_write(struct tty *t, struct file *f, struct iobuf b, size_t n);
unsigned ldisc_poll(struct tty *t, struct poll_table *pt);
/* After termios changed from old (canonical/raw switch, IXON). */
void ldisc_termios_changed(struct tty *t, const struct termios *old);
void ldisc_flush_input(struct tty *t);
/* FIONREAD: bytes a read could return (end-of-file marks left out). */
size_t ldisc_inq(struct tty *t);
/* Output flow: stop (tcflow TCOOFF) and start again. */
void ldisc_tco(struct tty *t, bool stop);
/* Output for the kernel's ioctls (TCIOFF, TCION): one byte, processed. */
void ldisc_put_char(struct tty *t, char c);
/* A hangup: input dropped, the discipline's state as a new one's. */
void ldisc_hangup(struct tty *t);

/* tty.c */
/* Linux's __tty_check_change: may the caller use t from its process
 * group?  0, -EIO, or -ERESTARTSYS after sending sig to its group. */
int tty_job_check(struct tty *t, int sig);
/* A signal from the terminal to its foreground group. */
void tty_signal_fg(struct tty *t, int sig);
/* The terminal's ioctls (shared by a pty master for its slave). */
long tty_ioctl_common(struct tty *t, struct file *f, bool master, unsigned cmd,
		      unsigned long arg);
/* Linux's tty_vhangup: hang t up (a pty's master went away: pty.c). */
void tty_hangup(struct tty *t);
/* The terminal of a terminal file (a slave's or a device's, not a master). */
struct tty *file_tty(struct file *f);
/* Linux's tty_hung_up_p: was f open when its terminal was hung up? */
bool tty_hung_up_p(struct file *f);
/* Remember t's termios now as what a hangup restores. */
void tty_set_reset_termios(struct tty *t);
/* Set up a tty and open/close bookkeeping shared with pty.c. */
void tty_setup(struct tty *t, const char *name, tty_write_fn write);
/* An open of t by the current process: acquire it as the controlling
 * terminal when that is what POSIX says (noctty: never). */
void tty_open_ctty(struct tty *t, struct file *f, bool noctty);
extern const struct file_ops tty_slave_fops;

/* pty.c */
void pty_init(void);
/* The slave of pty n, or NULL. */
struct tty *pty_slave(unsigned n);
/* An open of a pty's slave (by its node or /dev/tty): 0, or -EIO when it
 * is locked or its master is gone; the caller counts the open. */
int pty_slave_open(struct tty *t);
void pty_slave_closed(struct tty *t);
void pty_flush_output(struct tty *t);

#endif
