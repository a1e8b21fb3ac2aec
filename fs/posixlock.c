// SPDX-License-Identifier: MIT
/*
 * posixlock.c - POSIX record locks: fcntl F_GETLK, F_SETLK, F_SETLKW
 * (POSIX.1-2017 fcntl(), "Record locking"; Linux fs/locks.c) and Linux's
 * open file description locks F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW.
 *
 * A lock covers a byte range of an inode and belongs to an owner: for the
 * classic commands the descriptor table that took it (Linux's fl_owner =
 * current->files), for the OFD ones the open file description (so a fork
 * or dup shares it, and another open() of the same file is another owner).
 * An owner's own locks never conflict with each other, a new one replaces
 * the part of its old ones it overlaps (splitting them) and merges with
 * those of its type it overlaps or touches, so an owner's locks on an inode
 * never overlap, nor touch when of one type (Linux's posix_lock_inode).
 * F_GETLK reports the first lock in Linux's order, which the list keeps:
 * an owner's locks on an inode sit together, by start, where its first
 * one went (after every other owner's).  Closing any
 * descriptor of the inode drops all of that table's classic locks on it
 * (plock_release from fd_clear); OFD locks go at the description's last
 * close (from file_put).  Read locks coexist; a write lock excludes every
 * other owner's lock on the bytes it covers, classic and OFD alike.
 *
 * F_SETLKW fails with EDEADLK rather than sleep when the lock it waits for
 * belongs to an owner that waits, through a chain of waiting owners, for
 * a lock of the caller (Linux's posix_locks_deadlock: classic locks only,
 * as an OFD owner is no process, and at most MAX_DEADLK_ITERATIONS links).
 * Locks and waiters live on lists, few enough here that a walk is fine.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define MAX_DEADLK_ITERATIONS 10
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

/* struct flock of the 64-bit Linux ABI (x86_64 and arm64 alike). */
struct user_flock {
	int16_t l_type;
	int16_t l_whence;
	int64_t l_start;
	int64_t l_len;
	int32_t l_pid;
};

struct plock {
	struct list_head link;
	const void *owner;      /* struct files_state, or struct file (ofd); no reference:
				 * the lock goes when its owner closes the inode */
	struct inode *inode;    /* no reference: an owner's descriptor holds one */
	int pid;                /* who took it, for F_GETLK; -1 for an OFD lock */
	int type;               /* F_RDLCK or F_WRLCK */
	off_t start, end;       /* bytes start..end inclusive; OFF_MAX: no end */
};

/* A classic F_SETLKW asleep: what it asks for, for deadlock detection. */
struct plock_waiter {
	struct list_head link;
	const void *owner;
	struct inode *inode;
	int type;
	off_t start, end;
};

static struct list_head plocks = LIST_HEAD_INIT(plocks);
static struct list_head waiters = LIST_HEAD_INIT(waiters);
static struct waitq plock_wait = WAITQ_INIT(plock_wait);

static struct plock *entry(struct list_head *l)
{
	return list_entry(l, struct plock, link);
}

/* The range fl names in f, as start..end; -EINVAL or -EOVERFLOW if bad. */
static int lock_range(struct file *f, const struct user_flock *fl, off_t *start, off_t *end)
{
	off_t base;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = (off_t)f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, fl->l_start, start))
		return -EOVERFLOW;
	if (*start < 0)
		return -EINVAL;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(*start, fl->l_len - 1, end))
			return -EOVERFLOW;
	} else if (fl->l_len == 0) {
		*end = OFF_MAX;
	} else {
		*end = *start - 1;
		*start += fl->l_len;	/* no overflow: *start >= 0 */
	}
	return *start < 0 ? -EINVAL : 0;
}

