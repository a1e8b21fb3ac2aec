// SPDX-License-Identifier: MIT
/*
 * socket.c - the socket layer: socket(2) and the calls on sockets, the
 * open-file face of a socket (read, write, poll, close, O_NONBLOCK through
 * fcntl, fstat's S_IFSOCK from fs/sockfs.c) and the user-memory side of
 * sendmsg/recvmsg (struct msghdr, iovecs, control messages; socket(7),
 * cmsg(3), unix(7)).  Families do the rest through struct sock_ops.
 *
 * Errors follow Linux's net/socket.c: bad flags EINVAL, families it does not
 * have EAFNOSUPPORT, descriptors that are not sockets ENOTSOCK, addresses
 * longer than struct sockaddr_storage EINVAL, bad pointers EFAULT.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "net/net_internal.h"

#define SOCK_MAX 11
#define SOMAXCONN 4096
#define FIONREAD 0x541B

static const struct net_family *const families[] = {
	&unix_family,
	&inet_family,
	&inet6_family,
	&netlink_family,
	&packet_family,
};

static const struct file_ops sock_fops;

void sock_init(struct socket *s, int family, int type, const struct sock_ops *ops)
{
	s->family = family;
	s->type = type;
	s->ops = ops;
	s->sndbuf = s->rcvbuf = SOCK_BUF_DEFAULT;
	waitq_init(&s->wait);
}

struct ucred sock_cred_now(void)
{
	const struct cred *c = current_cred();

	return (struct ucred){ current->pid, c->euid, c->egid };
}

int sock_epipe(const struct sock_msg *m)
{
	if (!(m->flags & MSG_NOSIGNAL))
		signal_raise_current(SIGPIPE);
	return -EPIPE;
}

uint64_t sock_deadline(uint64_t timeo)
{
	return timeo ? time_monotonic_ns() + timeo : 0;
}

int sock_sleep(struct waitq *wq, uint64_t deadline)
{
	int err;

	if (!deadline)
		return waitq_sleep(wq);
	err = waitq_sleep_until(wq, deadline);
	if (err == -ETIMEDOUT)
		return -EAGAIN;
	return err == -ERESTARTSYS ? -EINTR : err;
}

bool file_is_socket(struct file *f)
{
	return f && f->ops == &sock_fops;
}

struct socket *sock_lookup(int fd, struct file **fp)
{
	struct file *f = fd_lookup(fd);

	if (!f || !f->ops)
		return ERR_PTR(-EBADF);
	if (f->ops != &sock_fops)
		return ERR_PTR(-ENOTSOCK);
	file_get(f);
	*fp = f;
	return f->priv;
}

/* ---- the open file ---------------------------------------------------- */

/* read(2) and write(2): a message with no name, no control data, no flags. */
static ssize_t sock_rw(struct file *f, struct iobuf b, size_t n, bool send)
{
	struct socket *s = f->priv;
	struct sock_msg *m = kzalloc(sizeof(*m));
	ssize_t r;

	if (!m)
		return -ENOMEM;
	m->data = b;
	m->len = n;
	m->nonblock = f->flags & O_NONBLOCK;
	m->deadline = sock_deadline(send ? s->sndtimeo : s->rcvtimeo);
	if (send)
		r = s->ops->sendmsg ? s->ops->sendmsg(s, m) : -EOPNOTSUPP;
	else
		r = s->ops->recvmsg ? s->ops->recvmsg(s, m) : -EOPNOTSUPP;
	for (int i = 0; i < m->nfds; i++)       /* read(2) takes no fds */
		file_put(m->fds[i]);
	kfree(m);
	return r;
}

static ssize_t sock_read(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	return sock_rw(f, b, n, false);
}

static ssize_t sock_write(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	return sock_rw(f, b, n, true);
}

static unsigned sock_poll(struct file *f, struct poll_table *pt)
{
	struct socket *s = f->priv;

	return s->ops->poll(s, pt);
}

static void sock_release(struct file *f)
{
	struct socket *s = f->priv;

	s->file = NULL;
	s->ops->release(s);
}

static long sock_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct socket *s = f->priv;
	int n;

	if (cmd != FIONREAD)
		return net_dev_ioctl(cmd, arg);
	if (!s->ops->inq)
		return -ENOTTY;
	n = s->ops->inq(s);
	if (n < 0)
		return n;
	return copy_to_user((void __user *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static const struct file_ops sock_fops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.release = sock_release,
	.ioctl = sock_ioctl,
};

/* Give s an open file and an fd; on failure s is released. */
static int sock_install(struct socket *s, int flags)
{
	struct file *f = sockfs_file(&sock_fops, s, (unsigned)flags);

	if (!f) {
		s->ops->release(s);
		return -ENOMEM;
	}
	s->file = f;
	return sockfs_install(f, flags & SOCK_CLOEXEC);
}

/* ---- creating ----------------------------------------------------------- */

static int sock_create(int family, int type, int protocol, struct socket **out)
{
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(families); i++)
		if (families[i]->family == family)
			return families[i]->create(type, protocol, out);
	printk_once("socket: address family %d not supported\n", family);
	return -EAFNOSUPPORT;
}

