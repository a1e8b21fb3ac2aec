// SPDX-License-Identifier: MIT
/*
 * af_inet.c - AF_INET and AF_INET6 sockets on lwIP's raw API: creating
 * them, names (bind, getsockname, getpeername), connections (connect,
 * listen, accept, shutdown) and closing (ip(7), ipv6(7), tcp(7), udp(7)).
 * Data and readiness are inet_io.c's.
 *
 * SOCK_STREAM is a tcp_pcb and SOCK_DGRAM a udp_pcb, made with the socket;
 * an AF_INET6 socket's pcb takes both IPv4 and IPv6 unless IPV6_V6ONLY.
 * lwIP calls back (inet_io.c) with data, established connections and
 * errors; they wake sock.wait, on which the calls here sleep without the
 * net lock.  A pcb lwIP freed (error callback) leaves pcb NULL.
 *
 * Closing as Linux does (tcp_close): a FIN, or a RST when unread data is
 * left; lwIP finishes the close on its own.  A listener's unaccepted
 * connections are reset.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "net/inet_internal.h"

#define PROT_SOCK 1024          /* ports below: CAP_NET_BIND_SERVICE */
#define BACKLOG_MAX 255         /* lwIP counts a listener's backlog in a u8_t */

struct list_head inet_socks = LIST_HEAD_INIT(inet_socks);
static const struct sock_ops inet_stream_ops, inet_dgram_ops;

struct inet_sock *inet_sock_new(int family, int type, int proto)
{
	struct inet_sock *is = kzalloc(sizeof(*is));

	if (!is)
		return NULL;
	sock_init(&is->sock, family, type,
		  type == SOCK_STREAM ? &inet_stream_ops : &inet_dgram_ops);
	is->proto = proto;
	list_init(&is->rq);
	list_init(&is->accq);
	list_init(&is->acc_link);
	list_add_tail(&is->all, &inet_socks);
	return is;
}

static u8_t pcb_type(int family)
{
	return family == AF_INET ? IPADDR_TYPE_V4 : IPADDR_TYPE_ANY;
}

/* A fresh pcb for is (at creation, or to connect again after a failure). [N] */
static int pcb_new(struct inet_sock *is)
{
	u8_t t = pcb_type(is->sock.family);

	if (is->sock.type == SOCK_RAW)
		return inet_raw_pcb_new(is);
	if (is->sock.type == SOCK_STREAM) {
		is->pcb.tcp = tcp_new_ip_type(t);
		if (is->pcb.tcp)
			inet_tcp_callbacks(is, is->pcb.tcp);
	} else {
		is->pcb.udp = udp_new_ip_type(t);
		if (is->pcb.udp) {
			udp_recv(is->pcb.udp, inet_udp_recv, is);
			udp_set_multicast_ttl(is->pcb.udp, 1);  /* Linux's default */
		}
	}
	return is->pcb.tcp ? 0 : -ENOMEM;
}

static int inet_create_family(int family, int type, int protocol, struct socket **out)
{
	struct inet_sock *is;
	unsigned long fl;
	int proto, err;

	if (type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP))
		proto = IPPROTO_TCP;
	else if (type == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP))
		proto = IPPROTO_UDP;
	else if (type == SOCK_RAW && protocol == (family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6))
		proto = protocol;
	else if (type == SOCK_RAW && family == AF_INET && protocol == IPPROTO_RAW)
		proto = protocol;       /* udhcpc's socket for interface ioctls */
	else if (type == SOCK_STREAM || type == SOCK_DGRAM || type == SOCK_RAW)
		return -EPROTONOSUPPORT;
	else
		return -ESOCKTNOSUPPORT;
	if (type == SOCK_RAW && !cred_privileged())
		return -EPERM;          /* CAP_NET_RAW */
	fl = net_lock();
	is = inet_sock_new(family, type, proto);
	err = is ? pcb_new(is) : -ENOMEM;
	if (err && is) {
		list_del(&is->all);
		kfree(is);
	}
	net_unlock(fl);
	if (err)
		return err;
	*out = &is->sock;
	return 0;
}

static int inet_create(int type, int protocol, struct socket **out)
{
	return inet_create_family(AF_INET, type, protocol, out);
}

static int inet6_create(int type, int protocol, struct socket **out)
{
	return inet_create_family(AF_INET6, type, protocol, out);
}

const struct net_family inet_family = { AF_INET, inet_create };
const struct net_family inet6_family = { AF_INET6, inet6_create };

/* ---- closing ------------------------------------------------------------ */

void inet_rx_free(struct inet_sock *is)
{
	while (!list_empty(&is->rq)) {
		struct inet_rx *rx = list_entry(is->rq.next, struct inet_rx, link);

		list_del(&rx->link);
		pbuf_free(rx->p);
		kfree(rx);
	}
	is->rq_bytes = 0;
}

