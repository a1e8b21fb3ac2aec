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
#include "lwip/raw.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define IPPROTO_RAW 255

#define IP_TOS 1
#define IP_TTL 2
#define IPV6_UNICAST_HOPS 16
#define IPV6_V6ONLY 26
#define IP_PKTINFO 8
#define IP_MULTICAST_TTL 33
#define IPV6_RECVPKTINFO 49
#define IPV6_PKTINFO 50
#define TCP_NODELAY 1
#define TCP_CORK 3
#define TCP_MAXSEG 2
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define SO_BROADCAST 6

enum inet_state {
	INET_NEW,               /* created, perhaps bound */
	INET_CONNECTING,        /* TCP: SYN sent */
	INET_CONNECTED,         /* TCP established (or closing); UDP: has a peer */
	INET_LISTEN,
	INET_CLOSED,            /* TCP: lwIP ended the connection (error or both FINs) */
};

/* A received TCP segment's data or one datagram, with its sender. */
struct inet_rx {
	struct list_head link;          /* on inet_sock.rq */
	struct pbuf *p;
	size_t off;                     /* stream: bytes already read from p */
	ip_addr_t from;                 /* datagram: the sender */
	uint16_t port;
	uint8_t hops;                   /* raw: the packet's TTL or hop limit */
	uint8_t ifindex;                /* datagram: where it came in, */
	ip_addr_t dst;                  /*      to which address (IP_PKTINFO, IPV6_PKTINFO) */
};

struct inet_sock {
	struct socket sock;
	int proto;                      /* [I] IPPROTO_TCP, _UDP, _ICMP, _ICMPV6 */
	bool v6only;                    /* [S] IPV6_V6ONLY */
	bool ever_connected;            /* [N] */
	enum inet_state state;          /* [N] */
	union {                         /* [N] NULL once lwIP has freed it */
		struct tcp_pcb *tcp;
		struct udp_pcb *udp;
		struct raw_pcb *raw;
	} pcb;
	struct list_head rq;            /* [N] struct inet_rx, oldest first */
	size_t rq_bytes;                /* [N] unread bytes on rq */
	bool eof;                       /* [N] TCP: the peer's FIN came */
	unsigned shut;                  /* [N] RCV_SHUTDOWN | SEND_SHUTDOWN */
	struct list_head accq;          /* [N] listener: established, unaccepted */
	struct list_head acc_link;      /* [N] on the listener's accq */
	int backlog;                    /* [N] listen(2) */
	bool nodelay, broadcast;        /* [N] TCP_NODELAY, SO_BROADCAST */
	bool oobinline, dontroute;      /* [N] SO_OOBINLINE, SO_DONTROUTE */
	bool linger;                    /* [N] SO_LINGER on, */
	int linger_s;                   /*     for this many seconds (0: reset) */
	bool connect_pending;           /* [N] connect(2) returned before the end */
	bool auto_local;                /* [N] UDP: connect chose the local address */
	bool pktinfo;                   /* [N] IP_PKTINFO */
	bool pktinfo6;                  /* [N] IPV6_RECVPKTINFO */
	bool cork;                      /* [N] TCP_CORK */
	int hoplimit_cm;                /* [N] raw IPv6: cmsg type for the hop limit, 0: none */
	uint32_t icmp6_filter[8];       /* [N] ICMP6_FILTER: types blocked (bit set) */
	ip_addr_t lip, rip;             /* [N] TCP: the connection's names, */
	uint16_t lport, rport;          /*     kept for after lwIP frees the pcb */
	struct list_head all;           /* [N] on inet_socks (/proc/net) */
};

static inline struct inet_sock *inet_sk(struct socket *s)
{
	return container_of(s, struct inet_sock, sock);
}

extern struct list_head inet_socks;     /* [N] every inet_sock */

/* af_inet.c */
struct inet_sock *inet_sock_new(int family, int type, int proto);
void inet_rx_free(struct inet_sock *is);
/* inet_addr.c */
int inet_err(err_t e);
/* addr (a sockaddr for is's family) as lwIP's: 0, -EINVAL, -EAFNOSUPPORT,
 * -ENETUNREACH (a v4-mapped address on a V6ONLY socket). */
int inet_addr_in(struct inet_sock *is, const struct sock_addr *a, ip_addr_t *ip,
		 uint16_t *port);