/* Another owner's lock on inode that a type lock on start..end meets. */
static struct plock *conflict(const void *owner, struct inode *inode, int type,
			      off_t start, off_t end)
{
	struct list_head *l;

	list_for_each(l, &plocks) {
		struct plock *p = entry(l);
		if (p->inode == inode && p->owner != owner && p->start <= end &&
		    start <= p->end && (type == F_WRLCK || p->type == F_WRLCK))
			return p;
	}
	return NULL;
}

/*
 * Take start..end out of owner's locks on inode but keep (if not NULL): a
 * lock inside goes, one over an edge shrinks, one around the range splits
 * in two (using *spare, which is then NULL; the tail goes right after it,
 * keeping the order).  Waiters are woken: what they wait for may be free.
 */
static void cut(const void *owner, struct inode *inode, off_t start, off_t end,
		const struct plock *keep, struct plock **spare)
{
	struct list_head *l, *next;

	for (l = plocks.next; l != &plocks; l = next) {
		struct plock *p = entry(l);
		next = l->next;
		if (p->inode != inode || p->owner != owner || p->end < start ||
		    end < p->start || p == keep)
			continue;
		if (p->start < start && p->end > end) {
			struct plock *tail = *spare;
			*spare = NULL;
			*tail = *p;
			tail->start = end + 1;
			list_add(&tail->link, &p->link);
			p->end = start - 1;
		} else if (p->start < start) {
			p->end = start - 1;
		} else if (p->end > end) {
			p->start = end + 1;
		} else {
			list_del(&p->link);
			kfree(p);
		}
	}
	waitq_wake(&plock_wait);
}

/*
 * From fd_clear (owner a descriptor table that closed a descriptor of
 * inode) and file_put (owner the description going away): its locks go.
 */
void plock_release(const void *owner, struct inode *inode)
{
	struct plock *none = NULL;

	if (!list_empty(&plocks))
		cut(owner, inode, 0, OFF_MAX, NULL, &none);
}

/* The lock a classic waiter of owner waits for (the first that blocks it). */
static struct plock *waits_for(const void *owner)
{
	struct list_head *l;

	list_for_each(l, &waiters) {
		struct plock_waiter *w = list_entry(l, struct plock_waiter, link);
		if (w->owner == owner)
			return conflict(w->owner, w->inode, w->type, w->start, w->end);
	}
	return NULL;
}

/* Would owner, waiting for block, wait for itself?  (posix_locks_deadlock) */
static bool deadlock(const void *owner, struct plock *block)
{
	for (int i = 0; (block = waits_for(block->owner)); i++) {
		if (i > MAX_DEADLK_ITERATIONS)
			return false;
		if (block->owner == owner)
			return true;
	}
	return false;
}

/* Sleep until a lock goes, as a waiter deadlock() can see when classic. */
static int wait_unlock(struct plock_waiter *w, bool ofd)
{
	int err;

	if (!ofd)
		list_add_tail(&w->link, &waiters);
	err = waitq_sleep(&plock_wait);
	if (!ofd)
		list_del(&w->link);
	return err;
}

/*
 * Widen start..end over owner's locks of type on inode that it overlaps or
 * touches (none when type is F_UNLCK); the one of them that starts first
 * is returned, to become the merged lock, keeping its place and its pid.
 */
static struct plock *merge(const void *owner, struct inode *inode, int type,
			   off_t *start, off_t *end)
{
	struct plock *into = NULL;
	struct list_head *l;

	list_for_each(l, &plocks) {
		struct plock *p = entry(l);
		/* "- 1" on the starts, not "+ 1" on the ends: an end may be OFF_MAX */
		if (p->inode != inode || p->owner != owner || p->type != type ||
		    p->end < *start - 1 || p->start - 1 > *end)
			continue;
		if (!into || p->start < into->start)
			into = p;
		*start = MIN(*start, p->start);
		*end = MAX(*end, p->end);
	}
	return into;
}

/*
 * Where a new lock of owner on inode on bytes from start goes: before its
 * first lock there that starts later, else after its last one; after
 * (the list node following its last lock, taken before the cut).
 */
