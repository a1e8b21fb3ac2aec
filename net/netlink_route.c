// SPDX-License-Identifier: MIT
/*
 * netlink_route.c - NETLINK_ROUTE (rtnetlink(7)) over the lwIP interfaces
 * (inet_netif.c): links, IPv4 and IPv6 addresses, routes, neighbours
 * (lwIP's ARP cache) and the fixed rules, in the messages and attributes
 * Linux 6.1 sends, which `ip` prints.
 *
 * lwIP keeps one IPv4 address per interface.  Further ones (`ip addr add`
 * on an interface that has one) are kept here and reported, and become
 * lwIP's when the one before them is deleted; until then they are not
 * routed to.  Routes are what lwIP has: connected ones from the addresses
 * and the default route (netif_default and its gateway); only the default
 * one can be added and deleted.
 *
 * Locking: every request runs under the net lock (lwIP's state and the
 * tables here); replies are built into kernel memory, which never sleeps.
 */
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/time.h"
#include "net/inet_internal.h"
#include "net/netdev.h"
#include "net/netlink_internal.h"
#include "lwip/etharp.h"
#include "lwip/priv/nd6_priv.h"

#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define RTM_NEWADDR 20
#define RTM_DELADDR 21
#define RTM_GETADDR 22
#define RTM_NEWROUTE 24
#define RTM_DELROUTE 25
#define RTM_GETROUTE 26
#define RTM_NEWNEIGH 28
#define RTM_GETNEIGH 30
#define RTM_NEWRULE 32
#define RTM_GETRULE 34
#define RTM_MAX 123

enum { IFLA_ADDRESS = 1, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_QDISC = 6,
       IFLA_STATS = 7, IFLA_TXQLEN = 13, IFLA_MAP, IFLA_OPERSTATE = 16,
       IFLA_LINKMODE, IFLA_STATS64 = 23, IFLA_GROUP = 27, IFLA_PROMISCUITY = 30,
       IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES, IFLA_CARRIER, IFLA_CARRIER_CHANGES = 35,
       IFLA_PROTO_DOWN = 39, IFLA_GSO_MAX_SEGS, IFLA_GSO_MAX_SIZE,
       IFLA_CARRIER_UP_COUNT = 47, IFLA_CARRIER_DOWN_COUNT, IFLA_MIN_MTU = 50,
       IFLA_MAX_MTU };
enum { IFA_ADDRESS = 1, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST,
       IFA_CACHEINFO, IFA_MULTICAST, IFA_FLAGS };
enum { RTA_DST = 1, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY,
       RTA_PREFSRC, RTA_CACHEINFO = 12, RTA_TABLE = 15, RTA_PREF = 20 };
enum { NDA_DST = 1, NDA_LLADDR, NDA_CACHEINFO, NDA_PROBES };
enum { FRA_PRIORITY = 6, FRA_SUPPRESS_PREFIXLEN = 14, FRA_TABLE, FRA_PROTOCOL = 21 };

#define IF_OPER_UNKNOWN 0
#define IF_OPER_DOWN 2
#define IF_OPER_UP 6
#define TXQLEN 1000
#define ETH_MIN_MTU 68

#define IFA_F_SECONDARY 0x01
#define IFA_F_DEPRECATED 0x20
#define IFA_F_TENTATIVE 0x40
#define IFA_F_PERMANENT 0x80
#define INFINITY_LIFE 0xffffffffU

#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_LINK 253
#define RT_SCOPE_HOST 254
#define RT_TABLE_UNSPEC 0
#define RT_TABLE_DEFAULT 253
#define RT_TABLE_MAIN 254
#define RT_TABLE_LOCAL 255
#define RTPROT_KERNEL 2
#define RTPROT_BOOT 3
#define RTN_UNICAST 1
#define RTN_LOCAL 2
#define RTN_BROADCAST 3
#define RTN_MULTICAST 5
#define NUD_INCOMPLETE 0x01
#define NUD_REACHABLE 0x02
#define NUD_STALE 0x04
#define NUD_DELAY 0x08
#define NUD_PROBE 0x10
#define NTF_ROUTER 0x80
#define FR_ACT_TO_TBL 1
#define IP6_RT_PRIO_ADDRCONF 256

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

struct ndmsg {
	uint8_t family, pad1;
	uint16_t pad2;
	int32_t ifindex;
	uint16_t state;
	uint8_t flags, type;
};

struct fib_rule_hdr {
	uint8_t family, dst_len, src_len, tos, table, res1, res2, action;
	uint32_t flags;
};

struct ifa_cacheinfo {
	uint32_t prefered, valid, cstamp, tstamp;
};

/*
 * An IPv4 address as rtnetlink shows it.  The one lwIP has on an
 * interface is prim[ifindex] when that describes it; extra[] holds the
 * others, oldest first.
 */
struct addr4 {
	bool used;
	uint8_t ifindex, prefixlen, scope, flags;
	bool has_brd;
	uint32_t local, brd;            /* network order */
	char label[IFNAMSIZ];
	uint32_t cstamp;
};

#define EXTRA4_MAX 16
#define IF_MAX 16
static struct addr4 prim[IF_MAX];       /* [N] */
static struct addr4 extra[EXTRA4_MAX];  /* [N] */

/* IPv6 prefix lengths given by `ip -6 addr add` (lwIP keeps none). */
struct plen6 {
	bool used;
	uint8_t ifindex, plen;
	ip6_addr_t addr;
};
static struct plen6 plens[EXTRA4_MAX];  /* [N] */

/* The default route's protocol and metric as added (lwIP keeps neither). */
static uint8_t default_proto = RTPROT_BOOT;
static uint32_t default_metric;

static uint32_t stamp_now(void)         /* INETADDR_TSTAMP: 1/100 s */
{
	return (uint32_t)(time_monotonic_ns() / 10000000ULL);
}

static uint32_t plen_mask(unsigned plen)
{
	return plen ? lwip_htonl(0xffffffffU << (32 - plen)) : 0;
}

