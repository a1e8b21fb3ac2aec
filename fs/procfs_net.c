// SPDX-License-Identifier: MIT
/*
 * procfs_net.c - /proc/net: the network files (proc(5)), their text made
 * by the network stack (net/inet_proc.c, net_proc_show).
 */
#include "fs/procfs_internal.h"
#include "net/net.h"

static void put(void *ctx, const char *s)
{
	seq_puts(ctx, s);
}

#define NET_SHOW(fn, which)                                     \
	static int fn(struct seqbuf *m, long ctx __unused)      \
	{                                                       \
		net_proc_show(which, put, m);                   \
		return 0;                                       \
	}
NET_SHOW(show_dev, NET_PROC_DEV)
NET_SHOW(show_tcp, NET_PROC_TCP)
NET_SHOW(show_tcp6, NET_PROC_TCP6)
NET_SHOW(show_udp, NET_PROC_UDP)
NET_SHOW(show_udp6, NET_PROC_UDP6)
NET_SHOW(show_route, NET_PROC_ROUTE)
NET_SHOW(show_if_inet6, NET_PROC_IF_INET6)
NET_SHOW(show_arp, NET_PROC_ARP)
NET_SHOW(show_unix, NET_PROC_UNIX)

#define NET_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }

const struct pseudo_entry proc_net_entries[] = {
	NET_FILE("arp", show_arp),
	NET_FILE("dev", show_dev),
	NET_FILE("if_inet6", show_if_inet6),
	NET_FILE("route", show_route),
	NET_FILE("tcp", show_tcp),
	NET_FILE("tcp6", show_tcp6),
	NET_FILE("udp", show_udp),
	NET_FILE("udp6", show_udp6),
	NET_FILE("unix", show_unix),
	{ .name = NULL },
};
