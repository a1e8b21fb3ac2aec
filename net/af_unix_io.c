// SPDX-License-Identifier: MIT
/*
 * af_unix_io.c - AF_UNIX data: sending, receiving and poll readiness
 * (unix(7); Linux's unix_stream_sendmsg, unix_stream_read_generic,
 * unix_dgram_sendmsg, unix_dgram_recvmsg, unix_poll, unix_dgram_poll).
 *
 * A message is a struct unix_skb on the receiver's queue, charged to the
 * sender's send buffer (SO_SNDBUF) until read: a sender waits while its
 * unread bytes would pass the buffer, and a datagram sender also while the
 * receiver holds more than max_dgram_qlen messages (unless the receiver is
 * connected back to it).  Stream reads join pieces, but never across
 * passed fds or, with SO_PASSCRED, across different senders' credentials.
 * Data leaves a queue only after it has been copied out, so a bad buffer
 * loses nothing.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "net/net_internal.h"

#define SKB_OVERHEAD 512        /* bookkeeping charged per message */
#define STREAM_CHUNK (16 * 1024)
#define MAX_DGRAM_QLEN 10       /* net.unix.max_dgram_qlen */

void unix_skb_free(struct unix_skb *skb)
{
	struct unix_sock *owner = skb->owner;

	unix_inflight(skb->fds, skb->nfds, -1);
	for (int i = 0; i < skb->nfds; i++)
		file_put(skb->fds[i]);
	kfree(skb->fds);
	owner->wmem -= skb->truesize;
	waitq_wake(&owner->sock.wait);
	unix_put(owner);
	kfree(skb);
}

void unix_purge(struct unix_sock *u)
{
	while (!list_empty(&u->rq)) {
		struct unix_skb *skb = list_entry(u->rq.next, struct unix_skb, link);

		list_del(&skb->link);
		unix_skb_free(skb);
	}
	u->rq_len = 0;
}

/* The default credentials a message carries: real IDs (scm_send). */
static struct ucred scm_cred_now(void)
{
	const struct cred *c = current_cred();

	return (struct ucred){ current->pid, c->uid, c->gid };
}

/* A message of len bytes from m at off, from u; fds taken from m if take. */
static struct unix_skb *skb_new(struct unix_sock *u, struct sock_msg *m,
				size_t off, size_t len, bool take, int *err)
{
	struct unix_skb *skb = kzalloc(sizeof(*skb) + len);

	*err = -ENOMEM;
	if (!skb)
		return NULL;
	*err = iobuf_copy_in(skb->data, m->data, off, len);
	if (*err)
		goto out_free;
	if (take && m->nfds) {
		skb->fds = kmalloc((size_t)m->nfds * sizeof(*skb->fds));
		if (!skb->fds)
			goto out_free;
		memcpy(skb->fds, m->fds, (size_t)m->nfds * sizeof(*skb->fds));
		skb->nfds = m->nfds;
		m->nfds = 0;
		unix_inflight(skb->fds, skb->nfds, 1);
	}
	skb->len = len;
	skb->truesize = len + SKB_OVERHEAD;
	skb->from = u->addr;
	skb->cred = m->has_cred ? m->cred : scm_cred_now();
	skb->owner = u;
	unix_hold(u);
	u->wmem += skb->truesize;
	return skb;

out_free:
	*err = *err ? *err : -ENOMEM;
	kfree(skb);
	return NULL;
}

static void skb_queue(struct unix_sock *to, struct unix_skb *skb)
{
	list_add_tail(&skb->link, &to->rq);
	to->rq_len++;
	waitq_wake(&to->sock.wait);
}

/* Sleep on wq unless m is non-blocking: 0 to look again, or -errno. */
static int msg_wait(struct waitq *wq, const struct sock_msg *m)
{
	return m->nonblock ? -EAGAIN : sock_sleep(wq, m->deadline);
}

static bool wmem_full(struct unix_sock *u, size_t truesize)
{
	return u->wmem && u->wmem + truesize > (size_t)u->sock.sndbuf;
}

/* ---- stream -------------------------------------------------------------- */

static bool stream_broken(struct unix_sock *u)
{
	return (u->shut & SEND_SHUTDOWN) || !u->peer || u->peer->dead ||
	       (u->peer->shut & RCV_SHUTDOWN);
}

ssize_t unix_stream_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	size_t sent = 0;
	int err = 0;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->addr.len)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	while (sent < m->len) {
		size_t n = MIN(m->len - sent, MIN((size_t)STREAM_CHUNK,
						  (size_t)s->sndbuf / 2));
		struct unix_skb *skb;

		if (stream_broken(u))
			return sent ? (ssize_t)sent : sock_epipe(m);
		if (wmem_full(u, n + SKB_OVERHEAD)) {
			err = msg_wait(&s->wait, m);
			if (err)
				break;
			continue;
		}
		skb = skb_new(u, m, sent, n, sent == 0, &err);
		if (!skb)
			break;
		if (stream_broken(u)) {         /* closed while we copied */
			unix_skb_free(skb);
			continue;
		}
		skb_queue(u->peer, skb);
		sent += n;
	}
	return sent ? (ssize_t)sent : err;
}

