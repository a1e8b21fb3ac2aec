// SPDX-License-Identifier: MIT
/*
 * flock.c - flock(2) advisory locks and sendfile(2).
 *
 * flock locks belong to the open file description: dup'd and inherited
 * descriptors share one lock, which goes away with the last close.  Shared
 * locks coexist; an exclusive lock excludes everything else; converting
 * between them is not atomic (as in Linux: the old lock is dropped first).
 * Locks live on one list, few enough here that a walk is fine.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct flock_entry {
	struct list_head link;
	struct file *file;      /* the owner: no reference, removed at release */
	struct inode *inode;
	int type;               /* LOCK_SH or LOCK_EX */
};

static struct list_head locks = LIST_HEAD_INIT(locks);
static struct waitq lock_wait = WAITQ_INIT(lock_wait);

static struct flock_entry *find_own(struct file *f)
{
	struct list_head *l;

	list_for_each(l, &locks) {
		struct flock_entry *e = list_entry(l, struct flock_entry, link);
		if (e->file == f)
			return e;
	}
	return NULL;
}

static bool conflicts(struct file *f, int type)
{
	struct list_head *l;

	list_for_each(l, &locks) {
		struct flock_entry *e = list_entry(l, struct flock_entry, link);
		if (e->inode == f->inode && e->file != f &&
		    (type == LOCK_EX || e->type == LOCK_EX))
			return true;
	}
	return false;
}

static void unlock(struct flock_entry *e)
{
	list_del(&e->link);
	kfree(e);
	waitq_wake(&lock_wait);
}

/* From file_put when the description goes away. */
void flock_release(struct file *f)
{
	struct flock_entry *e = find_own(f);

	if (e)
		unlock(e);
}

static long do_flock(struct file *f, int op)
{
	int type = op & ~LOCK_NB;
	struct flock_entry *e = find_own(f);

	if (type == LOCK_UN) {
		if (e)
			unlock(e);
		return 0;
	}
	if (type != LOCK_SH && type != LOCK_EX)
		return -EINVAL;
	if (e && e->type == type)
		return 0;
	if (e) /* conversion: drop, then take the new kind */
		unlock(e);
	while (conflicts(f, type)) {
		if (op & LOCK_NB)
			return -EWOULDBLOCK;
		int err = waitq_sleep(&lock_wait);
		if (err)
			return err;
	}
	e = kmalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	*e = (struct flock_entry){ .file = f, .inode = f->inode, .type = type };
	list_add_tail(&e->link, &locks);
	return 0;
}

long sys_flock(int fd, unsigned int op)
{
	struct file *f = fd_get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_flock(f, (int)op);
	file_put(f);
	return ret;
}

#define SENDFILE_CHUNK 4096

/* Copy count bytes from in (at *off, or its position) to out. */
static ssize_t copy_range(struct file *out, struct file *in, off_t *pos, size_t count)
{
	char *buf = kmalloc(SENDFILE_CHUNK);
	struct iobuf kb = { .p = buf, .user = false };
	size_t done = 0;
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t want = MIN(count - done, (size_t)SENDFILE_CHUNK);
		ssize_t n = vfs_read(in, kb, want, pos);
		if (n <= 0) {
			err = n;
			break;
		}
		ssize_t w = vfs_write(out, kb, (size_t)n, &out->pos);
		if (w < 0) {
			err = w;
			break;
		}
		done += (size_t)w;
		if (w < n) {
			*pos -= n - w; /* give back what was not written */
			break;
		}
		if (signal_pending())
			break;
	}
	kfree(buf);
	return done ? (ssize_t)done : err;
}

ssize_t sys_sendfile(int out_fd, int in_fd, off_t __user *uoff, size_t count)
{
	struct file *out = fd_get(out_fd), *in = fd_get(in_fd);
	off_t off = 0;
	ssize_t ret;

	ret = -EBADF;
	if (!out || !in || !file_readable(in) || !file_writable(out))
		goto out;
	ret = -EINVAL;
	if (!S_ISREG(file_mode(in)) && !S_ISCHR(file_mode(in)) && !S_ISBLK(file_mode(in)))
		goto out; /* Linux: the source must support mmap-like reads */
	if (in->ops && in->ops->no_sendfile)
		goto out;
	if (out->flags & O_APPEND)
		goto out;
	if (uoff) {
		ret = -EFAULT;
		if (copy_from_user(&off, uoff, sizeof(off)))
			goto out;
		ret = -EINVAL;
		if (off < 0)
			goto out;
		ret = copy_range(out, in, &off, count);
		if (ret >= 0 && copy_to_user(uoff, &off, sizeof(off)))
			ret = -EFAULT;
	} else {
		ret = copy_range(out, in, &in->pos, count);
	}
out:
	if (out)
		file_put(out);
	if (in)
		file_put(in);
	return ret;
}