/* Let go of a TCP pcb: no more callbacks; FIN, or RST if reset. [N] */
static void tcp_pcb_drop(struct tcp_pcb *pcb, bool reset)
{
	tcp_arg(pcb, NULL);
	if (pcb->state == LISTEN) {
		tcp_close(pcb);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	if (reset || tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

/* Free is and its pcb; a connection is reset if reset. [N] */
static void inet_release_locked(struct inet_sock *is, bool reset)
{
	while (!list_empty(&is->accq)) {
		struct inet_sock *c = list_entry(is->accq.next, struct inet_sock, acc_link);

		list_del(&c->acc_link);
		if (c->pcb.tcp)
			tcp_backlog_accepted(c->pcb.tcp);
		inet_release_locked(c, true);   /* never accepted: Linux resets */
	}
	if (is->sock.type == SOCK_STREAM && is->pcb.tcp)
		tcp_pcb_drop(is->pcb.tcp, reset);
	else if (is->sock.type == SOCK_RAW && is->pcb.raw)
		raw_remove(is->pcb.raw);
	else if (is->pcb.udp)
		udp_remove(is->pcb.udp);
	is->pcb.tcp = NULL;
	inet_rx_free(is);
	list_del(&is->all);
	kfree(is);
}

static void inet_release(struct socket *s)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl = net_lock();

	/* Unread data or SO_LINGER {1, 0}: a reset, as Linux's tcp_close. */
	inet_release_locked(is, is->rq_bytes > 0 || (is->linger && is->linger_s == 0));
	net_unlock(fl);
}

/* ---- names -------------------------------------------------------------- */

static bool is_bound(struct inet_sock *is)
{
	if (!is->pcb.tcp)
		return false;
	if (is->sock.type == SOCK_RAW)
		return false;           /* a raw socket may bind again */
	return is->sock.type == SOCK_STREAM ? is->pcb.tcp->local_port != 0
					     : is->pcb.udp->local_port != 0;
}

/* What bind would use for ip on this socket: "::" is both stacks'. */
static void bind_any(struct inet_sock *is, ip_addr_t *ip)
{
	if (is->sock.family == AF_INET6 && IP_IS_V6(ip) &&
	    ip6_addr_isany(ip_2_ip6(ip)) && !is->v6only)
		*ip = *IP_ANY_TYPE;
}

static int bind_check(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	if (!is->pcb.tcp)
		return -EINVAL;
	if (is_bound(is) || is->state != INET_NEW)
		return -EINVAL;
	if (port && port < PROT_SOCK && !cred_privileged())
		return -EACCES;
	return inet_addr_local(ip);
}

static int inet_bind(struct socket *s, const struct sock_addr *a)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl;
	ip_addr_t ip;
	uint16_t port;
	int err = inet_addr_in(is, a, &ip, &port);

	if (err)
		return err == -ENETUNREACH ? -EINVAL : err;
	bind_any(is, &ip);
	fl = net_lock();
	err = bind_check(is, &ip, port);
	if (!err) {
		if (s->reuseaddr)
			ip_set_option(is->pcb.tcp, SOF_REUSEADDR);
		if (s->type == SOCK_STREAM)
			err = inet_err(tcp_bind(is->pcb.tcp, &ip, port));
		else if (s->type == SOCK_RAW)
			err = inet_err(raw_bind(is->pcb.raw, &ip));
		else
			err = inet_err(udp_bind(is->pcb.udp, &ip, port));
	}
	net_unlock(fl);
	return err;
}

/* The pcb's own (peer false) or peer name. [N] */
static void pcb_name(struct inet_sock *is, struct sock_addr *a, bool peer)
{
	struct tcp_pcb *t = is->pcb.tcp;
	struct udp_pcb *u = is->pcb.udp;
	struct raw_pcb *r = is->pcb.raw;

	if (!t && is->ever_connected)   /* lwIP has let the connection go */
		inet_addr_out(is, peer ? &is->rip : &is->lip,
			      peer ? is->rport : is->lport, a);
	else if (!t)
		inet_addr_out(is, NULL, 0, a);
	else if (is->sock.type == SOCK_STREAM)
		inet_addr_out(is, peer ? &t->remote_ip : &t->local_ip,
			      peer ? t->remote_port : t->local_port, a);
	else if (is->sock.type == SOCK_RAW)
		inet_addr_out(is, peer ? &r->remote_ip : &r->local_ip, 0, a);
	else
		inet_addr_out(is, peer ? &u->remote_ip : &u->local_ip,
			      peer ? u->remote_port : u->local_port, a);
}

static int inet_getname(struct socket *s, struct sock_addr *a, bool peer)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl = net_lock();
	int err = 0;

	if (peer && is->state != INET_CONNECTED &&
	    !(is->state == INET_CLOSED && is->ever_connected))
		err = -ENOTCONN;
	else
		pcb_name(is, a, peer);
	net_unlock(fl);
	return err;
}

