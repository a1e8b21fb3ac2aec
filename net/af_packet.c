// SPDX-License-Identifier: MIT
/*
 * af_packet.c - AF_PACKET sockets (packet(7)): SOCK_RAW (whole Ethernet
 * frames) and SOCK_DGRAM (the payload; the kernel makes the header from
 * sockaddr_ll) on eth0... and lo, what udhcpc and arping use.  They need
 * CAP_NET_RAW.  SOCK_PACKET, the obsolete interface, is not offered
 * (ESOCKTNOSUPPORT), nor are the ring buffers (PACKET_RX_RING ...).
 *
 * A socket takes frames of its protocol (an Ethernet type in network
 * order, ETH_P_ALL for every one, 0 for none) from its interface (ifindex
 * 0: any).  Frames come from the interfaces' receive path
 * (stack_netdev_input, before lwIP sees them) and, for ETH_P_ALL sockets
 * only, from their send path as PACKET_OUTGOING (lwIP's, and other packet
 * sockets').  lo has no Ethernet under lwIP: what lwIP loops back is shown
 * with a zero-MAC header in front as Linux's lo frames are (once going out,
 * once coming in), and IP frames sent on lo go to lwIP's IP input.
 *
 * A classic BPF filter (SO_ATTACH_FILTER, packet_bpf.c) sees what the
 * socket would read (SOCK_RAW: the frame, SOCK_DGRAM: from the network
 * header) and says how much to keep.  PACKET_AUXDATA adds struct
 * tpacket_auxdata to each message as Linux does.
 *
 * Locking: the sockets' list and queues are [N] (the net lock of
 * inet_internal.h: frames arrive in interrupt handlers); user memory is
 * touched only outside it.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"
#include "net/bpf_internal.h"
#include "net/inet_internal.h"
#include "net/netdev.h"

#define ETH_P_ALL 0x0003
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define LO_IFINDEX 1

#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4

#define SOL_PACKET 263
#define PACKET_ADD_MEMBERSHIP 1
#define PACKET_DROP_MEMBERSHIP 2
#define PACKET_AUXDATA 8
#define SO_ATTACH_FILTER 26
#define SO_DETACH_FILTER 27
#define TP_STATUS_USER 1

#define SLL_ADDR_OFF 12         /* offsetof(struct sockaddr_ll, sll_addr) */

struct sockaddr_ll {
	uint16_t family;
	uint16_t protocol;              /* network order */
	int32_t ifindex;
	uint16_t hatype;
	uint8_t pkttype;
	uint8_t halen;
	uint8_t addr[8];
};

struct tpacket_auxdata {
	uint32_t status, len, snaplen;
	uint16_t mac, net, vlan_tci, vlan_tpid;
};

struct sock_fprog {                     /* 64-bit layout */
	uint16_t len;
	uint16_t pad[3];
	const struct sock_filter __user *filter;
};

/* A queued frame as the reader gets it. */
struct packet_rx {
	struct list_head link;
	struct sockaddr_ll from;
	uint32_t len;                   /* before the filter cut it */
	uint32_t snap;                  /* bytes in data */
	uint16_t net;                   /* the network header's offset in data */
	char data[];
};

struct packet_sock {
	struct socket sock;
	uint16_t proto;                 /* [N] network order; 0: takes nothing */
	int ifindex;                    /* [N] 0: every interface */
	bool auxdata;                   /* [N] PACKET_AUXDATA */
	struct sock_filter *filter;     /* [N] kmalloc'd, checked; NULL: none */
	unsigned filter_len;            /* [N] */
	struct list_head rq;            /* [N] struct packet_rx, oldest first */
	size_t rq_bytes;                /* [N] */
	struct list_head all;           /* [N] on packet_socks */
};

static struct list_head packet_socks = LIST_HEAD_INIT(packet_socks);   /* [N] */
static const struct sock_ops packet_ops;

static struct packet_sock *pkt_sk(struct socket *s)
{
	return container_of(s, struct packet_sock, sock);
}

