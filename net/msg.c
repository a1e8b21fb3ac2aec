// SPDX-License-Identifier: MIT
/*
 * msg.c - the data calls on sockets: sendto, recvfrom, sendmsg, recvmsg,
 * sendmmsg, recvmmsg.  Copies struct msghdr, its iovec and its control
 * messages (cmsg(3): SCM_RIGHTS, SCM_CREDENTIALS, unix(7)) between user
 * memory and struct sock_msg, as Linux's ____sys_sendmsg, __scm_send,
 * put_cmsg and scm_detach_fds do, truncation rules (MSG_CTRUNC) included.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "net/net_internal.h"

#define MAX_RW_COUNT 0x7ffff000L     /* as fs/ clamps reads and writes */
#define OPTMEM_MAX 20480        /* net.core.optmem_max: control bytes */
#define IOV_ON_STACK 8
#define MSG_WAITFORONE 0x10000
#define CMSG_HDR 16             /* struct cmsghdr: size_t len; int level, type */
#define CMSG_ALIGN(n) ALIGN_UP((size_t)(n), 8)

struct user_msghdr {            /* struct msghdr, 64-bit layout */
	void __user *name;
	int namelen;
	int pad1;
	const void __user *iov;
	size_t iovlen;
	void __user *control;
	size_t controllen;
	int flags;
	int pad2;
};

struct user_mmsghdr {
	struct user_msghdr hdr;
	unsigned len;
	int pad;
};

struct cmsg_hdr {
	size_t len;
	int level, type;
};

static void msg_put_fds(struct sock_msg *m)
{
	for (int i = 0; i < m->nfds; i++)
		file_put(m->fds[i]);
	m->nfds = 0;
}

/* The socket of fd with its file referenced and the msg to go with it;
 * ERR_PTR on failure. */
static struct socket *msg_begin(int fd, struct file **f, struct sock_msg **m,
				int flags, bool send)
{
	struct socket *s = sock_lookup(fd, f);

	if (IS_ERR(s))
		return s;
	*m = kzalloc(sizeof(**m));
	if (!*m) {
		file_put(*f);
		return ERR_PTR(-ENOMEM);
	}
	(*m)->flags = flags;
	(*m)->nonblock = ((*f)->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	(*m)->deadline = sock_deadline(send ? s->sndtimeo : s->rcvtimeo);
	return s;
}

static void msg_end(struct file *f, struct sock_msg *m)
{
	msg_put_fds(m);
	kfree(m);
	file_put(f);
}

/* ---- control messages in ------------------------------------------------ */

static bool cred_ok(const struct ucred *u)
{
	const struct cred *c = current_cred();

	if (cred_privileged())
		return true;
	return u->pid == current->pid &&
	       (u->uid == c->uid || u->uid == c->euid || u->uid == c->suid) &&
	       (u->gid == c->gid || u->gid == c->egid || u->gid == c->sgid);
}

static int cmsg_rights(struct socket *s, const char *data, size_t len,
		       struct sock_msg *m)
{
	size_t n = len / sizeof(int);

	if (s->family != AF_UNIX)
		return -EINVAL;
	if (n > (size_t)(SCM_MAX_FD - m->nfds))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int fd;
		struct file *f;

		memcpy(&fd, data + i * sizeof(int), sizeof(fd));
		f = fd_lookup(fd);
		if (!f)
			return -EBADF;
		file_get(f);
		m->fds[m->nfds++] = f;
	}
	return 0;
}

static int cmsg_one(struct socket *s, const struct cmsg_hdr *h,
		    const char *data, struct sock_msg *m)
{
	size_t len = h->len - CMSG_HDR;

	if (h->level != SOL_SOCKET)
		return 0;               /* other levels: not ours, ignored */
	switch (h->type) {
	case SCM_RIGHTS:
		return cmsg_rights(s, data, len, m);
	case SCM_CREDENTIALS:
		if (len != sizeof(struct ucred))
			return -EINVAL;
		memcpy(&m->cred, data, sizeof(m->cred));
		if (!cred_ok(&m->cred))
			return -EPERM;
		m->has_cred = true;
		return 0;
	default:
		return -EINVAL;
	}
}

static int cmsg_parse(struct socket *s, const void __user *uc, size_t len,
		      struct sock_msg *m)
{
	char *buf;
	size_t off = 0;
	int err = 0;

	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, uc, len))
		err = -EFAULT;
	/* The last message's padding may be missing (CMSG_LEN, not
	 * CMSG_SPACE, in msg_controllen): off can pass len. */
	while (!err && off < len && len - off >= CMSG_HDR) {
		struct cmsg_hdr h;

		memcpy(&h, buf + off, sizeof(h));
		if (h.len < CMSG_HDR || h.len > len - off) {
			err = -EINVAL;
			break;
		}
		err = cmsg_one(s, &h, buf + off + CMSG_HDR, m);
		off += CMSG_ALIGN(h.len);
	}
	kfree(buf);
	return err;
}

