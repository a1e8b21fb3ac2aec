// SPDX-License-Identifier: MIT
/*
 * n_tty.c - the line discipline, after Linux's drivers/tty/n_tty.c:
 * input processing (ISTRIP, IUCLC, IGNCR/ICRNL/INLCR, IXON/IXANY flow
 * control, the ISIG characters), canonical line editing (ERASE, KILL,
 * WERASE, LNEXT, REPRINT, EOF, EOL, EOL2) and its echo (ECHO, ECHOE, ECHOK,
 * ECHOKE, ECHONL, ECHOCTL), non-canonical reads by VMIN and VTIME, output
 * processing (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS) and poll.
 *
 * Input sits in one ring (struct tty: tail, canon, head).  Echo goes out
 * as the input arrives, through the same output processing as write(2);
 * a pty whose master reads nothing loses echo, as n_tty does.
 * ECHOPRT and PARMRK are not done.
 */
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/tty_internal.h"

#define MASK(i) ((i) & (TTY_BUF - 1))
#define L(t, f) ((t)->termios.c_lflag & (f))
#define I(t, f) ((t)->termios.c_iflag & (f))
#define O(t, f) ((t)->termios.c_oflag & (f))
#define CC(t, i) ((t)->termios.c_cc[i])
#define DECISECOND 100000000ULL

static const struct termios default_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = 0000017 /* B38400 */ | 0000060 /* CS8 */ | 0000200 /* CREAD */ |
		   0002000 /* HUPCL */,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f,
		  0x17, 0x16, 0 },
};

void ldisc_init(struct tty *t)
{
	t->termios = default_termios;
	waitq_init(&t->readers);
	waitq_init(&t->writers);
	waitq_init(&t->room);
}

static bool is_cntrl(uint8_t c)
{
	return c < 32 || c == 127;
}

static bool is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A UTF-8 continuation byte (IUTF8): not a column of its own. */
static bool is_continuation(struct tty *t, uint8_t c)
{
	return I(t, IUTF8) && (c & 0xc0) == 0x80;
}

static uint8_t in_byte(struct tty *t, size_t i)
{
	return (uint8_t)t->buf[MASK(i)];
}

static bool delim_at(struct tty *t, size_t i)
{
	return t->delim[MASK(i) / 8] & (1u << (MASK(i) % 8));
}

static void delim_set(struct tty *t, size_t i, bool on)
{
	uint8_t bit = (uint8_t)(1u << (MASK(i) % 8));

	if (on)
		t->delim[MASK(i) / 8] |= bit;
	else
		t->delim[MASK(i) / 8] &= (uint8_t)~bit;
}

/* ---- output ------------------------------------------------------------- */

static size_t out_room(struct tty *t)
{
	return t->write_room ? t->write_room(t) : SIZE_MAX;
}

static void drv_write(struct tty *t, const char *s, size_t n)
{
	if (n)
		t->write(t, s, n);
}

/*
 * One byte with OPOST processing (n_tty's do_output_char): the bytes it
 * wrote, or -1 when room is too small for them.
 */
static int output_char(struct tty *t, uint8_t c, size_t room)
{
	if (!O(t, OPOST)) {
		if (!room)
			return -1;
		drv_write(t, (char *)&c, 1);
		return 1;
	}
	switch (c) {
	case '\n':
		if (O(t, ONLRET))
			t->column = 0;
		if (O(t, ONLCR)) {
			if (room < 2)
				return -1;
			t->canon_column = t->column = 0;
			drv_write(t, "\r\n", 2);
			return 2;
		}
		t->canon_column = t->column;
		break;
	case '\r':
		if (O(t, ONOCR) && t->column == 0)
			return 0;
		if (O(t, OCRNL)) {
			c = '\n';
			if (O(t, ONLRET))
				t->canon_column = t->column = 0;
			break;
		}
		t->canon_column = t->column = 0;
		break;
	case '\t': {
		unsigned spaces = 8 - (t->column & 7);
		if ((t->termios.c_oflag & TABDLY) == XTABS) {
			if (room < spaces)
				return -1;
			t->column += spaces;
			drv_write(t, "        ", spaces);
			return (int)spaces;
		}
		t->column += spaces;
		break;
	}
	case '\b':
		if (t->column > 0)
			t->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if (O(t, OLCUC) && c >= 'a' && c <= 'z')
				c -= 'a' - 'A';
			if (!is_continuation(t, c))
				t->column++;
		}
		break;
	}
	if (!room)
		return -1;
	drv_write(t, (char *)&c, 1);
	return 1;
}

