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

#endif
