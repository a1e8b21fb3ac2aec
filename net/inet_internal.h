/* SPDX-License-Identifier: MIT */
/*
 * inet_internal.h - what the files of AF_INET and AF_INET6 share: the net
 * lock around lwIP, struct inet_sock, address conversion, and the hooks
 * of the interfaces (lo and the netdevs).
 *
 * Locking: lwIP (NO_SYS=1) is not reentrant, so every lwIP call is made
 * under the net lock, which masks interrupts (a netdev's receive interrupt
 * and the lwIP timer both enter lwIP).  Nothing sleeps or touches user
 * memory while holding it.  Legends: [N] under the net lock, [S] the
 * socket's own calls, [I] immutable.
 */
#ifndef NET_INET_INTERNAL_H
#define NET_INET_INTERNAL_H

#include "net/net_internal.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define IPPROTO_RAW 255

/* net/lwip/port.c */
/* Take the net lock; the state for net_unlock. */
unsigned long net_lock(void);
/* Deliver what lo queued, set the lwIP timer, release the lock. */
void net_unlock(unsigned long flags);
void net_assert_held(void);
/* The netif of lo (ifindex 1). */
struct netif *inet_lo(void);
/* Bring lo up (adding 127.0.0.1/8 and ::1 as Linux does) or down. [N] */
void inet_lo_set_up(bool up);

#endif