/* ---- interfaces ------------------------------------------------------------ */

/* An interface as packet sockets see it: lo or a netdev. */
struct pkt_if {
	int ifindex;
	struct netdev *dev;             /* NULL: lo */
	const uint8_t *mac;
	uint16_t hatype;
	unsigned mtu;
	bool up;
};

static const uint8_t zero_mac[NETDEV_ETH_ALEN];

/* The interface ifindex: false if there is none. [N] */
static bool pkt_if_find(int ifindex, struct pkt_if *i)
{
	if (ifindex == LO_IFINDEX) {
		*i = (struct pkt_if){ LO_IFINDEX, NULL, zero_mac, ARPHRD_LOOPBACK,
				      (unsigned)inet_lo_mtu, netif_is_up(inet_lo()) };
		return true;
	}
	for (struct netdev *d = netdev_first(); d; d = d->next)
		if (d->ifindex == ifindex) {
			*i = (struct pkt_if){ ifindex, d, d->mac, ARPHRD_ETHER, d->mtu, d->up };
			return true;
		}
	return false;
}

static uint8_t pkttype_of(const struct pkt_if *i, const uint8_t *dst)
{
	static const uint8_t bcast[NETDEV_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (!memcmp(dst, bcast, NETDEV_ETH_ALEN))
		return PACKET_BROADCAST;
	if (dst[0] & 1)
		return PACKET_MULTICAST;
	return memcmp(dst, i->mac, NETDEV_ETH_ALEN) ? PACKET_OTHERHOST : PACKET_HOST;
}

/* ---- receiving: frames to sockets ------------------------------------------------ */

/* Queue frame for ps if it wants it. [N] */
static void deliver_one(struct packet_sock *ps, const struct pkt_if *i,
			const uint8_t *frame, size_t len, uint8_t pkttype)
{
	size_t off = ps->sock.type == SOCK_DGRAM ? NETDEV_ETH_HLEN : 0;
	uint16_t type = (uint16_t)(frame[12] << 8 | frame[13]);
	struct bpf_pkt bp = { frame + off, frame, len - off, len, NETDEV_ETH_HLEN,
			      type, pkttype, i->hatype, i->ifindex };
	uint32_t snap = (uint32_t)bp.len;
	struct packet_rx *rx;

	if (ps->filter) {
		snap = MIN(snap, bpf_run(ps->filter, &bp));
		if (!snap)
			return;
	}
	if (ps->rq_bytes + snap > (size_t)ps->sock.rcvbuf)
		return;                 /* Linux counts it in PACKET_STATISTICS */
	rx = kmalloc(sizeof(*rx) + snap);
	if (!rx)
		return;
	rx->from = (struct sockaddr_ll){ AF_PACKET, htons(type), i->ifindex, i->hatype,
					 pkttype, NETDEV_ETH_ALEN, { 0 } };
	memcpy(rx->from.addr, frame + NETDEV_ETH_ALEN, NETDEV_ETH_ALEN);
	rx->len = (uint32_t)bp.len;
	rx->snap = snap;
	rx->net = (uint16_t)(NETDEV_ETH_HLEN - off);
	memcpy(rx->data, bp.data, snap);
	list_add_tail(&rx->link, &ps->rq);
	ps->rq_bytes += snap;
	waitq_wake(&ps->sock.wait);
}

/*
 * One frame seen on interface i: going out (only ETH_P_ALL sockets get
 * it, not skip, its sender) or coming in.  [N]
 */
static void deliver(const struct pkt_if *i, const uint8_t *frame, size_t len,
		    bool out, struct packet_sock *skip)
{
	uint16_t type;
	uint8_t pkttype;
	struct list_head *l;

	if (len < NETDEV_ETH_HLEN)
		return;
	type = htons((uint16_t)(frame[12] << 8 | frame[13]));
	pkttype = out ? PACKET_OUTGOING : pkttype_of(i, frame);
	list_for_each(l, &packet_socks) {
		struct packet_sock *ps = list_entry(l, struct packet_sock, all);

		if (ps == skip || !ps->proto || (ps->ifindex && ps->ifindex != i->ifindex))
			continue;
		if (ps->proto == htons(ETH_P_ALL) || (!out && ps->proto == type))
			deliver_one(ps, i, frame, len, pkttype);
	}
}

static void netdev_frame(struct netdev *dev, const void *frame, size_t len, bool out)
{
	struct pkt_if i;
	unsigned long fl;

	if (list_empty(&packet_socks))
		return;
	fl = net_lock();
	if (pkt_if_find(dev->ifindex, &i) && i.up)
		deliver(&i, frame, len, out, NULL);
	net_unlock(fl);
}

void packet_netdev_rx(struct netdev *dev, const void *frame, size_t len)
{
	netdev_frame(dev, frame, len, false);
}

void packet_netdev_tx(struct netdev *dev, const void *frame, size_t len)
{
	netdev_frame(dev, frame, len, true);
}

static char lo_frame[NETDEV_ETH_HLEN + 0xffff];        /* [N] */

void packet_lo_tap(struct pbuf *p)
{
	struct pkt_if i;
	uint8_t *ip = (uint8_t *)lo_frame + NETDEV_ETH_HLEN;
	uint16_t type;

	net_assert_held();
	if (list_empty(&packet_socks) || !p->tot_len)
		return;
	pbuf_copy_partial(p, ip, p->tot_len, 0);
	type = (ip[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP;
	memset(lo_frame, 0, 2 * NETDEV_ETH_ALEN);
	lo_frame[12] = (char)(type >> 8);
	lo_frame[13] = (char)type;
	pkt_if_find(LO_IFINDEX, &i);
	deliver(&i, (uint8_t *)lo_frame, NETDEV_ETH_HLEN + p->tot_len, true, NULL);
	deliver(&i, (uint8_t *)lo_frame, NETDEV_ETH_HLEN + p->tot_len, false, NULL);
}

/* ---- creating and naming ------------------------------------------------------ */

static int packet_create(int type, int protocol, struct socket **out)
{
	struct packet_sock *ps;
	unsigned long fl;

	if (!cred_privileged())
		return -EPERM;          /* CAP_NET_RAW */
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	ps = kzalloc(sizeof(*ps));
	if (!ps)
		return -ENOMEM;
	sock_init(&ps->sock, AF_PACKET, type, &packet_ops);
	ps->proto = (uint16_t)protocol;
	list_init(&ps->rq);
	fl = net_lock();
	list_add_tail(&ps->all, &packet_socks);
	net_unlock(fl);
	*out = &ps->sock;
	return 0;
}

static void packet_release(struct socket *s)
{
	struct packet_sock *ps = pkt_sk(s);
	struct list_head *l, *n;
	unsigned long fl = net_lock();

	list_del(&ps->all);
	net_unlock(fl);
	list_for_each_safe(l, n, &ps->rq)
		kfree(list_entry(l, struct packet_rx, link));
	kfree(ps->filter);
	kfree(ps);
}

static int packet_bind(struct socket *s, const struct sock_addr *a)
{
	struct packet_sock *ps = pkt_sk(s);
	struct sockaddr_ll sll;
	struct pkt_if i;
	unsigned long fl;
	int err = 0;

	if (a->len < (int)sizeof(sll))
		return -EINVAL;
	memcpy(&sll, a->buf, sizeof(sll));
	if (sll.family != AF_PACKET)
		return -EINVAL;
	fl = net_lock();
	if (sll.ifindex && !pkt_if_find(sll.ifindex, &i)) {
		err = -ENODEV;
	} else {
		ps->ifindex = sll.ifindex;
		if (sll.protocol)
			ps->proto = sll.protocol;
	}
	net_unlock(fl);
	return err;
}

static int packet_getname(struct socket *s, struct sock_addr *a, bool peer)
{
	struct packet_sock *ps = pkt_sk(s);
	struct sockaddr_ll sll = { AF_PACKET, 0, 0, 0, 0, 0, { 0 } };
	struct pkt_if i;
	unsigned long fl;

	if (peer)
		return -EOPNOTSUPP;
	fl = net_lock();
	sll.protocol = ps->proto;
	sll.ifindex = ps->ifindex;
	if (pkt_if_find(ps->ifindex, &i)) {
		sll.hatype = i.hatype;
		sll.halen = NETDEV_ETH_ALEN;
		memcpy(sll.addr, i.mac, NETDEV_ETH_ALEN);
	}
	net_unlock(fl);
	memset(a->buf, 0, sizeof(sll));
	memcpy(a->buf, &sll, sizeof(sll));
	a->len = SLL_ADDR_OFF + sll.halen;
	return 0;
}

/* ---- sending ---------------------------------------------------------------- */

/* A frame a packet socket made, on lo: seen going out and coming in, and
 * IP ones to lwIP. [N] */
static void lo_xmit(struct packet_sock *ps, const struct pkt_if *i,
		    const uint8_t *frame, size_t len)
{
	uint16_t type = (uint16_t)(frame[12] << 8 | frame[13]);
	struct netif *lo = inet_lo();
	struct pbuf *p;

	deliver(i, frame, len, true, ps);
	deliver(i, frame, len, false, NULL);
	inet_lo_packets++;
	inet_lo_bytes += len;
	if ((type != ETH_P_IP && type != ETH_P_IPV6) || len == NETDEV_ETH_HLEN)
		return;
	p = pbuf_alloc(PBUF_RAW, (u16_t)(len - NETDEV_ETH_HLEN), PBUF_RAM);
	if (!p)
		return;
	pbuf_take(p, frame + NETDEV_ETH_HLEN, (u16_t)(len - NETDEV_ETH_HLEN));
	if (lo->input(p, lo) != ERR_OK)
		pbuf_free(p);
}

/* The frame on its interface: 0 or -errno. [N] */
static int xmit(struct packet_sock *ps, const struct pkt_if *i, const uint8_t *frame,
		size_t len)
{
	int err;

	if (!i->dev) {
		lo_xmit(ps, i, frame, len);
		return 0;
	}
	deliver(i, frame, len, true, ps);
	err = i->dev->ops->xmit(i->dev, frame, len);
	/* a full queue drops the frame quietly, as a qdisc would */
	return err == -ENOBUFS ? 0 : err == -EINVAL ? -EMSGSIZE : err;
}

/* Where a message goes, checked as Linux's packet_snd does. */
struct pkt_dest {
	int ifindex;
	uint16_t proto;                 /* network order */
	const uint8_t *dst;             /* SOCK_DGRAM: the MAC; NULL: none */
};

static int dest_of(struct packet_sock *ps, struct sock_msg *m, struct sockaddr_ll *sll,
		   struct pkt_dest *d)
{
	unsigned long fl = net_lock();

	d->ifindex = ps->ifindex;
	d->proto = ps->proto;
	d->dst = NULL;
	net_unlock(fl);
	if (!m->addr.len)
		return 0;
	memcpy(sll, m->addr.buf, sizeof(*sll));
	if (m->addr.len < (int)sizeof(*sll) || m->addr.len < SLL_ADDR_OFF + sll->halen)
		return -EINVAL;
	d->ifindex = sll->ifindex;
	d->proto = sll->protocol;
	d->dst = sll->addr;
	return 0;
}

/* Header (SOCK_DGRAM) and checks, then out. [N] */
static int send_frame(struct packet_sock *ps, const struct pkt_dest *d, uint8_t *frame,
		      size_t len)
{
	bool dgram = ps->sock.type == SOCK_DGRAM;
	size_t payload = dgram ? len - NETDEV_ETH_HLEN : len;
	struct pkt_if i;

	if (!pkt_if_find(d->ifindex, &i))
		return -ENXIO;
	if (!i.up)
		return -ENETDOWN;
	if (!dgram && len < NETDEV_ETH_HLEN)
		return -EINVAL;         /* dev_validate_header */
	if (!dgram)
		payload -= NETDEV_ETH_HLEN;
	if (payload > i.mtu)
		return -EMSGSIZE;
	if (dgram) {
		if (!d->dst)
			return -EINVAL; /* eth_header: no destination */
		memcpy(frame, d->dst, NETDEV_ETH_ALEN);
		memcpy(frame + NETDEV_ETH_ALEN, i.mac, NETDEV_ETH_ALEN);
		memcpy(frame + 2 * NETDEV_ETH_ALEN, &d->proto, 2);
	}
	return xmit(ps, &i, frame, len);
}

static ssize_t packet_sendmsg(struct socket *s, struct sock_msg *m)
{
	struct packet_sock *ps = pkt_sk(s);
	size_t hlen = s->type == SOCK_DGRAM ? NETDEV_ETH_HLEN : 0;
	struct sockaddr_ll sll;
	struct pkt_dest d;
	unsigned long fl;
	uint8_t *frame;
	int err;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = dest_of(ps, m, &sll, &d);
	if (err)
		return err;
	if (m->len > 0xffff)
		return -EMSGSIZE;
	frame = kmalloc(hlen + m->len);
	if (!frame)
		return -ENOBUFS;
	err = iobuf_copy_in(frame + hlen, m->data, 0, m->len);
	if (!err) {
		fl = net_lock();
		err = send_frame(ps, &d, frame, hlen + m->len);
		net_unlock(fl);
	}
	kfree(frame);
	return err ? err : (ssize_t)m->len;
}

/* ---- reading -------------------------------------------------------------- */

/* The oldest frame, taken off the queue (left there for MSG_PEEK, copied),
 * or -errno. */
static int rq_take(struct packet_sock *ps, struct sock_msg *m, struct packet_rx **out)
{
	unsigned long fl;
	int err;

	for (;;) {
		fl = net_lock();
		if (!list_empty(&ps->rq))
			break;
		err = ps->sock.err;
		ps->sock.err = 0;
		net_unlock(fl);
		if (err)
			return -err;
		if (m->nonblock)
			return -EAGAIN;
		err = sock_sleep(&ps->sock.wait, m->deadline);
		if (err)
			return err;
	}
	*out = list_entry(ps->rq.next, struct packet_rx, link);
	if (m->flags & MSG_PEEK) {
		struct packet_rx *rx = kmalloc(sizeof(*rx) + (*out)->snap);

		if (rx)
			memcpy(rx, *out, sizeof(*rx) + (*out)->snap);
		*out = rx;
	} else {
		list_del(&(*out)->link);
		ps->rq_bytes -= (*out)->snap;
	}
	net_unlock(fl);
	return *out ? 0 : -ENOMEM;
}

static ssize_t packet_recvmsg(struct socket *s, struct sock_msg *m)
{
	struct packet_sock *ps = pkt_sk(s);
	struct packet_rx *rx;
	size_t n;
	ssize_t r;

	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	r = rq_take(ps, m, &rx);
	if (r)
		return r;
	n = MIN((size_t)rx->snap, m->len);
	r = iobuf_copy_out(m->data, 0, rx->data, n);
	/* Linux's msg_namelen: at least a whole sockaddr_ll (getsockname's
	 * ends with the address) */
	memcpy(m->addr.buf, &rx->from, sizeof(rx->from));
	m->addr.len = MAX(SLL_ADDR_OFF + rx->from.halen, (int)sizeof(rx->from));
	if (ps->auxdata) {
		struct tpacket_auxdata aux = { TP_STATUS_USER, rx->len, rx->snap,
					       0, rx->net, 0, 0 };

		m->cm_level = SOL_PACKET;
		m->cm_type = PACKET_AUXDATA;
		m->cm_len = sizeof(aux);
		memcpy(m->cm_data, &aux, sizeof(aux));
	}
	if (n < rx->snap)
		m->out_flags |= MSG_TRUNC;
	if (!r)
		r = (ssize_t)((m->flags & MSG_TRUNC) ? rx->len : n);
	kfree(rx);
	return r;
}

static unsigned packet_poll(struct socket *s, struct poll_table *pt)
{
	struct packet_sock *ps = pkt_sk(s);
	unsigned mask = POLLOUT | POLLWRNORM;
	unsigned long fl;

	poll_wait(pt, &s->wait);
	fl = net_lock();
	if (!list_empty(&ps->rq))
		mask |= POLLIN | POLLRDNORM;
	if (s->err)
		mask |= POLLERR;
	net_unlock(fl);
	return mask;
}

static int packet_inq(struct socket *s)
{
	struct packet_sock *ps = pkt_sk(s);
	unsigned long fl = net_lock();
	int n = list_empty(&ps->rq) ? 0
		: (int)list_entry(ps->rq.next, struct packet_rx, link)->snap;

	net_unlock(fl);
	return n;
}

/* ---- options ---------------------------------------------------------------- */

static int attach_filter(struct packet_sock *ps, const void __user *uval, int len)
{
	struct sock_filter *prog, *old;
	struct sock_fprog fp;
	unsigned long fl;
	int err;

	if (len != (int)sizeof(fp))
		return -EINVAL;
	if (copy_from_user(&fp, uval, sizeof(fp)))
		return -EFAULT;
	if (!fp.len || fp.len > BPF_MAXINSNS)
		return -EINVAL;
	prog = kmalloc(fp.len * sizeof(*prog));
	if (!prog)
		return -ENOMEM;
	err = copy_from_user(prog, fp.filter, fp.len * sizeof(*prog)) ? -EFAULT
	      : bpf_check(prog, fp.len);
	if (err) {
		kfree(prog);
		return err;
	}
	fl = net_lock();
	old = ps->filter;
	ps->filter = prog;
	ps->filter_len = fp.len;
	net_unlock(fl);
	kfree(old);
	return 0;
}

static int packet_setsockopt(struct socket *s, int level, int name,
			     const void __user *uval, int len)
{
	struct packet_sock *ps = pkt_sk(s);
	struct sock_filter *old;
	unsigned long fl;
	int v;

	if (level == SOL_SOCKET && name == SO_ATTACH_FILTER)
		return attach_filter(ps, uval, len);
	if (level == SOL_SOCKET && name == SO_DETACH_FILTER) {
		fl = net_lock();
		old = ps->filter;
		ps->filter = NULL;
		net_unlock(fl);
		kfree(old);
		return old ? 0 : -ENOENT;
	}
	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	switch (name) {
	case PACKET_AUXDATA:
		if (len < (int)sizeof(v))
			return -EINVAL;
		if (copy_from_user(&v, uval, sizeof(v)))
			return -EFAULT;
		ps->auxdata = v != 0;
		return 0;
	case PACKET_ADD_MEMBERSHIP:
	case PACKET_DROP_MEMBERSHIP:
		/* every frame the device hands over already comes here */
		return len < 16 ? -EINVAL : 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int packet_getsockopt(struct socket *s, int level, int name, void *val, int *len)
{
	int v;

	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	if (name != PACKET_AUXDATA)
		return -ENOPROTOOPT;
	v = pkt_sk(s)->auxdata;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static const struct sock_ops packet_ops = {
	.release = packet_release,
	.bind = packet_bind,
	.getname = packet_getname,
	.sendmsg = packet_sendmsg,
	.recvmsg = packet_recvmsg,
	.poll = packet_poll,
	.inq = packet_inq,
	.setsockopt = packet_setsockopt,
	.getsockopt = packet_getsockopt,
};

const struct net_family packet_family = {
	.family = AF_PACKET,
	.create = packet_create,
};
