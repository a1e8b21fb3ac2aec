// SPDX-License-Identifier: MIT
/*
 * ifioctl.c - the interface ioctls on AF_INET and AF_INET6 sockets
 * (netdevice(7): SIOCGIFCONF, the SIOCGIF and SIOCSIF ones on struct ifreq) and the
 * routing ones (SIOCADDRT, SIOCDELRT on struct rtentry, route(8)), which is
 * what ifconfig and route use.
 *
 * lwIP routes by interface subnets plus one default interface with its
 * gateway, so of routes only the default one can be added or deleted.
 * Changing an interface needs CAP_NET_ADMIN (EPERM), as Linux.
 */
#include "kernel/cred.h"
#include "kernel/uaccess.h"
#include "net/inet_internal.h"
#include "net/netdev.h"

#define SIOCADDRT 0x890B
#define SIOCDELRT 0x890C
#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCSIFADDR 0x8916
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCSIFBRDADDR 0x891a
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c
#define SIOCGIFMETRIC 0x891d
#define SIOCGIFMTU 0x8921
#define SIOCSIFMTU 0x8922
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define SIOCGIFTXQLEN 0x8942
#define SIOCGIFMAP 0x8970

#define RTF_UP 0x1
#define RTF_GATEWAY 0x2
#define TXQLEN_ETH 1000

struct sockaddr_raw {                   /* struct sockaddr */
	uint16_t family;
	uint8_t data[14];
};

struct sockaddr_in4 {                   /* struct sockaddr_in */
	uint16_t family, port;
	uint32_t addr;
	uint8_t zero[8];
};

struct ifreq {
	char name[IFNAMSIZ];
	union {
		struct sockaddr_raw sa;
		struct sockaddr_in4 sin;
		int16_t flags;
		int ivalue;
		char newname[IFNAMSIZ];
		uint8_t pad[24];        /* struct ifmap, the largest */
	};
};

struct ifconf {
	int len;
	int pad;
	struct ifreq __user *req;
};

struct rtentry {
	unsigned long pad1;
	struct sockaddr_in4 dst, gateway, genmask;
	uint16_t flags;
	int16_t pad2;
	unsigned long pad3;
	void *pad4;
	int16_t metric;
	char __user *dev;
	unsigned long mtu, window;
	uint16_t irtt;
};

static void sin_set(struct ifreq *r, const ip4_addr_t *a)
{
	memset(&r->sin, 0, sizeof(r->sin));
	r->sin.family = AF_INET;
	r->sin.addr = ip4_addr_get_u32(a);
}

