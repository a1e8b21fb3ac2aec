// SPDX-License-Identifier: MIT
/*
 * af_unix_gc.c - collecting AF_UNIX sockets that only SCM_RIGHTS messages
 * in flight keep alive (Linux's net/unix/garbage.c).
 *
 * A socket whose file is sent over a socket and then closed everywhere
 * lives on in the message; if that message sits in a queue that itself is
 * only reachable that way (a socket sent over itself, two sockets sent over
 * each other), nothing can ever read it and the sockets would never be
 * freed.  The collector runs when a socket closes while sockets are in
 * flight: candidates are sockets all of whose file references are in
 * flight; a candidate some of whose references come from a non-candidate's
 * queue is alive, and so is everything reachable from an alive one's queue
 * (and, for a listener, its unaccepted connections' queues).  The queues of
 * the rest are dropped, which breaks the cycles.
 */
#include "kernel/mm.h"
#include "net/net_internal.h"

static struct list_head unix_all = LIST_HEAD_INIT(unix_all);
static unsigned unix_tot_inflight;
static bool gc_running;

void unix_gc_track(struct unix_sock *u)
{
	list_add_tail(&u->all, &unix_all);
}

void unix_gc_untrack(struct unix_sock *u)
{
	list_del(&u->all);
}

static struct unix_sock *unix_of_file(struct file *f)
{
	struct socket *s;

	if (!file_is_socket(f))
		return NULL;
	s = f->priv;
	return s->family == AF_UNIX ? unix_sk(s) : NULL;
}

void unix_inflight(struct file **fds, int n, int delta)
{
	for (int i = 0; i < n; i++) {
		struct unix_sock *u = unix_of_file(fds[i]);

		if (u) {
			u->inflight = (unsigned)((int)u->inflight + delta);
			unix_tot_inflight = (unsigned)((int)unix_tot_inflight + delta);
		}
	}
}

/* Call fn on every in-flight socket in u's queues (and its embryos'). */
static void for_children(struct unix_sock *u, void (*fn)(struct unix_sock *))
{
	struct list_head *p, *q;

	list_for_each(p, &u->rq) {
		struct unix_skb *skb = list_entry(p, struct unix_skb, link);

		for (int i = 0; i < skb->nfds; i++) {
			struct unix_sock *c = unix_of_file(skb->fds[i]);

			if (c && c->gc_cand)
				fn(c);
		}
	}
	list_for_each(q, &u->accq)
		for_children(list_entry(q, struct unix_sock, acc_link), fn);
}

static void dec_refs(struct unix_sock *c)
{
	c->gc_refs--;
}

static bool gc_changed;

static void make_alive(struct unix_sock *c)
{
	if (!c->gc_alive)
		gc_changed = true;
	c->gc_alive = true;
}

/* Move the queues of a garbage socket (and its embryos) to hit. */
static void take_queues(struct unix_sock *u, struct list_head *hit)
{
	struct list_head *q;

	while (!list_empty(&u->rq)) {
		struct list_head *p = u->rq.next;

		list_del(p);
		list_add_tail(p, hit);
	}
	u->rq_len = 0;
	list_for_each(q, &u->accq)
		take_queues(list_entry(q, struct unix_sock, acc_link), hit);
}

static void gc_mark(void)
{
	struct list_head *p;

	list_for_each(p, &unix_all) {
		struct unix_sock *u = list_entry(p, struct unix_sock, all);

		u->gc_cand = u->sock.file && u->inflight &&
			     u->inflight == u->sock.file->refcount;
		u->gc_refs = (long)u->inflight;
		u->gc_alive = u->gc_scanned = false;
	}
	list_for_each(p, &unix_all) {
		struct unix_sock *u = list_entry(p, struct unix_sock, all);

		if (u->gc_cand)
			for_children(u, dec_refs);
	}
	do {
		gc_changed = false;
		list_for_each(p, &unix_all) {
			struct unix_sock *u = list_entry(p, struct unix_sock, all);

			if (!u->gc_cand || u->gc_scanned ||
			    (!u->gc_alive && u->gc_refs <= 0))
				continue;
			u->gc_alive = u->gc_scanned = true;
			gc_changed = true;
			for_children(u, make_alive);
		}
	} while (gc_changed);
}

void unix_gc(void)
{
	struct list_head hit, *p;

	if (!unix_tot_inflight || gc_running)
		return;
	gc_running = true;
	gc_mark();
	list_init(&hit);
	list_for_each(p, &unix_all) {
		struct unix_sock *u = list_entry(p, struct unix_sock, all);

		if (u->gc_cand && !u->gc_alive)
			take_queues(u, &hit);
	}
	/* Freeing may close sockets (and run here again: gc_running). */
	while (!list_empty(&hit)) {
		struct unix_skb *skb = list_entry(hit.next, struct unix_skb, link);

		list_del(&skb->link);
		unix_skb_free(skb);
	}
	gc_running = false;
}

/*
 * /proc/net/unix in Linux's format (unix_seq_show): every socket not yet
 * released, its address as Linux prints it - a path, or '@' and an
 * abstract name with its NULs as '@'.  Num is Linux's %pK of the socket;
 * we print zeros as Linux does where kernel pointers are restricted.
 * St is the socket's SS_* state: a connected socket (or a connected
 * datagram socket) SS_CONNECTED, others SS_UNCONNECTED; a connection not
 * yet accepted has no struct socket in Linux and shows SS_CONNECTING.
 */
void unix_proc_show(void (*put)(void *ctx, const char *s), void *ctx)
{
	char line[80 + 2 * UNIX_PATH_MAX];
	struct list_head *p;

	put(ctx, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	list_for_each(p, &unix_all) {
		struct unix_sock *u = list_entry(p, struct unix_sock, all);
		bool embryo = !u->sock.file;
		int st = u->state == UNIX_CONNECTED ? (embryo ? 2 : 3) : (embryo ? 4 : 1);
		uint64_t ino = 0;
		uint32_t uid;
		size_t n;

		if (u->dead)
			continue;
		if (u->sock.file)
			sockfs_ids(u->sock.file, &ino, &uid);
		n = (size_t)snprintf(line, sizeof(line), "%016x: %08X %08X %08X %04X %02X %5lu",
				     0, u->refs, 0, u->state == UNIX_LISTEN ? 0x10000 : 0,
				     u->sock.type, st, (unsigned long)ino);
		if (u->addr.len > 2) {
			const char *path = u->addr.buf + 2;
			int len = u->addr.len - 2, i = 0;

			line[n++] = ' ';
			if (path[0])
				len = (int)strnlen(path, (size_t)len);
			else
				line[n++] = '@', i++;
			for (; i < len; i++)
				line[n++] = path[i] ? path[i] : '@';
		}
		line[n++] = '\n';
		line[n] = '\0';
		put(ctx, line);
	}
}
