// SPDX-License-Identifier: MIT
/*
 * inet_io.c - AF_INET and AF_INET6 data: lwIP's TCP and UDP callbacks,
 * sending, receiving and poll readiness (tcp(7), udp(7); Linux's
 * tcp_sendmsg, tcp_recvmsg, tcp_poll, dgram_sendmsg, udp_recvmsg).
 *
 * What lwIP delivers waits on the socket's rq (struct inet_rx) until read;
 * a TCP reader's tcp_recved opens the window again, so the receive window
 * bounds what a connection queues, and UDP drops datagrams past SO_RCVBUF.
 * User memory is never touched under the net lock: data goes through a
 * kernel buffer, and leaves rq only once copied out, so a bad buffer
 * loses nothing.  Writers wait for TCP's send buffer (tcp_sndbuf), woken
 * by the sent callback.
 */
#include "kernel/mm.h"
#include "net/inet_internal.h"

#define IO_CHUNK (64 * 1024)    /* bytes through the kernel buffer at a time */
#define UDP4_MAX 65507          /* 65535 - IPv4 and UDP headers */
/* Linux's is 65527 (65535 - UDP header), but a pbuf is at most 65535
 * bytes with the IPv6 header too. */
#define UDP6_MAX (65535 - 40 - 8)

static void wake(struct inet_sock *is)
{
	waitq_wake(&is->sock.wait);
}

/* ---- the receive queue -------------------------------------------------- */

int inet_rq_add(struct inet_sock *is, struct pbuf *p, const ip_addr_t *from,
		u16_t port, u8_t hops)
{
	struct inet_rx *rx = kzalloc(sizeof(*rx));

	if (!rx)
		return -ENOMEM;
	rx->p = p;
	if (from)
		ip_addr_copy(rx->from, *from);
	rx->port = port;
	rx->hops = hops;
	list_add_tail(&rx->link, &is->rq);
	is->rq_bytes += p->tot_len;
	wake(is);
	return 0;
}

void inet_rq_dest(struct inet_sock *is)
{
	struct inet_rx *rx = list_entry(is->rq.prev, struct inet_rx, link);

	rx->ifindex = netif_get_index(ip_current_input_netif());
	ip_addr_copy(rx->dst, *ip_current_dest_addr());
}

/* Up to n unread bytes into buf, without taking them. [N] */
static size_t rq_peek(struct inet_sock *is, char *buf, size_t n)
{
	struct list_head *l;
	size_t done = 0;

	list_for_each(l, &is->rq) {
		struct inet_rx *rx = list_entry(l, struct inet_rx, link);
		size_t take = MIN(rx->p->tot_len - rx->off, n - done);

		pbuf_copy_partial(rx->p, buf + done, (u16_t)take, (u16_t)rx->off);
		done += take;
		if (done == n)
			break;
	}
	return done;
}

/* The oldest n bytes are read: drop them, and open TCP's window. [N] */
static void rq_consume(struct inet_sock *is, size_t n)
{
	size_t left = n;

	while (left && !list_empty(&is->rq)) {
		struct inet_rx *rx = list_entry(is->rq.next, struct inet_rx, link);
		size_t take = MIN(rx->p->tot_len - rx->off, left);

		rx->off += take;
		left -= take;
		is->rq_bytes -= take;
		if (rx->off == rx->p->tot_len) {
			list_del(&rx->link);
			pbuf_free(rx->p);
			kfree(rx);
		}
	}
	for (n -= left; n && is->sock.type == SOCK_STREAM && is->pcb.tcp; ) {
		u16_t k = (u16_t)MIN(n, 0xffffU);

		tcp_recved(is->pcb.tcp, k);
		n -= k;
	}
}

/* ---- lwIP's TCP callbacks (under the net lock) --------------------------- */

void inet_tcp_detach(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->pcb.tcp;

	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	is->pcb.tcp = NULL;
}

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct inet_sock *is = arg;

	if (p)
		return inet_rq_add(is, p, NULL, 0, 0) ? ERR_MEM : ERR_OK;
	is->eof = true;
	/*
	 * Both directions are over: lwIP ends the connection on its own and
	 * may free the pcb from TIME_WAIT without a callback, so let it go.
	 */
	if (is->shut & SEND_SHUTDOWN) {
		inet_tcp_detach(is);
		is->state = INET_CLOSED;
	}
	wake(is);
	return ERR_OK;
}

static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	wake(arg);
	return ERR_OK;
}

