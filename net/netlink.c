// SPDX-License-Identifier: MIT
/*
 * netlink.c - AF_NETLINK sockets (netlink(7)): SOCK_RAW and SOCK_DGRAM
 * sockets of NETLINK_ROUTE (rtnetlink, netlink_route.c) and
 * NETLINK_KOBJECT_UEVENT (accepted; the kernel sends it nothing), as
 * Linux's net/netlink/af_netlink.c: port ids (bind, autobind to the
 * process id), messages to the kernel answered as they are sent, acks
 * and errors as NLMSG_ERROR, datagrams to other netlink sockets by port.
 *
 * A dump is built whole when it is asked for (Linux builds it a datagram
 * per read), so what a reader sees is the state when it asked.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "net/netlink_internal.h"

#define SOL_NETLINK 270
#define NETLINK_ADD_MEMBERSHIP 1
#define NETLINK_DROP_MEMBERSHIP 2
#define NETLINK_PKTINFO 3
#define NETLINK_BROADCAST_ERROR 4
#define NETLINK_NO_ENOBUFS 5
#define NETLINK_LISTEN_ALL_NSID 8
#define NETLINK_CAP_ACK 10
#define NETLINK_EXT_ACK 11
#define NETLINK_GET_STRICT_CHK 12

#define NL_SKB_SIZE 4096                /* a dump's datagrams (NLMSG_GOODSIZE) */
#define AUTOBIND_FIRST (-4096)          /* after the process id, as Linux's rover */

struct sockaddr_nl {
	uint16_t nl_family, nl_pad;
	uint32_t nl_pid, nl_groups;
};

/* One datagram on a receive queue. */
struct nl_skb {
	struct list_head link;
	uint32_t from;                  /* the sender's port id; 0: the kernel */
	size_t len, cap;
	char data[];
};

struct nl_sock {
	struct socket sock;
	int protocol;                   /* [I] NETLINK_ROUTE ... */
	bool bound;                     /* [S] portid is ours */
	uint32_t portid, groups;        /* [S] bind(2) */
	uint32_t dst_portid, dst_group; /* [S] connect(2) */
	bool cap_ack;                   /* [S] NETLINK_CAP_ACK */
	unsigned opts;                  /* [S] other SOL_NETLINK flags, by bit */
	struct list_head rq;            /* [S] struct nl_skb, oldest first */
	struct list_head all;           /* [S] on nl_socks */
};

static struct list_head nl_socks = LIST_HEAD_INIT(nl_socks);
static int32_t rover = AUTOBIND_FIRST;

static struct nl_sock *nl_sk(struct socket *s)
{
	return container_of(s, struct nl_sock, sock);
}

/* ---- replies ------------------------------------------------------------ */

static struct nl_skb *skb_new(size_t cap, uint32_t from)
{
	struct nl_skb *skb = kmalloc(sizeof(*skb) + cap);

	if (skb) {
		skb->len = 0;
		skb->cap = cap;
		skb->from = from;
	}
	return skb;
}

static void skb_purge(struct list_head *q)
{
	while (!list_empty(q)) {
		struct nl_skb *skb = list_entry(q->next, struct nl_skb, link);

		list_del(&skb->link);
		kfree(skb);
	}
}

void *nl_msg_begin(struct nl_out *o, uint16_t type, uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)o->buf;

	o->len = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
	memset(o->buf, 0, o->len);
	*h = (struct nlmsghdr){ 0, type, flags, o->seq, o->portid };
	o->msg = h;
	return h + 1;
}

void nl_attr(struct nl_out *o, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(o->buf + o->len);
	size_t sz = NLMSG_ALIGN(NLA_HDRLEN + len);

	if (!o->msg || o->len + sz > sizeof(o->buf)) {
		o->msg = NULL;          /* too big: lost, as a failed nla_put */
		o->err = -EMSGSIZE;
		return;
	}
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	memcpy(a + 1, data, len);
	memset((char *)(a + 1) + len, 0, sz - NLA_HDRLEN - len);
	o->len += sz;
}

void nl_attr_u8(struct nl_out *o, uint16_t type, uint8_t v)
{
	nl_attr(o, type, &v, 1);
}

void nl_attr_u32(struct nl_out *o, uint16_t type, uint32_t v)
{
	nl_attr(o, type, &v, 4);
}

void nl_attr_str(struct nl_out *o, uint16_t type, const char *s)
{
	nl_attr(o, type, s, strlen(s) + 1);
}