static unsigned mask_plen(uint32_t mask)
{
	unsigned n = 0;

	for (uint32_t m = lwip_ntohl(mask); m & 0x80000000U; m <<= 1)
		n++;
	return n;
}

/* ---- links -------------------------------------------------------------- */

static unsigned link_flags(struct netif *n)
{
	unsigned f = inet_if_flags(n);
	struct netdev *d = inet_if_dev(n);

	if ((f & IFF_UP) && (!d || d->link_up))
		f |= IFF_LOWER_UP;
	return f;
}

static const char *link_qdisc(struct netif *n)
{
	if (!(inet_if_activated & (1U << netif_get_index(n))))
		return "noop";
	/* Debian's default_qdisc is fq_codel; lo has none. */
	return inet_if_dev(n) ? "fq_codel" : "noqueue";
}

static void link_stats(struct nl_out *o, struct netif *n)
{
	struct inet_if_stats st;
	uint64_t s64[25] = { 0 };
	uint32_t s32[24];

	inet_if_stats(n, &st);
	s64[0] = st.rx_packets;
	s64[1] = st.tx_packets;
	s64[2] = st.rx_bytes;
	s64[3] = st.tx_bytes;
	s64[6] = st.rx_dropped;
	s64[7] = st.tx_dropped;
	for (int i = 0; i < 24; i++)
		s32[i] = (uint32_t)s64[i];
	nl_attr(o, IFLA_STATS64, s64, sizeof(s64));
	nl_attr(o, IFLA_STATS, s32, sizeof(s32));
}

static const uint8_t zero_mac[6];

static struct ifinfomsg *link_begin(struct nl_out *o, struct netif *n, uint16_t flags,
				    uint8_t *oper)
{
	struct netdev *d = inet_if_dev(n);
	struct ifinfomsg *ifi = nl_msg_begin(o, RTM_NEWLINK, flags, sizeof(*ifi));

	ifi->type = d ? ARPHRD_ETHER : ARPHRD_LOOPBACK;
	ifi->index = netif_get_index(n);
	ifi->flags = link_flags(n);
	if (!(ifi->flags & IFF_UP))
		*oper = IF_OPER_DOWN;
	else
		*oper = !d ? IF_OPER_UNKNOWN : d->link_up ? IF_OPER_UP : IF_OPER_DOWN;
	return ifi;
}

/* inet6_fill_ifinfo: what a dump for AF_INET6 gives (IFLA_PROTINFO left out). */
static void fill_link6(struct nl_out *o, struct netif *n)
{
	struct netdev *d = inet_if_dev(n);
	uint8_t oper;
	struct ifinfomsg *ifi = link_begin(o, n, NLM_F_MULTI, &oper);

	ifi->family = AF_INET6;
	nl_attr_str(o, IFLA_IFNAME, inet_if_name(n));
	nl_attr(o, IFLA_ADDRESS, d ? d->mac : zero_mac, 6);
	nl_attr_u32(o, IFLA_MTU, (uint32_t)inet_if_mtu(n));
	nl_attr_u8(o, IFLA_OPERSTATE, oper);
	nl_msg_end(o);
}

/* rtnl_fill_ifinfo: the attributes in Linux's order. */
static void fill_link(struct nl_out *o, struct netif *n, uint16_t flags)
{
	static const uint8_t bcast_mac[6] = { 255, 255, 255, 255, 255, 255 };
	struct netdev *d = inet_if_dev(n);
	uint64_t map[4] = { 0 };
	uint8_t oper;

	link_begin(o, n, flags, &oper);
	nl_attr_str(o, IFLA_IFNAME, inet_if_name(n));
	nl_attr_u32(o, IFLA_TXQLEN, TXQLEN);
	nl_attr_u8(o, IFLA_OPERSTATE, oper);
	nl_attr_u8(o, IFLA_LINKMODE, 0);
	nl_attr_u32(o, IFLA_MTU, (uint32_t)inet_if_mtu(n));
	nl_attr_u32(o, IFLA_MIN_MTU, d ? ETH_MIN_MTU : 0);
	nl_attr_u32(o, IFLA_MAX_MTU, d ? d->mtu : 0);
	nl_attr_u32(o, IFLA_GROUP, 0);
	nl_attr_u32(o, IFLA_PROMISCUITY, 0);
	nl_attr_u32(o, IFLA_NUM_TX_QUEUES, 1);
	nl_attr_u32(o, IFLA_GSO_MAX_SEGS, 65535);
	nl_attr_u32(o, IFLA_GSO_MAX_SIZE, 65536);
	nl_attr_u32(o, IFLA_NUM_RX_QUEUES, 1);
	nl_attr_u8(o, IFLA_CARRIER, !d || d->link_up);
	nl_attr_str(o, IFLA_QDISC, link_qdisc(n));
	nl_attr_u32(o, IFLA_CARRIER_CHANGES, 0);
	nl_attr_u8(o, IFLA_PROTO_DOWN, 0);
	nl_attr_u32(o, IFLA_CARRIER_UP_COUNT, 0);
	nl_attr_u32(o, IFLA_CARRIER_DOWN_COUNT, 0);
	nl_attr(o, IFLA_MAP, map, sizeof(map));
	nl_attr(o, IFLA_ADDRESS, d ? d->mac : zero_mac, 6);
	nl_attr(o, IFLA_BROADCAST, d ? bcast_mac : zero_mac, 6);
	link_stats(o, n);
	nl_msg_end(o);
}

/* The interface a request names by index, else by IFLA_IFNAME. */
static struct netif *link_lookup(int index, const struct nl_attrs *at, int *err)
{
	struct netif *n = NULL;

	*err = 0;
	if (index > 0) {
		n = index < 256 ? netif_get_by_index((u8_t)index) : NULL;
	} else if (at->a[IFLA_IFNAME]) {
		char name[IFNAMSIZ] = "";
		const struct nlattr *a = at->a[IFLA_IFNAME];

		memcpy(name, nla_data(a), MIN(nla_len(a), (size_t)IFNAMSIZ - 1));
		n = inet_if_find(name);
	} else {
		*err = -EINVAL;
		return NULL;
	}
	if (!n)
		*err = -ENODEV;
	return n;
}