/* A byte output processing leaves alone: it only moves the column. */
static bool plain(struct tty *t, uint8_t c)
{
	return c >= ' ' && c < 127 && !(O(t, OLCUC) && c >= 'a' && c <= 'z');
}

/* Output s as write(2) does; how many bytes of s went (fewer: no room). */
static size_t output(struct tty *t, const char *s, size_t n)
{
	size_t room = out_room(t), i = 0;

	if (!O(t, OPOST)) {
		n = MIN(n, room);
		drv_write(t, s, n);
		return n;
	}
	while (i < n) {
		size_t j = i;
		while (j < n && j - i < room && plain(t, (uint8_t)s[j]))
			j++;
		if (j > i) { /* a run of plain bytes in one go */
			drv_write(t, s + i, j - i);
			t->column += (unsigned)(j - i);
			room -= j - i;
			i = j;
			continue;
		}
		int w = output_char(t, (uint8_t)s[i], room);
		if (w < 0)
			break;
		room -= (size_t)w;
		i++;
	}
	return i;
}

void ldisc_put_char(struct tty *t, char c)
{
	output_char(t, (uint8_t)c, out_room(t));
}

/* ---- echo --------------------------------------------------------------- */

static void echo_raw(struct tty *t, uint8_t c)
{
	output_char(t, c, out_room(t));
}

/* A control character echoes as ^X under ECHOCTL (DEL as ^?). */
static void echo_char(struct tty *t, uint8_t c)
{
	if (L(t, ECHOCTL) && is_cntrl(c) && c != '\t') {
		char s[2] = { '^', (char)(c ^ 0100) };
		if (out_room(t) >= 2) {
			drv_write(t, s, 2);
			t->column += 2;
		}
		return;
	}
	echo_raw(t, c);
}

/* Echo of a byte joining the line (it may be the line's first). */
static void echo_input(struct tty *t, uint8_t c)
{
	if (t->canon == t->head)
		t->canon_column = t->column;
	echo_char(t, c);
}

static void echo_backspace(struct tty *t)
{
	echo_raw(t, '\b');
	echo_raw(t, ' ');
	echo_raw(t, '\b');
}

/* Back up over an erased tab: to where the tab started (n_tty's
 * ECHO_OP_ERASE_TAB), counting the columns of what precedes it. */
static void erase_tab(struct tty *t)
{
	unsigned cols = 0;
	bool after_tab = false;

	for (size_t i = t->head; i != t->canon;) {
		uint8_t c = in_byte(t, --i);
		if (c == '\t') {
			after_tab = true;
			break;
		}
		if (is_cntrl(c))
			cols += L(t, ECHOCTL) ? 2 : 0;
		else if (!is_continuation(t, c))
			cols++;
	}
	if (!after_tab)
		cols += t->canon_column;
	for (unsigned bs = 8 - (cols & 7); bs; bs--) {
		if (!out_room(t))
			break;
		drv_write(t, "\b", 1);
		if (t->column)
			t->column--;
	}
}

/* ---- input -------------------------------------------------------------- */

static void wake_readers(struct tty *t)
{
	waitq_wake(&t->readers);
}

/* Queue one input byte.  Canonical input with no complete line overwrites
 * its last byte when the ring is full, so a newline can still end it. */
static void put_byte(struct tty *t, uint8_t c)
{
	if (t->head - t->tail >= TTY_BUF) {
		if (!(L(t, ICANON) && t->canon == t->tail))
			return;
		t->head--;
	}
	delim_set(t, t->head, false);
	t->buf[MASK(t->head)] = (char)c;
	t->head++;
}

size_t ldisc_input_room(struct tty *t)
{
	size_t used = t->head - t->tail;

	if (used < TTY_BUF - 1)
		return TTY_BUF - 1 - used;
	return L(t, ICANON) && t->canon == t->tail; /* the overflow case */
}

void ldisc_flush_input(struct tty *t)
{
	t->tail = t->canon = t->head = 0;
	memset(t->delim, 0, sizeof(t->delim));
	t->lnext = false;
	waitq_wake(&t->room);
}

