// SPDX-License-Identifier: MIT
/*
 * af_unix.c - AF_UNIX sockets (unix(7)): SOCK_STREAM, SOCK_DGRAM and
 * SOCK_SEQPACKET; names, connections and their life.  Data moves in
 * af_unix_io.c.
 *
 * Names: a path name is an S_IFSOCK inode that bind makes (fs/sockfs.c)
 * and the socket keeps a reference to; connect walks the path and finds the
 * socket bound to that inode.  Abstract names (sun_path[0] == 0) are bytes,
 * one namespace per socket type as in Linux.  An empty address (only
 * sun_family) autobinds to "\0" and five hex digits.
 *
 * Connections follow Linux's unix_stream_connect: connect makes the server's
 * socket at once, joins the two and queues the new one on the listener,
 * where accept takes it; up to backlog + 1 wait, more block the connector.
 * Closing a connected socket shuts its peer down both ways (read gives EOF,
 * write EPIPE), or resets it (ECONNRESET) if it left data unread.
 */
#include "kernel/mm.h"
#include "kernel/uaccess.h"
#include "net/net_internal.h"

static struct list_head unix_names = LIST_HEAD_INIT(unix_names);
static unsigned unix_ordernum;
static const struct sock_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

void unix_hold(struct unix_sock *u)
{
	u->refs++;
}

void unix_put(struct unix_sock *u)
{
	assert(u->refs > 0);
	if (--u->refs)
		return;
	assert(list_empty(&u->rq) && list_empty(&u->accq) && !u->peer);
	unix_gc_untrack(u);
	kfree(u);
}

static struct unix_sock *unix_new(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	sock_init(&u->sock, AF_UNIX, type,
		  type == SOCK_DGRAM ? &unix_dgram_ops :
		  type == SOCK_SEQPACKET ? &unix_seqpacket_ops : &unix_stream_ops);
	u->refs = 1;
	list_init(&u->bound);
	list_init(&u->rq);
	list_init(&u->accq);
	list_init(&u->acc_link);
	unix_gc_track(u);
	return u;
}

static int unix_create(int type, int protocol, struct socket **out)
{
	struct unix_sock *u;

	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (type == SOCK_RAW)
		type = SOCK_DGRAM;      /* as Linux's unix_create */
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	u = unix_new(type);
	if (!u)
		return -ENOMEM;
	*out = &u->sock;
	return 0;
}

const struct net_family unix_family = {
	.family = AF_UNIX,
	.create = unix_create,
};

/* ---- names --------------------------------------------------------------- */

static bool is_abstract(const struct sock_addr *a)
{
	return a->buf[2] == 0;
}

int unix_addr_check(const struct sock_addr *a)
{
	uint16_t family;

	if (a->len <= 2 || a->len > UNIX_ADDR_MAX)
		return -EINVAL;
	memcpy(&family, a->buf, sizeof(family));
	return family == AF_UNIX ? 0 : -EINVAL;
}

/* A path name as Linux keeps it: the string and its NUL, however long the
 * caller said it was.  path gets the NUL-terminated string. */
static void path_name(struct sock_addr *a, char *path)
{
	size_t n = strnlen(a->buf + 2, (size_t)a->len - 2);

	memcpy(path, a->buf + 2, n);
	path[n] = 0;
	a->buf[2 + n] = 0;
	a->len = (int)(2 + n + 1);
}

static struct unix_sock *find_abstract(const struct sock_addr *a, int type)
{
	struct list_head *p;

	list_for_each(p, &unix_names) {
		struct unix_sock *u = list_entry(p, struct unix_sock, bound);

		if (!u->inode && u->sock.type == type && u->addr.len == a->len &&
		    !memcmp(u->addr.buf, a->buf, (size_t)a->len))
			return u;
	}
	return NULL;
}

static struct unix_sock *find_inode(struct inode *inode)
{
	struct list_head *p;

	list_for_each(p, &unix_names) {
		struct unix_sock *u = list_entry(p, struct unix_sock, bound);

		if (u->inode == inode)
			return u;
	}
	return NULL;
}

int unix_find(const struct sock_addr *a, int type, struct unix_sock **out)
{
	char path[UNIX_PATH_MAX + 1];
	struct sock_addr name = *a;
	struct unix_sock *u;
	struct inode *inode;
	int err = unix_addr_check(a);

	if (err)
		return err;
	if (is_abstract(a)) {
		u = find_abstract(a, type);
	} else {
		path_name(&name, path);
		err = sockfs_lookup(path, &inode);
		if (err)
			return err;
		u = find_inode(inode);
		sockfs_inode_put(inode);
		if (u && u->sock.type != type)
			return -EPROTOTYPE;
	}
	if (!u)
		return -ECONNREFUSED;
	unix_hold(u);
	*out = u;
	return 0;
}

static void name_set(struct unix_sock *u, const struct sock_addr *a,
		     struct inode *inode)
{
	u->addr = *a;
	u->inode = inode;
	list_add_tail(&u->bound, &unix_names);
}

