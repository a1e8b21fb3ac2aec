// SPDX-License-Identifier: MIT
/*
 * sockopt.c - setsockopt and getsockopt at SOL_SOCKET (socket(7)).  Short
 * option buffers truncate the value as Linux's sock_getsockopt does; the
 * buffer sizes follow sock_setsockopt (the value doubled, at least
 * SOCK_MIN_*BUF, at most net.core.[rw]mem_max doubled); SO_RCVTIMEO and
 * SO_SNDTIMEO bound the waits of the calls (sock_sleep).  Options no family
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
#define SO_BINDTODEVICE 25
#define SO_PEERCRED 17
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304
#define SOCK_BUF_MAX 212992     /* net.core.wmem_max, rmem_max */
#define OVERFLOW_ID 65534       /* overflowuid: no credentials to show */

/* struct timeval as the 64-bit ABIs lay it out (and __kernel_sock_timeval). */
struct sock_timeval {
	int64_t sec, usec;
};

union opt_val {
	int i;
	struct ucred uc;
	struct sock_timeval tv;
};

static int buf_size(int val, int min)
{
	unsigned v = MIN((unsigned)val, (unsigned)SOCK_BUF_MAX);

	return MAX((int)(v * 2), min);
}

/* sock_set_timeout: {0, 0} waits forever, a negative time not at all. */
static int set_timeo(uint64_t *timeo, const void __user *uval, int len)
{
	struct sock_timeval tv;

	if (len < (int)sizeof(tv))
		return -EINVAL;
	if (copy_from_user(&tv, uval, sizeof(tv)))
		return -EFAULT;
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0)
		*timeo = 1;
	else
		*timeo = (uint64_t)tv.sec * 1000000000ULL + (uint64_t)tv.usec * 1000;
	return 0;
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
		return -ENOPROTOOPT;
	}
}

static int set_opt(struct socket *s, int name, const void __user *uval, int len)
{
	int val;

	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return set_timeo(&s->rcvtimeo, uval, len);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return set_timeo(&s->sndtimeo, uval, len);
	case SO_BINDTODEVICE:
		return -ENOPROTOOPT;    /* a name, not an int: the family's */
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (copy_from_user(&val, uval, sizeof(val)))
		return -EFAULT;
	return set_int(s, name, val);
}

long sys_setsockopt(int fd, int level, int name, const void __user *uval, int len)
{
	struct socket *s;
	struct file *f;
	int err;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = level == SOL_SOCKET ? set_opt(s, name, uval, len) : -ENOPROTOOPT;
	/* The family acts on its levels, and on socket options it uses. */
	if ((err == 0 || err == -ENOPROTOOPT) && s->ops->setsockopt) {
		int ferr = s->ops->setsockopt(s, level, name, uval, len);

		if (ferr != -ENOPROTOOPT)
			err = ferr;
	} else if (level != SOL_SOCKET) {
		err = -EOPNOTSUPP;
	}
	file_put(f);
	if (err == -ENOPROTOOPT)
		printk_once("setsockopt: level %d option %d not supported\n", level, name);
	return err;
}

static size_t get_timeo(uint64_t timeo, struct sock_timeval *tv)
{
	tv->sec = (int64_t)(timeo / 1000000000ULL);
	tv->usec = (int64_t)(timeo % 1000000000ULL) / 1000;
	return sizeof(*tv);
}

static size_t get_int(int *v, int val)
{
	*v = val;
	return sizeof(int);
}

/* The value of an option into *v; its length, or -ENOPROTOOPT. */
static long get_opt(struct socket *s, int name, union opt_val *v)
{
	int err;

	switch (name) {
	case SO_TYPE:           return (long)get_int(&v->i, s->type);
	case SO_DOMAIN:         return (long)get_int(&v->i, s->family);
	case SO_PROTOCOL:       return (long)get_int(&v->i, 0);
	case SO_REUSEADDR:      return (long)get_int(&v->i, s->reuseaddr);
	case SO_KEEPALIVE:      return (long)get_int(&v->i, s->keepalive);
	case SO_PASSCRED:       return (long)get_int(&v->i, s->passcred);
	case SO_SNDBUF:         return (long)get_int(&v->i, s->sndbuf);
	case SO_RCVBUF:         return (long)get_int(&v->i, s->rcvbuf);
	case SO_ACCEPTCONN:     return (long)get_int(&v->i, s->listening);
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:   return (long)get_timeo(s->rcvtimeo, &v->tv);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:   return (long)get_timeo(s->sndtimeo, &v->tv);
	case SO_ERROR:
		err = s->err;
		s->err = 0;
		return (long)get_int(&v->i, -err);
	case SO_PEERCRED:
		if (s->ops->peercred(s, &v->uc))
			v->uc = (struct ucred){ 0, OVERFLOW_ID, OVERFLOW_ID };
		return sizeof(v->uc);
	default:
		return -ENOPROTOOPT;
	}
}

/* The family's answer first, then the socket layer's. */
static long get_any(struct socket *s, int level, int name, union opt_val *v)
{
	int len = 0, err = -ENOPROTOOPT;

	if (s->ops->getsockopt)
		err = s->ops->getsockopt(s, level, name, v, &len);
	if (err != -ENOPROTOOPT)
		return err ? err : len;
	if (level != SOL_SOCKET)
		return s->ops->getsockopt ? -ENOPROTOOPT : -EOPNOTSUPP;
	return get_opt(s, name, v);
}

long sys_getsockopt(int fd, int level, int name, void __user *uval, void __user *ulen)
{
	union opt_val v;
	struct socket *s;
	struct file *f;
	int len;
	long lv;

	s = sock_lookup(fd, &f);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (copy_from_user(&len, ulen, sizeof(len)))
		lv = -EFAULT;
	else if (len < 0)
		lv = -EINVAL;
	else
		lv = get_any(s, level, name, &v);
	file_put(f);
	if (lv == -ENOPROTOOPT)
		printk_once("getsockopt: level %d option %d not supported\n", level, name);
	if (lv < 0)
		return lv;
	len = MIN(len, (int)lv);
	if (copy_to_user(uval, &v, (size_t)len))
		return -EFAULT;
	return copy_to_user(ulen, &len, sizeof(len)) ? -EFAULT : 0;
}