static bool cred_eq(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* Hand skb's fds to m: moved, or duplicated when only peeking. */
static void skb_fds_to_msg(struct unix_skb *skb, struct sock_msg *m, bool peek)
{
	for (int i = 0; i < skb->nfds; i++) {
		m->fds[i] = skb->fds[i];
		if (peek)
			file_get(skb->fds[i]);
	}
	m->nfds = skb->nfds;
	if (peek)
		return;
	unix_inflight(skb->fds, skb->nfds, -1);
	skb->nfds = 0;
}

/* Nothing (more) to read now: 1 to stop with what we have, 0 to look again
 * after a sleep, or -errno. */
static int stream_wait(struct unix_sock *u, struct sock_msg *m, size_t copied,
		       size_t target)
{
	int err;

	if (copied >= target)
		return 1;
	if (u->sock.err) {
		err = u->sock.err;
		u->sock.err = 0;
		return copied ? 1 : err;
	}
	if (u->shut & RCV_SHUTDOWN)
		return 1;
	err = msg_wait(&u->sock.wait, m);
	if (err)
		return copied ? 1 : err;
	return 0;
}

/*
 * The message holding unread byte skip of u's queue and how far into its
 * unread part that byte lies; NULL when the queue holds no more.  MSG_PEEK
 * finds its place again this way after every sleep, so it keeps no pointer
 * into a queue another reader may change.
 */
static struct unix_skb *stream_at(struct unix_sock *u, size_t skip, size_t *in)
{
	struct list_head *p;

	list_for_each(p, &u->rq) {
		struct unix_skb *skb = list_entry(p, struct unix_skb, link);
		size_t avail = skb->len - skb->off;

		if (skip < avail) {
			*in = skip;
			return skb;
		}
		skip -= avail;
	}
	return NULL;
}

/* Copy what m still takes from one skb, starting in bytes into its unread
 * part; 0 or -EFAULT. */
static int stream_take(struct unix_sock *u, struct unix_skb *skb, size_t in,
		       struct sock_msg *m, size_t *copied)
{
	bool peek = m->flags & MSG_PEEK;
	size_t n = MIN(skb->len - skb->off - in, m->len - *copied);
	int err = iobuf_copy_out(m->data, *copied, skb->data + skb->off + in, n);

	if (err)
		return err;
	if (*copied == 0) {
		m->addr = skb->from;
		m->cred = skb->cred;
		m->has_cred = true;
	}
	*copied += n;
	if (skb->nfds)
		skb_fds_to_msg(skb, m, peek);
	if (peek)
		return 0;
	skb->off += n;
	if (skb->off == skb->len) {
		list_del(&skb->link);
		u->rq_len--;
		unix_skb_free(skb);
	}
	return 0;
}

ssize_t unix_stream_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	size_t copied = 0, in;
	size_t target = (m->flags & MSG_WAITALL) ? m->len : 1;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	if (!m->len)
		return 0;
	while (copied < m->len) {
		struct unix_skb *skb = stream_at(u, m->flags & MSG_PEEK ? copied : 0, &in);

		if (!skb) {
			err = stream_wait(u, m, copied, target);
			if (err < 0)
				return err;
			if (err)
				break;
			continue;
		}
		if (copied && s->passcred && !cred_eq(&skb->cred, &m->cred))
			break;
		if (copied && skb->nfds)
			break;
		err = stream_take(u, skb, in, m, &copied);
		if (err)
			return copied ? (ssize_t)copied : err;
		if (m->nfds)
			break;
	}
	return (ssize_t)copied;
}

/* ---- datagrams and seqpacket records --------------------------------------- */

/* Where a datagram goes: the address given or the peer (a reference). */
static int dgram_target(struct unix_sock *u, struct sock_msg *m,
			struct unix_sock **out)
{
	if (u->sock.type == SOCK_SEQPACKET) {
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		m->addr.len = 0;        /* ignored, as Linux does */
	} else if (m->addr.len) {
		return unix_find(&m->addr, SOCK_DGRAM, out);
	}
	if (!u->peer)
		return -ENOTCONN;
	unix_hold(u->peer);
	*out = u->peer;
	return 0;
}