static int ifconf(unsigned long arg)
{
	struct ifconf c;
	struct ifreq r;
	struct netif *n;
	int len = 0, err = 0;
	unsigned long fl;

	if (copy_from_user(&c, (void __user *)arg, sizeof(c)))
		return -EFAULT;
	fl = net_lock();
	/* Interfaces with an IPv4 address, as Linux's inet_gifconf. */
	NETIF_FOREACH(n) {
		if (ip4_addr_isany_val(*netif_ip4_addr(n)))
			continue;
		if (c.req && len + (int)sizeof(r) > c.len)
			break;
		if (c.req) {
			memset(&r, 0, sizeof(r));
			strlcpy(r.name, inet_if_name(n), IFNAMSIZ);
			sin_set(&r, netif_ip4_addr(n));
			net_unlock(fl);
			err = copy_to_user((char __user *)c.req + len, &r, sizeof(r));
			fl = net_lock();
			if (err)
				break;
		}
		len += sizeof(r);
	}
	net_unlock(fl);
	if (err)
		return -EFAULT;
	c.len = len;
	return copy_to_user((void __user *)arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static int get_hwaddr(struct netif *n, struct ifreq *r)
{
	struct netdev *d = inet_if_dev(n);

	memset(&r->sa, 0, sizeof(r->sa));
	r->sa.family = d ? ARPHRD_ETHER : ARPHRD_LOOPBACK;
	if (d)
		memcpy(r->sa.data, d->mac, NETDEV_ETH_ALEN);
	return 0;
}

static int get_brd(struct netif *n, struct ifreq *r)
{
	ip4_addr_t b;

	if (ip4_addr_isany_val(*netif_ip4_addr(n)))
		return -EADDRNOTAVAIL;
	if (!inet_if_dev(n)) {
		ip4_addr_set_zero(&b);
	} else {
		ip4_addr_set_u32(&b, ip4_addr_get_u32(netif_ip4_addr(n)) |
			~ip4_addr_get_u32(netif_ip4_netmask(n)));
	}
	sin_set(r, &b);
	return 0;
}

/* A getter: fills r, 0 or -errno. [N] */
static int if_get(unsigned int cmd, struct netif *n, struct ifreq *r)
{
	struct netdev *d = inet_if_dev(n);

	switch (cmd) {
	case SIOCGIFFLAGS:
		r->flags = (int16_t)inet_if_flags(n);
		return 0;
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFDSTADDR:
		if (ip4_addr_isany_val(*netif_ip4_addr(n)))
			return -EADDRNOTAVAIL;
		sin_set(r, cmd == SIOCGIFNETMASK ? netif_ip4_netmask(n) : netif_ip4_addr(n));
		return 0;
	case SIOCGIFBRDADDR:
		return get_brd(n, r);
	case SIOCGIFMTU:
		r->ivalue = inet_if_mtu(n);
		return 0;
	case SIOCGIFINDEX:
		r->ivalue = netif_get_index(n);
		return 0;
	case SIOCGIFMETRIC:
		r->ivalue = 0;
		return 0;
	case SIOCGIFTXQLEN:
		r->ivalue = d ? TXQLEN_ETH : 1000;
		return 0;
	case SIOCGIFHWADDR:
		return get_hwaddr(n, r);
	case SIOCGIFMAP:
		memset(r->pad, 0, sizeof(r->pad));
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Linux's default netmask for an address with none yet (inet_abc_len). */
static uint32_t classful_mask(uint32_t a)
{
	uint32_t h = lwip_ntohl(a);

	if (!(h & 0x80000000U))
		return lwip_htonl(0xff000000U);
	if (!(h & 0x40000000U))
		return lwip_htonl(0xffff0000U);
	return lwip_htonl(0xffffff00U);
}

static int set_addr(struct netif *n, const struct ifreq *r, unsigned int cmd)
{
	ip4_addr_t a;

	if (r->sin.family != AF_INET)
		return -EINVAL;
	ip4_addr_set_u32(&a, r->sin.addr);
	if (cmd == SIOCSIFNETMASK) {
		netif_set_netmask(n, &a);
		return 0;
	}
	if (cmd == SIOCSIFBRDADDR)
		return 0;               /* lwIP derives it from the netmask */
	if (ip4_addr_isany_val(*netif_ip4_netmask(n)) || ip4_addr_isany_val(*netif_ip4_addr(n))) {
		ip4_addr_t m;

		ip4_addr_set_u32(&m, classful_mask(r->sin.addr));
		netif_set_netmask(n, &m);
	}
	netif_set_ipaddr(n, &a);
	return 0;
}

/* A setter: 0 or -errno. [N] */
static int if_set(unsigned int cmd, struct netif *n, const struct ifreq *r)
{
	switch (cmd) {
	case SIOCSIFFLAGS:
		inet_if_set_up(n, r->flags & IFF_UP);
		return 0;
	case SIOCSIFADDR:
	case SIOCSIFNETMASK:
	case SIOCSIFBRDADDR:
		return set_addr(n, r, cmd);
	case SIOCSIFMTU:
		return inet_if_set_mtu(n, r->ivalue);
	default:
		return -ENOTTY;
	}
}

int net_dev_index(const char *name)
{
	unsigned long fl = net_lock();
	struct netif *n = inet_if_find(name);
	int idx = n ? netif_get_index(n) : -ENODEV;

	net_unlock(fl);
	return idx;
}

static bool is_setter(unsigned int cmd)
{
	return cmd == SIOCSIFFLAGS || cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK ||
	       cmd == SIOCSIFBRDADDR || cmd == SIOCSIFMTU;
}

static int ifreq_ioctl(unsigned int cmd, unsigned long arg)
{
	struct ifreq r;
	struct netif *n;
	unsigned long fl;
	int err;

	if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
		return -EFAULT;
	r.name[IFNAMSIZ - 1] = 0;
	if (is_setter(cmd) && !cred_privileged())
		return -EPERM;
	fl = net_lock();
	if (cmd == SIOCGIFNAME) {
		n = netif_get_by_index((u8_t)MIN((unsigned)r.ivalue, 255U));
		err = n && r.ivalue > 0 ? 0 : -ENODEV;
		if (n && !err)
			strlcpy(r.name, inet_if_name(n), IFNAMSIZ);
	} else {
		n = inet_if_find(r.name);
		err = !n ? -ENODEV : is_setter(cmd) ? if_set(cmd, n, &r) : if_get(cmd, n, &r);
	}
	net_unlock(fl);
	if (err || is_setter(cmd))
		return err;
	return copy_to_user((void __user *)arg, &r, sizeof(r)) ? -EFAULT : 0;
}

/* ---- routes ------------------------------------------------------------- */

/* The interface a route names (rt_dev) or whose subnet has gw. [N] */
static struct netif *route_if(const char *dev, const ip4_addr_t *gw)
{
	struct netif *n;

	if (dev[0])
		return inet_if_find(dev);
	NETIF_FOREACH(n)
		if (inet_if_dev(n) && ip4_addr_netcmp(gw, netif_ip4_addr(n), netif_ip4_netmask(n)))
			return n;
	return NULL;
}

static int route_ioctl(unsigned int cmd, unsigned long arg)
{
	struct rtentry rt;
	char dev[IFNAMSIZ] = "";
	ip4_addr_t gw;
	struct netif *n;
	unsigned long fl;
	int err = 0;

	if (!cred_privileged())
		return -EPERM;
	if (copy_from_user(&rt, (void __user *)arg, sizeof(rt)))
		return -EFAULT;
	if (rt.dev && strncpy_from_user(dev, rt.dev, sizeof(dev)) < 0)
		return -EFAULT;
	dev[IFNAMSIZ - 1] = 0;
	if (rt.dst.addr || rt.genmask.addr) {
		printk_once("route: only the default route is supported\n");
		return -EOPNOTSUPP;
	}
	ip4_addr_set_u32(&gw, (rt.flags & RTF_GATEWAY) ? rt.gateway.addr : 0);
	fl = net_lock();
	if (cmd == SIOCDELRT) {
		if (!netif_default)
			err = -ESRCH;
		netif_set_gw(netif_default ? netif_default : inet_lo(), IP4_ADDR_ANY4);
		netif_set_default(NULL);
	} else if (!(n = route_if(dev, &gw))) {
		err = -ENETUNREACH;
	} else {
		netif_set_gw(n, &gw);
		netif_set_default(n);
	}
	net_unlock(fl);
	return err;
}

long net_dev_ioctl(unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case SIOCGIFCONF:
		return ifconf(arg);
	case SIOCADDRT:
	case SIOCDELRT:
		return route_ioctl(cmd, arg);
	case SIOCGIFNAME:
	case SIOCGIFFLAGS:
	case SIOCSIFFLAGS:
	case SIOCGIFADDR:
	case SIOCSIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCSIFNETMASK:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCSIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN:
	case SIOCGIFMAP:
		return ifreq_ioctl(cmd, arg);
	default:
		return -ENOTTY;
	}
}
