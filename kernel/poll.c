// SPDX-License-Identifier: MIT
/*
 * poll.c - poll, ppoll, select and pselect6.
 *
 * One engine: scan the descriptors asking each file's poll op what is ready
 * while queueing a waiter on every wait queue it names; if nothing is ready
 * sleep until one of those queues is woken, a signal arrives or the timeout
 * passes, then scan again.  select is poll over fd_set bitmaps.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"

#define POLL_DEFAULT (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLL_MAX_FDS 1024

struct poll_table {
	struct waiter *w;
	int n, cap;
	bool full;      /* out of memory: poll by timeouts only */
};

struct pollfd_k {
	int fd;
	short events, revents;
};

void poll_wait(struct poll_table *pt, struct waitq *wq)
{
	if (!pt || pt->full)
		return;
	if (pt->n == pt->cap) {
		int cap = pt->cap ? pt->cap * 2 : 16;
		struct waiter *w = kmalloc((size_t)cap * sizeof(*w));
		if (!w) {
			pt->full = true;
			return;
		}
		/* Re-link the queued waiters at their new addresses. */
		for (int i = 0; i < pt->n; i++) {
			struct list_head *prev = pt->w[i].link.prev;
			waiter_del(&pt->w[i]);
			w[i].proc = pt->w[i].proc;
			list_insert_(&w[i].link, prev, prev->next);
		}
		kfree(pt->w);
		pt->w = w;
		pt->cap = cap;
	}
	waiter_add(wq, &pt->w[pt->n++]);
}

static void poll_table_drop(struct poll_table *pt)
{
	for (int i = 0; i < pt->n; i++)
		waiter_del(&pt->w[i]);
	pt->n = 0;
}

static unsigned poll_one(struct pollfd_k *p, struct poll_table *pt)
{
	struct file *f;
	unsigned mask;

	if (p->fd < 0)
		return p->revents = 0;
	f = fd_lookup(p->fd);
	if (!f)
		return p->revents = POLLNVAL;
	mask = f->ops->poll ? f->ops->poll(f, pt) : POLL_DEFAULT;
	mask &= (unsigned)(unsigned short)p->events | POLLERR | POLLHUP;
	p->revents = (short)mask;
	return mask;
}

/* The engine: 0 when timed out, the ready count, or -EINTR. */
static int do_poll(struct pollfd_k *fds, unsigned nfds, uint64_t deadline,
		   bool forever)
{
	struct poll_table pt = { 0 };
	bool timed_out = false;
	int ready;

	for (;;) {
		ready = 0;
		for (unsigned i = 0; i < nfds; i++)
			ready += poll_one(&fds[i], &pt) != 0;
		if (ready || timed_out || (!forever && time_monotonic_ns() >= deadline)) {
			poll_table_drop(&pt);
			break;
		}
		int err = sched_sleep(forever ? 0 : deadline);
		poll_table_drop(&pt);
		if (err == -ERESTARTSYS) {
			ready = -EINTR;
			break;
		}
		timed_out = err == -ETIMEDOUT; /* one last look, then 0 */
	}
	kfree(pt.w);
	return ready;
}

static int timeout_from_ms(int ms, uint64_t *deadline)
{
	if (ms < 0)
		return 1; /* forever */
	*deadline = time_monotonic_ns() + (uint64_t)ms * 1000000ULL;
	return 0;
}

static long poll_common(void __user *ufds, unsigned nfds, uint64_t deadline,
			bool forever)
{
	struct pollfd_k *fds;
	long ret;

	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	fds = kmalloc(sizeof(*fds) * (nfds ? nfds : 1));
	if (!fds)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, sizeof(*fds) * nfds))
		goto out;
	ret = do_poll(fds, nfds, deadline, forever);
	if (ret >= 0 && copy_to_user(ufds, fds, sizeof(*fds) * nfds))
		ret = -EFAULT;
out:
	kfree(fds);
	return ret;
}

long sys_poll(void __user *ufds, unsigned nfds, int timeout_ms)
{
	uint64_t deadline = 0;
	bool forever = timeout_from_ms(timeout_ms, &deadline);

	return poll_common(ufds, nfds, deadline, forever);
}

/* Read a relative timespec; NULL means forever. */
static int read_timeout(const void __user *uts, uint64_t *deadline, bool *forever)
{
	uint64_t ns;
	int err;

	*forever = !uts;
	if (!uts)
		return 0;
	if ((err = timespec_from_user(uts, &ns)))
		return err;
	if (ns > 100000000ULL * NSEC_PER_SEC) {
		*forever = true;
		return 0;
	}
	*deadline = time_monotonic_ns() + ns;
	return 0;
}

/* Install a temporary signal mask for ppoll/pselect; the old one comes
 * back after the call, or after the handler when the call was interrupted. */
static int set_temp_mask(const uint64_t __user *umask, size_t size, uint64_t *old)
{
	uint64_t m;

	*old = current->sig_blocked;
	if (!umask)
		return 0;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	current->sig_blocked = m & ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
	return 0;
}