/* Room for one message of truesize from u at other?  0, or why not yet. */
static int dgram_room(struct unix_sock *u, struct unix_sock *other,
		      size_t truesize, struct sock_msg *m)
{
	for (;;) {
		int err;

		if (other->dead)
			return u->sock.type == SOCK_SEQPACKET ? sock_epipe(m)
							       : -ECONNREFUSED;
		if ((u->shut & SEND_SHUTDOWN) || (other->shut & RCV_SHUTDOWN))
			return u->sock.type == SOCK_SEQPACKET ? sock_epipe(m) : -EPIPE;
		if (other->peer != u && u->sock.type == SOCK_DGRAM &&
		    other->rq_len > MAX_DGRAM_QLEN)
			err = msg_wait(&other->sock.wait, m);
		else if (wmem_full(u, truesize))
			err = msg_wait(&u->sock.wait, m);
		else
			return 0;
		if (err)
			return err;
	}
}

ssize_t unix_dgram_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s), *other;
	struct unix_skb *skb;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->addr.len && s->type == SOCK_DGRAM && (err = unix_addr_check(&m->addr)))
		return err;
	err = dgram_target(u, m, &other);
	if (err)
		return err;
	if (s->passcred && (err = unix_autobind(u)))
		goto out;
	err = -EMSGSIZE;
	if (m->len > (size_t)s->sndbuf - 32)
		goto out;
	err = -EPERM;
	if (other->peer && other->peer != u && s->type == SOCK_DGRAM)
		goto out;
	err = dgram_room(u, other, m->len + SKB_OVERHEAD, m);
	if (err == -ECONNREFUSED && u->peer == other) {
		unix_put(other);        /* the peer is gone: disconnected */
		u->peer = NULL;
	}
	if (err)
		goto out;
	skb = skb_new(u, m, 0, m->len, true, &err);
	if (!skb)
		goto out;
	if (other->dead || (other->shut & RCV_SHUTDOWN)) {
		unix_skb_free(skb);          /* closed while we copied (a fault slept) */
		err = s->type == SOCK_SEQPACKET ? sock_epipe(m) : -ECONNREFUSED;
		goto out;
	}
	skb_queue(other, skb);
	err = (int)m->len;
out:
	unix_put(other);
	return err;
}

ssize_t unix_dgram_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct unix_sock *u = unix_sk(s);
	bool peek = m->flags & MSG_PEEK;
	struct unix_skb *skb;
	size_t n;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	while (list_empty(&u->rq)) {
		if (s->err) {
			err = s->err;
			s->err = 0;
			return err;
		}
		if (u->shut & RCV_SHUTDOWN)
			return 0;
		err = msg_wait(&s->wait, m);
		if (err)
			return err;
	}
	skb = list_entry(u->rq.next, struct unix_skb, link);
	n = MIN(m->len, skb->len);
	err = iobuf_copy_out(m->data, 0, skb->data, n);
	if (err)
		return err;
	if (skb->len > m->len)
		m->out_flags |= MSG_TRUNC;
	m->addr = skb->from;
	m->cred = skb->cred;
	m->has_cred = true;
	skb_fds_to_msg(skb, m, peek);
	n = (m->flags & MSG_TRUNC) ? skb->len : n;
	if (!peek) {
		list_del(&skb->link);
		u->rq_len--;
		unix_skb_free(skb);
		waitq_wake(&s->wait);   /* senders waiting for queue room */
	}
	return (ssize_t)n;
}

/* ---- readiness ------------------------------------------------------------ */

static bool unix_writable(struct unix_sock *u)
{
	return u->state != UNIX_LISTEN && (u->wmem << 2) <= (size_t)u->sock.sndbuf;
}

unsigned unix_poll(struct socket *s, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(s), *other = u->peer;
	unsigned mask = 0;

	poll_wait(pt, &s->wait);
	if (s->err)
		mask |= POLLERR;
	if (u->shut == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (u->shut & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->rq) || !list_empty(&u->accq))
		mask |= POLLIN | POLLRDNORM;
	if (s->type != SOCK_DGRAM && u->state == UNIX_CLOSE)
		mask |= POLLHUP;
	if (!unix_writable(u))
		return mask;
	if (s->type == SOCK_DGRAM && other && other->peer != u) {
		poll_wait(pt, &other->sock.wait);
		if (!other->dead && other->rq_len > MAX_DGRAM_QLEN)
			return mask;
	}
	return mask | POLLOUT | POLLWRNORM | POLLWRBAND;
}

int unix_inq(struct socket *s)
{
	struct unix_sock *u = unix_sk(s);
	struct list_head *p;
	size_t n = 0;

	if (u->state == UNIX_LISTEN)
		return -EINVAL;
	list_for_each(p, &u->rq) {
		struct unix_skb *skb = list_entry(p, struct unix_skb, link);

		n += skb->len - skb->off;
		if (s->type != SOCK_STREAM)
			break;
	}
	return (int)MIN(n, (size_t)0x7fffffff);
}
