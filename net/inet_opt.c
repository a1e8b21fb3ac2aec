// SPDX-License-Identifier: MIT
/*
 * inet_opt.c - socket options of AF_INET and AF_INET6 sockets: the
 * SOL_SOCKET ones lwIP acts on (SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST,
 * SO_OOBINLINE, SO_DONTROUTE, SO_PROTOCOL, SO_BINDTODEVICE), IPPROTO_IP
 * (IP_TOS, IP_TTL, IP_PKTINFO, IP_MULTICAST_TTL), IPPROTO_IPV6
 * (IPV6_V6ONLY, IPV6_UNICAST_HOPS, IPV6_RECVPKTINFO) and IPPROTO_TCP
 * (TCP_NODELAY, TCP_MAXSEG, TCP_KEEP*),
 * as ip(7), ipv6(7) and tcp(7) describe them.  The socket layer (sockopt.c)
 * has stored the SOL_SOCKET ones it knows first.
 */
#include "kernel/uaccess.h"
#include "net/inet_internal.h"
#include "lwip/priv/tcp_priv.h"

#define SO_REUSEADDR 2
#define SO_DONTROUTE 5
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_LINGER 13
#define SO_BINDTODEVICE 25
#define SO_PROTOCOL 38
#define MS_PER_S 1000
#define KEEP_MAX 32767          /* Linux's MAX_TCP_KEEPIDLE/INTVL, seconds */
#define KEEPCNT_MAX 127

/* The pcb's IP options (valid for listening pcbs too), or NULL. [N] */
static struct tcp_pcb *ip_pcb(struct inet_sock *is)
{
	return is->pcb.tcp;
}

/* A TCP pcb that is not listening (tcp_pcb_listen is shorter), or NULL. */
static struct tcp_pcb *tcp_conn(struct inet_sock *is)
{
	if (is->sock.type != SOCK_STREAM || is->state == INET_LISTEN)
		return NULL;
	return is->pcb.tcp;
}

static void set_flag(struct inet_sock *is, u8_t opt, bool on)
{
	struct tcp_pcb *p = ip_pcb(is);

	if (!p)
		return;
	if (on)
		ip_set_option(p, opt);
	else
		ip_reset_option(p, opt);
}

