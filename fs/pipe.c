// SPDX-License-Identifier: MIT
/*
 * pipe.c - pipes and fifos: pipe(2), pipe2(2) and open() of a S_IFIFO
 * inode, one 64 KiB ring shared by the read and write ends (pipe(7),
 * fifo(7)).
 *
 * Reads take what is buffered, waiting while the pipe is empty and a writer
 * remains (no writers: end of file, 0).  Writes of at most PIPE_BUF bytes
 * go in whole or wait; larger ones go in pieces as room appears.  With no
 * reader left a write raises SIGPIPE and fails with EPIPE.  O_NONBLOCK turns
 * every wait into EAGAIN; a signal during a wait returns -ERESTARTSYS (or
 * the bytes already moved).  Data leaves the ring only once it has been
 * copied out, so a read into a bad buffer loses nothing.
 *
 * Opening a fifo for reading waits for a writer and for writing waits for a
 * reader (O_NONBLOCK: readers do not wait, writers get ENXIO); O_RDWR never
 * waits.  The pipe hangs off its inode (inode->pipe: the fifo's, or an
 * anonymous S_IFIFO inode on "pipefs" for pipe(2)) and is freed when the
 * last end closes.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"

#define PIPE_PAGES 16
#define PIPE_SIZE (PIPE_PAGES * PAGE_SIZE)
#define PIPE_BUF 4096
#define FIONREAD 0x541B
#define PIPEFS_MAGIC 0x50495045

struct pipe {
	char *pages[PIPE_PAGES];        /* allocated as first written */
	size_t head;                    /* ring offset of the first byte */
	size_t count;                   /* bytes buffered */
	unsigned readers, writers;      /* open ends */
	unsigned r_opens, w_opens;      /* opens so far: fifo opens wait on them */
	struct waitq rd_wait;           /* readers waiting for data or a writer */
	struct waitq wr_wait;           /* writers waiting for room or a reader */
};

static struct superblock *pipe_sb;

/* Copy n ring bytes starting at ring offset at out to b at boff. */
static int ring_out(struct pipe *p, size_t at, struct iobuf b, size_t boff,
		    size_t n)
{
	while (n) {
		size_t pg = at / PAGE_SIZE, in = at % PAGE_SIZE;
		size_t c = MIN(n, PAGE_SIZE - in);
		int err = iobuf_copy_out(b, boff, p->pages[pg] + in, c);

		if (err)
			return err;
		at = (at + c) % PIPE_SIZE;
		boff += c;
		n -= c;
	}
	return 0;
}

/* Copy n bytes from b at boff into the ring at ring offset at. */
static int ring_in(struct pipe *p, size_t at, struct iobuf b, size_t boff,
		   size_t n)
{
	while (n) {
		size_t pg = at / PAGE_SIZE, in = at % PAGE_SIZE;
		size_t c = MIN(n, PAGE_SIZE - in);
		int err;

		if (!p->pages[pg] && !(p->pages[pg] = page_alloc()))
			return -ENOMEM;
		err = iobuf_copy_in(p->pages[pg] + in, b, boff, c);
		if (err)
			return err;
		at = (at + c) % PIPE_SIZE;
		boff += c;
		n -= c;
	}
	return 0;
}

static ssize_t pipe_read(struct file *f, struct iobuf b, size_t n,
			 off_t *pos __unused)
{
	struct pipe *p = f->priv;
	size_t c;
	int err;

	if (!n)
		return 0;
	while (!p->count) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = waitq_sleep(&p->rd_wait);
		if (err)
			return err;
	}
	c = MIN(n, p->count);
	err = ring_out(p, p->head, b, 0, c);
	if (err)
		return err;
	p->head = (p->head + c) % PIPE_SIZE;
	p->count -= c;
	waitq_wake(&p->wr_wait);
	return (ssize_t)c;
}

