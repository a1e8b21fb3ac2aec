/* SPDX-License-Identifier: MIT */
/*
 * netlink.c - guest test: AF_NETLINK sockets and NETLINK_ROUTE
 * (netlink(7), rtnetlink(7)) in raw messages, as `ip` speaks them.
 *
 * Sockets: types, protocols, port ids (bind, autobind, getsockname),
 * datagrams between two netlink sockets, MSG_PEEK and MSG_TRUNC, poll.
 * Requests: acks and error acks (their sequence numbers and payloads),
 * dumps of links, addresses and routes ending in NLMSG_DONE, lookups of a
 * link by index and by name, lo up through RTM_NEWLINK, IPv4 and IPv6
 * addresses added and deleted on lo, the default route added and deleted,
 * and the errors Linux gives (EEXIST, EADDRNOTAVAIL, ENODEV, EINVAL,
 * ESRCH, EOPNOTSUPP).  The test VM has only lo, as on Linux.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "check.h"

#ifndef AF_NETLINK
#define AF_NETLINK 16
#endif
#define NETLINK_ROUTE 0
#define NETLINK_KOBJECT_UEVENT 15

struct nlmsghdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};
struct sockaddr_nl {
	uint16_t nl_family, nl_pad;
	uint32_t nl_pid, nl_groups;
};
struct rtattr {
	uint16_t len, type;
};
struct ifinfomsg {
	uint8_t family, pad;
	uint16_t type;
	int32_t index;
	uint32_t flags, change;
};
struct ifaddrmsg {
	uint8_t family, prefixlen, flags, scope;
	uint32_t index;
};
struct rtmsg {
	uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
	uint32_t flags;
};

#define ALIGN4(n) (((n) + 3U) & ~3U)
#define NLMSG_NOOP 1
#define NLMSG_ERROR 2
#define NLMSG_DONE 3
#define F_REQUEST 1
#define F_MULTI 2
#define F_ACK 4
#define F_DUMP 0x300
#define F_EXCL 0x200
#define F_CREATE 0x400
#define F_CAPPED 0x100
#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define RTM_NEWADDR 20
#define RTM_DELADDR 21
#define RTM_GETADDR 22
#define RTM_NEWROUTE 24
#define RTM_DELROUTE 25
#define RTM_GETROUTE 26
#define IFLA_IFNAME 3
#define IFLA_MTU 4
#define IFLA_QDISC 6
#define IFLA_TXQLEN 13
#define IFLA_OPERSTATE 16
#define IFA_ADDRESS 1
#define IFA_LOCAL 2
#define IFA_LABEL 3
#define IFA_CACHEINFO 6
#define RTA_DST 1
#define RTA_OIF 4
#define RTA_GATEWAY 5
#define RTA_TABLE 15
#define IFF_UP 0x1
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_LOWER_UP 0x10000

static int fd;
static uint32_t seq = 100, portid;
static char rbuf[65536];

/* A request: header, fixed part, attributes appended by add_attr. */
struct req {
	struct nlmsghdr h;
	char body[512];
};

static void req_init(struct req *r, int type, int flags, const void *fixed, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->h.len = sizeof(r->h) + ALIGN4(len);
	r->h.type = type;
	r->h.flags = F_REQUEST | flags;
	r->h.seq = ++seq;
	memcpy(r->body, fixed, len);
}

static void add_attr(struct req *r, int type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + r->h.len);

	a->len = sizeof(*a) + len;
	a->type = type;
	memcpy(a + 1, data, len);
	r->h.len += ALIGN4(a->len);
}

static int send_req(struct req *r)
{
	struct sockaddr_nl to = { AF_NETLINK, 0, 0, 0 };

	return sendto(fd, r, r->h.len, 0, (struct sockaddr *)&to, sizeof(to));
}

/* The error an ack for r carries (1: no ack came; 2: it was malformed). */
static int ack_of(struct req *r)
{
	int n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
	struct nlmsghdr *h = (void *)rbuf;

	if (n < (int)sizeof(*h) + 4 || h->type != NLMSG_ERROR)
		return 1;
	if (h->seq != r->h.seq || h->pid != portid)
		return 2;
	return *(int *)(h + 1);
}

static int talk(struct req *r)
{
	r->h.flags |= F_ACK;
	if (send_req(r) != (int)r->h.len)
		return 3;
	return ack_of(r);
}

static struct rtattr *attr(struct nlmsghdr *h, size_t fixed, int type)
{
	size_t off = sizeof(*h) + ALIGN4(fixed);

