// SPDX-License-Identifier: MIT
/*
 * inet_netif.c - the interfaces under AF_INET and AF_INET6: lo (lwIP's
 * loopback netif, port.c) and one lwIP Ethernet netif per network device
 * (net/netdev.h), with ARP and IPv6 neighbour discovery.  The registry
 * calls the stack hooks here (stack_netdev_added, _input, _link).
 *
 * As on Linux, an interface starts down; bringing it up (SIOCSIFFLAGS)
 * gives it its IPv6 link-local address (from the MAC, RFC 4862 §5.3,
 * with duplicate address detection), and IFF_RUNNING follows the link.
 *
 * Received frames are processed where stack_netdev_input is called, also
 * in the driver's interrupt handler: the net lock masks interrupts, and
 * the kernel takes interrupts only while idle or asleep, so lwIP is never
 * entered twice.  Frames to send go to the driver's xmit under the lock.
 */
#include "kernel/mm.h"
#include "net/inet_internal.h"
#include "net/netdev.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "netif/ethernet.h"

#define FRAME_MAX 0xffff           /* a pbuf's length is a u16_t */
#define MTU_MIN 68                 /* IPv4's minimum (RFC 791) */

static char tx_frame[NETDEV_ETH_HLEN + 9000];   /* [N] a chained frame, flattened */

struct netdev *inet_if_dev(struct netif *n)
{
	return n == inet_lo() ? NULL : n->state;
}

const char *inet_if_name(struct netif *n)
{
	struct netdev *d = inet_if_dev(n);

	return d ? d->name : "lo";
}

struct netif *inet_if_find(const char *name)
{
	struct netif *n;

	NETIF_FOREACH(n)
		if (!strcmp(inet_if_name(n), name))
			return n;
	return NULL;
}

unsigned inet_if_flags(struct netif *n)
{
	struct netdev *d = inet_if_dev(n);
	unsigned f;

	if (!d)
		f = IFF_LOOPBACK | (netif_is_up(n) ? IFF_UP | IFF_RUNNING : 0);
	else
		f = IFF_BROADCAST | IFF_MULTICAST |
		    (netif_is_up(n) ? IFF_UP : 0) |
		    (netif_is_up(n) && d->link_up ? IFF_RUNNING : 0);
	return f;
}

int inet_if_mtu(struct netif *n)
{
	return inet_if_dev(n) ? (int)n->mtu : inet_lo_mtu;
}

int inet_if_set_mtu(struct netif *n, int mtu)
{
	struct netdev *d = inet_if_dev(n);

	if (mtu < MTU_MIN || (d && (unsigned)mtu > d->mtu))
		return -EINVAL;
	if (d)
		n->mtu = n->mtu6 = (u16_t)mtu;
	else            /* lwIP's lo stays unlimited; its segments fit any */
		inet_lo_mtu = mtu;
	return 0;
}

uint32_t inet_if_activated;

void inet_if_set_up(struct netif *n, bool up)
{
	struct netdev *d = inet_if_dev(n);

	net_assert_held();
	if (up && netif_get_index(n) < 32)
		inet_if_activated |= 1U << netif_get_index(n);
	if (!d) {
		inet_lo_set_up(up);
		return;
	}
	if (up == netif_is_up(n))
		return;
	d->up = up;
	if (up) {
		netif_set_up(n);
		netif_create_ip6_linklocal_address(n, 1);
		return;
	}
	netif_set_down(n);
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++)
		netif_ip6_addr_set_state(n, i, IP6_ADDR_INVALID);
}

void inet_if_stats(struct netif *n, struct inet_if_stats *st)
{
	struct netdev *d = inet_if_dev(n);

	if (!d) {
		*st = (struct inet_if_stats){ inet_lo_bytes, inet_lo_packets, 0,
					      inet_lo_bytes, inet_lo_packets, 0 };
		return;
	}
	*st = (struct inet_if_stats){ d->rx_bytes, d->rx_packets, d->rx_dropped,
				      d->tx_bytes, d->tx_packets, d->tx_dropped };
}

