/* SPDX-License-Identifier: MIT */
/*
 * bpf_internal.h - classic BPF, the filters of packet sockets
 * (SO_ATTACH_FILTER): net/packet_bpf.c checks and runs them for
 * net/af_packet.c.  Pure logic: the host unit test links it alone.
 */
#ifndef NET_BPF_INTERNAL_H
#define NET_BPF_INTERNAL_H

#include "kernel/kernel.h"

#define BPF_MAXINSNS 4096       /* the longest program */

/* One classic BPF instruction (struct sock_filter, SO_ATTACH_FILTER). */
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

/* What a filter sees: data (from offset 0) inside the whole frame. */
struct bpf_pkt {
	const uint8_t *data, *frame;
	size_t len, frame_len, net_off;         /* net_off: the network header in frame */
	uint16_t proto;                         /* host order: SKF_AD_PROTOCOL */
	uint8_t pkttype;
	uint16_t hatype;
	int ifindex;
};

/* Is a program of len instructions valid?  0 or -EINVAL (Linux's
 * bpf_check_classic). */
int bpf_check(const struct sock_filter *prog, unsigned len);
/* Run a checked program: how many bytes of the packet to keep (0: drop). */
uint32_t bpf_run(const struct sock_filter *prog, const struct bpf_pkt *p);

#endif