/* lwIP has freed the pcb: a reset, a timeout, or the end of a close. */
static void tcp_err_cb(void *arg, err_t err)
{
	struct inet_sock *is = arg;

	is->pcb.tcp = NULL;
	if (is->state == INET_CONNECTING)
		is->sock.err = err == ERR_RST ? -ECONNREFUSED
			     : err == ERR_ABRT ? -ETIMEDOUT : inet_err(err);
	else if (err == ERR_RST)   /* after the peer's FIN: Linux's EPIPE */
		is->sock.err = is->eof ? -EPIPE : -ECONNRESET;
	else if (err == ERR_ABRT)
		is->sock.err = -ETIMEDOUT;
	if (err != ERR_CLSD)
		is->shut = SHUTDOWN_MASK;
	is->eof = true;
	is->state = INET_CLOSED;
	wake(is);
}

void inet_tcp_callbacks(struct inet_sock *is, struct tcp_pcb *pcb)
{
	tcp_arg(pcb, is);
	tcp_recv(pcb, tcp_recv_cb);
	tcp_sent(pcb, tcp_sent_cb);
	tcp_err(pcb, tcp_err_cb);
}

/* The connection's names, for after lwIP frees the pcb. */
static void keep_names(struct inet_sock *is, struct tcp_pcb *pcb)
{
	ip_addr_copy(is->lip, pcb->local_ip);
	ip_addr_copy(is->rip, pcb->remote_ip);
	is->lport = pcb->local_port;
	is->rport = pcb->remote_port;
}

err_t inet_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct inet_sock *is = arg;

	is->state = INET_CONNECTED;
	is->ever_connected = true;
	keep_names(is, pcb);
	wake(is);
	return ERR_OK;
}

err_t inet_accepted(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct inet_sock *l = arg, *c;

	if (!l || err != ERR_OK || !pcb)
		return ERR_VAL;
	c = inet_sock_new(l->sock.family, SOCK_STREAM, IPPROTO_TCP);
	if (!c) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	c->v6only = l->v6only;
	c->state = INET_CONNECTED;
	c->ever_connected = true;
	c->pcb.tcp = pcb;
	keep_names(c, pcb);
	inet_tcp_callbacks(c, pcb);
	c->nodelay = l->nodelay;
	if (c->nodelay)
		tcp_nagle_disable(pcb);
	/* Counted against the backlog until accept(2) takes it. */
	tcp_backlog_delayed(pcb);
	list_add_tail(&c->acc_link, &l->accq);
	wake(l);
	return ERR_OK;
}

/* ---- lwIP's UDP callback ------------------------------------------------ */

void inet_udp_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		   const ip_addr_t *addr, u16_t port)
{
	struct inet_sock *is = arg;

	if (!is || is->rq_bytes + p->tot_len > (size_t)is->sock.rcvbuf ||
	    inet_rq_add(is, p, addr, port, 0)) {
		pbuf_free(p);
		return;
	}
	inet_rq_dest(is);
}

/* ---- TCP ------------------------------------------------------------------ */

/* Why a reader cannot wait for data: its result, or 1 to wait. [N] */
static ssize_t tcp_rx_end(struct inet_sock *is)
{
	int err = is->sock.err;

	if (err) {
		is->sock.err = 0;
		return err;
	}
	if (is->eof || (is->shut & RCV_SHUTDOWN))
		return 0;
	if (is->state == INET_LISTEN || (is->state != INET_CONNECTED && !is->ever_connected))
		return -ENOTCONN;
	if (is->state == INET_CLOSED)
		return 0;
	return 1;
}

static ssize_t tcp_recvmsg(struct inet_sock *is, struct sock_msg *m, char *buf)
{
	bool peek = m->flags & MSG_PEEK;
	bool waitall = (m->flags & MSG_WAITALL) && !peek;
	size_t done = 0;
	unsigned long fl;
	ssize_t r;

	for (;;) {
		fl = net_lock();
		if (is->rq_bytes && done < m->len) {
			size_t n = rq_peek(is, buf, MIN(m->len - done, (size_t)IO_CHUNK));

			net_unlock(fl);
			r = iobuf_copy_out(m->data, done, buf, n);
			if (r)
				return done ? (ssize_t)done : r;
			if (peek)
				return (ssize_t)n;
			fl = net_lock();
			rq_consume(is, n);
			net_unlock(fl);
			done += n;
			continue;
		}
		if (done == m->len || (done && !waitall)) {
			net_unlock(fl);
			return (ssize_t)done;
		}
		r = tcp_rx_end(is);
		net_unlock(fl);
		if (r <= 0)
			return done ? (ssize_t)done : r;
		if (m->nonblock)
			return done ? (ssize_t)done : -EAGAIN;
		r = sock_sleep(&is->sock.wait, m->deadline);
		if (r)
			return done ? (ssize_t)done : r;
	}
}

