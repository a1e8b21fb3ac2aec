/* SPDX-License-Identifier: MIT */
/*
 * lwipopts.h - how the kernel configures lwIP 2.1.3 (src/include/lwip/
 * opt.h documents every option).  The raw API without an OS (NO_SYS=1):
 * every lwIP call is made under the net lock (net/lwip/port.c), so lwIP
 * needs no protection of its own; sockets are the kernel's (net/af_inet*.c).
 *
 * Memory: every lwIP structure and buffer comes from kmalloc (MEM_LIBC_MALLOC
 * and MEMP_MEM_MALLOC), so the number of connections is bounded by memory,
 * not by static pools; per connection the TCP windows bound what is queued.
 */
#ifndef NET_LWIP_LWIPOPTS_H
#define NET_LWIP_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0
#define LWIP_TIMERS 1

/* Memory: the kernel heap (port.c). */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define mem_clib_malloc lwip_port_malloc
#define mem_clib_free lwip_port_free
#define mem_clib_calloc lwip_port_calloc
#define PBUF_POOL_SIZE 64       /* counts only: pools are heap-backed */
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_UDP_PCB 128
#define MEMP_NUM_RAW_PCB 32
#define MEMP_NUM_TCP_SEG 1024
#define MEMP_NUM_SYS_TIMEOUT 16

/* Protocols. */
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define LWIP_IPV6_DHCP6 0
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_NUM_ADDRESSES 4
#define LWIP_ICMP6 1
#define LWIP_ICMP6_HL 64        /* echo replies and errors: Linux's default hop limit */
#define LWIP_IPV6_FRAG 1
#define LWIP_IPV6_REASS 1
#define IPV6_FRAG_COPYHEADER 1 /* ip6_reass_helper (a pointer) is more than a fragment header on 64 bits */
#define IP_FRAG 1
#define IP_REASSEMBLY 1
#define IP_DEFAULT_TTL 64
#define IP_SOF_BROADCAST 1
#define IP_SOF_BROADCAST_RECV 1
#define SO_REUSE 1
#define SO_REUSE_RXTOALL 1
#define LWIP_BROADCAST_PING 1
#define ARP_QUEUEING 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

/*
 * TCP: segments as large as an interface allows (lwIP takes its MTU off;
 * lo has none, so loopback moves 8 KiB a segment), and windows of 128 KiB
 * as Linux's default buffers, through window scaling (RFC 7323).
 */
#define TCP_MSS 8192
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_WND (128 * 1024)
#define TCP_SND_BUF (128 * 1024)
#define TCP_SND_QUEUELEN 256
#define TCP_SNDLOWAT (2 * TCP_MSS + 1)
#define TCP_QUEUE_OOSEQ 1
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 0xff
#define LWIP_TCP_KEEPALIVE 1
#define TCP_OVERSIZE 1460       /* what tcp_write allocates ahead */
#define LWIP_EVENT_API 0
#define LWIP_CALLBACK_API 1

/* Interfaces: lwIP's loopback interface is lo; one per netdev after it. */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_LOOPBACK_MULTITHREADING 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_SINGLE_NETIF 0

#define LWIP_STATS 0
#define LWIP_STATS_DISPLAY 0
#define LWIP_DBG_TYPES_ON 0

/* port.c: lo takes in all of 127.0.0.0/8, as Linux's lo does. */
struct pbuf;
struct netif;
int lwip_port_ip4_input(struct pbuf *p, struct netif *inp);
#define LWIP_HOOK_IP4_INPUT(p, inp) lwip_port_ip4_input(p, inp)

#endif