static int set_socket(struct inet_sock *is, int name, int v)
{
	switch (name) {
	case SO_REUSEADDR:
		set_flag(is, SOF_REUSEADDR, v);
		return 0;
	case SO_KEEPALIVE:
		set_flag(is, SOF_KEEPALIVE, v);
		return 0;
	case SO_BROADCAST:
		is->broadcast = v;
		set_flag(is, SOF_BROADCAST, v);
		return 0;
	case SO_OOBINLINE:
		/* lwIP keeps urgent data in the stream: inline is what it does. */
		is->oobinline = v;
		return 0;
	case SO_DONTROUTE:
		/* Kept, not acted on: lwIP sends on-link without a gateway
		 * anyway; only an off-link peer would differ (ENETUNREACH). */
		is->dontroute = v;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int set_ttl(struct inet_sock *is, int v)
{
	if (v == -1)
		v = IP_DEFAULT_TTL;
	if (v < 1 || v > 255)
		return -EINVAL;
	if (ip_pcb(is))
		ip_pcb(is)->ttl = (u8_t)v;
	return 0;
}

/* IP_MULTICAST_TTL: datagram sockets only; -1 is the default, 1. */
static int set_mcast_ttl(struct inet_sock *is, int v)
{
	if (is->sock.type == SOCK_STREAM)
		return -EINVAL;
	if (v == -1)
		v = 1;
	if (v < 0 || v > 255)
		return -EINVAL;
	if (is->sock.type == SOCK_RAW && is->pcb.raw)
		raw_set_multicast_ttl(is->pcb.raw, (u8_t)v);
	else if (is->sock.type != SOCK_RAW && is->pcb.udp)
		udp_set_multicast_ttl(is->pcb.udp, (u8_t)v);
	return 0;
}

static int get_mcast_ttl(struct inet_sock *is)
{
	if (is->sock.type == SOCK_RAW)
		return is->pcb.raw ? raw_get_multicast_ttl(is->pcb.raw) : 1;
	return is->pcb.udp ? udp_get_multicast_ttl(is->pcb.udp) : 1;
}

static int set_v6only(struct inet_sock *is, int v)
{
	struct tcp_pcb *p = ip_pcb(is);

	if (is->sock.family != AF_INET6)
		return -ENOPROTOOPT;
	if (p && (p->local_port || is->state != INET_NEW))
		return -EINVAL;
	is->v6only = v;
	/* A pcb of both versions serves v4 too: make it v6's alone. */
	if (p && ip_addr_isany(&p->local_ip)) {
		IP_SET_TYPE_VAL(p->local_ip, v ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY);
		IP_SET_TYPE_VAL(p->remote_ip, v ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY);
	}
	return 0;
}

static int set_tcp(struct inet_sock *is, int name, int v)
{
	struct tcp_pcb *t = tcp_conn(is);

	if (is->sock.type != SOCK_STREAM)
		return -ENOPROTOOPT;
	switch (name) {
	case TCP_NODELAY:
		is->nodelay = v;
		if (t && v)
			tcp_nagle_disable(t);
		else if (t)
			tcp_nagle_enable(t);
		return 0;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
		if (v < 1 || v > KEEP_MAX)
			return -EINVAL;
		if (t && name == TCP_KEEPIDLE)
			t->keep_idle = (u32_t)v * MS_PER_S;
		else if (t)
			t->keep_intvl = (u32_t)v * MS_PER_S;
		return 0;
	case TCP_KEEPCNT:
		if (v < 1 || v > KEEPCNT_MAX)
			return -EINVAL;
		if (t)
			t->keep_cnt = (u32_t)v;
		return 0;
	case TCP_MAXSEG:
		return 0;               /* lwIP keeps its own MSS */
	case TCP_CORK:
		/* Partial segments wait until uncorked (or ACKs send them). */
		is->cork = v;
		if (!v && t)
			tcp_output(t);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int set_int(struct inet_sock *is, int level, int name, int v)
{
	switch (level) {
	case SOL_SOCKET:
		return set_socket(is, name, v);
	case IPPROTO_IP:
		if (name == IP_TOS) {
			if (ip_pcb(is))
				ip_pcb(is)->tos = (u8_t)v;
			return 0;
		}
		if (name == IP_PKTINFO) {
			is->pktinfo = v;
			return 0;
		}
		if (name == IP_MULTICAST_TTL)
			return set_mcast_ttl(is, v);
		return name == IP_TTL ? set_ttl(is, v) : -ENOPROTOOPT;
	case IPPROTO_IPV6:
		if (is->sock.family != AF_INET6)
			return -ENOPROTOOPT;
		if (name == IPV6_UNICAST_HOPS)
			return set_ttl(is, v);
		if (name == IPV6_RECVPKTINFO) {
			is->pktinfo6 = v;
			return 0;
		}
		return name == IPV6_V6ONLY ? set_v6only(is, v) : -ENOPROTOOPT;
	case IPPROTO_TCP:
		return set_tcp(is, name, v);
	default:
		return -ENOPROTOOPT;
	}
}

/* The bound interface's name (with its NUL), or nothing. [N] */
static int get_bindtodevice(struct inet_sock *is, char *val, int *len)
{
	struct netif *n = is->sock.bound_dev_if ?
			  netif_get_by_index((u8_t)is->sock.bound_dev_if) : NULL;

	*len = n ? (int)strlcpy(val, inet_if_name(n), IFNAMSIZ) + 1 : 0;
	return 0;
}

struct linger {
	int onoff, linger;
};

static int set_linger(struct inet_sock *is, const void __user *uval, int len)
{
	struct linger l;
	unsigned long fl;

	if (len < (int)sizeof(l))
		return -EINVAL;
	if (copy_from_user(&l, uval, sizeof(l)))
		return -EFAULT;
	fl = net_lock();
	is->linger = l.onoff != 0;
	is->linger_s = l.linger < 0 ? 0 : l.linger;
	net_unlock(fl);
	return 0;
}

/* SO_BINDTODEVICE (the socket layer checked and stored it): lwIP's pcb
 * sends and takes packets on that interface alone. */
static int bind_netif(struct inet_sock *is)
{
	unsigned long fl = net_lock();
	struct netif *n = netif_get_by_index((u8_t)is->sock.bound_dev_if);

	if (!is->pcb.tcp)
		;
	else if (is->sock.type == SOCK_STREAM)
		tcp_bind_netif(is->pcb.tcp, n);
	else if (is->sock.type == SOCK_RAW)
		raw_bind_netif(is->pcb.raw, n);
	else
		udp_bind_netif(is->pcb.udp, n);
	net_unlock(fl);
	return 0;
}

int inet_setsockopt(struct socket *s, int level, int name,
		    const void __user *uval, int len)
{
	unsigned long fl;
	int v = 0, err;

	if (level == SOL_SOCKET && name == SO_LINGER)
		return set_linger(inet_sk(s), uval, len);
	if (level == SOL_SOCKET && name == SO_BINDTODEVICE)
		return bind_netif(inet_sk(s));
	if (s->type == SOCK_RAW) {
		fl = net_lock();
		err = inet_raw_setsockopt(inet_sk(s), level, name, uval, len);
		net_unlock(fl);
		if (err != -ENOPROTOOPT)
			return err;
	}
	if (len >= (int)sizeof(int)) {
		if (copy_from_user(&v, uval, sizeof(v)))
			return -EFAULT;
	} else if (len > 0 && level == IPPROTO_IP) {
		/* ip_setsockopt takes a single byte too. */
		unsigned char c;

		if (copy_from_user(&c, uval, 1))
			return -EFAULT;
		v = c;
	} else if (level != SOL_SOCKET) {
		return -EINVAL;
	}
	fl = net_lock();
	err = set_int(inet_sk(s), level, name, v);
	net_unlock(fl);
	return err;
}

static int get_int(struct inet_sock *is, int level, int name, int *v)
{
	struct tcp_pcb *p = ip_pcb(is), *t = tcp_conn(is);

	if (level == SOL_SOCKET && name == SO_PROTOCOL)
		*v = is->proto;
	else if (level == SOL_SOCKET && name == SO_BROADCAST)
		*v = is->broadcast;
	else if (level == SOL_SOCKET && name == SO_OOBINLINE)
		*v = is->oobinline;
	else if (level == SOL_SOCKET && name == SO_DONTROUTE)
		*v = is->dontroute;
	else if (level == IPPROTO_IP && name == IP_TOS)
		*v = p ? p->tos : 0;
	else if (level == IPPROTO_IP && name == IP_PKTINFO)
		*v = is->pktinfo;
	else if (level == IPPROTO_IP && name == IP_MULTICAST_TTL && is->sock.type != SOCK_STREAM)
		*v = get_mcast_ttl(is);
	else if (level == IPPROTO_IP && name == IP_TTL)
		*v = p ? p->ttl : IP_DEFAULT_TTL;
	else if (level == IPPROTO_IPV6 && is->sock.family == AF_INET6 &&
		 name == IPV6_V6ONLY)
		*v = is->v6only;
	else if (level == IPPROTO_IPV6 && is->sock.family == AF_INET6 &&
		 name == IPV6_RECVPKTINFO)
		*v = is->pktinfo6;
	else if (level == IPPROTO_IPV6 && is->sock.family == AF_INET6 &&
		 name == IPV6_UNICAST_HOPS)
		*v = p ? p->ttl : IP_DEFAULT_TTL;
	else if (level == IPPROTO_TCP && is->sock.type == SOCK_STREAM)
		switch (name) {
		case TCP_NODELAY:   *v = is->nodelay; break;
		case TCP_CORK:      *v = is->cork; break;
		case TCP_MAXSEG:    *v = t ? t->mss : TCP_MSS; break;
		case TCP_KEEPIDLE:  *v = (int)(t ? t->keep_idle : TCP_KEEPIDLE_DEFAULT) / MS_PER_S; break;
		case TCP_KEEPINTVL: *v = (int)(t ? t->keep_intvl : TCP_KEEPINTVL_DEFAULT) / MS_PER_S; break;
		case TCP_KEEPCNT:   *v = (int)(t ? t->keep_cnt : TCP_KEEPCNT_DEFAULT); break;
		default:            return -ENOPROTOOPT;
		}
	else if (level == SOL_SOCKET || level == IPPROTO_IP || is->sock.family == AF_INET6 ||
		 (level == IPPROTO_TCP && is->sock.type == SOCK_STREAM))
		return -ENOPROTOOPT;
	else
		return -EOPNOTSUPP;     /* ip_getsockopt on a level not its own */
	return 0;
}

int inet_getsockopt(struct socket *s, int level, int name, void *val, int *len)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl = net_lock();
	int v, err;

	if (level == SOL_SOCKET && name == SO_LINGER) {
		struct linger l = { is->linger, is->linger_s };

		net_unlock(fl);
		memcpy(val, &l, sizeof(l));
		*len = sizeof(l);
		return 0;
	}
	if (level == SOL_SOCKET && name == SO_BINDTODEVICE) {
		err = get_bindtodevice(is, val, len);
		net_unlock(fl);
		return err;
	}
	err = get_int(is, level, name, &v);

	net_unlock(fl);
	if (err)
		return err;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}