	while (off + sizeof(struct rtattr) <= h->len) {
		struct rtattr *a = (struct rtattr *)((char *)h + off);

		if (a->len < sizeof(*a))
			break;
		if (a->type == type)
			return a;
		off += ALIGN4(a->len);
	}
	return NULL;
}

static uint32_t attr_u32(struct nlmsghdr *h, size_t fixed, int type)
{
	struct rtattr *a = attr(h, fixed, type);
	uint32_t v = 0xdeadbeef;

	if (a)
		memcpy(&v, a + 1, 4);
	return v;
}

/*
 * A dump of type for family: each message to fn; the number of messages,
 * -1 when one was not part of the dump, -2 with no NLMSG_DONE.
 */
static int dump(int type, int family, void (*fn)(struct nlmsghdr *, void *), void *ctx)
{
	struct req r;
	uint8_t g[16] = { family };
	int count = 0;

	req_init(&r, type, F_DUMP, g, type == RTM_GETLINK ? sizeof(struct ifinfomsg) : 1);
	if (send_req(&r) < 0)
		return -3;
	for (;;) {
		int n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		struct nlmsghdr *h = (void *)rbuf;

		if (n <= 0)
			return -2;
		while (n >= (int)sizeof(*h) && h->len >= sizeof(*h) && (int)h->len <= n) {
			if (h->seq != r.h.seq || h->pid != portid || !(h->flags & F_MULTI))
				return -1;
			if (h->type == NLMSG_DONE)
				return count;
			count++;
			fn(h, ctx);
			n -= ALIGN4(h->len);
			h = (struct nlmsghdr *)((char *)h + ALIGN4(h->len));
		}
	}
}

/* ---- sockets ------------------------------------------------------------ */

static void test_sockets(void)
{
	struct sockaddr_nl sa = { AF_NETLINK, 0, 0, 0 };
	socklen_t len = sizeof(sa);
	int s, t, v = 65536;

	s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_ROUTE);
	CHECK(s >= 0, "socket SOCK_DGRAM|SOCK_CLOEXEC NETLINK_ROUTE");
	CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC, "SOCK_CLOEXEC sets FD_CLOEXEC");
	close(s);
	CHECK_ERR(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), ESOCKTNOSUPPORT,
		  "SOCK_STREAM: ESOCKTNOSUPPORT");
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 32), EPROTONOSUPPORT,
		  "protocol 32: EPROTONOSUPPORT");
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, -1), EPROTONOSUPPORT,
		  "protocol -1: EPROTONOSUPPORT");
	s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
	CHECK(s >= 0, "socket NETLINK_KOBJECT_UEVENT");
	close(s);

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	CHECK(fd >= 0, "socket SOCK_RAW NETLINK_ROUTE");
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)), "SO_RCVBUF");
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)), "SO_SNDBUF");
	CHECK(getsockname(fd, (struct sockaddr *)&sa, &len) == 0 && len == sizeof(sa) &&
	      sa.nl_family == AF_NETLINK && sa.nl_pid == 0, "getsockname unbound: pid 0");
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, 8), EINVAL, "bind short address: EINVAL");
	sa.nl_family = AF_INET;
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), EINVAL,
		  "bind another family: EINVAL");
	sa.nl_family = AF_NETLINK;
	CHECK_OK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), "bind pid 0 (autobind)");
	len = sizeof(sa);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	CHECK_EQ(sa.nl_pid, getpid(), "autobind takes the process id");
	portid = sa.nl_pid;
	sa.nl_pid = 12345;
	CHECK_ERR(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), EINVAL,
		  "bind again with another pid: EINVAL");

	t = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	sa.nl_pid = portid;
	CHECK_ERR(bind(t, (struct sockaddr *)&sa, sizeof(sa)), EADDRINUSE,
		  "bind a pid in use: EADDRINUSE");
	close(t);
}