/* ---- connections -------------------------------------------------------- */

static int tcp_connect_start(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	err_t e;

	if (is->connect_pending && is->state != INET_CONNECTING) {
		/* The first connect(2) after a non-blocking one ended tells
		 * how it ended (Linux's __inet_stream_connect). */
		int err = is->state == INET_CONNECTED ? 0 : is->sock.err;

		is->connect_pending = false;
		is->sock.err = 0;
		return err ? err : is->state == INET_CONNECTED ? 1 : -ECONNABORTED;
	}
	switch (is->state) {
	case INET_CONNECTING:
		return -EALREADY;
	case INET_CONNECTED:
		return -EISCONN;
	case INET_LISTEN:
		return -EISCONN;
	case INET_CLOSED:
		if (is->ever_connected)
			return -EISCONN;
		break;
	case INET_NEW:
		break;
	}
	if (!is->pcb.tcp && pcb_new(is))
		return -ENOMEM;
	if (IP_IS_V6_VAL(is->pcb.tcp->local_ip) && IP_IS_V4(ip))
		return -ENETUNREACH;
	is->sock.err = 0;
	is->eof = false;
	if (is->sock.keepalive)
		ip_set_option(is->pcb.tcp, SOF_KEEPALIVE);
	e = tcp_connect(is->pcb.tcp, ip, port, inet_connected);
	if (e == ERR_BUF || e == ERR_USE)
		return -EADDRNOTAVAIL;  /* no port left, or the 4-tuple is taken */
	if (e != ERR_OK)
		return inet_err(e);
	is->state = INET_CONNECTING;
	return 0;
}

static int tcp_connect_wait(struct inet_sock *is, bool nonblock)
{
	uint64_t deadline = sock_deadline(is->sock.sndtimeo);
	unsigned long fl;
	int err = 0;

	if (nonblock) {
		is->connect_pending = true;
		return -EINPROGRESS;
	}
	for (;;) {
		fl = net_lock();
		if (is->state != INET_CONNECTING) {
			err = is->state == INET_CONNECTED ? 0 : is->sock.err;
			is->sock.err = 0;
			net_unlock(fl);
			return err ? err : (is->state == INET_CONNECTED ? 0 : -ECONNREFUSED);
		}
		net_unlock(fl);
		err = sock_sleep(&is->sock.wait, deadline);
		if (err == -EAGAIN)
			err = -EINPROGRESS;
		if (err) {
			is->connect_pending = true;
			return err;
		}
	}
}

/* UDP: the peer, and the local address its route gives, as Linux's
 * ip4_datagram_connect, when bind did not set one. [N] */
static int udp_connect_from(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	struct udp_pcb *u = is->pcb.udp;
	const ip_addr_t *src;
	struct netif *n;
	int err = inet_err(udp_connect(u, ip, port));

	if (err || !ip_addr_isany(&u->local_ip))
		return err;
	n = ip_route(&u->local_ip, ip);
	src = n ? ip_netif_get_local_ip(n, ip) : NULL;
	if (!src)
		return -ENETUNREACH;
	ip_addr_copy(u->local_ip, *src);
	is->auto_local = true;
	return 0;
}

/* UDP and raw: set the peer, or forget it for AF_UNSPEC. [N] */
static int dgram_connect(struct inet_sock *is, const struct sock_addr *a)
{
	bool raw = is->sock.type == SOCK_RAW;
	ip_addr_t ip;
	uint16_t port;
	int err;

	if (a->len >= 2 && a->buf[0] == AF_UNSPEC && a->buf[1] == 0) {
		if (raw) {
			raw_disconnect(is->pcb.raw);
		} else {
			udp_disconnect(is->pcb.udp);
			if (is->auto_local)     /* the address connect chose goes */
				is->pcb.udp->local_ip = *(is->sock.family == AF_INET ?
					IP4_ADDR_ANY : is->v6only ? IP6_ADDR_ANY : IP_ANY_TYPE);
		}
		is->auto_local = false;
		is->state = INET_NEW;
		return 0;
	}
	err = inet_addr_in(is, a, &ip, &port);
	if (err)
		return err;
	if (raw)
		err = inet_err(raw_connect(is->pcb.raw, &ip));
	else
		err = udp_connect_from(is, &ip, port);
	if (!err)
		is->state = INET_CONNECTED;
	return err;
}