/* ---- sending ------------------------------------------------------------- */

/* Copy in and check the iovec of h; *iov is small or a kmalloc'd array. */
static ssize_t msg_iov(const struct user_msghdr *h, struct io_vec *small,
		       struct io_vec **iov)
{
	*iov = small;
	if (h->iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if (h->iovlen > IOV_ON_STACK) {
		*iov = kmalloc(h->iovlen * sizeof(**iov));
		if (!*iov)
			return -ENOMEM;
	}
	return h->iovlen ? import_iovec(h->iov, (int)h->iovlen, *iov) : 0;
}

static ssize_t send_hdr(struct socket *s, struct sock_msg *m,
			const struct user_msghdr *h)
{
	struct io_vec small[IOV_ON_STACK], *iov;
	ssize_t r;

	if (h->name && h->namelen) {
		if (h->namelen < 0)
			return -EINVAL;
		m->addr.len = MIN(h->namelen, SOCK_ADDR_MAX);
		if (copy_from_user(m->addr.buf, h->name, (size_t)m->addr.len))
			return -EFAULT;
	}
	r = msg_iov(h, small, &iov);
	if (r < 0)
		goto out;
	m->data = (struct iobuf){ .user = true, .iov = iov,
				  .iovcnt = (unsigned)h->iovlen };
	m->len = (size_t)r;
	if (h->controllen) {
		r = cmsg_parse(s, h->control, h->controllen, m);
		if (r)
			goto out;
	}
	r = s->ops->sendmsg ? s->ops->sendmsg(s, m) : -EOPNOTSUPP;
out:
	if (iov != small)
		kfree(iov);
	return r;
}

long sys_sendmsg(int fd, const void __user *umsg, int flags)
{
	struct user_msghdr h;
	struct sock_msg *m;
	struct socket *s;
	struct file *f;
	ssize_t r;

	if (copy_from_user(&h, umsg, sizeof(h)))
		return -EFAULT;
	s = msg_begin(fd, &f, &m, flags, true);
	if (IS_ERR(s))
		return PTR_ERR(s);
	r = send_hdr(s, m, &h);
	msg_end(f, m);
	return r;
}

long sys_sendto(int fd, const void __user *buf, size_t len, int flags,
		const void __user *uaddr, int alen)
{
	struct sock_msg *m;
	struct socket *s;
	struct file *f;
	ssize_t r;

	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (uaddr && (alen < 0 || alen > SOCK_ADDR_MAX))
		return -EINVAL;
	s = msg_begin(fd, &f, &m, flags, true);
	if (IS_ERR(s))
		return PTR_ERR(s);
	m->data = (struct iobuf){ .p = (char *)buf, .user = true };
	m->len = len;
	r = -EFAULT;
	if (uaddr && alen) {
		m->addr.len = alen;
		if (copy_from_user(m->addr.buf, uaddr, (size_t)alen))
			goto out;
	}
	r = s->ops->sendmsg ? s->ops->sendmsg(s, m) : -EOPNOTSUPP;
out:
	msg_end(f, m);
	return r;
}

long sys_sendmmsg(int fd, void __user *uvec, unsigned vlen, int flags)
{
	struct user_mmsghdr __user *vec = uvec;
	unsigned i;
	long r = 0;

	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (i = 0; i < vlen; i++) {
		unsigned len;

		r = sys_sendmsg(fd, &vec[i].hdr, flags);
		if (r < 0)
			break;
		len = (unsigned)r;
		if (copy_to_user(&vec[i].len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
	}
	return i ? (long)i : r;
}

/* ---- receiving ----------------------------------------------------------- */

struct cmsg_out {
	char __user *p;         /* the user's control buffer */
	size_t left, used;
	int flags;              /* MSG_CTRUNC */
};

/* put_cmsg: one message, truncated to what is left. */
static int cmsg_put(struct cmsg_out *c, int level, int type, const void *data,
		    size_t len)
{
	struct cmsg_hdr h = { CMSG_HDR + len, level, type };
	size_t n = h.len;

	if (!c->p || c->left < CMSG_HDR) {
		c->flags |= MSG_CTRUNC;
		return 0;
	}
	if (c->left < n) {
		c->flags |= MSG_CTRUNC;
		n = c->left;
	}
	if (copy_to_user(c->p + c->used, &h, CMSG_HDR) ||
	    copy_to_user(c->p + c->used + CMSG_HDR, data, n - CMSG_HDR))
		return -EFAULT;
	n = MIN(CMSG_ALIGN(n), c->left);
	c->used += n;
	c->left -= n;
	return 0;
}

/* scm_detach_fds: install what fits, drop the rest (MSG_CTRUNC). */
static int cmsg_fds(struct cmsg_out *c, struct sock_msg *m, bool cloexec)
{
	int fds[SCM_MAX_FD], n = 0, max, err;

	max = c->p && c->left >= CMSG_HDR ? (int)((c->left - CMSG_HDR) / sizeof(int)) : 0;
	while (n < m->nfds && n < max) {
		int fd = sockfs_install(m->fds[n], cloexec);

		m->fds[n] = NULL;
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	for (int i = n; i < m->nfds; i++)
		if (m->fds[i])
			file_put(m->fds[i]);
	if (n < m->nfds)
		c->flags |= MSG_CTRUNC;
	m->nfds = 0;
	if (!n)
		return 0;
	err = cmsg_put(c, SOL_SOCKET, SCM_RIGHTS, fds, (size_t)n * sizeof(int));
	if (err)
		for (int i = 0; i < n; i++)
			sys_close(fds[i]);
	return err;
}

static int recv_control(struct socket *s, struct sock_msg *m,
			const struct user_msghdr *h, struct cmsg_out *c)
{
	int err = 0;

	*c = (struct cmsg_out){ h->control, h->control ? h->controllen : 0, 0, 0 };
	if (m->has_cred && s->passcred)
		err = cmsg_put(c, SOL_SOCKET, SCM_CREDENTIALS, &m->cred, sizeof(m->cred));
	if (!err && m->nfds)
		err = cmsg_fds(c, m, m->flags & MSG_CMSG_CLOEXEC);
	if (!err && m->cm_len)
		err = cmsg_put(c, m->cm_level, m->cm_type, m->cm_data,
			       MIN(m->cm_len, (unsigned)sizeof(m->cm_data)));
	return err;
}

static ssize_t recv_hdr(struct socket *s, struct sock_msg *m,
			struct user_msghdr *h, void __user *umsg)
{
	struct io_vec small[IOV_ON_STACK], *iov;
	struct user_msghdr __user *uh = umsg;
	struct cmsg_out c;
	ssize_t r = msg_iov(h, small, &iov);
	int err;

	if (r < 0)
		goto out;
	m->data = (struct iobuf){ .user = true, .iov = iov,
				  .iovcnt = (unsigned)h->iovlen };
	m->len = (size_t)r;
	r = s->ops->recvmsg ? s->ops->recvmsg(s, m) : -EOPNOTSUPP;
	if (r < 0)
		goto out;
	err = recv_control(s, m, h, &c);
	if (!err && h->name) {
		int len = MIN(MAX(h->namelen, 0), m->addr.len);

		if ((len && copy_to_user(h->name, m->addr.buf, (size_t)len)) ||
		    copy_to_user(&uh->namelen, &m->addr.len, sizeof(int)))
			err = -EFAULT;
	}
	h->flags = m->out_flags | c.flags;
	if (!err && (copy_to_user(&uh->flags, &h->flags, sizeof(int)) ||
		     copy_to_user(&uh->controllen, &c.used, sizeof(size_t))))
		err = -EFAULT;
	if (err)
		r = err;
out:
	if (iov != small)
		kfree(iov);
	return r;
}

long sys_recvmsg(int fd, void __user *umsg, int flags)
{
	struct user_msghdr h;
	struct sock_msg *m;
	struct socket *s;
	struct file *f;
	ssize_t r;

	if (copy_from_user(&h, umsg, sizeof(h)))
		return -EFAULT;
	s = msg_begin(fd, &f, &m, flags, false);
	if (IS_ERR(s))
		return PTR_ERR(s);
	r = recv_hdr(s, m, &h, umsg);
	msg_end(f, m);
	return r;
}

long sys_recvfrom(int fd, void __user *buf, size_t len, int flags,
		  void __user *uaddr, int __user *ulen)
{
	struct sock_msg *m;
	struct socket *s;
	struct file *f;
	ssize_t r;
	int err;

	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	s = msg_begin(fd, &f, &m, flags, false);
	if (IS_ERR(s))
		return PTR_ERR(s);
	m->data = (struct iobuf){ .p = buf, .user = true };
	m->len = len;
	r = s->ops->recvmsg ? s->ops->recvmsg(s, m) : -EOPNOTSUPP;
	if (r >= 0 && uaddr && (err = sock_addr_out(&m->addr, uaddr, ulen)))
		r = err;
	msg_end(f, m);
	return r;
}

/*
 * recvmmsg: as Linux, the timeout is looked at only between messages, and
 * an error after the first message ends the batch without being reported.
 */
long sys_recvmmsg(int fd, void __user *uvec, unsigned vlen, int flags,
		  const void __user *utimeout)
{
	struct user_mmsghdr __user *vec = uvec;
	struct timespec64 ts;
	uint64_t deadline = 0;
	unsigned i;
	long r = 0;

	if (utimeout) {
		if (copy_from_user(&ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		deadline = time_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000ULL +
			   (uint64_t)ts.tv_nsec;
	}
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (i = 0; i < vlen; i++) {
		unsigned len;

		r = sys_recvmsg(fd, &vec[i].hdr, flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		len = (unsigned)r;
		if (copy_to_user(&vec[i].len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (utimeout && time_monotonic_ns() >= deadline) {
			i++;
			break;
		}
	}
	return i ? (long)i : r;
}