/* Room in TCP's send buffer for a writer now, or an error (< 0). [N] */
static long tcp_tx_room(struct inet_sock *is, struct sock_msg *m)
{
	int err = is->sock.err;

	if (err) {
		is->sock.err = 0;
		return err == -EPIPE ? sock_epipe(m) : err;
	}
	if (is->state == INET_CONNECTING)
		return 0;
	if ((is->shut & SEND_SHUTDOWN) || is->state != INET_CONNECTED || !is->pcb.tcp)
		return sock_epipe(m);
	if (tcp_sndqueuelen(is->pcb.tcp) >= TCP_SND_QUEUELEN)
		return 0;
	return tcp_sndbuf(is->pcb.tcp);
}

/* Queue n bytes of buf on TCP and send: n, 0 when out of room. [N] */
static long tcp_push(struct inet_sock *is, struct sock_msg *m, const char *buf,
		     size_t n, bool more)
{
	long room = tcp_tx_room(is, m);
	err_t e;

	if (room <= 0)
		return room;
	n = MIN(MIN(n, (size_t)room), 0xffffU);         /* tcp_write takes a u16_t */
	e = tcp_write(is->pcb.tcp, buf, (u16_t)n,
		      TCP_WRITE_FLAG_COPY | (more || is->cork ? TCP_WRITE_FLAG_MORE : 0));
	if (e == ERR_MEM)
		n = 0;
	else if (e != ERR_OK)
		return inet_err(e);
	if (!is->cork || e == ERR_MEM)
		tcp_output(is->pcb.tcp);
	return (long)n;
}

static ssize_t tcp_sendmsg(struct inet_sock *is, struct sock_msg *m, char *buf)
{
	size_t done = 0;
	unsigned long fl;
	long r;

	do {
		fl = net_lock();
		r = tcp_tx_room(is, m);
		net_unlock(fl);
		if (r > 0) {
			size_t n = MIN(MIN((size_t)r, m->len - done), (size_t)IO_CHUNK);

			r = iobuf_copy_in(buf, m->data, done, n);
			if (r)
				break;
			fl = net_lock();
			r = tcp_push(is, m, buf, n, done + n < m->len);
			net_unlock(fl);
		}
		if (r < 0)
			break;
		done += (size_t)r;
		if (r > 0 || done == m->len)
			continue;
		if (m->nonblock) {
			r = -EAGAIN;
			break;
		}
		r = sock_sleep(&is->sock.wait, m->deadline);
		if (r)
			break;
	} while (done < m->len);
	return done ? (ssize_t)done : r;
}

/* ---- UDP and raw ------------------------------------------------------------------ */

/* Wait for a datagram: 1 with the net lock taken (*fl); without it, 0
 * (shut down for reading) or -errno. */
static ssize_t dgram_wait(struct inet_sock *is, struct sock_msg *m, unsigned long *fl)
{
	ssize_t r;

	for (;;) {
		*fl = net_lock();
		if (!list_empty(&is->rq))
			return 1;
		r = is->sock.err;
		is->sock.err = 0;
		/* Linux's order: an error, then EAGAIN, then EOF. */
		if (!r && m->nonblock)
			r = -EAGAIN;
		else if (!r && !(is->shut & RCV_SHUTDOWN))
			r = 1;
		net_unlock(*fl);
		if (r <= 0)
			return r;
		r = sock_sleep(&is->sock.wait, m->deadline);
		if (r)
			return r;
	}
}

/* The control message a datagram's reader asked for. [N] */
static void dgram_cmsg(struct inet_sock *is, struct inet_rx *rx, struct sock_msg *m)
{
	if (is->hoplimit_cm) {
		m->cm_level = IPPROTO_IPV6;
		m->cm_type = is->hoplimit_cm;
		m->cm_data[0] = rx->hops;
		m->cm_len = sizeof(int);
	} else if (is->pktinfo && IP_IS_V4(&rx->dst)) {
		/* struct in_pktinfo: ifindex, spec_dst, addr */
		m->cm_level = IPPROTO_IP;
		m->cm_type = IP_PKTINFO;
		m->cm_data[0] = rx->ifindex;
		m->cm_data[1] = ip4_addr_get_u32(ip_2_ip4(&rx->dst));
		m->cm_data[2] = m->cm_data[1];
		m->cm_len = 3 * sizeof(uint32_t);
	} else if (is->pktinfo6 && is->sock.family == AF_INET6) {
		/* struct in6_pktinfo: addr (v4-mapped for IPv4), ifindex */
		struct sock_addr a;

		inet_addr_out(is, &rx->dst, 0, &a);
		m->cm_level = IPPROTO_IPV6;
		m->cm_type = IPV6_PKTINFO;
		memcpy(m->cm_data, a.buf + 8, 16);      /* sin6_addr */
		m->cm_data[4] = rx->ifindex;
		m->cm_len = 5 * sizeof(uint32_t);
	}
}

