/* SPDX-License-Identifier: MIT */
/*
 * netdev.h - network devices: the registry between Ethernet drivers
 * (virtio/net.c) and the protocol stack (lwIP, net/lwip_*.c).
 *
 * A driver fills in mac, mtu, link_up, ops and priv and registers the
 * device; the registry names it ethN in order of registration, gives it
 * an interface index (2, 3, ...: 1 is lo) and tells the stack.  Frames
 * then flow driver -> netdev_receive -> stack_netdev_input, and stack ->
 * ops->xmit -> driver.
 *
 * Context: one CPU; the "net lock" is an interrupts-off section, and every
 * call here is made with interrupts off.  netdev_receive and
 * netdev_link_changed may run in a driver's interrupt handler.  Devices
 * are never unregistered, so a struct netdev lives for the whole boot.
 *
 * Field legend: [I] set before netdev_register and not changed after;
 * [R] set by netdev_register; [D] the driver's, written under the net
 * lock; [S] the stack's.
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "kernel/kernel.h"

#define NETDEV_ETH_ALEN 6
#define NETDEV_ETH_HLEN 14              /* destination, source, type */
#define NETDEV_ETH_MTU 1500

struct netdev;

struct netdev_ops {
	/*
	 * Queue one Ethernet frame (dst MAC .. payload, no FCS) for sending.
	 * The driver copies it (the caller's buffer is gone on return).
	 * 0, or -ENOBUFS when the queue is full (the frame is dropped and
	 * counted in tx_dropped), -EINVAL when it is shorter than an
	 * Ethernet header or longer than mtu allows, -EIO when the device
	 * has failed.  Called with the net lock held (interrupts off); must
	 * not sleep or wait for the device.
	 */
	int (*xmit)(struct netdev *dev, const void *frame, size_t len);
};

struct netdev {
	char name[16];			/* [R] "eth0", "eth1", ... */
	int ifindex;			/* [R] 2, 3, ... (1 is lo) */
	uint8_t mac[NETDEV_ETH_ALEN];	/* [I] */
	unsigned int mtu;		/* [I] payload MTU: 1500 unless the device says otherwise */
	bool link_up;			/* [D] carrier; netdev_link_changed after a change */
	bool up;			/* [S] administratively up (IFF_UP): the stack
					 * sets it; sysfs's operstate and flags read it */
	const struct netdev_ops *ops;	/* [I] */
	void *priv;			/* [I] the driver's */
	void *stack;			/* [S] the protocol stack's (lwIP netif) */
	struct netdev *next;		/* [R] registry list */
	/* [D] counters for /proc/net/dev, ifconfig and sysfs (the driver
	 * bumps them; netdev_receive counts rx_packets and rx_bytes): */
	uint64_t rx_packets, rx_bytes, rx_dropped, tx_packets, tx_bytes, tx_dropped;
};

/* ---- driver -> registry (net/netdev.c) ------------------------------ */

/*
 * Name dev ethN in order of registration, set its ifindex, append it to
 * the registry and call stack_netdev_added.  0, or -EINVAL (no xmit,
 * already registered).
 */
int netdev_register(struct netdev *dev);
/*
 * One received Ethernet frame: counts it and calls stack_netdev_input.
 * May run in interrupt context; the frame is the caller's (the stack
 * copies what it keeps).
 */
void netdev_receive(struct netdev *dev, const void *frame, size_t len);
/* After dev->link_up changed: calls stack_netdev_link. */
void netdev_link_changed(struct netdev *dev);
/* Registry walk: for (d = netdev_first(); d; d = d->next). */
struct netdev *netdev_first(void);

/*
 * What /sys/class/net shows of an interface, lo included: dev->flags as
 * Linux keeps them (IFF_UP, IFF_BROADCAST, IFF_LOOPBACK, IFF_MULTICAST; no
 * IFF_RUNNING), operstate as RFC 2863 names it.
 */
struct netdev_info {
	char name[16];
	int ifindex;
	int type;                       /* ARPHRD_ETHER, ARPHRD_LOOPBACK */
	uint8_t mac[NETDEV_ETH_ALEN], brd[NETDEV_ETH_ALEN];
	unsigned int mtu, flags;
	bool up, carrier;
	const char *operstate;
	uint64_t rx_packets, rx_bytes, rx_dropped, tx_packets, tx_bytes, tx_dropped;
};
/* The interface of the smallest ifindex >= ifindex into *out: false when
 * there is none. */
bool netdev_info_next(int ifindex, struct netdev_info *out);

/* ---- registry -> stack (the stack's: net/inet_netif.c) ------------- */

/* lo (ifindex 1) into *out; false when the stack has none. */
bool stack_lo_info(struct netdev_info *out);
void stack_netdev_added(struct netdev *dev);
void stack_netdev_input(struct netdev *dev, const void *frame, size_t len);
void stack_netdev_link(struct netdev *dev);

#endif