/* tty_ldisc_hangup: n_tty_flush_buffer, and the reopen's fresh n_tty. */
void ldisc_hangup(struct tty *t)
{
	ldisc_flush_input(t);
	t->column = t->canon_column = 0;
}

/* A line ends at c (0 with the mark: end of file); readers may take it. */
static void end_line(struct tty *t, uint8_t c)
{
	put_byte(t, c);
	delim_set(t, t->head - 1, true);
	t->canon = t->head;
	wake_readers(t);
}

static void tty_start(struct tty *t)
{
	if (!t->stopped || t->tco_stopped)
		return;
	t->stopped = false;
	waitq_wake(&t->writers);
}

void ldisc_tco(struct tty *t, bool stop)
{
	if (stop && !t->tco_stopped) {
		t->tco_stopped = t->stopped = true;
	} else if (!stop && t->tco_stopped) {
		t->tco_stopped = false;
		t->stopped = false;
		waitq_wake(&t->writers);
	}
}

/* Which bytes get n_tty_receive_char_special (its char_map). */
static bool is_special(struct tty *t, uint8_t c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (c == 0) /* _POSIX_VDISABLE never matches */
		return false;
	if ((c == '\r' && I(t, IGNCR | ICRNL)) || (c == '\n' && I(t, INLCR)))
		return true;
	if (L(t, ICANON)) {
		if (c == cc[VERASE] || c == cc[VKILL] || c == cc[VEOF] || c == '\n' ||
		    c == cc[VEOL])
			return true;
		if (L(t, IEXTEN) && (c == cc[VWERASE] || c == cc[VLNEXT] ||
				     c == cc[VEOL2] || (L(t, ECHO) && c == cc[VREPRINT])))
			return true;
	}
	if (I(t, IXON) && (c == cc[VSTART] || c == cc[VSTOP]))
		return true;
	return L(t, ISIG) && (c == cc[VINTR] || c == cc[VQUIT] || c == cc[VSUSP]);
}