bool stack_lo_info(struct netdev_info *out)
{
	struct netif *lo = inet_lo();
	struct inet_if_stats st;
	unsigned long fl = net_lock();

	*out = (struct netdev_info){
		.name = "lo", .ifindex = 1, .type = ARPHRD_LOOPBACK, .mtu = (unsigned)inet_lo_mtu,
		.flags = IFF_LOOPBACK | (netif_is_up(lo) ? IFF_UP : 0),
		.up = netif_is_up(lo), .carrier = true,
		.operstate = netif_is_up(lo) ? "unknown" : "down",
	};
	inet_if_stats(lo, &st);
	net_unlock(fl);
	out->rx_packets = st.rx_packets;
	out->rx_bytes = st.rx_bytes;
	out->tx_packets = st.tx_packets;
	out->tx_bytes = st.tx_bytes;
	return true;
}

/* lwIP's linkoutput: one whole Ethernet frame to the driver. */
static err_t eth_xmit(struct netif *n, struct pbuf *p)
{
	struct netdev *d = n->state;
	const void *frame = p->payload;

	if (p->next) {
		if (p->tot_len > sizeof(tx_frame))
			return ERR_BUF;
		pbuf_copy_partial(p, tx_frame, p->tot_len, 0);
		frame = tx_frame;
	}
	switch (d->ops->xmit(d, frame, p->tot_len)) {
	case 0:
		packet_netdev_tx(d, frame, p->tot_len);
		return ERR_OK;
	case -ENOBUFS:
		return ERR_BUF;
	default:
		return ERR_IF;
	}
}

static err_t eth_init(struct netif *n)
{
	struct netdev *d = n->state;

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, d->mac, ETH_HWADDR_LEN);
	n->mtu = (u16_t)MIN(d->mtu, 0xffffU);
	n->mtu6 = n->mtu;
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
		   NETIF_FLAG_MLD6;
	n->output = etharp_output;
	n->output_ip6 = ethip6_output;
	n->linkoutput = eth_xmit;
	return ERR_OK;
}

void stack_netdev_added(struct netdev *dev)
{
	struct netif *n = kzalloc(sizeof(*n));
	unsigned long fl;

	if (!n) {
		printk("net: %s: no memory for its interface\n", dev->name);
		return;
	}
	fl = net_lock();
	if (!netif_add_noaddr(n, dev, eth_init, ethernet_input)) {
		net_unlock(fl);
		kfree(n);
		printk("net: %s: lwIP refused the interface\n", dev->name);
		return;
	}
	n->ip6_autoconfig_enabled = 1;
	if (netif_get_index(n) != dev->ifindex)
		printk("net: %s: ifindex %d, lwIP's %d\n", dev->name, dev->ifindex,
		       netif_get_index(n));
	dev->stack = n;
	if (dev->link_up)
		netif_set_link_up(n);
	net_unlock(fl);
}

void stack_netdev_input(struct netdev *dev, const void *frame, size_t len)
{
	struct netif *n = dev->stack;
	struct pbuf *p;
	unsigned long fl;

	if (!n || len < NETDEV_ETH_HLEN || len > FRAME_MAX)
		return;
	fl = net_lock();
	if (!netif_is_up(n)) {
		net_unlock(fl);
		return;
	}
	packet_netdev_rx(dev, frame, len);
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
	if (!p) {
		dev->rx_dropped++;
	} else {
		pbuf_take(p, frame, (u16_t)len);
		if (n->input(p, n) != ERR_OK)
			pbuf_free(p);
	}
	net_unlock(fl);
}

void stack_netdev_link(struct netdev *dev)
{
	struct netif *n = dev->stack;
	unsigned long fl;

	if (!n)
		return;
	fl = net_lock();
	if (dev->link_up)
		netif_set_link_up(n);
	else
		netif_set_link_down(n);
	net_unlock(fl);
}