static int split_type(int *type)
{
	int flags = *type & ~SOCK_TYPE_MASK;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	*type &= SOCK_TYPE_MASK;
	return flags;
}

long sys_socket(int family, int type, int protocol)
{
	struct socket *s;
	int flags = split_type(&type), err;

	if (flags < 0)
		return flags;
	err = sock_create(family, type, protocol, &s);
	if (err)
		return err;
	return sock_install(s, flags);
}

long sys_socketpair(int family, int type, int protocol, int __user *usv)
{
	struct socket *a, *b;
	int flags = split_type(&type), fds[2], err;

	if (flags < 0)
		return flags;
	err = sock_create(family, type, protocol, &a);
	if (err)
		return err;
	err = sock_create(family, type, protocol, &b);
	if (err)
		goto out_release_a;
	err = a->ops->pair ? a->ops->pair(a, b) : -EOPNOTSUPP;
	if (err)
		goto out_release_b;
	fds[0] = sock_install(a, flags);
	if (fds[0] < 0) {
		b->ops->release(b);
		return fds[0];
	}
	fds[1] = sock_install(b, flags);
	if (fds[1] < 0) {
		sys_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(usv, fds, sizeof(fds))) {
		sys_close(fds[0]);
		sys_close(fds[1]);
		return -EFAULT;
	}
	return 0;

out_release_b:
	b->ops->release(b);
out_release_a:
	a->ops->release(a);
	return err;
}

/* ---- addresses ---------------------------------------------------------- */

/* move_addr_to_kernel: len 0 gives no address. */
static int addr_in(const void __user *ua, int len, struct sock_addr *a)
{
	if (len < 0 || len > SOCK_ADDR_MAX)
		return -EINVAL;
	a->len = len;
	if (len && copy_from_user(a->buf, ua, (size_t)len))
		return -EFAULT;
	return 0;
}

int sock_addr_out(const struct sock_addr *a, void __user *ua, int __user *ulen)
{
	int len;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > a->len)
		len = a->len;
	if (len && copy_to_user(ua, a->buf, (size_t)len))
		return -EFAULT;
	return copy_to_user(ulen, &a->len, sizeof(a->len)) ? -EFAULT : 0;
}

long sys_bind(int fd, const void __user *uaddr, int len)
{
	struct sock_addr a;
	struct socket *s;
	struct file *f;
	int err = addr_in(uaddr, len, &a);

	if (err)
		return err;
	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = s->ops->bind ? s->ops->bind(s, &a) : -EOPNOTSUPP;
	file_put(f);
	return err;
}

long sys_connect(int fd, const void __user *uaddr, int len)
{
	struct sock_addr a;
	struct socket *s;
	struct file *f;
	int err = addr_in(uaddr, len, &a);

	if (err)
		return err;
	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = s->ops->connect ? s->ops->connect(s, &a, f->flags & O_NONBLOCK)
			      : -EOPNOTSUPP;
	file_put(f);
	return err;
}

long sys_listen(int fd, int backlog)
{
	struct socket *s;
	struct file *f;
	int err;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	err = s->ops->listen ? s->ops->listen(s, backlog) : -EOPNOTSUPP;
	file_put(f);
	return err;
}

long sys_accept4(int fd, void __user *uaddr, int __user *ulen, int flags)
{
	struct socket *s, *ns;
	struct sock_addr a = { 0 };
	struct file *f;
	int err, nfd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = s->ops->accept ? s->ops->accept(s, &ns, f->flags & O_NONBLOCK)
			     : -EOPNOTSUPP;
	file_put(f);
	if (err)
		return err;
	if (uaddr)
		ns->ops->getname(ns, &a, true);
	nfd = sock_install(ns, flags);
	if (nfd < 0 || !uaddr)
		return nfd;
	err = sock_addr_out(&a, uaddr, ulen);
	if (err) {
		sys_close(nfd);
		return err;
	}
	return nfd;
}

long sys_accept(int fd, void __user *uaddr, int __user *ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

static long sock_name(int fd, void __user *uaddr, int __user *ulen, bool peer)
{
	struct sock_addr a = { 0 };
	struct socket *s;
	struct file *f;
	int err;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = s->ops->getname(s, &a, peer);
	file_put(f);
	return err ? err : sock_addr_out(&a, uaddr, ulen);
}

long sys_getsockname(int fd, void __user *uaddr, void __user *ulen)
{
	return sock_name(fd, uaddr, ulen, false);
}

long sys_getpeername(int fd, void __user *uaddr, void __user *ulen)
{
	return sock_name(fd, uaddr, ulen, true);
}

long sys_shutdown(int fd, int how)
{
	struct socket *s;
	struct file *f;
	int err;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (how < SHUT_RD || how > SHUT_RDWR)
		err = -EINVAL;
	else
		err = s->ops->shutdown ? s->ops->shutdown(s, how) : -EOPNOTSUPP;
	file_put(f);
	return err;
}