static int getlink(const struct nlmsghdr *h, struct nl_out *o)
{
	struct ifinfomsg ifi = { 0 };
	struct nl_attrs at;
	struct netif *n;
	int err;

	if (h->nlmsg_flags & NLM_F_DUMP) {
		bool v6 = h->nlmsg_len > NLMSG_HDRLEN && *(const uint8_t *)(h + 1) == AF_INET6;

		NETIF_FOREACH(n) {
			if (v6)
				fill_link6(o, n);
			else
				fill_link(o, n, NLM_F_MULTI);
		}
		return NL_DUMPED;
	}
	err = nl_parse(h, sizeof(ifi), &at);
	if (err)
		return err;
	memcpy(&ifi, h + 1, sizeof(ifi));
	n = link_lookup(ifi.index, &at, &err);
	if (n)
		fill_link(o, n, 0);
	return err;
}

/* RTM_NEWLINK on an interface that exists: its flags and MTU. */
static int setlink(const struct nlmsghdr *h)
{
	struct ifinfomsg ifi;
	struct nl_attrs at;
	struct netif *n;
	int err = nl_parse(h, sizeof(ifi), &at);

	if (err)
		return err;
	memcpy(&ifi, h + 1, sizeof(ifi));
	if (ifi.index <= 0 && !at.a[IFLA_IFNAME])
		return (h->nlmsg_flags & NLM_F_CREATE) ? -EOPNOTSUPP : -ENODEV;
	n = link_lookup(ifi.index, &at, &err);
	/* Creating interfaces (ip link add): no kinds here. */
	if (!n)
		return err == -ENODEV && (h->nlmsg_flags & NLM_F_CREATE) ? -EOPNOTSUPP : err;
	if (at.a[IFLA_MTU]) {
		int mtu;

		if (nla_len(at.a[IFLA_MTU]) < 4)
			return -EINVAL;
		memcpy(&mtu, nla_data(at.a[IFLA_MTU]), 4);
		err = inet_if_set_mtu(n, mtu);
		if (err)
			return err;
	}
	if (ifi.flags || ifi.change) {
		unsigned f = ifi.change ? (ifi.flags & ifi.change) |
					  (inet_if_flags(n) & ~ifi.change) : ifi.flags;

		inet_if_set_up(n, f & IFF_UP);
	}
	return 0;
}

/* ---- IPv4 addresses ----------------------------------------------------- */

/* The lwIP address of n as an addr4 (false: it has none). */
static bool addr4_prim(struct netif *n, struct addr4 *a)
{
	int idx = netif_get_index(n);
	uint32_t local = ip4_addr_get_u32(netif_ip4_addr(n));
	uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(n));

	if (!local)
		return false;
	if (idx < IF_MAX && prim[idx].used && prim[idx].local == local &&
	    plen_mask(prim[idx].prefixlen) == mask) {
		*a = prim[idx];
		return true;
	}
	/* Set by SIOCSIFADDR: as Linux's devinet_ioctl makes it. */
	*a = (struct addr4){ .used = true, .ifindex = (uint8_t)idx, .local = local,
			     .prefixlen = (uint8_t)mask_plen(mask), .flags = IFA_F_PERMANENT };
	if ((lwip_ntohl(local) >> 24) == 127)
		a->scope = RT_SCOPE_HOST;
	if (inet_if_dev(n) && a->prefixlen < 31) {
		a->has_brd = true;
		a->brd = local | ~mask;
	}
	strlcpy(a->label, inet_if_name(n), IFNAMSIZ);
	return true;
}

static void fill_addr4(struct nl_out *o, const struct addr4 *a, uint16_t type, uint16_t flags)
{
	struct ifaddrmsg *ifa = nl_msg_begin(o, type, flags, sizeof(*ifa));
	struct ifa_cacheinfo ci = { INFINITY_LIFE, INFINITY_LIFE, a->cstamp, a->cstamp };

	ifa->family = AF_INET;
	ifa->prefixlen = a->prefixlen;
	ifa->flags = a->flags;
	ifa->scope = a->scope;
	ifa->index = a->ifindex;
	nl_attr(o, IFA_ADDRESS, &a->local, 4);
	nl_attr(o, IFA_LOCAL, &a->local, 4);
	if (a->has_brd)
		nl_attr(o, IFA_BROADCAST, &a->brd, 4);
	if (a->label[0])
		nl_attr_str(o, IFA_LABEL, a->label);
	nl_attr_u32(o, IFA_FLAGS, a->flags);
	nl_attr(o, IFA_CACHEINFO, &ci, sizeof(ci));
	nl_msg_end(o);
}

/* Each IPv4 address of n: lwIP's first, then the others, primaries first. */
static void dump_addr4(struct nl_out *o, struct netif *n)
{
	struct addr4 a;

	if (addr4_prim(n, &a))
		fill_addr4(o, &a, RTM_NEWADDR, NLM_F_MULTI);
	for (int sec = 0; sec < 2; sec++)
		for (int i = 0; i < EXTRA4_MAX; i++)
			if (extra[i].used && extra[i].ifindex == netif_get_index(n) &&
			    !(extra[i].flags & IFA_F_SECONDARY) == !sec)
				fill_addr4(o, &extra[i], RTM_NEWADDR, NLM_F_MULTI);
}

static bool same_net(const struct addr4 *a, uint32_t local, unsigned plen)
{
	uint32_t m = plen_mask(plen);

	return a->prefixlen == plen && ((a->local ^ local) & m) == 0;
}

/* The attributes of an IPv4 RTM_NEWADDR or RTM_DELADDR. */
static int addr4_in(const struct ifaddrmsg *ifm, const struct nl_attrs *at,
		    struct addr4 *a, bool *has_local)
{
	const struct nlattr *l = at->a[IFA_LOCAL] ? at->a[IFA_LOCAL] : at->a[IFA_ADDRESS];