/* ERASE, WERASE (alphanumeric words, BSD's ALTWERASE) or KILL. */
static void eraser(struct tty *t, uint8_t c)
{
	enum { ERASE, WERASE, KILL } kind;
	const uint8_t *cc = t->termios.c_cc;
	int seen_alnums = 0;

	if (t->head == t->canon)
		return;
	if (c == cc[VERASE]) {
		kind = ERASE;
	} else if (c == cc[VWERASE]) {
		kind = WERASE;
	} else {
		if (!L(t, ECHO)) {
			t->head = t->canon;
			return;
		}
		if (!L(t, ECHOK) || !L(t, ECHOKE) || !L(t, ECHOE)) {
			t->head = t->canon;
			echo_char(t, cc[VKILL]);
			if (L(t, ECHOK))
				echo_raw(t, '\n');
			return;
		}
		kind = KILL;
	}
	while (t->head != t->canon) {
		size_t h = t->head;
		uint8_t ch;
		do /* a whole UTF-8 character */
			ch = in_byte(t, --h);
		while (is_continuation(t, ch) && h != t->canon);
		if (is_continuation(t, ch))
			break;
		if (kind == WERASE) {
			if (is_alnum(ch) || ch == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		t->head = h;
		if (L(t, ECHO)) {
			if (kind == ERASE && !L(t, ECHOE)) {
				echo_char(t, cc[VERASE]);
			} else if (ch == '\t') {
				erase_tab(t);
			} else {
				if (is_cntrl(ch) && L(t, ECHOCTL))
					echo_backspace(t);
				if (!is_cntrl(ch) || L(t, ECHOCTL))
					echo_backspace(t);
			}
		}
		if (kind == ERASE)
			break;
	}
}

/* INTR, QUIT, SUSP: signal the foreground group, flush, echo. */
static void receive_signal_char(struct tty *t, int sig, uint8_t c)
{
	tty_signal_fg(t, sig);
	if (!L(t, NOFLSH))
		ldisc_flush_input(t);
	if (I(t, IXON))
		tty_start(t);
	if (L(t, ECHO))
		echo_char(t, c);
}

/* The canonical-mode characters; true when c was one. */
static bool canon_special(struct tty *t, uint8_t c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (c == cc[VERASE] || c == cc[VKILL] || (c == cc[VWERASE] && L(t, IEXTEN))) {
		eraser(t, c);
		return true;
	}
	if (c == cc[VLNEXT] && L(t, IEXTEN)) {
		t->lnext = true;
		if (L(t, ECHO) && L(t, ECHOCTL) && out_room(t) >= 2) {
			drv_write(t, "^\b", 2); /* a placeholder the next byte covers */
		}
		return true;
	}
	if (c == cc[VREPRINT] && L(t, ECHO) && L(t, IEXTEN)) {
		echo_char(t, c);
		echo_raw(t, '\n');
		for (size_t i = t->canon; i != t->head; i++)
			echo_char(t, in_byte(t, i));
		return true;
	}
	if (c == '\n') {
		if (L(t, ECHO | ECHONL))
			echo_raw(t, '\n');
		end_line(t, '\n');
		return true;
	}
	if (c == cc[VEOF]) {
		end_line(t, 0); /* not echoed; reads end here */
		return true;
	}
	if (c == cc[VEOL] || (c == cc[VEOL2] && L(t, IEXTEN))) {
		if (L(t, ECHO))
			echo_input(t, c);
		end_line(t, c);
		return true;
	}
	return false;
}

/* An ordinary byte: echo it and queue it. */
static void receive_normal(struct tty *t, uint8_t c)
{
	if (t->stopped && !t->tco_stopped && I(t, IXON) && I(t, IXANY))
		tty_start(t);
	if (L(t, ECHO))
		echo_input(t, c);
	put_byte(t, c);
}

static void receive_special(struct tty *t, uint8_t c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (I(t, IXON)) {
		if (c == cc[VSTART]) {
			tty_start(t);
			return;
		}
		if (c == cc[VSTOP]) {
			t->stopped = true;
			return;
		}
	}
	if (L(t, ISIG)) {
		int sig = c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT :
			  c == cc[VSUSP] ? SIGTSTP : 0;
		if (sig) {
			receive_signal_char(t, sig, c);
			return;
		}
	}
	if (t->stopped && !t->tco_stopped && I(t, IXON) && I(t, IXANY))
		tty_start(t);
	if (c == '\r') {
		if (I(t, IGNCR))
			return;
		if (I(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(t, INLCR)) {
		c = '\r';
	}
	if (L(t, ICANON) && canon_special(t, c))
		return;
	if (L(t, ECHO)) {
		if (c == '\n')
			echo_raw(t, '\n');
		else
			echo_input(t, c);
	}
	put_byte(t, c);
}

static void receive_char(struct tty *t, uint8_t c)
{
	if (I(t, ISTRIP))
		c &= 0x7f;
	if (I(t, IUCLC) && L(t, IEXTEN) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (t->lnext) {
		t->lnext = false;
		receive_normal(t, c);
	} else if (is_special(t, c)) {
		receive_special(t, c);
	} else {
		receive_normal(t, c);
	}
}

size_t ldisc_receive(struct tty *t, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && ldisc_input_room(t); i++)
		receive_char(t, (uint8_t)s[i]);
	if (!L(t, ICANON) && t->head != t->tail)
		wake_readers(t);
	return i;
}

void ldisc_termios_changed(struct tty *t, const struct termios *old)
{
	if ((old->c_lflag ^ t->termios.c_lflag) & ICANON) {
		memset(t->delim, 0, sizeof(t->delim));
		if (!L(t, ICANON) || t->head == t->tail) {
			t->canon = t->tail;
		} else { /* what was typed raw becomes one line */
			delim_set(t, t->head - 1, true);
			t->canon = t->head;
		}
		t->lnext = false;
	}
	if (!I(t, IXON) && (old->c_iflag & IXON) && !t->tco_stopped)
		tty_start(t);
	wake_readers(t);
	waitq_wake(&t->writers);
}

/* ---- read, write, poll -------------------------------------------------- */

/* Can a read (poll: a poll, which asks for VMIN bytes) get something? */
static bool input_available(struct tty *t, bool poll)
{
	size_t amt;

	if (L(t, ICANON))
		return t->canon != t->tail;
	amt = poll && !CC(t, VTIME) && CC(t, VMIN) ? CC(t, VMIN) : 1;
	return t->head - t->tail >= amt;
}

size_t ldisc_inq(struct tty *t)
{
	size_t n;

	if (!L(t, ICANON))
		return t->head - t->tail;
	n = t->canon - t->tail;
	for (size_t i = t->tail; i != t->canon; i++)
		if (delim_at(t, i) && in_byte(t, i) == 0)
			n--;
	return n;
}

/* Move n ring bytes from the tail to the reader's buffer at *off. */
static int copy_input(struct tty *t, struct iobuf b, size_t *off, size_t n)
{
	while (n) {
		size_t at = MASK(t->tail), c = MIN(n, TTY_BUF - at);
		if (iobuf_copy_out(b, *off, &t->buf[at], c))
			return -EFAULT;
		*off += c;
		t->tail += c;
		n -= c;
	}
	return 0;
}

/* One canonical read: a line, or as much of it as fits. */
static int canon_read(struct tty *t, struct iobuf b, size_t *off, size_t nr)
{
	size_t n = MIN(nr, t->canon - t->tail), i;
	int err;

	for (i = 0; i < n && !delim_at(t, t->tail + i); i++)
		;
	if (i < n) { /* the line ends within reach */
		bool eof = in_byte(t, t->tail + i) == 0;
		delim_set(t, t->tail + i, false);
		err = copy_input(t, b, off, eof ? i : i + 1);
		if (!err && eof)
			t->tail++;
		return err;
	}
	err = copy_input(t, b, off, n);
	/* The buffer is full: an end-of-file mark right after is used up too
	 * (n_tty's canon_skip_eof), or it would end the next read at once. */
	if (!err && n == nr && t->tail != t->canon && delim_at(t, t->tail) &&
	    in_byte(t, t->tail) == 0) {
		delim_set(t, t->tail, false);
		t->tail++;
	}
	return err;
}

/* VMIN and VTIME for a raw read: the bytes to wait for, the deadline for
 * the first byte (0: none; *now: do not wait) and the gap between bytes. */
static size_t raw_limits(struct tty *t, uint64_t *deadline, bool *now, uint64_t *gap)
{
	size_t min = CC(t, VMIN);
	uint64_t time = CC(t, VTIME) * DECISECOND;

	*deadline = 0;
	*now = false;
	*gap = 0;
	if (min) {
		*gap = time;
		return min;
	}
	if (time)
		*deadline = time_monotonic_ns() + time;
	else
		*now = true;
	return 1;
}

ssize_t ldisc_read(struct tty *t, struct file *f, struct iobuf b, size_t nr)
{
	bool canon = L(t, ICANON), now = false;
	uint64_t deadline = 0, gap = 0;
	size_t off = 0, minimum = 0;
	unsigned hangups = t->hangups;
	int err = 0;

	if (!canon)
		minimum = raw_limits(t, &deadline, &now, &gap);
	while (nr > off) {
		if (!input_available(t, false)) {
			if (t->other_closed) {
				err = -EIO; /* the master went while we waited */
				break;
			}
			/* A hangup ends the wait with end of file, for
			 * /dev/console's files too (Linux's TTY_HUPPING). */
			if (t->hangups != hangups)
				break;
			if (now)
				break;
			if (f->flags & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			err = waitq_sleep_until(&t->readers, deadline);
			if (err == -ETIMEDOUT)
				err = 0;
			if (err || (deadline && time_monotonic_ns() >= deadline))
				break;
			continue;
		}
		if (canon) {
			err = canon_read(t, b, &off, nr - off);
			break;
		}
		err = copy_input(t, b, &off, MIN(nr - off, t->head - t->tail));
		if (err || off >= minimum)
			break;
		if (gap)
			deadline = time_monotonic_ns() + gap;
	}
	waitq_wake(&t->room);
	return off ? (ssize_t)off : err;
}

ssize_t ldisc_write(struct tty *t, struct file *f, struct iobuf b, size_t n)
{
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(chunk)), took = 0;
		int err;

		if (t->other_closed || tty_hung_up_p(f))
			return done ? (ssize_t)done : -EIO;
		if (!t->stopped && out_room(t)) {
			if (iobuf_copy_in(chunk, b, done, c))
				return done ? (ssize_t)done : -EFAULT;
			took = output(t, chunk, c);
			done += took;
		}
		if (took)
			continue;
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		err = waitq_sleep(&t->writers);
		if (err)
			return done ? (ssize_t)done : err;
	}
	return (ssize_t)n;
}

unsigned ldisc_poll(struct tty *t, struct poll_table *pt)
{
	unsigned mask = 0;

	poll_wait(pt, &t->readers);
	poll_wait(pt, &t->writers);
	if (input_available(t, true))
		mask |= POLLIN | POLLRDNORM;
	if (!t->stopped && out_room(t))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}