void nl_msg_end(struct nl_out *o)
{
	struct nl_skb *skb = NULL;

	if (!o->msg)
		return;
	o->msg->nlmsg_len = (uint32_t)o->len;
	if (!list_empty(&o->skbs))
		skb = list_entry(o->skbs.prev, struct nl_skb, link);
	/* One reply alone is a datagram of its own; a dump's share them. */
	if (!skb || !(o->msg->nlmsg_flags & NLM_F_MULTI) || skb->len + o->len > skb->cap) {
		skb = skb_new(MAX(o->len, (size_t)NL_SKB_SIZE), 0);
		if (!skb) {
			o->err = -ENOBUFS;
			o->msg = NULL;
			return;
		}
		list_add_tail(&skb->link, &o->skbs);
	}
	memcpy(skb->data + skb->len, o->buf, o->len);
	skb->len += o->len;
	o->msg = NULL;
}

/* The end of a dump (netlink_dump_done). */
static void nl_done(struct nl_out *o)
{
	int32_t *v = nl_msg_begin(o, NLMSG_DONE, NLM_F_MULTI, sizeof(*v));

	*v = 0;
	nl_msg_end(o);
}

/* netlink_ack: the result of request h; an error carries the request. */
static void nl_ack(struct nl_sock *nl, struct nl_out *o, const struct nlmsghdr *h, int err)
{
	/* A request too big for the scratch buffer is capped. */
	bool whole = err && !nl->cap_ack &&
		     2 * NLMSG_HDRLEN + 4 + NLMSG_ALIGN(h->nlmsg_len) <= sizeof(o->buf);
	size_t n = whole ? h->nlmsg_len : NLMSG_HDRLEN;
	int32_t *e = nl_msg_begin(o, NLMSG_ERROR, whole ? 0 : NLM_F_CAPPED, 4 + n);

	*e = err;
	memcpy(e + 1, h, n);
	nl_msg_end(o);
}

/* ---- the kernel's side -------------------------------------------------- */

/* netlink_rcv_skb: every request in the datagram, in order. */
static void nl_kernel_rcv(struct nl_sock *nl, const char *buf, size_t len, struct nl_out *o)
{
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *h = (const void *)buf;
		size_t step;
		int err = 0;

		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len)
			return;
		o->seq = h->nlmsg_seq;
		if (!(h->nlmsg_flags & NLM_F_REQUEST))
			goto next;
		if (h->nlmsg_type >= NLMSG_MIN_TYPE)
			err = nl->protocol == NETLINK_ROUTE ? rtnl_rcv(h, o) : -EOPNOTSUPP;
		if (err == NL_DUMPED)
			nl_done(o);
		else if (err || (h->nlmsg_flags & NLM_F_ACK))
			nl_ack(nl, o, h, err);
next:
		step = NLMSG_ALIGN(h->nlmsg_len);
		if (step > len)
			return;
		buf += step;
		len -= step;
	}
}

int nl_parse(const struct nlmsghdr *h, size_t hdrlen, struct nl_attrs *at)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);

	memset(at, 0, sizeof(*at));
	if (h->nlmsg_len < NLMSG_HDRLEN + hdrlen)
		return -EINVAL;
	/* Leftover bytes are ignored, as Linux's deprecated parser does. */
	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)h + off);
		unsigned type = a->nla_type & 0x3fff;   /* less NLA_F_NESTED ... */

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > h->nlmsg_len)
			break;
		if (type < NL_ATTR_MAX)
			at->a[type] = a;
		off += NLMSG_ALIGN(a->nla_len);
	}
	return 0;
}

/* ---- ports -------------------------------------------------------------- */

static struct nl_sock *nl_find(int protocol, uint32_t portid)
{
	struct list_head *p;

	list_for_each(p, &nl_socks) {
		struct nl_sock *nl = list_entry(p, struct nl_sock, all);

		if (nl->bound && nl->protocol == protocol && nl->portid == portid)
			return nl;
	}
	return NULL;
}

static int nl_insert(struct nl_sock *nl, uint32_t portid)
{
	if (nl_find(nl->protocol, portid))
		return -EADDRINUSE;
	nl->portid = portid;
	nl->bound = true;
	return 0;
}

/* netlink_autobind: the process id, else a negative one of the rover's. */
static int nl_autobind(struct nl_sock *nl)
{
	if (nl->bound)
		return 0;
	if (!nl_insert(nl, (uint32_t)current->pid))
		return 0;
	for (int i = 0; i < 1 << 20; i++) {
		if (rover > AUTOBIND_FIRST)
			rover = AUTOBIND_FIRST;
		if (!nl_insert(nl, (uint32_t)rover--))
			return 0;
	}
	return -EADDRINUSE;
}

static int nl_addr_in(const struct sock_addr *a, struct sockaddr_nl *sa)
{
	if (a->len < (int)sizeof(*sa))
		return -EINVAL;
	memcpy(sa, a->buf, sizeof(*sa));
	return sa->nl_family == AF_NETLINK ? 0 : -EINVAL;
}