	*a = (struct addr4){ .used = true, .ifindex = (uint8_t)ifm->index,
			     .prefixlen = ifm->prefixlen, .scope = ifm->scope,
			     .flags = IFA_F_PERMANENT };
	*has_local = l != NULL;
	if (ifm->prefixlen > 32)
		return -EINVAL;
	if (l && nla_len(l) < 4)
		return -EINVAL;
	if (l)
		memcpy(&a->local, nla_data(l), 4);
	if (at->a[IFA_BROADCAST] && nla_len(at->a[IFA_BROADCAST]) >= 4) {
		a->has_brd = true;
		memcpy(&a->brd, nla_data(at->a[IFA_BROADCAST]), 4);
	}
	if (at->a[IFA_LABEL])
		memcpy(a->label, nla_data(at->a[IFA_LABEL]),
		       MIN(nla_len(at->a[IFA_LABEL]), (size_t)IFNAMSIZ - 1));
	return 0;
}

static void set_prim(struct netif *n, const struct addr4 *a)
{
	ip4_addr_t ip, mask;

	ip4_addr_set_u32(&ip, a->local);
	ip4_addr_set_u32(&mask, plen_mask(a->prefixlen));
	netif_set_addr(n, &ip, &mask, netif_ip4_gw(n));
	if (netif_get_index(n) < IF_MAX)
		prim[netif_get_index(n)] = *a;
}

static int newaddr4(const struct nlmsghdr *h, struct netif *n, struct addr4 *a)
{
	struct addr4 p;
	bool have = addr4_prim(n, &p);
	int slot = -1;

	if (!a->label[0])
		strlcpy(a->label, inet_if_name(n), IFNAMSIZ);
	a->cstamp = stamp_now();
	if (have && p.local == a->local && same_net(&p, a->local, a->prefixlen))
		return -EEXIST;
	for (int i = 0; i < EXTRA4_MAX; i++) {
		if (!extra[i].used) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if (extra[i].ifindex == a->ifindex && extra[i].local == a->local &&
		    same_net(&extra[i], a->local, a->prefixlen))
			return (h->nlmsg_flags & NLM_F_EXCL) || !(h->nlmsg_flags & NLM_F_REPLACE)
			       ? -EEXIST : 0;
		if (extra[i].ifindex == a->ifindex && same_net(&extra[i], a->local, a->prefixlen))
			a->flags |= IFA_F_SECONDARY;
	}
	if (!have) {
		set_prim(n, a);
		return 0;
	}
	if (same_net(&p, a->local, a->prefixlen))
		a->flags |= IFA_F_SECONDARY;
	if (slot < 0)
		return -ENOBUFS;
	extra[slot] = *a;
	return 0;
}

static bool addr4_match(const struct addr4 *x, const struct addr4 *want,
			const struct nl_attrs *at)
{
	if (at->a[IFA_LOCAL] && x->local != want->local)
		return false;
	if (at->a[IFA_LABEL] && strcmp(x->label, want->label))
		return false;
	if (at->a[IFA_ADDRESS]) {
		uint32_t addr;

		memcpy(&addr, nla_data(at->a[IFA_ADDRESS]), 4);
		if (x->prefixlen != want->prefixlen ||
		    ((x->local ^ addr) & plen_mask(x->prefixlen)))
			return false;
	}
	return true;
}

/* Drop the secondaries of primary p (promote_secondaries is off). */
static void drop_secondaries(const struct addr4 *p)
{
	for (int i = 0; i < EXTRA4_MAX; i++)
		if (extra[i].used && extra[i].ifindex == p->ifindex &&
		    (extra[i].flags & IFA_F_SECONDARY) &&
		    same_net(&extra[i], p->local, p->prefixlen))
			extra[i].used = false;
}

static int deladdr4(struct netif *n, const struct addr4 *want, const struct nl_attrs *at)
{
	struct addr4 p;

	if (addr4_prim(n, &p) && addr4_match(&p, want, at)) {
		drop_secondaries(&p);
		netif_set_addr(n, IP4_ADDR_ANY4, IP4_ADDR_ANY4, netif_ip4_gw(n));
		if (netif_get_index(n) < IF_MAX)
			prim[netif_get_index(n)].used = false;
		/* The next address of the interface becomes lwIP's. */
		for (int i = 0; i < EXTRA4_MAX; i++)
			if (extra[i].used && extra[i].ifindex == p.ifindex) {
				extra[i].used = false;
				extra[i].flags &= ~IFA_F_SECONDARY;
				set_prim(n, &extra[i]);
				break;
			}
		return 0;
	}
	for (int i = 0; i < EXTRA4_MAX; i++)
		if (extra[i].used && extra[i].ifindex == want->ifindex &&
		    addr4_match(&extra[i], want, at)) {
			extra[i].used = false;
			if (!(extra[i].flags & IFA_F_SECONDARY))
				drop_secondaries(&extra[i]);
			return 0;
		}
	return -EADDRNOTAVAIL;
}

/* ---- IPv6 addresses ----------------------------------------------------- */

static struct plen6 *plen6_find(int ifindex, const ip6_addr_t *ip)
{
	for (int i = 0; i < EXTRA4_MAX; i++)
		if (plens[i].used && plens[i].ifindex == ifindex &&
		    ip6_addr_cmp_zoneless(&plens[i].addr, ip))
			return &plens[i];
	return NULL;
}

static uint8_t addr6_plen(struct netif *n, const ip6_addr_t *ip)
{
	struct plen6 *pl = plen6_find(netif_get_index(n), ip);

	return pl ? pl->plen : ip6_addr_isloopback(ip) ? 128 : 64;
}