/* Two netlink sockets talk by port id; peeking, truncation, poll. */
static void test_datagrams(void)
{
	int a = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	struct sockaddr_nl sa = { AF_NETLINK, 0, 0, 0 }, from;
	socklen_t len = sizeof(sa);
	struct pollfd p = { a, POLLIN, 0 };
	char buf[16];
	struct iovec iov[2] = { { buf, 2 }, { buf + 2, 3 } };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = iov, .msg_iovlen = 2 };

	CHECK_EQ(poll(&p, 1, 0), 0, "poll: nothing to read yet");
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "recv empty: EAGAIN");
	sa.nl_pid = 0x7ffffff0;
	CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)), ECONNREFUSED,
		  "sendto a port nobody has: ECONNREFUSED");
	getsockname(a, (struct sockaddr *)&sa, &len);
	CHECK(sa.nl_pid != 0 && sa.nl_pid != portid, "sendto autobinds another port id");
	CHECK_EQ(sendto(fd, "hello", 5, 0, (struct sockaddr *)&sa, sizeof(sa)), 5,
		 "sendto the other socket's port id");
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN), "poll: POLLIN");
	CHECK_EQ(recv(a, buf, 2, MSG_PEEK | MSG_TRUNC), 5, "MSG_PEEK|MSG_TRUNC: whole length");
	CHECK_EQ(recvmsg(a, &mh, 0), 5, "recvmsg into two iovecs");
	CHECK(!memcmp(buf, "hello", 5) && from.nl_family == AF_NETLINK &&
	      from.nl_pid == portid && mh.msg_namelen == sizeof(from),
	      "recvmsg: data and the sender's port id");
	sendto(fd, "hello", 5, 0, (struct sockaddr *)&sa, sizeof(sa));
	mh.msg_iovlen = 1;
	CHECK_EQ(recvmsg(a, &mh, 0), 2, "recvmsg short buffer: 2 bytes");
	CHECK(mh.msg_flags & MSG_TRUNC, "recvmsg short buffer: MSG_TRUNC");
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "the rest is gone");
	close(a);
}

/* ---- acks --------------------------------------------------------------- */