/* "\0" and five hex digits, the first free one for this type. */
int unix_autobind(struct unix_sock *u)
{
	struct sock_addr a = { .len = 2 + 6 };
	uint16_t family = AF_UNIX;

	if (u->addr.len)
		return 0;
	memcpy(a.buf, &family, sizeof(family));
	for (unsigned tries = 0; tries <= 0xfffff; tries++) {
		unix_ordernum = (unix_ordernum + 1) & 0xfffff;
		snprintf(a.buf + 3, 6, "%05x", unix_ordernum);
		if (!find_abstract(&a, u->sock.type)) {
			name_set(u, &a, NULL);
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * A bound socket bound again to a path: Linux makes the name first, so an
 * existing one is EADDRINUSE, and then refuses (EINVAL) and removes it.
 */
static int bound_again(const char *path)
{
	struct inode *inode;
	int err = sockfs_lookup(path, &inode);

	if (!err)
		sockfs_inode_put(inode);
	if (!err || err == -ECONNREFUSED || err == -EACCES)
		return -EADDRINUSE;
	return err == -ENOENT ? -EINVAL : err;
}

static int unix_bind(struct socket *s, const struct sock_addr *a)
{
	struct unix_sock *u = unix_sk(s);
	char path[UNIX_PATH_MAX + 1];
	struct sock_addr name = *a;
	struct inode *inode;
	uint16_t family = 0;
	int err;

	memcpy(&family, a->buf, MIN((size_t)a->len, sizeof(family)));
	if (a->len == 2 && family == AF_UNIX)
		return unix_autobind(u);
	err = unix_addr_check(a);
	if (err)
		return err;
	if (is_abstract(a)) {
		if (u->addr.len)
			return -EINVAL;
		if (find_abstract(a, s->type))
			return -EADDRINUSE;
		name_set(u, a, NULL);
		return 0;
	}
	path_name(&name, path);
	if (u->addr.len)
		return bound_again(path);
	err = sockfs_mknod(path, &inode);
	if (err)
		return err;
	name_set(u, &name, inode);
	return 0;
}

static int unix_getname(struct socket *s, struct sock_addr *a, bool peer)
{
	struct unix_sock *u = unix_sk(s);
	uint16_t family = AF_UNIX;

	if (peer) {
		if (!u->peer || (s->type != SOCK_DGRAM && u->state != UNIX_CONNECTED))
			return -ENOTCONN;
		u = u->peer;
	}
	if (u->addr.len) {
		*a = u->addr;
		return 0;
	}
	memcpy(a->buf, &family, sizeof(family));
	a->len = 2;
	return 0;
}

/* ---- connections --------------------------------------------------------- */

static void set_peer(struct unix_sock *u, struct unix_sock *peer)
{
	if (peer)
		unix_hold(peer);
	if (u->peer)
		unix_put(u->peer);
	u->peer = peer;
}

static int unix_pair(struct socket *a, struct socket *b)
{
	struct unix_sock *ua = unix_sk(a), *ub = unix_sk(b);

	set_peer(ua, ub);
	set_peer(ub, ua);
	ua->state = ub->state = UNIX_CONNECTED;
	ua->peercred = ub->peercred = sock_cred_now();
	ua->has_peercred = ub->has_peercred = true;
	return 0;
}

/* Wait for room on a listener's accept queue; 0 once it can take one. */
static int wait_listener(struct unix_sock *other, bool nonblock,
			 uint64_t deadline)
{
	for (;;) {
		int err;

		if (other->dead || other->state != UNIX_LISTEN ||
		    (other->shut & RCV_SHUTDOWN))
			return -ECONNREFUSED;
		if (other->acc_len <= (unsigned)other->backlog)
			return 0;
		if (nonblock)
			return -EAGAIN;
		err = sock_sleep(&other->sock.wait, deadline);
		if (err)
			return err;
	}
}

/* The server's end of a new connection, joined to u and queued on other. */
static int stream_join(struct unix_sock *u, struct unix_sock *other)
{
	struct unix_sock *n = unix_new(u->sock.type);

	if (!n)
		return -ENOMEM;
	n->addr = other->addr;
	n->sock.passcred = other->sock.passcred;
	n->peercred = sock_cred_now();
	n->has_peercred = true;
	n->state = u->state = UNIX_CONNECTED;
	set_peer(n, u);
	set_peer(u, n);
	u->peercred = other->peercred;
	u->has_peercred = true;
	list_add_tail(&n->acc_link, &other->accq);      /* n's first reference */
	other->acc_len++;
	waitq_wake(&other->sock.wait);
	return 0;
}

static int unix_stream_connect(struct socket *s, const struct sock_addr *a,
			       bool nonblock)
{
	struct unix_sock *u = unix_sk(s), *other;
	int err = unix_addr_check(a);

	if (err)
		return err;
	if (s->passcred && (err = unix_autobind(u)))
		return err;
	err = unix_find(a, s->type, &other);
	if (err)
		return err;
	err = wait_listener(other, nonblock, sock_deadline(s->sndtimeo));
	if (!err && u->state == UNIX_CONNECTED)
		err = -EISCONN;
	else if (!err && u->state != UNIX_CLOSE)
		err = -EINVAL;
	if (!err)
		err = stream_join(u, other);
	unix_put(other);
	return err;
}

static int unix_dgram_connect(struct socket *s, const struct sock_addr *a,
			      bool nonblock)
{
	struct unix_sock *u = unix_sk(s), *other;
	uint16_t family;
	int err;

	if (a->len < 2)
		return -EINVAL;
	memcpy(&family, a->buf, sizeof(family));
	if (family == AF_UNSPEC) {
		set_peer(u, NULL);
		return 0;
	}
	err = unix_addr_check(a);
	if (err)
		return err;
	if (s->passcred && (err = unix_autobind(u)))
		return err;
	err = unix_find(a, s->type, &other);
	if (err)
		return err;
	if (other->peer && other->peer != u)
		err = -EPERM;
	else
		set_peer(u, other);
	unix_put(other);
	return err;
}

static int unix_listen(struct socket *s, int backlog)
{
	struct unix_sock *u = unix_sk(s);

	if (!u->addr.len)
		return -EINVAL;
	if (u->state != UNIX_CLOSE && u->state != UNIX_LISTEN)
		return -EINVAL;
	if (backlog > u->backlog)
		waitq_wake(&s->wait);
	u->backlog = backlog;
	u->state = UNIX_LISTEN;
	s->listening = true;
	u->peercred = sock_cred_now();
	u->has_peercred = true;
	return 0;
}

static int unix_accept(struct socket *s, struct socket **out, bool nonblock)
{
	struct unix_sock *u = unix_sk(s), *n;
	uint64_t deadline = sock_deadline(s->rcvtimeo);

	if (u->state != UNIX_LISTEN)
		return -EINVAL;
	while (list_empty(&u->accq)) {
		int err;

		if (nonblock)
			return -EAGAIN;
		err = sock_sleep(&s->wait, deadline);
		if (err)
			return err;
		if (u->state != UNIX_LISTEN)
			return -EINVAL;
	}
	n = list_entry(u->accq.next, struct unix_sock, acc_link);
	list_del(&n->acc_link);
	u->acc_len--;
	waitq_wake(&s->wait);           /* a connector may fit now */
	*out = &n->sock;
	return 0;
}

static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = unix_sk(s), *peer = u->peer;
	unsigned mode = (unsigned)how + 1;      /* SHUT_RD -> RCV_SHUTDOWN ... */

	u->shut |= mode;
	waitq_wake(&s->wait);
	if (peer && s->type != SOCK_DGRAM) {
		peer->shut |= (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) |
			      (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
		waitq_wake(&peer->sock.wait);
	}
	return 0;
}

static int unix_peercred(struct socket *s, struct ucred *c)
{
	struct unix_sock *u = unix_sk(s);

	if (!u->has_peercred)
		return -ENOTCONN;
	*c = u->peercred;
	return 0;
}

/* unix_release_sock: embryo is a connection never accepted. */
static void unix_close(struct unix_sock *u, bool embryo)
{
	struct unix_sock *peer = u->peer;

	u->dead = true;
	u->sock.listening = false;
	u->shut = SHUTDOWN_MASK;
	if (!list_empty(&u->bound)) {
		list_del(&u->bound);
		if (u->inode)
			sockfs_inode_put(u->inode);
		u->inode = NULL;
	}
	if (peer && u->sock.type != SOCK_DGRAM) {
		if (!list_empty(&u->rq) || embryo)
			peer->sock.err = -ECONNRESET;
		peer->shut = SHUTDOWN_MASK;
	}
	if (peer)
		waitq_wake(&peer->sock.wait);
	set_peer(u, NULL);
	unix_purge(u);
	while (!list_empty(&u->accq)) {
		struct unix_sock *n = list_entry(u->accq.next, struct unix_sock,
						 acc_link);
		list_del(&n->acc_link);
		unix_close(n, true);
		unix_put(n);
	}
	u->acc_len = 0;
	waitq_wake(&u->sock.wait);
}

static void unix_release(struct socket *s)
{
	struct unix_sock *u = unix_sk(s);

	unix_close(u, false);
	unix_put(u);
	unix_gc();
}

static const struct sock_ops unix_stream_ops = {
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg,
	.poll = unix_poll,
	.shutdown = unix_shutdown,
	.pair = unix_pair,
	.peercred = unix_peercred,
	.inq = unix_inq,
};

/* SOCK_SEQPACKET: stream connections carrying records. */
static const struct sock_ops unix_seqpacket_ops = {
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
	.poll = unix_poll,
	.shutdown = unix_shutdown,
	.pair = unix_pair,
	.peercred = unix_peercred,
	.inq = unix_inq,
};

static const struct sock_ops unix_dgram_ops = {
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_dgram_connect,
	.getname = unix_getname,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
	.poll = unix_poll,
	.shutdown = unix_shutdown,
	.pair = unix_pair,
	.peercred = unix_peercred,
	.inq = unix_inq,
};