static void fill_addr6(struct nl_out *o, struct netif *n, int i)
{
	const ip6_addr_t *ip = netif_ip6_addr(n, i);
	u8_t state = netif_ip6_addr_state(n, i);
	struct ifaddrmsg *ifa = nl_msg_begin(o, RTM_NEWADDR, NLM_F_MULTI, sizeof(*ifa));
	struct ifa_cacheinfo ci = { INFINITY_LIFE, INFINITY_LIFE, 0, 0 };
	uint32_t flags = IFA_F_PERMANENT;

	if (ip6_addr_istentative(state))
		flags |= IFA_F_TENTATIVE;
	/* lwIP's VALID is its DEPRECATED; lo's ::1 (port.c) is just valid. */
	if (ip6_addr_isdeprecated(state) && inet_if_dev(n))
		flags |= IFA_F_DEPRECATED;
	ifa->family = AF_INET6;
	ifa->flags = (uint8_t)flags;
	ifa->index = (uint32_t)netif_get_index(n);
	ifa->prefixlen = addr6_plen(n, ip);
	if (ip6_addr_isloopback(ip))
		ifa->scope = RT_SCOPE_HOST;
	else
		ifa->scope = ip6_addr_islinklocal(ip) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	nl_attr(o, IFA_ADDRESS, ip->addr, 16);
	nl_attr(o, IFA_CACHEINFO, &ci, sizeof(ci));
	nl_attr_u32(o, IFA_FLAGS, flags);
	nl_msg_end(o);
}

/* Linux lists an interface's IPv6 addresses widest scope first. */
static void dump_addr6(struct nl_out *o, struct netif *n)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
			const ip6_addr_t *ip = netif_ip6_addr(n, i);

			if (!ip6_addr_isvalid(netif_ip6_addr_state(n, i)) &&
			    !ip6_addr_istentative(netif_ip6_addr_state(n, i)))
				continue;
			if ((ip6_addr_islinklocal(ip) || ip6_addr_isloopback(ip)) == !pass)
				continue;
			fill_addr6(o, n, i);
		}
}

static int addr6_find(struct netif *n, const ip6_addr_t *ip)
{
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++)
		if (!ip6_addr_isinvalid(netif_ip6_addr_state(n, i)) &&
		    ip6_addr_cmp_zoneless(netif_ip6_addr(n, i), ip))
			return i;
	return -1;
}

static int addr6_change(const struct nlmsghdr *h, struct netif *n,
			const struct ifaddrmsg *ifm, const struct nl_attrs *at)
{
	const struct nlattr *l = at->a[IFA_LOCAL] ? at->a[IFA_LOCAL] : at->a[IFA_ADDRESS];
	struct plen6 *pl;
	ip6_addr_t ip;
	s8_t slot;
	int i;

	if (!l || nla_len(l) < 16 || ifm->prefixlen > 128)
		return -EINVAL;
	memset(&ip, 0, sizeof(ip));
	memcpy(ip.addr, nla_data(l), 16);
	i = addr6_find(n, &ip);
	pl = plen6_find(netif_get_index(n), &ip);
	if (h->nlmsg_type == RTM_DELADDR) {
		if (i < 0)
			return -EADDRNOTAVAIL;
		netif_ip6_addr_set_state(n, i, IP6_ADDR_INVALID);
		if (pl)
			pl->used = false;
		return 0;
	}
	if (i >= 0)
		return -EEXIST;
	if (ip6_addr_isany(&ip))
		return -EADDRNOTAVAIL;
	if (netif_add_ip6_address(n, &ip, &slot) != ERR_OK)
		return -ENOBUFS;
	/* lo has no duplicate address detection; lwIP's interfaces do it. */
	netif_ip6_addr_set_state(n, slot, inet_if_dev(n) ? IP6_ADDR_TENTATIVE
							 : IP6_ADDR_PREFERRED);
	for (i = 0; !pl && i < EXTRA4_MAX; i++)
		if (!plens[i].used)
			pl = &plens[i];
	if (pl)
		*pl = (struct plen6){ true, (uint8_t)netif_get_index(n), ifm->prefixlen, ip };
	return 0;
}

/*
 * The family a dump asks for: AF_INET, AF_INET6, or AF_UNSPEC for both
 * (rtnl_dump_all, also what families without a handler of their own get).
 */
static int dump_family(const struct nlmsghdr *h)
{
	int family = h->nlmsg_len > NLMSG_HDRLEN ? *(const uint8_t *)(h + 1) : AF_UNSPEC;

	return family == AF_INET || family == AF_INET6 ? family : AF_UNSPEC;
}

