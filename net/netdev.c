// SPDX-License-Identifier: MIT
/*
 * netdev.c - the network device registry (net/netdev.h): names devices
 * eth0, eth1, ... in the order drivers register them, as Linux names
 * them when nothing renames them, hands them out in that order, and
 * passes frames and link changes on to the protocol stack.
 *
 * The stack hooks (stack_netdev_added/input/link) are the protocol
 * stack's: net/inet_netif.c.
 *
 * Locking: the registry is only appended to, with interrupts off (the
 * net lock); readers walk it with interrupts off too.
 */
#include "net/netdev.h"

#define FIRST_IFINDEX 2                 /* 1 is lo */
#define ARPHRD_ETHER 1
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_MULTICAST 0x1000

static struct netdev *netdevs;          /* registration order */
static struct netdev **netdevs_tail = &netdevs;
static unsigned n_eth;

static bool registered(const struct netdev *dev)
{
	for (struct netdev *d = netdevs; d; d = d->next)
		if (d == dev)
			return true;
	return false;
}

int netdev_register(struct netdev *dev)
{
	if (!dev->ops || !dev->ops->xmit || registered(dev))
		return -EINVAL;
	snprintf(dev->name, sizeof(dev->name), "eth%u", n_eth);
	dev->ifindex = FIRST_IFINDEX + (int)n_eth;
	n_eth++;
	dev->next = NULL;
	*netdevs_tail = dev;
	netdevs_tail = &dev->next;
	stack_netdev_added(dev);
	return 0;
}

void netdev_receive(struct netdev *dev, const void *frame, size_t len)
{
	dev->rx_packets++;
	dev->rx_bytes += len;
	stack_netdev_input(dev, frame, len);
}

void netdev_link_changed(struct netdev *dev)
{
	stack_netdev_link(dev);
}

struct netdev *netdev_first(void)
{
	return netdevs;
}

bool netdev_info_next(int ifindex, struct netdev_info *out)
{
	struct netdev *d;

	if (ifindex <= 1 && stack_lo_info(out))
		return true;
	for (d = netdevs; d && d->ifindex < ifindex; d = d->next)
		;
	if (!d)
		return false;
	*out = (struct netdev_info){
		.ifindex = d->ifindex, .type = ARPHRD_ETHER, .mtu = d->mtu,
		.flags = (d->up ? IFF_UP : 0) | IFF_BROADCAST | IFF_MULTICAST,
		.up = d->up, .carrier = d->link_up,
		.operstate = d->up && d->link_up ? "up" : "down",
		.rx_packets = d->rx_packets, .rx_bytes = d->rx_bytes,
		.rx_dropped = d->rx_dropped, .tx_packets = d->tx_packets,
		.tx_bytes = d->tx_bytes, .tx_dropped = d->tx_dropped,
	};
	strlcpy(out->name, d->name, sizeof(out->name));
	memcpy(out->mac, d->mac, NETDEV_ETH_ALEN);
	memset(out->brd, 0xff, NETDEV_ETH_ALEN);
	return true;
}
