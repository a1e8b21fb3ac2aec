// SPDX-License-Identifier: MIT
/*
 * inet_raw.c - SOCK_RAW sockets for ICMP (AF_INET) and ICMPv6 (AF_INET6),
 * what ping and ping6 use as root (raw(7), ipv6(7), icmp6(7)), and
 * AF_INET's IPPROTO_RAW ones (the sender writes the IP header; udhcpc
 * opens one for interface ioctls).  They need CAP_NET_RAW.  Sending gives lwIP the ICMP message and it adds the IP
 * header.  Receiving gets a copy of every ICMP packet to this host (lwIP
 * still answers echo requests itself): IPv4 ones with their IP header, as
 * Linux's raw sockets do, ICMPv6 ones without, after ICMP6_FILTER.  The
 * kernel computes ICMPv6's checksum (RFC 3542 §3.1); IPv6 sockets can ask
 * for the hop limit as a control message (IPV6_RECVHOPLIMIT, and RFC 2292's
 * IPV6_2292HOPLIMIT which BusyBox's ping6 uses).  Datagrams are read as
 * UDP's are (inet_io.c).
 */
#include "kernel/uaccess.h"
#include "net/inet_internal.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/ip6.h"

#define SOL_RAW 255
#define IPV6_CHECKSUM 7
#define IPV6_2292HOPLIMIT 8
#define IPV6_RECVHOPLIMIT 51
#define IPV6_HOPLIMIT 52
#define ICMP6_FILTER 1
#define ICMP6_CSUM_OFF 2

static bool icmp6_blocked(struct inet_sock *is, u8_t type)
{
	return is->icmp6_filter[type >> 5] & (1U << (type & 31));
}

static u8_t raw_recv_cb(void *arg, struct raw_pcb *pcb, struct pbuf *p,
			const ip_addr_t *from)
{
	struct inet_sock *is = arg;
	bool v6 = ip_current_is_v6();
	u16_t hlen = ip_current_header_tot_len();
	struct pbuf *q;
	u8_t type = 0, hops;

	if (v6 && (pbuf_copy_partial(p, &type, 1, hlen) != 1 || icmp6_blocked(is, type)))
		return 0;
	if (is->rq_bytes + p->tot_len > (size_t)is->sock.rcvbuf)
		return 0;
	q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	if (!q)
		return 0;
	if (v6) {
		hops = IP6H_HOPLIM(ip6_current_header());
		pbuf_remove_header(q, hlen);
	} else {
		hops = IPH_TTL(ip4_current_header());
	}
	if (inet_rq_add(is, q, from, 0, hops))
		pbuf_free(q);
	else
		inet_rq_dest(is);
	return 0;                       /* lwIP goes on with it */
}

int inet_raw_pcb_new(struct inet_sock *is)
{
	bool v6 = is->sock.family == AF_INET6;

	is->pcb.raw = raw_new_ip_type(v6 ? IPADDR_TYPE_V6 : IPADDR_TYPE_V4,
				      (u8_t)is->proto);
	if (!is->pcb.raw)
		return -ENOMEM;
	raw_recv(is->pcb.raw, raw_recv_cb, is);
	if (is->proto == IPPROTO_RAW)   /* sends whole IP packets (raw(7)) */
		raw_setflags(is->pcb.raw, RAW_FLAGS_HDRINCL);
	raw_set_multicast_ttl(is->pcb.raw, 1);  /* Linux's IP_MULTICAST_TTL default */
	if (v6) {
		is->pcb.raw->chksum_reqd = 1;
		is->pcb.raw->chksum_offset = ICMP6_CSUM_OFF;
	}
	return 0;
}

err_t inet_raw_send(struct inet_sock *is, struct pbuf *p, const ip_addr_t *to)
{
	if (!to)
		return raw_send(is->pcb.raw, p);
	return raw_sendto(is->pcb.raw, p, to);
}

static int raw_opt_int(const void __user *uval, int len, int *v)
{
	if (len < (int)sizeof(int))
		return -EINVAL;
	return copy_from_user(v, uval, sizeof(*v)) ? -EFAULT : 0;
}

int inet_raw_setsockopt(struct inet_sock *is, int level, int name,
			const void __user *uval, int len)
{
	int v, err;

	if (is->sock.family != AF_INET6)
		return -ENOPROTOOPT;
	if (level == IPPROTO_ICMPV6 && name == ICMP6_FILTER) {
		if (len < (int)sizeof(is->icmp6_filter))
			return -EINVAL;
		return copy_from_user(is->icmp6_filter, uval, sizeof(is->icmp6_filter))
		       ? -EFAULT : 0;
	}
	if ((level == SOL_RAW || level == IPPROTO_IPV6) && name == IPV6_CHECKSUM) {
		err = raw_opt_int(uval, len, &v);
		if (!err && v != ICMP6_CSUM_OFF)
			err = -EINVAL;  /* ICMPv6's is fixed (rawv6_seticmpfilter) */
		return err;
	}
	if (level == IPPROTO_IPV6 && (name == IPV6_2292HOPLIMIT || name == IPV6_RECVHOPLIMIT)) {
		err = raw_opt_int(uval, len, &v);
		if (!err)
			is->hoplimit_cm = v ? (name == IPV6_2292HOPLIMIT ? IPV6_2292HOPLIMIT
								      : IPV6_HOPLIMIT) : 0;
		return err;
	}
	return -ENOPROTOOPT;
}