/* The oldest datagram, rx, is read: drop it unless a peek. [N] */
static void dgram_done(struct inet_sock *is, struct inet_rx *rx)
{
	if (list_empty(&is->rq) || list_entry(is->rq.next, struct inet_rx, link) != rx)
		return;                 /* another reader took it */
	list_del(&rx->link);
	is->rq_bytes -= rx->p->tot_len;
	pbuf_free(rx->p);
	kfree(rx);
}

static ssize_t dgram_recvmsg(struct inet_sock *is, struct sock_msg *m, char *buf)
{
	struct inet_rx *rx;
	unsigned long fl;
	size_t len, n;
	ssize_t r = dgram_wait(is, m, &fl);

	if (r <= 0)
		return r;
	rx = list_entry(is->rq.next, struct inet_rx, link);
	len = rx->p->tot_len;
	n = MIN(len, m->len);
	pbuf_copy_partial(rx->p, buf, (u16_t)n, 0);
	inet_addr_out(is, &rx->from, rx->port, &m->addr);
	dgram_cmsg(is, rx, m);
	net_unlock(fl);
	r = iobuf_copy_out(m->data, 0, buf, n);
	if (r)
		return r;
	if (!(m->flags & MSG_PEEK)) {
		fl = net_lock();
		dgram_done(is, rx);
		net_unlock(fl);
	}
	if (n < len)
		m->out_flags |= MSG_TRUNC;
	return (ssize_t)((m->flags & MSG_TRUNC) ? len : n);
}

/* The destination of a datagram: 0, or -errno. */
static int udp_dest(struct inet_sock *is, struct sock_msg *m, ip_addr_t *ip,
		    uint16_t *port)
{
	int err;

	if (!m->addr.len)
		return is->state == INET_CONNECTED ? 0 : -EDESTADDRREQ;
	err = inet_addr_in(is, &m->addr, ip, port);
	if (err)
		return err;
	/* Bound to an IPv6 address (or v6-only): no way to IPv4. */
	if (is->pcb.udp && IP_IS_V6_VAL(is->pcb.udp->local_ip) && IP_IS_V4(ip))
		return -ENETUNREACH;
	return *port || is->sock.type == SOCK_RAW ? 1 : -EINVAL;
}

/* lwIP sends a datagram only from its netif's own address; one bound to
 * another of lo's (127/8) addresses goes from that address, as on Linux. */
static err_t udp_sendto_lo(struct udp_pcb *u, struct pbuf *p, const ip_addr_t *ip,
			   uint16_t port)
{
	struct netif *n;

	if (!IP_IS_V4(&u->local_ip) || ip4_addr_isany(ip_2_ip4(&u->local_ip)) ||
	    !inet_lo_own(&u->local_ip) ||
	    ip4_addr_cmp(ip_2_ip4(&u->local_ip), netif_ip4_addr(inet_lo())))
		return udp_sendto(u, p, ip, port);
	n = ip_route(&u->local_ip, ip);
	if (!n)
		return ERR_RTE;
	return udp_sendto_if_src(u, p, ip, port, n, &u->local_ip);
}

static int udp_send_pbuf(struct inet_sock *is, struct pbuf *p, bool to,
			 const ip_addr_t *ip, uint16_t port)
{
	struct udp_pcb *u = is->pcb.udp;
	err_t e;

	if (!u)
		return -EPIPE;
	if (is->sock.type == SOCK_RAW)
		e = inet_raw_send(is, p, to ? ip : NULL);
	else if (to)
		e = udp_sendto_lo(u, p, ip, port);
	else
		e = IP_IS_ANY_TYPE_VAL(u->remote_ip) ? ERR_VAL :
		    udp_sendto_lo(u, p, &u->remote_ip, u->remote_port);
	if (e == ERR_VAL && to && IP_IS_V4(ip) && !ip_get_option(u, SOF_BROADCAST))
		return -EACCES;
	return inet_err(e);
}