/* ip (lwIP's; NULL: any) and port as a sockaddr of is's family. */
void inet_addr_out(struct inet_sock *is, const ip_addr_t *ip, uint16_t port,
		   struct sock_addr *a);
/* Is ip one of ours (or any)?  For bind: -EADDRNOTAVAIL when not. [N] */
int inet_addr_local(const ip_addr_t *ip);
/* Is ip one of lo's addresses (all of its 127.0.0.0/8, as on Linux)? [N] */
bool inet_lo_own(const ip_addr_t *ip);
/* inet_io.c */
/* Queue p (ours now) from from:port for reading; -ENOMEM. [N] */
int inet_rq_add(struct inet_sock *is, struct pbuf *p, const ip_addr_t *from,
		u16_t port, u8_t hops);
/* Note where the datagram just queued (lwIP's input now) came in. [N] */
void inet_rq_dest(struct inet_sock *is);
void inet_tcp_callbacks(struct inet_sock *is, struct tcp_pcb *pcb);
/* Stop lwIP's callbacks to is; lwIP finishes the connection alone. [N] */
void inet_tcp_detach(struct inet_sock *is);
void inet_udp_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		   const ip_addr_t *addr, u16_t port);
err_t inet_connected(void *arg, struct tcp_pcb *pcb, err_t err);
err_t inet_accepted(void *arg, struct tcp_pcb *pcb, err_t err);
ssize_t inet_sendmsg(struct socket *s, struct sock_msg *m);
ssize_t inet_recvmsg(struct socket *s, struct sock_msg *m);
unsigned inet_poll(struct socket *s, struct poll_table *pt);
int inet_inq(struct socket *s);
/* inet_raw.c: SOCK_RAW for ICMP and ICMPv6 */
int inet_raw_pcb_new(struct inet_sock *is);
/* Send a packet of the socket's protocol, lwIP adding the IP header. [N] */
err_t inet_raw_send(struct inet_sock *is, struct pbuf *p, const ip_addr_t *to);
/* IPV6_CHECKSUM, ICMP6_FILTER and the hop limit message: 0, -errno,
 * -ENOPROTOOPT. */
int inet_raw_setsockopt(struct inet_sock *is, int level, int name,
			const void __user *uval, int len);
/* inet_icmp.c: ICMP errors to connected UDP sockets. [N] */
void inet_icmp_init(void);
/* inet_opt.c */
int inet_setsockopt(struct socket *s, int level, int name,
		    const void __user *uval, int len);
int inet_getsockopt(struct socket *s, int level, int name, void *val, int *len);

/* inet_netif.c: interfaces (lo and one per netdev) */
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_LOWER_UP 0x10000
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define IFF_MULTICAST 0x1000
#define IFNAMSIZ 16
struct netdev;
/* The netdev behind an interface; NULL for lo. */
struct netdev *inet_if_dev(struct netif *n);
const char *inet_if_name(struct netif *n);
/* The interface called name (NUL-terminated, < IFNAMSIZ), or NULL. [N] */
struct netif *inet_if_find(const char *name);
unsigned inet_if_flags(struct netif *n);
/* IFF_UP on or off. [N] */
void inet_if_set_up(struct netif *n, bool up);
/* Interfaces (by ifindex bit) ever brought up: Linux gives an interface
 * its qdisc then, and keeps it when it goes down. [N] */
extern uint32_t inet_if_activated;
/* The MTU SIOCGIFMTU and rtnetlink report, and set: 0, -EINVAL. [N] */
int inet_if_mtu(struct netif *n);
int inet_if_set_mtu(struct netif *n, int mtu);
/* Traffic counters as /proc/net/dev shows them. [N] */
struct inet_if_stats {
	uint64_t rx_bytes, rx_packets, rx_dropped, tx_bytes, tx_packets, tx_dropped;
};
void inet_if_stats(struct netif *n, struct inet_if_stats *st);

/* af_packet.c: frames for the packet sockets. [N] */
struct netdev;
void packet_netdev_rx(struct netdev *dev, const void *frame, size_t len);
void packet_netdev_tx(struct netdev *dev, const void *frame, size_t len);
/* An IP packet lo loops back (seen sent and received on lo). */
void packet_lo_tap(struct pbuf *p);

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
/* lo's packets (each one both sent and received). [N] */
extern uint64_t inet_lo_packets, inet_lo_bytes;
extern int inet_lo_mtu;                 /* [N] what SIOCGIFMTU says for lo */

#endif