static struct list_head *place(const void *owner, struct inode *inode, off_t start,
			       struct list_head *after)
{
	struct list_head *l;

	list_for_each(l, &plocks) {
		struct plock *p = entry(l);
		if (p->inode == inode && p->owner == owner && p->start > start)
			return l;
	}
	return after;
}

/* The node after owner's last lock on inode; the list's end if none. */
static struct list_head *group_end(const void *owner, struct inode *inode)
{
	struct list_head *l, *after = &plocks;

	list_for_each(l, &plocks) {
		struct plock *p = entry(l);
		if (p->inode == inode && p->owner == owner)
			after = l->next;
	}
	return after;
}

static long set_lock(struct file *f, bool ofd, int type, off_t start, off_t end, bool wait)
{
	const void *owner = ofd ? (const void *)f : vfs_files();
	struct plock_waiter w = { .owner = owner, .inode = f->inode, .type = type,
				  .start = start, .end = end };
	struct plock *p, *spare, *block, *into = NULL;
	struct list_head *after;

	while (type != F_UNLCK && (block = conflict(owner, f->inode, type, start, end))) {
		if (!wait)
			return -EAGAIN;
		if (!ofd && deadlock(owner, block))
			return -EDEADLK;
		int err = wait_unlock(&w, ofd);
		if (err)
			return err;
	}
	p = kmalloc(sizeof(*p));
	spare = kmalloc(sizeof(*spare));
	if (!p || !spare) {
		kfree(p);
		kfree(spare);
		return -ENOLCK;
	}
	if (type != F_UNLCK)
		into = merge(owner, f->inode, type, &start, &end);
	after = group_end(owner, f->inode);
	cut(owner, f->inode, start, end, into, &spare);
	kfree(spare);
	if (type == F_UNLCK || into) {
		kfree(p);
		if (into) {
			into->start = start;
			into->end = end;
		}
		return 0;
	}
	*p = (struct plock){ .owner = owner, .inode = f->inode,
			     .pid = ofd ? -1 : (int)sys_getpid(),
			     .type = type, .start = start, .end = end };
	list_add_tail(&p->link, place(owner, f->inode, start, after));
	return 0;
}

/* F_GETLK: the first lock that would block fl, or l_type F_UNLCK. */
static long get_lock(struct file *f, bool ofd, struct user_flock *fl, off_t start, off_t end)
{
	struct plock *p;

	if (fl->l_type == F_UNLCK)
		return -EINVAL;
	p = conflict(ofd ? (const void *)f : vfs_files(), f->inode, fl->l_type, start, end);
	if (!p) {
		fl->l_type = F_UNLCK;
		return 0;
	}
	fl->l_type = (int16_t)p->type;
	fl->l_whence = SEEK_SET;
	fl->l_start = p->start;
	fl->l_len = p->end == OFF_MAX ? 0 : p->end - p->start + 1;
	fl->l_pid = p->pid;
	return 0;
}

/*
 * fcntl's record-lock commands on f; ufl is the caller's struct flock.
 * Errors in Linux's order: the type, the range, (F_SETLK*) the access
 * mode, then an OFD command's l_pid, which must be 0.
 */
long plock_fcntl(struct file *f, unsigned int cmd, void __user *ufl)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	struct user_flock fl;
	off_t start, end;
	long err;

	if (copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	if (!f->inode || f->flags & O_PATH)
		return -EBADF;
	err = lock_range(f, &fl, &start, &end);
	if (err)
		return err;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (ofd && fl.l_pid)
			return -EINVAL;
		err = get_lock(f, ofd, &fl, start, end);
		if (!err && copy_to_user(ufl, &fl, sizeof(fl)))
			err = -EFAULT;
		return err;
	}
	if ((fl.l_type == F_RDLCK && !file_readable(f)) ||
	    (fl.l_type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	if (ofd && fl.l_pid)
		return -EINVAL;
	return set_lock(f, ofd, fl.l_type, start, end, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}