static void restore_mask(long ret, uint64_t old, bool had_mask)
{
	if (!had_mask)
		return;
	if (ret == -EINTR) {
		current->sig_saved_mask = old;
		current->sig_restore_mask = true;
	} else {
		current->sig_blocked = old;
	}
}

long sys_ppoll(void __user *ufds, unsigned nfds, const void __user *uts,
	       const uint64_t __user *umask, size_t sigsetsize)
{
	uint64_t deadline = 0, old;
	bool forever;
	int err = read_timeout(uts, &deadline, &forever);

	if (err)
		return err;
	err = set_temp_mask(umask, sigsetsize, &old);
	if (err)
		return err;
	long ret = poll_common(ufds, nfds, deadline, forever);
	restore_mask(ret, old, umask != NULL);
	return ret;
}

/* select: fd_set bitmaps of unsigned long words. */
#define FDSET_WORDS(n) (((n) + 63) / 64)

static long do_select(int n, uint64_t __user *uin, uint64_t __user *uout,
		      uint64_t __user *uex, uint64_t deadline, bool forever)
{
	uint64_t sets[3][FD_MAX / 64] = { 0 };
	uint64_t __user *u[3] = { uin, uout, uex };
	size_t bytes = FDSET_WORDS((unsigned)n) * 8;
	struct pollfd_k *fds;
	unsigned cnt = 0;
	long ret;

	if (n < 0)
		return -EINVAL;
	if (n > FD_MAX)
		n = FD_MAX;
	for (int s = 0; s < 3; s++)
		if (u[s] && copy_from_user(sets[s], u[s], bytes))
			return -EFAULT;
	fds = kmalloc(sizeof(*fds) * (size_t)(n ? n : 1));
	if (!fds)
		return -ENOMEM;
	for (int fd = 0; fd < n; fd++) {
		short ev = 0;
		if (sets[0][fd / 64] & (1ULL << (fd % 64)))
			ev |= POLLIN | POLLRDNORM | POLLHUP | POLLERR;
		if (sets[1][fd / 64] & (1ULL << (fd % 64)))
			ev |= POLLOUT | POLLWRNORM | POLLERR;
		if (sets[2][fd / 64] & (1ULL << (fd % 64)))
			ev |= POLLPRI;
		if (!ev)
			continue;
		if (!fd_lookup(fd)) {
			kfree(fds);
			return -EBADF;
		}
		fds[cnt++] = (struct pollfd_k){ fd, ev, 0 };
	}
	ret = do_poll(fds, cnt, deadline, forever);
	if (ret < 0)
		goto out;
	memset(sets, 0, sizeof(sets));
	ret = 0;
	for (unsigned i = 0; i < cnt; i++) {
		int fd = fds[i].fd;
		unsigned r = (unsigned short)fds[i].revents;
		bool hit[3] = { r & (POLLIN | POLLRDNORM | POLLHUP | POLLERR) &&
					(fds[i].events & POLLIN),
				r & (POLLOUT | POLLWRNORM | POLLERR) &&
					(fds[i].events & POLLOUT),
				r & POLLPRI };
		for (int s = 0; s < 3; s++)
			if (hit[s]) {
				sets[s][fd / 64] |= 1ULL << (fd % 64);
				ret++;
			}
	}
	for (int s = 0; s < 3; s++)
		if (u[s] && copy_to_user(u[s], sets[s], bytes))
			ret = -EFAULT;
out:
	kfree(fds);
	return ret;
}

long sys_select(int n, uint64_t __user *in, uint64_t __user *out,
		uint64_t __user *ex, void __user *utv)
{
	uint64_t deadline = 0;
	bool forever = !utv;
	int64_t tv[2];
	long ret;

	if (utv) {
		if (copy_from_user(tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0)
			return -EINVAL;
		deadline = time_monotonic_ns() + (uint64_t)tv[0] * NSEC_PER_SEC +
			   (uint64_t)(tv[1] % 1000000) * 1000 +
			   (uint64_t)(tv[1] / 1000000) * NSEC_PER_SEC;
	}
	ret = do_select(n, in, out, ex, deadline, forever);
	if (utv && ret >= 0) {
		uint64_t now = time_monotonic_ns();
		uint64_t left = deadline > now ? deadline - now : 0;
		tv[0] = (int64_t)(left / NSEC_PER_SEC);
		tv[1] = (int64_t)(left % NSEC_PER_SEC / 1000);
		if (copy_to_user(utv, tv, sizeof(tv)))
			return -EFAULT;
	}
	return ret;
}

long sys_pselect6(int n, uint64_t __user *in, uint64_t __user *out,
		  uint64_t __user *ex, const void __user *uts, const void __user *usig)
{
	uint64_t deadline = 0, old;
	uint64_t sig[2] = { 0, 0 }; /* { const sigset_t *ss; size_t ss_len; } */
	bool forever;
	int err = read_timeout(uts, &deadline, &forever);

	if (err)
		return err;
	if (usig && copy_from_user(sig, usig, sizeof(sig)))
		return -EFAULT;
	err = set_temp_mask((const uint64_t *)sig[0], sig[1], &old);
	if (err)
		return err;
	long ret = do_select(n, in, out, ex, deadline, forever);
	restore_mask(ret, old, sig[0] != 0);
	return ret;
}