static ssize_t dgram_sendmsg(struct inet_sock *is, struct sock_msg *m)
{
	size_t max = is->sock.family == AF_INET ? UDP4_MAX : UDP6_MAX;
	pbuf_layer layer = is->sock.type == SOCK_RAW ? PBUF_IP : PBUF_TRANSPORT;
	ip_addr_t ip;
	uint16_t port = 0;
	struct pbuf *p;
	unsigned long fl;
	int to, err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	fl = net_lock();
	to = is->sock.err;              /* an ICMP error first, once */
	is->sock.err = 0;
	if (!to)
		to = udp_dest(is, m, &ip, &port);
	if (to >= 0 && (is->shut & SEND_SHUTDOWN))
		to = sock_epipe(m);
	net_unlock(fl);
	if (to < 0)
		return to;
	if (m->len > max)
		return -EMSGSIZE;
	fl = net_lock();
	p = pbuf_alloc(layer, (u16_t)m->len, PBUF_RAM);
	net_unlock(fl);
	if (!p)
		return -ENOBUFS;
	err = iobuf_copy_in(p->payload, m->data, 0, m->len);
	fl = net_lock();
	if (!err)
		err = udp_send_pbuf(is, p, to, &ip, port);
	pbuf_free(p);
	net_unlock(fl);
	return err ? err : (ssize_t)m->len;
}

/* ---- both ----------------------------------------------------------------- */

static char *io_buf(size_t len)
{
	return kmalloc(MAX(MIN(len, (size_t)IO_CHUNK), (size_t)1));
}

ssize_t inet_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *is = inet_sk(s);
	char *buf;
	ssize_t r;

	if (m->flags & MSG_OOB)
		return -EINVAL;
	buf = io_buf(s->type == SOCK_STREAM ? m->len : 0xffff);
	if (!buf)
		return -ENOMEM;
	if (s->type == SOCK_STREAM)
		r = tcp_recvmsg(is, m, buf);
	else
		r = dgram_recvmsg(is, m, buf);
	kfree(buf);
	return r;
}

ssize_t inet_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct inet_sock *is = inet_sk(s);
	char *buf;
	ssize_t r;

	if (s->type != SOCK_STREAM)
		return dgram_sendmsg(is, m);
	buf = io_buf(m->len);
	if (!buf)
		return -ENOMEM;
	r = tcp_sendmsg(is, m, buf);
	kfree(buf);
	return r;
}

static unsigned tcp_poll_mask(struct inet_sock *is)
{
	unsigned mask = 0;

	if (is->state == INET_LISTEN)
		return list_empty(&is->accq) ? 0 : POLLIN | POLLRDNORM;
	if (is->shut == SHUTDOWN_MASK || is->state == INET_NEW ||
	    is->state == INET_CLOSED)
		mask |= POLLHUP;
	if (is->eof || (is->shut & RCV_SHUTDOWN) || is->state == INET_CLOSED)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (is->state == INET_CONNECTING)
		return mask;
	if (is->rq_bytes)
		mask |= POLLIN | POLLRDNORM;
	if ((is->shut & SEND_SHUTDOWN) || !is->pcb.tcp || is->state != INET_CONNECTED ||
	    (tcp_sndbuf(is->pcb.tcp) >= TCP_SND_BUF / 4 &&
	     tcp_sndqueuelen(is->pcb.tcp) < TCP_SND_QUEUELEN))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

unsigned inet_poll(struct socket *s, struct poll_table *pt)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl;
	unsigned mask;

	poll_wait(pt, &s->wait);
	fl = net_lock();
	if (s->type == SOCK_STREAM) {
		mask = tcp_poll_mask(is);
	} else {
		mask = POLLOUT | POLLWRNORM;
		if (!list_empty(&is->rq))
			mask |= POLLIN | POLLRDNORM;
		if (is->shut & RCV_SHUTDOWN)
			mask |= POLLIN | POLLRDNORM | POLLRDHUP;
		if (is->shut == SHUTDOWN_MASK)
			mask |= POLLHUP;
	}
	if (s->err)
		mask |= POLLERR;
	net_unlock(fl);
	return mask;
}

int inet_inq(struct socket *s)
{
	struct inet_sock *is = inet_sk(s);
	unsigned long fl = net_lock();
	int n;

	if (is->state == INET_LISTEN)
		n = -EINVAL;
	else if (s->type == SOCK_STREAM || list_empty(&is->rq))
		n = (int)is->rq_bytes;
	else
		n = list_entry(is->rq.next, struct inet_rx, link)->p->tot_len;
	net_unlock(fl);
	return n;
}