static int inet_connect(struct socket *s, const struct sock_addr *a, bool nonblock)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl;
	ip_addr_t ip;
	uint16_t port;
	int err;

	if (s->type != SOCK_STREAM) {
		fl = net_lock();
		err = dgram_connect(is, a);
		net_unlock(fl);
		return err;
	}
	err = inet_addr_in(is, a, &ip, &port);
	if (err)
		return err;
	fl = net_lock();
	err = tcp_connect_start(is, &ip, port);
	net_unlock(fl);
	if (err)
		return err > 0 ? 0 : err;
	return tcp_connect_wait(is, nonblock);
}

static int inet_listen(struct socket *s, int backlog)
{
	struct inet_sock *is = inet_sk(s);
	struct tcp_pcb *l;
	unsigned long fl = net_lock();
	err_t e = ERR_OK;
	int err = 0;

	backlog = MIN(backlog + 1, BACKLOG_MAX);
	if (is->state == INET_LISTEN) {
		tcp_backlog_set(is->pcb.tcp, (u8_t)backlog);
		is->backlog = backlog;
		goto out;
	}
	err = -EINVAL;
	if (is->state != INET_NEW || !is->pcb.tcp)
		goto out;
	if (!is_bound(is)) {
		ip_addr_t any = *(s->family == AF_INET ? IP4_ADDR_ANY : IP_ANY_TYPE);

		err = inet_err(tcp_bind(is->pcb.tcp, &any, 0));
		if (err)
			goto out;
	}
	if (s->keepalive)
		ip_set_option(is->pcb.tcp, SOF_KEEPALIVE);
	l = tcp_listen_with_backlog_and_err(is->pcb.tcp, (u8_t)backlog, &e);
	err = inet_err(e);
	if (!l)
		goto out;
	is->pcb.tcp = l;
	tcp_arg(l, is);
	tcp_accept(l, inet_accepted);
	is->state = INET_LISTEN;
	is->backlog = backlog;
	s->listening = true;
out:
	net_unlock(fl);
	return err;
}

static int inet_accept(struct socket *s, struct socket **out, bool nonblock)
{
	struct inet_sock *is = inet_sk(s), *c;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	unsigned long fl;
	int err;

	for (;;) {
		fl = net_lock();
		if (is->state != INET_LISTEN) {
			net_unlock(fl);
			return -EINVAL;
		}
		if (!list_empty(&is->accq))
			break;
		net_unlock(fl);
		if (nonblock)
			return -EAGAIN;
		err = sock_sleep(&s->wait, deadline);
		if (err)
			return err;
	}
	c = list_entry(is->accq.next, struct inet_sock, acc_link);
	list_del(&c->acc_link);
	if (c->pcb.tcp)
		tcp_backlog_accepted(c->pcb.tcp);
	c->sock.sndbuf = s->sndbuf;
	c->sock.rcvbuf = s->rcvbuf;
	c->sock.keepalive = s->keepalive;
	net_unlock(fl);
	*out = &c->sock;
	return 0;
}

static int inet_shutdown(struct socket *s, int how)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl = net_lock();
	unsigned mask = (unsigned)how + 1;      /* SHUT_RD 0 -> 1 ... */
	int err = 0;

	if (is->state == INET_LISTEN) {
		/* Linux disconnects the listener: accept then fails. */
		if (mask & RCV_SHUTDOWN) {
			tcp_pcb_drop(is->pcb.tcp, false);
			is->pcb.tcp = NULL;
			is->state = INET_NEW;
			s->listening = false;
			waitq_wake(&s->wait);
		}
		goto out;
	}
	/* Linux marks even an unconnected socket, and says ENOTCONN. */
	if (is->state == INET_NEW)
		err = -ENOTCONN;
	else if ((mask & SEND_SHUTDOWN) && !(is->shut & SEND_SHUTDOWN) &&
		 s->type == SOCK_STREAM && is->pcb.tcp)
		err = inet_err(tcp_shutdown(is->pcb.tcp, 0, 1));
	is->shut |= mask;
	if (is->eof && (is->shut & SEND_SHUTDOWN) && s->type == SOCK_STREAM &&
	    is->pcb.tcp) {
		inet_tcp_detach(is);    /* both directions over: lwIP's now */
		is->state = INET_CLOSED;
	}
	waitq_wake(&s->wait);
out:
	net_unlock(fl);
	return err;
}

static int inet_peercred(struct socket *s __unused, struct ucred *c __unused)
{
	return -ENOTCONN;
}

static const struct sock_ops inet_stream_ops = {
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.getname = inet_getname,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.poll = inet_poll,
	.shutdown = inet_shutdown,
	.peercred = inet_peercred,
	.inq = inet_inq,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

static const struct sock_ops inet_dgram_ops = {
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_connect,
	.getname = inet_getname,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.poll = inet_poll,
	.shutdown = inet_shutdown,
	.peercred = inet_peercred,
	.inq = inet_inq,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};