static void test_acks(void)
{
	struct req r;
	struct nlmsghdr *h = (void *)rbuf;
	struct ifinfomsg ifi = { 0 };
	uint8_t fam = 0;
	int n;

	req_init(&r, NLMSG_NOOP, F_ACK, &fam, 1);
	send_req(&r);
	n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
	CHECK(n == 36 && h->type == NLMSG_ERROR && h->len == 36 && h->seq == r.h.seq &&
	      h->pid == portid && *(int *)(h + 1) == 0, "NLMSG_NOOP with NLM_F_ACK: ack 0");
	CHECK_EQ(h->flags, F_CAPPED, "an ack is NLM_F_CAPPED");
	CHECK(!memcmp((int *)(h + 1) + 1, &r.h, sizeof(r.h)), "the ack holds the request's header");

	req_init(&r, NLMSG_NOOP, 0, &fam, 1);
	send_req(&r);
	CHECK_ERR(recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT), EAGAIN, "no ack without NLM_F_ACK");

	ifi.index = 9999;
	req_init(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	send_req(&r);
	n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
	CHECK(n == (int)(16 + 4 + r.h.len) && h->type == NLMSG_ERROR &&
	      *(int *)(h + 1) == -ENODEV && h->seq == r.h.seq,
	      "RTM_GETLINK index 9999: -ENODEV, with the request");
	CHECK_EQ(h->flags, 0, "an error ack carrying the request has no flags");
	CHECK(!memcmp((int *)(h + 1) + 1, &r, r.h.len), "the error ack holds the whole request");

	ifi.index = 0;
	req_init(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	CHECK_EQ(talk(&r), -EINVAL, "RTM_GETLINK no index, no name: -EINVAL");
	req_init(&r, 200, 0, &ifi, sizeof(ifi));
	CHECK_EQ(talk(&r), -EOPNOTSUPP, "message type 200: -EOPNOTSUPP");

	/* Two requests in one datagram: two acks, in order. */
	{
		struct req two[2];
		struct nlmsghdr *h2;

		req_init(&two[0], NLMSG_NOOP, F_ACK, &fam, 1);
		req_init(&two[1], NLMSG_NOOP, F_ACK, &fam, 1);
		memmove((char *)&two[0] + two[0].h.len, &two[1], two[1].h.len);
		send(fd, two, two[0].h.len * 2, 0);
		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		h2 = (void *)(rbuf + 36);
		if (n == 36)    /* each ack a datagram of its own (Linux) */
			n += recv(fd, rbuf + 36, sizeof(rbuf) - 36, MSG_DONTWAIT);
		CHECK(n == 72 && h->seq == two[0].h.seq && h2->seq == two[1].h.seq,
		      "two requests in one datagram: two acks in order");
	}
}

/* ---- links -------------------------------------------------------------- */

struct lo_seen {
	int count, lo;
	uint32_t flags, mtu, txqlen, oper;
	int type;
	char qdisc[16], name[16];
};

static void link_fn(struct nlmsghdr *h, void *ctx)
{
	struct lo_seen *s = ctx;
	struct ifinfomsg *ifi = (void *)(h + 1);
	struct rtattr *a;

	s->count++;
	if (h->type != RTM_NEWLINK || ifi->index != 1)
		return;
	s->lo++;
	s->flags = ifi->flags;
	s->type = ifi->type;
	s->mtu = attr_u32(h, sizeof(*ifi), IFLA_MTU);
	s->txqlen = attr_u32(h, sizeof(*ifi), IFLA_TXQLEN);
	a = attr(h, sizeof(*ifi), IFLA_OPERSTATE);
	s->oper = a ? *(uint8_t *)(a + 1) : 99;
	a = attr(h, sizeof(*ifi), IFLA_QDISC);
	if (a)
		strncpy(s->qdisc, (char *)(a + 1), sizeof(s->qdisc) - 1);
	a = attr(h, sizeof(*ifi), IFLA_IFNAME);
	if (a)
		strncpy(s->name, (char *)(a + 1), sizeof(s->name) - 1);
}

static void test_links(void)
{
	struct lo_seen s = { 0 };
	struct ifinfomsg ifi = { 0 };
	struct req r;
	struct nlmsghdr *h = (void *)rbuf;
	int n;

	/* lo up through rtnetlink, as `ip link set lo up` would. */
	ifi.index = 1;
	ifi.flags = IFF_UP;
	ifi.change = IFF_UP;
	req_init(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	CHECK_EQ(talk(&r), 0, "RTM_NEWLINK lo up: ack 0");

	n = dump(RTM_GETLINK, 0, link_fn, &s);
	CHECK(n >= 1 && n == s.count, "RTM_GETLINK dump ends with NLMSG_DONE");
	CHECK_EQ(s.lo, 1, "the dump has lo, ifindex 1");
	CHECK(!strcmp(s.name, "lo"), "lo: IFLA_IFNAME lo");
	CHECK_EQ(s.type, 772, "lo: ARPHRD_LOOPBACK");
	CHECK_EQ(s.flags, IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP,
		 "lo: UP|LOOPBACK|RUNNING|LOWER_UP");
	CHECK_EQ(s.mtu, 65536, "lo: IFLA_MTU 65536");
	CHECK_EQ(s.txqlen, 1000, "lo: IFLA_TXQLEN 1000");
	CHECK_EQ(s.oper, 0, "lo: IFLA_OPERSTATE unknown");
	CHECK(!strcmp(s.qdisc, "noqueue"), "lo: IFLA_QDISC noqueue");

	ifi = (struct ifinfomsg){ 0 };
	req_init(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	add_attr(&r, IFLA_IFNAME, "lo", 3);
	send_req(&r);
	n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
	CHECK(n > 0 && h->type == RTM_NEWLINK && ((struct ifinfomsg *)(h + 1))->index == 1 &&
	      h->seq == r.h.seq && !(h->flags & F_MULTI), "RTM_GETLINK by name lo: ifindex 1");
	CHECK_ERR(recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT), EAGAIN, "one reply, no ack");
	req_init(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	add_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK_EQ(talk(&r), -ENODEV, "RTM_GETLINK by name nosuch0: -ENODEV");
	req_init(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	add_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK_EQ(talk(&r), -ENODEV, "RTM_NEWLINK on nosuch0: -ENODEV");
	req_init(&r, RTM_NEWLINK, F_CREATE | F_EXCL, &ifi, sizeof(ifi));
	add_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK_EQ(talk(&r), -EOPNOTSUPP, "RTM_NEWLINK creating nosuch0, no kind: -EOPNOTSUPP");

	/* IPv6's own link dump (inet6_fill_ifinfo): no qdisc, no txqlen. */
	memset(&s, 0, sizeof(s));
	CHECK(dump(RTM_GETLINK, AF_INET6, link_fn, &s) >= 1 && s.lo == 1 && s.mtu == 65536 &&
	      s.txqlen == 0xdeadbeef && !s.qdisc[0], "RTM_GETLINK AF_INET6 dump: lo, no qdisc");
}

/* ---- addresses ---------------------------------------------------------- */

struct addr_seen {
	int v4, v6, found;
	uint32_t want4;
	uint8_t want6[16];
	int plen, scope;
	char label[16];
};

static void addr_fn(struct nlmsghdr *h, void *ctx)
{
	struct addr_seen *s = ctx;
	struct ifaddrmsg *ifa = (void *)(h + 1);
	struct rtattr *a = attr(h, sizeof(*ifa), IFA_ADDRESS);

	if (h->type != RTM_NEWADDR || ifa->index != 1 || !a)
		return;
	if (ifa->family == AF_INET) {
		s->v4++;
		if (memcmp(a + 1, &s->want4, 4))
			return;
		a = attr(h, sizeof(*ifa), IFA_LABEL);
		if (a)
			strncpy(s->label, (char *)(a + 1), 15);
	} else if (ifa->family == AF_INET6) {
		s->v6++;
		if (memcmp(a + 1, s->want6, 16))
			return;
	} else {
		return;
	}
	if (attr(h, sizeof(*ifa), IFA_CACHEINFO))
		s->found++;
	s->plen = ifa->prefixlen;
	s->scope = ifa->scope;
}

static int find_addr(int family, const char *ip, struct addr_seen *s)
{
	memset(s, 0, sizeof(*s));
	inet_pton(AF_INET, ip, &s->want4);
	inet_pton(AF_INET6, ip, s->want6);
	return dump(RTM_GETADDR, family, addr_fn, s);
}

static void addr_req(struct req *r, int type, int family, int plen, const char *ip, int index)
{
	struct ifaddrmsg ifa = { family, plen, 0, 0, index };
	uint8_t a[16];
	int alen = family == AF_INET ? 4 : 16;

	inet_pton(family, ip, a);
	req_init(r, type, type == RTM_NEWADDR ? F_CREATE | F_EXCL : 0, &ifa, sizeof(ifa));
	add_attr(r, IFA_LOCAL, a, alen);
	add_attr(r, IFA_ADDRESS, a, alen);
}

static void test_addrs(void)
{
	struct addr_seen s;
	struct req r;

	CHECK(find_addr(0, "127.0.0.1", &s) >= 2 && s.found == 1 && s.plen == 8 &&
	      s.scope == 254 && !strcmp(s.label, "lo"), "RTM_GETADDR: 127.0.0.1/8 scope host lo");
	CHECK(find_addr(0, "::1", &s) >= 2 && s.found == 1 && s.plen == 128 && s.scope == 254,
	      "RTM_GETADDR: ::1/128 scope host");
	CHECK(find_addr(AF_INET, "::1", &s) >= 1 && s.v6 == 0 && s.v4 >= 1,
	      "RTM_GETADDR AF_INET: no IPv6 addresses");

	addr_req(&r, RTM_NEWADDR, AF_INET, 24, "10.1.2.3", 1);
	CHECK_EQ(talk(&r), 0, "RTM_NEWADDR 10.1.2.3/24 on lo");
	addr_req(&r, RTM_NEWADDR, AF_INET, 24, "10.1.2.3", 1);
	CHECK_EQ(talk(&r), -EEXIST, "the same again: -EEXIST");
	CHECK(find_addr(AF_INET, "10.1.2.3", &s) >= 2 && s.found == 1 && s.plen == 24 &&
	      s.scope == 0, "the dump has 10.1.2.3/24 scope global");
	addr_req(&r, RTM_NEWADDR, AF_INET, 24, "10.1.2.3", 9999);
	CHECK_EQ(talk(&r), -ENODEV, "RTM_NEWADDR on ifindex 9999: -ENODEV");
	addr_req(&r, RTM_NEWADDR, AF_INET, 33, "10.1.2.4", 1);
	CHECK_EQ(talk(&r), -EINVAL, "RTM_NEWADDR prefix length 33: -EINVAL");

	/* The default route through an address on lo (table main). */
	{
		struct rtmsg rtm = { AF_INET, 0, 0, 0, 254, 3, 0, 1, 0 };
		uint32_t gw, oif = 1;

		inet_pton(AF_INET, "10.1.2.1", &gw);
		req_init(&r, RTM_NEWROUTE, F_CREATE | F_EXCL, &rtm, sizeof(rtm));
		add_attr(&r, RTA_GATEWAY, &gw, 4);
		add_attr(&r, RTA_OIF, &oif, 4);
		CHECK_EQ(talk(&r), 0, "RTM_NEWROUTE default via 10.1.2.1 dev lo");
		req_init(&r, RTM_NEWROUTE, F_CREATE | F_EXCL, &rtm, sizeof(rtm));
		add_attr(&r, RTA_GATEWAY, &gw, 4);
		CHECK_EQ(talk(&r), -EEXIST, "the same again: -EEXIST");
		req_init(&r, RTM_DELROUTE, 0, &rtm, sizeof(rtm));
		CHECK_EQ(talk(&r), 0, "RTM_DELROUTE default");
		req_init(&r, RTM_DELROUTE, 0, &rtm, sizeof(rtm));
		CHECK_EQ(talk(&r), -ESRCH, "RTM_DELROUTE default again: -ESRCH");
	}

	addr_req(&r, RTM_DELADDR, AF_INET, 24, "10.1.2.3", 1);
	CHECK_EQ(talk(&r), 0, "RTM_DELADDR 10.1.2.3/24");
	addr_req(&r, RTM_DELADDR, AF_INET, 24, "10.1.2.3", 1);
	CHECK_EQ(talk(&r), -EADDRNOTAVAIL, "RTM_DELADDR again: -EADDRNOTAVAIL");
	CHECK(find_addr(AF_INET, "10.1.2.3", &s) >= 1 && s.found == 0, "10.1.2.3 is gone");
	CHECK(find_addr(AF_INET, "127.0.0.1", &s) >= 1 && s.found == 1, "127.0.0.1 stays");

	addr_req(&r, RTM_NEWADDR, AF_INET6, 64, "2001:db8::1", 1);
	CHECK_EQ(talk(&r), 0, "RTM_NEWADDR 2001:db8::1/64 on lo");
	addr_req(&r, RTM_NEWADDR, AF_INET6, 64, "2001:db8::1", 1);
	CHECK_EQ(talk(&r), -EEXIST, "the same again: -EEXIST");
	CHECK(find_addr(AF_INET6, "2001:db8::1", &s) >= 2 && s.found == 1 && s.plen == 64 &&
	      s.scope == 0, "the dump has 2001:db8::1/64 scope global");
	addr_req(&r, RTM_DELADDR, AF_INET6, 64, "2001:db8::1", 1);
	CHECK_EQ(talk(&r), 0, "RTM_DELADDR 2001:db8::1/64");
	addr_req(&r, RTM_DELADDR, AF_INET6, 64, "2001:db8::1", 1);
	CHECK_EQ(talk(&r), -EADDRNOTAVAIL, "RTM_DELADDR again: -EADDRNOTAVAIL");
}

/* ---- routes ------------------------------------------------------------- */

struct route_seen {
	int local127, v6lo, bad;
};

static void route_fn(struct nlmsghdr *h, void *ctx)
{
	struct route_seen *s = ctx;
	struct rtmsg *rtm = (void *)(h + 1);
	struct rtattr *dst = attr(h, sizeof(*rtm), RTA_DST);
	static const uint8_t lo6[16] = { [15] = 1 };
	uint32_t a127 = htonl(0x7f000001);

	if (h->type != RTM_NEWROUTE || attr_u32(h, sizeof(*rtm), RTA_TABLE) != rtm->table) {
		s->bad++;
		return;
	}
	if (rtm->family == AF_INET && rtm->table == 255 && rtm->dst_len == 32 && dst &&
	    !memcmp(dst + 1, &a127, 4) && rtm->type == 2 &&
	    attr_u32(h, sizeof(*rtm), RTA_OIF) == 1)
		s->local127++;
	if (rtm->family == AF_INET6 && rtm->table == 255 && rtm->type == 2 && rtm->dst_len == 128 && dst &&
	    !memcmp(dst + 1, lo6, 16) && attr_u32(h, sizeof(*rtm), RTA_OIF) == 1)
		s->v6lo++;
}

static void test_routes(void)
{
	struct route_seen s = { 0 };

	CHECK(dump(RTM_GETROUTE, AF_INET, route_fn, &s) >= 1 && !s.bad,
	      "RTM_GETROUTE AF_INET dump ends with NLMSG_DONE");
	CHECK_EQ(s.local127, 1, "table local: local 127.0.0.1 dev lo");
	CHECK(dump(RTM_GETROUTE, AF_INET6, route_fn, &s) >= 1 && !s.bad,
	      "RTM_GETROUTE AF_INET6 dump ends with NLMSG_DONE");
	CHECK_EQ(s.v6lo, 1, "table local: local ::1 dev lo");
}

int main(void)
{
	check_begin("netlink");
	if (getuid() != 0)
		printf("note: not root, changes will fail with EPERM\n");
	test_sockets();
	test_datagrams();
	test_acks();
	test_links();
	test_addrs();
	test_routes();
	close(fd);
	return check_done();
}