static ssize_t pipe_write(struct file *f, struct iobuf b, size_t n,
			  off_t *pos __unused)
{
	struct pipe *p = f->priv;
	size_t done = 0;
	int err;

	if (!n)
		return 0;
	for (;;) {
		size_t room = PIPE_SIZE - p->count, c;

		if (!p->readers) {
			signal_raise_current(SIGPIPE);
			return done ? (ssize_t)done : -EPIPE;
		}
		/* Up to PIPE_BUF bytes go in at once or not at all. */
		if (room && (n > PIPE_BUF || room >= n)) {
			c = MIN(room, n - done);
			err = ring_in(p, (p->head + p->count) % PIPE_SIZE, b, done, c);
			if (err)
				return done ? (ssize_t)done : err;
			p->count += c;
			done += c;
			waitq_wake(&p->rd_wait);
			if (done == n)
				return (ssize_t)done;
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		err = waitq_sleep(&p->wr_wait);
		if (err)
			return done ? (ssize_t)done : err;
	}
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->priv;
	int n = (int)p->count;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user((void __user *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static struct pipe *pipe_new(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	waitq_init(&p->rd_wait);
	waitq_init(&p->wr_wait);
	return p;
}

/* One end goes away; the pipe with the last one. */
static void pipe_drop(struct inode *inode, bool reader, bool writer)
{
	struct pipe *p = inode->pipe;

	if (reader && !--p->readers)
		waitq_wake(&p->wr_wait);
	if (writer && !--p->writers)
		waitq_wake(&p->rd_wait);
	if (p->readers || p->writers)
		return;
	for (int i = 0; i < PIPE_PAGES; i++)
		if (p->pages[i])
			page_free_n(p->pages[i], 1);
	kfree(p);
	inode->pipe = NULL;
}

static void pipe_release(struct file *f)
{
	pipe_drop(f->inode, file_readable(f), file_writable(f));
}

/* Wait until *opens moves on from what it was: the other side opened. */
static int wait_open(struct waitq *wq, unsigned *opens)
{
	unsigned seen = *opens;

	while (*opens == seen) {
		int err = waitq_sleep(wq);
		if (err)
			return err;
	}
	return 0;
}

static int fifo_open(struct file *f)
{
	struct inode *inode = f->inode;
	bool rd = file_readable(f), wr = file_writable(f);
	struct pipe *p = inode->pipe;
	int err = 0;

	if (!rd && !wr)
		return -EINVAL;
	if (!p && !(p = inode->pipe = pipe_new()))
		return -ENOMEM;
	if (wr && !rd && !p->readers && (f->flags & O_NONBLOCK)) {
		p->readers++;                   /* so pipe_drop frees it if unused */
		pipe_drop(inode, true, false);
		return -ENXIO;
	}
	f->priv = p;
	p->readers += rd;
	p->writers += wr;
	p->r_opens += rd;
	p->w_opens += wr;
	waitq_wake(&p->rd_wait);
	waitq_wake(&p->wr_wait);
	if (rd && !wr && !p->writers && !(f->flags & O_NONBLOCK))
		err = wait_open(&p->rd_wait, &p->w_opens);
	else if (wr && !rd && !p->readers)
		err = wait_open(&p->wr_wait, &p->r_opens);
	if (err)
		pipe_drop(inode, rd, wr);
	return err;
}

/* As Linux pipe_poll: data or no writers is readable (HUP), room writable,
 * no readers an error for a writer. */
static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned mask = 0;

	if (file_readable(f)) {
		poll_wait(pt, &p->rd_wait);
		if (p->count)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_opens)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		poll_wait(pt, &p->wr_wait);
		if (PIPE_SIZE - p->count >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.poll = pipe_poll,
};

const struct file_ops fifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.poll = pipe_poll,
};

static const struct inode_ops pipe_iops = { 0 };       /* release: kfree */

static struct inode *pipe_inode_new(void)
{
	struct inode *inode = kzalloc(sizeof(*inode));
	struct pipe *p = pipe_new();

	if (!pipe_sb && (pipe_sb = sb_new("pipefs")))
		pipe_sb->magic = PIPEFS_MAGIC;
	if (!inode || !p || !pipe_sb) {
		kfree(inode);
		kfree(p);
		return NULL;
	}
	inode_init(inode, pipe_sb, S_IFIFO | 0600, &pipe_iops);
	inode->pipe = p;
	p->readers = p->writers = 1;
	p->r_opens = p->w_opens = 1; /* for poll: a writer has existed */
	return inode;
}

/* Both ends, each with its own reference to the pipe's inode. */
static int pipe_files(int flags, struct file **rf, struct file **wf)
{
	struct inode *inode = pipe_inode_new();
	int err = 0;

	if (!inode)
		return -ENOMEM;
	*rf = file_alloc(inode, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	*wf = file_alloc(inode, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	if (!*rf || !*wf) {
		for (int i = 0; i < 2; i++) {
			struct file *f = i ? *wf : *rf;
			if (f) {
				f->ops = NULL;  /* pipe_drop below, not release */
				file_put(f);
			}
		}
		pipe_drop(inode, true, true);
		err = -ENOMEM;
	} else {
		(*rf)->priv = (*wf)->priv = inode->pipe;
	}
	inode_put(inode);
	return err;
}

long sys_pipe2(int __user *ufds, int flags)
{
	struct files_state *files = vfs_files();
	struct file *rf, *wf;
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	fds[0] = fd_alloc_from(files, 0);
	fds[1] = fds[0] < 0 ? fds[0] : fd_alloc_from(files, fds[0] + 1);
	if (fds[1] < 0)
		return fds[1];
	err = pipe_files(flags, &rf, &wf);
	if (err)
		return err;
	/* Installed before the copy, which may fault and sleep. */
	fd_install(files, fds[0], rf, flags & O_CLOEXEC);
	fd_install(files, fds[1], wf, flags & O_CLOEXEC);
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		sys_close(fds[0]);
		sys_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int __user *fds)
{
	return sys_pipe2(fds, 0);
}
