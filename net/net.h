/* SPDX-License-Identifier: MIT */
/*
 * net.h - sockets: the socket layer's public face.  The syscall handlers
 * (socket, bind, sendmsg, ...) are declared with the others in
 * kernel/syscall.h; this header names what other subsystems may ask of a
 * socket.
 *
 * Address families plug in through struct net_family (net_internal.h):
 * AF_UNIX (af_unix.c), and AF_INET/AF_INET6 (af_inet*.c, inet_*.c) on the
 * lwIP stack compiled into the kernel (net/lwip/, design.md §6).
 */
#ifndef NET_NET_H
#define NET_NET_H

#include "kernel/kernel.h"

struct file;
/* Is f an open socket? */
bool file_is_socket(struct file *f);
/* Start the IP stack (lwIP) and lo; before any netdev registers. */
void net_init(void);

/* The files of /proc/net (inet_proc.c), in Linux's formats. */
enum net_proc {
	NET_PROC_DEV, NET_PROC_TCP, NET_PROC_TCP6, NET_PROC_UDP, NET_PROC_UDP6,
	NET_PROC_ROUTE, NET_PROC_IF_INET6, NET_PROC_ARP, NET_PROC_UNIX,
};
/* One file's text, a line at a time through put (which must not sleep:
 * it runs under the net lock). */
void net_proc_show(enum net_proc which, void (*put)(void *ctx, const char *s), void *ctx);

#endif
