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