static int nl_bind(struct socket *s, const struct sock_addr *a)
{
	struct nl_sock *nl = nl_sk(s);
	struct sockaddr_nl sa;
	int err = nl_addr_in(a, &sa);

	if (err)
		return err;
	if (nl->bound && sa.nl_pid != nl->portid)
		return -EINVAL;
	if (sa.nl_groups && nl->protocol != NETLINK_ROUTE && !cred_privileged())
		return -EPERM;
	if (!nl->bound) {
		err = sa.nl_pid ? nl_insert(nl, sa.nl_pid) : nl_autobind(nl);
		if (err)
			return err;
	}
	nl->groups = sa.nl_groups;      /* kept; nothing is multicast yet */
	return 0;
}

static int nl_connect(struct socket *s, const struct sock_addr *a, bool nonblock __unused)
{
	struct nl_sock *nl = nl_sk(s);
	struct sockaddr_nl sa;
	int err;

	if (a->len < 2)
		return -EINVAL;
	if (*(const uint16_t *)a->buf == AF_UNSPEC) {
		nl->dst_portid = nl->dst_group = 0;
		return 0;
	}
	err = nl_addr_in(a, &sa);
	if (err)
		return err;
	if ((sa.nl_groups || sa.nl_pid) && !cred_privileged())
		return -EPERM;
	err = nl_autobind(nl);
	if (err)
		return err;
	nl->dst_portid = sa.nl_pid;
	nl->dst_group = sa.nl_groups ? (uint32_t)__builtin_ffs((int)sa.nl_groups) : 0;
	return 0;
}

static void nl_name(struct sock_addr *a, uint32_t portid, uint32_t groups)
{
	struct sockaddr_nl sa = { AF_NETLINK, 0, portid, groups };

	a->len = sizeof(sa);
	memcpy(a->buf, &sa, sizeof(sa));
}

static int nl_getname(struct socket *s, struct sock_addr *a, bool peer)
{
	struct nl_sock *nl = nl_sk(s);

	if (peer)
		nl_name(a, nl->dst_portid, nl->dst_group ? 1U << (nl->dst_group - 1) : 0);
	else
		nl_name(a, nl->portid, nl->groups);
	return 0;
}

/* ---- data --------------------------------------------------------------- */

static void nl_queue(struct nl_sock *nl, struct list_head *skbs)
{
	while (!list_empty(skbs)) {
		struct list_head *p = skbs->next;

		list_del(p);
		list_add_tail(p, &nl->rq);
	}
	waitq_wake(&nl->sock.wait);
}

/* To another socket of ours: a copy of the datagram. */
static int nl_unicast(struct nl_sock *nl, uint32_t portid, const char *buf, size_t len)
{
	struct nl_sock *to = nl_find(nl->protocol, portid);
	struct nl_skb *skb;
	struct list_head q = LIST_HEAD_INIT(q);

	if (!to)
		return -ECONNREFUSED;
	skb = skb_new(len, nl->portid);
	if (!skb)
		return -ENOBUFS;
	memcpy(skb->data, buf, len);
	skb->len = len;
	list_add_tail(&skb->link, &q);
	nl_queue(to, &q);
	return 0;
}

static ssize_t nl_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct nl_sock *nl = nl_sk(s);
	uint32_t dst = nl->dst_portid;
	struct nl_out *o;
	char *buf;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->addr.len) {
		struct sockaddr_nl sa;

		err = nl_addr_in(&m->addr, &sa);
		if (err)
			return err;
		if ((sa.nl_pid || sa.nl_groups) && !cred_privileged())
			return -EPERM;
		dst = sa.nl_pid;
	}
	err = nl_autobind(nl);
	if (err)
		return err;
	if (m->len > (size_t)s->sndbuf - 32)
		return -EMSGSIZE;
	buf = kmalloc(m->len ? m->len : 1);
	if (!buf)
		return -ENOBUFS;
	err = iobuf_copy_in(buf, m->data, 0, m->len);
	if (err)
		goto out;
	if (dst) {
		err = nl_unicast(nl, dst, buf, m->len);
		goto out;
	}
	err = -ENOBUFS;
	o = kzalloc(sizeof(*o));
	if (!o)
		goto out;
	list_init(&o->skbs);
	o->portid = nl->portid;
	nl_kernel_rcv(nl, buf, m->len, o);
	nl_queue(nl, &o->skbs);
	kfree(o);
	err = 0;
out:
	kfree(buf);
	return err ? err : (ssize_t)m->len;
}