static int getaddr(const struct nlmsghdr *h, struct nl_out *o)
{
	int family = dump_family(h);
	struct netif *n;

	if (!(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	if (family != AF_INET6)
		NETIF_FOREACH(n)
			dump_addr4(o, n);
	if (family != AF_INET)
		NETIF_FOREACH(n)
			dump_addr6(o, n);
	return NL_DUMPED;
}

static int changeaddr(const struct nlmsghdr *h)
{
	struct ifaddrmsg ifm;
	struct nl_attrs at;
	struct netif *n;
	struct addr4 a;
	bool has_local = false;
	int err = nl_parse(h, sizeof(ifm), &at);

	if (err)
		return err;
	memcpy(&ifm, h + 1, sizeof(ifm));
	if (ifm.family == AF_INET) {
		err = addr4_in(&ifm, &at, &a, &has_local);
		if (err)
			return err;
	} else if (ifm.family != AF_INET6) {
		return -EAFNOSUPPORT;
	}
	n = ifm.index && ifm.index < 256 ? netif_get_by_index((u8_t)ifm.index) : NULL;
	if (!n)
		return -ENODEV;
	if (ifm.family == AF_INET6)
		return addr6_change(h, n, &ifm, &at);
	if (h->nlmsg_type == RTM_DELADDR)
		return deladdr4(n, &a, &at);
	return has_local ? newaddr4(h, n, &a) : -EINVAL;
}

/* ---- routes ------------------------------------------------------------- */

struct route {
	uint8_t family, dst_len, table, protocol, scope, type;
	const void *dst, *gw, *prefsrc;
	uint32_t oif, priority;
	bool v6_extras;                 /* RTA_CACHEINFO and RTA_PREF */
};

/* fib_dump_info and rt6_fill_node, attributes in their order. */
static void fill_route(struct nl_out *o, const struct route *r)
{
	struct rtmsg *rtm = nl_msg_begin(o, RTM_NEWROUTE, NLM_F_MULTI, sizeof(*rtm));
	size_t alen = r->family == AF_INET ? 4 : 16;

	rtm->family = r->family;
	rtm->dst_len = r->dst_len;
	rtm->table = r->table;
	rtm->protocol = r->protocol;
	rtm->scope = r->scope;
	rtm->type = r->type;
	nl_attr_u32(o, RTA_TABLE, r->table);
	if (r->dst_len)
		nl_attr(o, RTA_DST, r->dst, alen);
	if (r->family == AF_INET6 || r->priority)
		nl_attr_u32(o, RTA_PRIORITY, r->priority);
	if (r->prefsrc)
		nl_attr(o, RTA_PREFSRC, r->prefsrc, alen);
	if (r->gw)
		nl_attr(o, RTA_GATEWAY, r->gw, alen);
	nl_attr_u32(o, RTA_OIF, r->oif);
	if (r->v6_extras) {
		uint32_t ci[8] = { 0 };

		nl_attr(o, RTA_CACHEINFO, ci, sizeof(ci));
		nl_attr_u8(o, RTA_PREF, 0);
	}
	nl_msg_end(o);
}

/* An IPv4 route of a dump, sorted as Linux's tries give them. */
struct route4 {
	uint32_t dst, src;              /* network order */
	struct route r;                 /* dst and prefsrc point at them in the end */
};

#define ROUTE4_MAX (4 * (EXTRA4_MAX + IF_MAX))

struct route4_list {
	struct route4 v[ROUTE4_MAX];
	int n;
};

static void route4_add(struct route4_list *l, const struct route *r, uint32_t dst,
		       const uint32_t *prefsrc)
{
	struct route4 *e;

	if (l->n == ROUTE4_MAX)
		return;
	e = &l->v[l->n++];
	e->dst = dst;
	e->src = prefsrc ? *prefsrc : 0;
	e->r = *r;
}

/* Ascending destination; on one destination, longer prefixes first. */
static void route4_sort_emit(struct nl_out *o, struct route4_list *l)
{
	for (int i = 1; i < l->n; i++)
		for (int j = i; j > 0; j--) {
			struct route4 *a = &l->v[j - 1], *b = &l->v[j], t;
			uint32_t ka = lwip_ntohl(a->dst), kb = lwip_ntohl(b->dst);

			if (ka < kb || (ka == kb && a->r.dst_len >= b->r.dst_len))
				break;
			t = *a;
			*a = *b;
			*b = t;
		}
	for (int i = 0; i < l->n; i++) {
		struct route4 *e = &l->v[i];

		e->r.dst = &e->dst;
		e->r.prefsrc = e->src ? &e->src : NULL;
		fill_route(o, &e->r);
	}
}

/* The primary address of a's subnet on its interface (a itself if it is one). */
static const struct addr4 *primary_of(const struct addr4 *a, const struct addr4 *prim4)
{
	if (!(a->flags & IFA_F_SECONDARY))
		return a;
	if (prim4 && same_net(prim4, a->local, a->prefixlen))
		return prim4;
	for (int i = 0; i < EXTRA4_MAX; i++)
		if (extra[i].used && extra[i].ifindex == a->ifindex &&
		    !(extra[i].flags & IFA_F_SECONDARY) && same_net(&extra[i], a->local, a->prefixlen))
			return &extra[i];
	return a;
}

/*
 * fib_add_ifaddr: a primary's subnet (table main; lo's are local routes),
 * each address as local, and the subnet's broadcast address.
 */
static void route4_addr(struct route4_list *main, struct route4_list *local,
			struct netif *n, const struct addr4 *a, const struct addr4 *prim4)
{
	const struct addr4 *p = primary_of(a, prim4);
	uint32_t mask = plen_mask(a->prefixlen);
	bool lo = !inet_if_dev(n);
	struct route r = { AF_INET, 32, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_HOST,
			   RTN_LOCAL, NULL, NULL, NULL, (uint32_t)netif_get_index(n), 0, false };

	route4_add(local, &r, a->local, &p->local);
	if (a->flags & IFA_F_SECONDARY)
		return;
	if (a->prefixlen < 32) {
		r.dst_len = a->prefixlen;
		if (lo) {
			route4_add(local, &r, a->local & mask, &a->local);
		} else {
			r.table = RT_TABLE_MAIN;
			r.type = RTN_UNICAST;
			r.scope = RT_SCOPE_LINK;
			route4_add(main, &r, a->local & mask, &a->local);
		}
	}
	if (a->prefixlen < 31) {
		r = (struct route){ AF_INET, 32, RT_TABLE_LOCAL, RTPROT_KERNEL, RT_SCOPE_LINK,
				    RTN_BROADCAST, NULL, NULL, NULL,
				    (uint32_t)netif_get_index(n), 0, false };
		route4_add(local, &r, a->local | ~mask, &a->local);
	}
}

static void dump_route4(struct nl_out *o)
{
	struct route4_list *main = kzalloc(sizeof(*main)), *local = kzalloc(sizeof(*local));
	struct netif *n;
	struct addr4 a;

	if (!main || !local) {
		o->err = -ENOBUFS;
		goto out;
	}
	if (netif_default) {
		uint32_t gw = ip4_addr_get_u32(netif_ip4_gw(netif_default));
		struct route r = { AF_INET, 0, RT_TABLE_MAIN, default_proto,
				   gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK, RTN_UNICAST, NULL,
				   gw ? netif_ip4_gw(netif_default) : NULL, NULL,
				   (uint32_t)netif_get_index(netif_default), default_metric, false };

		route4_add(main, &r, 0, NULL);
	}
	NETIF_FOREACH(n) {
		bool have;

		if (!netif_is_up(n))
			continue;
		have = addr4_prim(n, &a);
		if (have)
			route4_addr(main, local, n, &a, &a);
		for (int i = 0; i < EXTRA4_MAX; i++)
			if (extra[i].used && extra[i].ifindex == netif_get_index(n))
				route4_addr(main, local, n, &extra[i], have ? &a : NULL);
	}
	route4_sort_emit(o, main);
	route4_sort_emit(o, local);
out:
	kfree(main);
	kfree(local);
}

static void prefix6(ip6_addr_t *pfx, const ip6_addr_t *ip, unsigned plen)
{
	const uint8_t *a = (const uint8_t *)ip->addr;
	uint8_t *p = (uint8_t *)pfx->addr;

	memset(pfx, 0, sizeof(*pfx));
	for (unsigned b = 0; b < plen; b += 8)
		p[b / 8] = a[b / 8] & (uint8_t)(plen - b >= 8 ? 0xff : 0xff << (8 - (plen - b)));
}

/* Has an earlier address of n the same prefix (one route for both)? */
static bool prefix6_seen(struct netif *n, int i, const ip6_addr_t *pfx, unsigned plen)
{
	for (int j = 0; j < i; j++) {
		ip6_addr_t q;

		if (!ip6_addr_isvalid(netif_ip6_addr_state(n, j)) ||
		    addr6_plen(n, netif_ip6_addr(n, j)) != plen)
			continue;
		prefix6(&q, netif_ip6_addr(n, j), plen);
		if (ip6_addr_cmp_zoneless(&q, pfx))
			return true;
	}
	return false;
}

/*
 * addrconf's routes: in table main each address's prefix (lo's ::1 has
 * none), in table local each address, and ff00::/8 on the others.
 */
static void dump_route6(struct nl_out *o)
{
	static const uint8_t mcast[16] = { 0xff };
	struct netif *n;

	for (int local = 0; local < 2; local++)
		NETIF_FOREACH(n) {
			struct route r = { AF_INET6, 0, RT_TABLE_MAIN, RTPROT_KERNEL,
					   RT_SCOPE_UNIVERSE, RTN_UNICAST, NULL, NULL, NULL,
					   (uint32_t)netif_get_index(n), IP6_RT_PRIO_ADDRCONF, true };

			if (!netif_is_up(n))
				continue;
			for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
				const ip6_addr_t *ip = netif_ip6_addr(n, i);
				ip6_addr_t pfx;

				if (!ip6_addr_isvalid(netif_ip6_addr_state(n, i)))
					continue;
				if (local) {
					r = (struct route){ AF_INET6, 128, RT_TABLE_LOCAL,
						RTPROT_KERNEL, RT_SCOPE_UNIVERSE, RTN_LOCAL, ip->addr,
						NULL, NULL, (uint32_t)netif_get_index(n), 0, true };
					fill_route(o, &r);
					continue;
				}
				r.dst_len = addr6_plen(n, ip);
				prefix6(&pfx, ip, r.dst_len);
				r.dst = pfx.addr;
				if (!ip6_addr_isloopback(ip) && !prefix6_seen(n, i, &pfx, r.dst_len))
					fill_route(o, &r);
			}
			if (local && inet_if_dev(n)) {
				r = (struct route){ AF_INET6, 8, RT_TABLE_LOCAL, RTPROT_KERNEL,
					RT_SCOPE_UNIVERSE, RTN_MULTICAST, mcast, NULL, NULL,
					(uint32_t)netif_get_index(n), IP6_RT_PRIO_ADDRCONF, true };
				fill_route(o, &r);
			}
		}
}

static int getroute(const struct nlmsghdr *h, struct nl_out *o)
{
	int family = dump_family(h);

	if (!(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	if (family != AF_INET6)
		dump_route4(o);
	if (family != AF_INET)
		dump_route6(o);
	return NL_DUMPED;
}

/* Is gw on one of the subnets of an interface that is up (fib_check_nh)? */
static struct netif *gw_if(uint32_t gw, uint32_t oif)
{
	struct netif *n;
	struct addr4 a;

	NETIF_FOREACH(n) {
		if (oif && (uint32_t)netif_get_index(n) != oif)
			continue;
		if (addr4_prim(n, &a) && same_net(&a, gw, a.prefixlen))
			return n;
		for (int i = 0; i < EXTRA4_MAX; i++)
			if (extra[i].used && extra[i].ifindex == netif_get_index(n) &&
			    same_net(&extra[i], gw, extra[i].prefixlen))
				return n;
	}
	return NULL;
}

static int changeroute(const struct nlmsghdr *h)
{
	struct rtmsg rtm;
	struct nl_attrs at;
	uint32_t gw = 0, oif = 0, metric = 0;
	struct netif *n;
	ip4_addr_t g;
	int err = nl_parse(h, sizeof(rtm), &at);

	if (err)
		return err;
	memcpy(&rtm, h + 1, sizeof(rtm));
	if (rtm.family != AF_INET || rtm.dst_len ||
	    (rtm.table != RT_TABLE_MAIN && rtm.table != RT_TABLE_UNSPEC)) {
		printk_once("rtnetlink: only the IPv4 default route can change\n");
		return -EOPNOTSUPP;
	}
	if (at.a[RTA_GATEWAY] && nla_len(at.a[RTA_GATEWAY]) >= 4)
		memcpy(&gw, nla_data(at.a[RTA_GATEWAY]), 4);
	if (at.a[RTA_OIF] && nla_len(at.a[RTA_OIF]) >= 4)
		memcpy(&oif, nla_data(at.a[RTA_OIF]), 4);
	if (at.a[RTA_PRIORITY] && nla_len(at.a[RTA_PRIORITY]) >= 4)
		memcpy(&metric, nla_data(at.a[RTA_PRIORITY]), 4);
	if (h->nlmsg_type == RTM_DELROUTE) {
		if (!netif_default || (gw && gw != ip4_addr_get_u32(netif_ip4_gw(netif_default))) ||
		    (oif && oif != (uint32_t)netif_get_index(netif_default)))
			return -ESRCH;
		netif_set_gw(netif_default, IP4_ADDR_ANY4);
		netif_set_default(NULL);
		return 0;
	}
	if (netif_default && (h->nlmsg_flags & NLM_F_EXCL))
		return -EEXIST;
	if (gw) {
		n = gw_if(gw, oif);
		if (!n)
			return -ENETUNREACH;
	} else if (oif) {
		n = oif < 256 ? netif_get_by_index((u8_t)oif) : NULL;
		if (!n)
			return -ENODEV;
	} else {
		return -EINVAL;
	}
	if (!netif_is_up(n))
		return -ENETDOWN;
	ip4_addr_set_u32(&g, gw);
	netif_set_gw(n, &g);
	netif_set_default(n);
	default_proto = rtm.protocol;
	default_metric = metric;
	return 0;
}

/* ---- neighbours and rules ----------------------------------------------- */

static void fill_neigh(struct nl_out *o, int family, struct netif *n, const void *ip,
		       const uint8_t *mac, uint16_t state, bool router)
{
	struct ndmsg *nd = nl_msg_begin(o, RTM_NEWNEIGH, NLM_F_MULTI, sizeof(*nd));
	uint32_t ci[4] = { 0 };

	nd->family = (uint8_t)family;
	nd->ifindex = netif_get_index(n);
	nd->state = state;
	nd->flags = router ? NTF_ROUTER : 0;
	nd->type = RTN_UNICAST;
	nl_attr(o, NDA_DST, ip, family == AF_INET ? 4 : 16);
	if (mac)
		nl_attr(o, NDA_LLADDR, mac, 6);
	nl_attr(o, NDA_CACHEINFO, ci, sizeof(ci));
	nl_attr_u32(o, NDA_PROBES, 0);
	nl_msg_end(o);
}

/* lwIP's ARP cache (stable entries), then its IPv6 neighbour cache. */
static int getneigh(const struct nlmsghdr *h, struct nl_out *o)
{
	static const uint16_t nud[] = { [ND6_INCOMPLETE] = NUD_INCOMPLETE,
		[ND6_REACHABLE] = NUD_REACHABLE, [ND6_STALE] = NUD_STALE,
		[ND6_DELAY] = NUD_DELAY, [ND6_PROBE] = NUD_PROBE };
	int family = h->nlmsg_len > NLMSG_HDRLEN ? *(const uint8_t *)(h + 1) : AF_UNSPEC;

	if (!(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	for (size_t i = 0; i < ARP_TABLE_SIZE && (family == AF_UNSPEC || family == AF_INET); i++) {
		ip4_addr_t *ip;
		struct netif *n;
		struct eth_addr *mac;

		if (etharp_get_entry(i, &ip, &n, &mac))
			fill_neigh(o, AF_INET, n, ip, mac->addr, NUD_REACHABLE, false);
	}
	for (int i = 0; i < LWIP_ND6_NUM_NEIGHBORS && (family == AF_UNSPEC || family == AF_INET6);
	     i++) {
		struct nd6_neighbor_cache_entry *e = &neighbor_cache[i];

		if (e->state == ND6_NO_ENTRY || e->state >= ARRAY_SIZE(nud) || !e->netif)
			continue;
		fill_neigh(o, AF_INET6, e->netif, e->next_hop_address.addr,
			   e->state == ND6_INCOMPLETE ? NULL : e->lladdr, nud[e->state], e->isrouter);
	}
	return NL_DUMPED;
}

static void fill_rule(struct nl_out *o, uint8_t family, uint32_t pref, uint8_t table)
{
	struct fib_rule_hdr *fr = nl_msg_begin(o, RTM_NEWRULE, NLM_F_MULTI, sizeof(*fr));

	fr->family = family;
	fr->table = table;
	fr->action = FR_ACT_TO_TBL;
	nl_attr_u32(o, FRA_TABLE, table);
	nl_attr_u32(o, FRA_SUPPRESS_PREFIXLEN, 0xffffffffU);
	if (pref)
		nl_attr_u32(o, FRA_PRIORITY, pref);
	nl_attr_u8(o, FRA_PROTOCOL, RTPROT_KERNEL);
	nl_msg_end(o);
}

/* The rules Linux starts with (fib_default_rules_init, fib6_rules). */
static int getrule(const struct nlmsghdr *h, struct nl_out *o)
{
	int family = dump_family(h);

	if (!(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	if (family != AF_INET6) {
		fill_rule(o, AF_INET, 0, RT_TABLE_LOCAL);
		fill_rule(o, AF_INET, 32766, RT_TABLE_MAIN);
		fill_rule(o, AF_INET, 32767, RT_TABLE_DEFAULT);
	}
	if (family != AF_INET) {
		fill_rule(o, AF_INET6, 0, RT_TABLE_LOCAL);
		fill_rule(o, AF_INET6, 32766, RT_TABLE_MAIN);
	}
	return NL_DUMPED;
}

/* ---- requests ----------------------------------------------------------- */

static int rtnl_do(const struct nlmsghdr *h, struct nl_out *o)
{
	switch (h->nlmsg_type) {
	case RTM_GETLINK:
		return getlink(h, o);
	case RTM_NEWLINK:
		return setlink(h);
	case RTM_GETADDR:
		return getaddr(h, o);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return changeaddr(h);
	case RTM_GETROUTE:
		return getroute(h, o);
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return changeroute(h);
	case RTM_GETNEIGH:
		return getneigh(h, o);
	case RTM_GETRULE:
		return getrule(h, o);
	default:
		return -EOPNOTSUPP;
	}
}

/* rtnetlink_rcv_msg: checks, then the handler under the net lock. */
int rtnl_rcv(const struct nlmsghdr *h, struct nl_out *o)
{
	unsigned long fl;
	int err;

	if (h->nlmsg_type > RTM_MAX)
		return -EOPNOTSUPP;
	if (h->nlmsg_len < NLMSG_HDRLEN + 1)    /* not even a family: ignored */
		return 0;
	/* kind 2 is a GET: the others change things. */
	if (((h->nlmsg_type - RTM_NEWLINK) & 3) != 2 && !cred_privileged())
		return -EPERM;
	fl = net_lock();
	err = rtnl_do(h, o);
	net_unlock(fl);
	return err;
}
