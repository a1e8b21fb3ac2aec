// SPDX-License-Identifier: MIT
/*
 * inet_icmp.c - ICMP errors for UDP sockets.  lwIP answers a datagram to
 * a closed port with ICMP (or ICMPv6) port unreachable but tells no pcb
 * when one arrives; Linux (__udp4_lib_err, __udp6_lib_err) gives the hard
 * errors to the connected socket the datagram came from: SO_ERROR, POLLERR,
 * and the next call fails with it.  Two raw pcbs watch the ICMP traffic
 * for that and let lwIP go on with it.
 *
 * Only the "fatal" errors of Linux's icmp_err_convert reach a socket
 * without IP_RECVERR: port unreachable (ECONNREFUSED) and protocol
 * unreachable (ENOPROTOOPT).
 */
#include "net/inet_internal.h"

#define IP4_HLEN 20
#define IP6_HLEN 40
#define ICMP_HLEN 8
#define ICMP_DEST_UNREACH 3
#define ICMP_PROT_UNREACH 2
#define ICMP_PORT_UNREACH 3
#define ICMP6_DEST_UNREACH 1
#define ICMP6_PORT_UNREACH 4

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The connected UDP socket from sport to dst:dport gets err. [N] */
static void udp_error(const ip_addr_t *dst, uint16_t sport, uint16_t dport, int err)
{
	struct list_head *l;

	list_for_each(l, &inet_socks) {
		struct inet_sock *is = list_entry(l, struct inet_sock, all);
		struct udp_pcb *u = is->pcb.udp;

		if (is->sock.type != SOCK_DGRAM || !u || is->state != INET_CONNECTED ||
		    u->local_port != sport || u->remote_port != dport ||
		    !ip_addr_cmp_zoneless(&u->remote_ip, dst))
			continue;
		is->sock.err = err;
		waitq_wake(&is->sock.wait);
	}
}

static u8_t icmp4_seen(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		       const ip_addr_t *from)
{
	uint8_t b[60 + ICMP_HLEN + 60 + 4];
	u16_t n = pbuf_copy_partial(p, b, sizeof(b), 0);
	unsigned hl = (b[0] & 0xfU) * 4, ihl;
	const uint8_t *icmp = b + hl, *in = icmp + ICMP_HLEN;
	ip_addr_t dst;
	uint32_t d;

	if (n < hl + ICMP_HLEN + IP4_HLEN || icmp[0] != ICMP_DEST_UNREACH ||
	    (icmp[1] != ICMP_PORT_UNREACH && icmp[1] != ICMP_PROT_UNREACH))
		return 0;
	ihl = (in[0] & 0xfU) * 4;
	if (in[9] != IPPROTO_UDP || n < hl + ICMP_HLEN + ihl + 4)
		return 0;
	memcpy(&d, in + 16, sizeof(d));
	ip_addr_set_ip4_u32_val(dst, d);
	udp_error(&dst, be16(in + ihl), be16(in + ihl + 2),
		  icmp[1] == ICMP_PORT_UNREACH ? -ECONNREFUSED : -ENOPROTOOPT);
	return 0;                       /* lwIP's ICMP goes on with it */
}

static u8_t icmp6_seen(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		       const ip_addr_t *from)
{
	uint8_t b[IP6_HLEN + ICMP_HLEN + IP6_HLEN + 4];
	const uint8_t *icmp = b + IP6_HLEN, *in = icmp + ICMP_HLEN;
	ip_addr_t dst;
	uint32_t d[4];

	if (pbuf_copy_partial(p, b, sizeof(b), 0) < sizeof(b) ||
	    icmp[0] != ICMP6_DEST_UNREACH || icmp[1] != ICMP6_PORT_UNREACH ||
	    in[6] != IPPROTO_UDP)
		return 0;
	memcpy(d, in + 24, sizeof(d));
	IP_ADDR6(&dst, d[0], d[1], d[2], d[3]);
	udp_error(&dst, be16(in + IP6_HLEN), be16(in + IP6_HLEN + 2), -ECONNREFUSED);
	return 0;
}

void inet_icmp_init(void)
{
	struct raw_pcb *r4 = raw_new_ip_type(IPADDR_TYPE_V4, IPPROTO_ICMP);
	struct raw_pcb *r6 = raw_new_ip_type(IPADDR_TYPE_V6, IPPROTO_ICMPV6);

	net_assert_held();
	if (r4)
		raw_recv(r4, icmp4_seen, NULL);
	if (r6)
		raw_recv(r6, icmp6_seen, NULL);
	if (!r4 || !r6)
		printk("net: no memory to watch ICMP errors\n");
}
