// SPDX-License-Identifier: MIT
/*
 * sockopt.c - setsockopt and getsockopt at SOL_SOCKET (socket(7)).  Short
 * option buffers truncate the value as Linux's sock_getsockopt does; the
 * buffer sizes follow sock_setsockopt (the value doubled, at least
 * SOCK_MIN_*BUF, at most net.core.[rw]mem_max doubled).  Options no family
 * here acts on are ENOPROTOOPT, logged once.
 */
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "net/net_internal.h"

#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304
#define SOCK_BUF_MAX 212992     /* net.core.wmem_max, rmem_max */
#define OVERFLOW_ID 65534       /* overflowuid: no credentials to show */

static int buf_size(int val, int min)
{
	unsigned v = MIN((unsigned)val, (unsigned)SOCK_BUF_MAX);

	return MAX((int)(v * 2), min);
}

static int set_int(struct socket *s, int name, int val)
{
	switch (name) {
	case SO_REUSEADDR:
		s->reuseaddr = val != 0;
		return 0;
	case SO_KEEPALIVE:
		s->keepalive = val != 0;
		return 0;
	case SO_PASSCRED:
		s->passcred = val != 0;
		return 0;
	case SO_SNDBUF:
		s->sndbuf = buf_size(val, SOCK_MIN_SNDBUF);
		waitq_wake(&s->wait);
		return 0;
	case SO_RCVBUF:
		s->rcvbuf = buf_size(val, SOCK_MIN_RCVBUF);
		return 0;
	default:
		printk_once("setsockopt: SOL_SOCKET option %d not supported\n", name);
		return -ENOPROTOOPT;
	}
}

long sys_setsockopt(int fd, int level, int name, const void __user *uval, int len)
{
	struct socket *s;
	struct file *f;
	int err, val;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (level != SOL_SOCKET)
		err = -EOPNOTSUPP;
	else if (len < (int)sizeof(int))
		err = -EINVAL;
	else if (copy_from_user(&val, uval, sizeof(val)))
		err = -EFAULT;
	else
		err = set_int(s, name, val);
	file_put(f);
	return err;
}

/* The value of an integer option into *val; SO_PEERCRED into *uc. */
static int get_opt(struct socket *s, int name, int *val, struct ucred *uc)
{
	switch (name) {
	case SO_TYPE:           *val = s->type; return 0;
	case SO_DOMAIN:         *val = s->family; return 0;
	case SO_PROTOCOL:       *val = 0; return 0;
	case SO_REUSEADDR:      *val = s->reuseaddr; return 0;
	case SO_KEEPALIVE:      *val = s->keepalive; return 0;
	case SO_PASSCRED:       *val = s->passcred; return 0;
	case SO_SNDBUF:         *val = s->sndbuf; return 0;
	case SO_RCVBUF:         *val = s->rcvbuf; return 0;
	case SO_ERROR:
		*val = -s->err;
		s->err = 0;
		return 0;
	case SO_ACCEPTCONN:     *val = s->listening; return 0;
	case SO_PEERCRED:
		if (s->ops->peercred(s, uc))
			*uc = (struct ucred){ 0, OVERFLOW_ID, OVERFLOW_ID };
		return 0;
	default:
		printk_once("getsockopt: SOL_SOCKET option %d not supported\n", name);
		return -ENOPROTOOPT;
	}
}

long sys_getsockopt(int fd, int level, int name, void __user *uval, void __user *ulen)
{
	struct ucred uc;
	struct socket *s;
	struct file *f;
	int err, len, val;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (level != SOL_SOCKET)
		err = -EOPNOTSUPP;
	else if (copy_from_user(&len, ulen, sizeof(len)))
		err = -EFAULT;
	else if (len < 0)
		err = -EINVAL;
	else
		err = get_opt(s, name, &val, &uc);
	file_put(f);
	if (err)
		return err;
	if (name == SO_PEERCRED) {
		len = MIN(len, (int)sizeof(uc));
		if (copy_to_user(uval, &uc, (size_t)len))
			return -EFAULT;
	} else {
		len = MIN(len, (int)sizeof(val));
		if (copy_to_user(uval, &val, (size_t)len))
			return -EFAULT;
	}
	return copy_to_user(ulen, &len, sizeof(len)) ? -EFAULT : 0;
}