static ssize_t nl_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct nl_sock *nl = nl_sk(s);
	struct nl_skb *skb;
	size_t n;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	while (list_empty(&nl->rq)) {
		if (s->err) {
			err = s->err;
			s->err = 0;
			return err;
		}
		if (m->nonblock)
			return -EAGAIN;
		err = sock_sleep(&s->wait, m->deadline);
		if (err)
			return err;
	}
	skb = list_entry(nl->rq.next, struct nl_skb, link);
	n = MIN(m->len, skb->len);
	err = iobuf_copy_out(m->data, 0, skb->data, n);
	if (err)
		return err;
	if (skb->len > m->len)
		m->out_flags |= MSG_TRUNC;
	nl_name(&m->addr, skb->from, 0);
	if (m->flags & MSG_TRUNC)
		n = skb->len;
	if (!(m->flags & MSG_PEEK)) {
		list_del(&skb->link);
		kfree(skb);
	}
	return (ssize_t)n;
}

static unsigned nl_poll(struct socket *s, struct poll_table *pt)
{
	struct nl_sock *nl = nl_sk(s);
	unsigned mask = POLLOUT | POLLWRNORM | POLLWRBAND;

	poll_wait(pt, &s->wait);
	if (s->err)
		mask |= POLLERR;
	if (!list_empty(&nl->rq))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static int nl_inq(struct socket *s)
{
	struct nl_sock *nl = nl_sk(s);

	if (list_empty(&nl->rq))
		return 0;
	return (int)list_entry(nl->rq.next, struct nl_skb, link)->len;
}

static bool nl_opt_known(int name)
{
	switch (name) {
	case NETLINK_ADD_MEMBERSHIP:
	case NETLINK_DROP_MEMBERSHIP:
	case NETLINK_PKTINFO:
	case NETLINK_BROADCAST_ERROR:
	case NETLINK_NO_ENOBUFS:
	case NETLINK_LISTEN_ALL_NSID:
	case NETLINK_CAP_ACK:
	case NETLINK_EXT_ACK:
	case NETLINK_GET_STRICT_CHK:
		return true;
	default:
		return false;
	}
}

/* The SOL_NETLINK options: kept (groups are accepted, never sent to). */
static int nl_setsockopt(struct socket *s, int level, int name,
			 const void __user *uval, int len)
{
	struct nl_sock *nl = nl_sk(s);
	int val = 0;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (!nl_opt_known(name))
		return -ENOPROTOOPT;
	if (len >= (int)sizeof(int) && copy_from_user(&val, uval, sizeof(val)))
		return -EFAULT;
	if (name == NETLINK_ADD_MEMBERSHIP || name == NETLINK_DROP_MEMBERSHIP)
		return 0;
	if (name == NETLINK_CAP_ACK)
		nl->cap_ack = val;
	if (val)
		nl->opts |= 1U << name;
	else
		nl->opts &= ~(1U << name);
	return 0;
}

static int nl_getsockopt(struct socket *s, int level, int name, void *val, int *len)
{
	struct nl_sock *nl = nl_sk(s);
	int v;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (!nl_opt_known(name) || name == NETLINK_ADD_MEMBERSHIP ||
	    name == NETLINK_DROP_MEMBERSHIP)
		return -ENOPROTOOPT;
	if (*len < (int)sizeof(int))
		return -EINVAL;
	v = name == NETLINK_CAP_ACK ? nl->cap_ack : !!(nl->opts & (1U << name));
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static void nl_release(struct socket *s)
{
	struct nl_sock *nl = nl_sk(s);

	skb_purge(&nl->rq);
	list_del(&nl->all);
	kfree(nl);
}

static const struct sock_ops nl_ops = {
	.release = nl_release,
	.bind = nl_bind,
	.connect = nl_connect,
	.getname = nl_getname,
	.sendmsg = nl_sendmsg,
	.recvmsg = nl_recvmsg,
	.poll = nl_poll,
	.inq = nl_inq,
	.setsockopt = nl_setsockopt,
	.getsockopt = nl_getsockopt,
};

/* netlink_create: the type first, then the protocol. */
static int nl_create(int type, int protocol, struct socket **out)
{
	struct nl_sock *nl;

	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE && protocol != NETLINK_KOBJECT_UEVENT) {
		if (protocol >= 0 && protocol < NETLINK_MAX_LINKS)
			printk_once("netlink: protocol %d not supported\n", protocol);
		return -EPROTONOSUPPORT;
	}
	nl = kzalloc(sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	sock_init(&nl->sock, AF_NETLINK, type, &nl_ops);
	nl->protocol = protocol;
	list_init(&nl->rq);
	list_add_tail(&nl->all, &nl_socks);
	*out = &nl->sock;
	return 0;
}

const struct net_family netlink_family = {
	.family = AF_NETLINK,
	.create = nl_create,
};
