// SPDX-License-Identifier: MIT
/*
 * inet_addr.c - socket addresses of AF_INET and AF_INET6 (ip(7), ipv6(7))
 * as lwIP's ip_addr_t, and lwIP's errors as errno values.
 *
 * An AF_INET6 socket is dual-stack unless IPV6_V6ONLY: a v4-mapped address
 * (::ffff:a.b.c.d) stands for the IPv4 address, and IPv4 peers show as
 * v4-mapped.  sin6_scope_id is the interface index, which is lwIP's zone.
 */
#include "net/inet_internal.h"

#define SIN_LEN 16              /* struct sockaddr_in */
#define SIN6_LEN 28             /* struct sockaddr_in6 */
#define SIN6_LEN_RFC2133 24     /* without sin6_scope_id: Linux accepts it */

struct sockaddr_in {
	uint16_t family, port;          /* port in network order */
	uint32_t addr;                  /* network order */
	uint8_t zero[8];
};

struct sockaddr_in6 {
	uint16_t family, port;
	uint32_t flowinfo;
	uint32_t addr[4];               /* network order */
	uint32_t scope_id;
};

int inet_err(err_t e)
{
	switch (e) {
	case ERR_OK:            return 0;
	case ERR_MEM:           return -ENOMEM;
	case ERR_BUF:           return -ENOBUFS;
	case ERR_TIMEOUT:       return -ETIMEDOUT;
	case ERR_RTE:           return -ENETUNREACH;
	case ERR_INPROGRESS:    return -EINPROGRESS;
	case ERR_WOULDBLOCK:    return -EAGAIN;
	case ERR_USE:           return -EADDRINUSE;
	case ERR_ALREADY:       return -EALREADY;
	case ERR_ISCONN:        return -EISCONN;
	case ERR_CONN:          return -ENOTCONN;
	case ERR_ABRT:          return -ECONNABORTED;
	case ERR_RST:           return -ECONNRESET;
	case ERR_CLSD:          return -ENOTCONN;
	case ERR_IF:            return -ENETDOWN;
	default:                return -EINVAL;
	}
}

static bool v4_mapped(const uint32_t a[4])
{
	return a[0] == 0 && a[1] == 0 && a[2] == PP_HTONL(0xffffU);
}

static int addr_in4(const struct sock_addr *a, ip_addr_t *ip, uint16_t *port)
{
	struct sockaddr_in sin;

	if (a->len < SIN_LEN)
		return -EINVAL;
	memcpy(&sin, a->buf, sizeof(sin));
	/* AF_UNSPEC with INADDR_ANY: old programs' bind (inet_bind). */
	if (sin.family != AF_INET && !(sin.family == AF_UNSPEC && sin.addr == 0))
		return -EAFNOSUPPORT;
	ip_addr_set_ip4_u32_val(*ip, sin.addr);
	*port = lwip_ntohs(sin.port);
	return 0;
}

static int addr_in6(struct inet_sock *is, const struct sock_addr *a,
		    ip_addr_t *ip, uint16_t *port)
{
	struct sockaddr_in6 sin6 = { 0 };

	if (a->len < SIN6_LEN_RFC2133)
		return -EINVAL;
	memcpy(&sin6, a->buf, MIN((size_t)a->len, sizeof(sin6)));
	if (sin6.family != AF_INET6)
		return -EAFNOSUPPORT;
	*port = lwip_ntohs(sin6.port);
	if (v4_mapped(sin6.addr)) {
		if (is->v6only)
			return -ENETUNREACH;
		ip_addr_set_ip4_u32_val(*ip, sin6.addr[3]);
		return 0;
	}
	IP_ADDR6(ip, sin6.addr[0], sin6.addr[1], sin6.addr[2], sin6.addr[3]);
	if (ip6_addr_has_scope(ip_2_ip6(ip), IP6_UNKNOWN))
		ip6_addr_set_zone(ip_2_ip6(ip), (u8_t)sin6.scope_id);
	return 0;
}

int inet_addr_in(struct inet_sock *is, const struct sock_addr *a, ip_addr_t *ip,
		 uint16_t *port)
{
	if (is->sock.family == AF_INET)
		return addr_in4(a, ip, port);
	return addr_in6(is, a, ip, port);
}

void inet_addr_out(struct inet_sock *is, const ip_addr_t *ip, uint16_t port,
		   struct sock_addr *a)
{
	memset(a->buf, 0, SIN6_LEN);
	if (is->sock.family == AF_INET) {
		struct sockaddr_in sin = { AF_INET, lwip_htons(port), 0, { 0 } };

		if (ip && IP_IS_V4(ip))
			sin.addr = ip4_addr_get_u32(ip_2_ip4(ip));
		memcpy(a->buf, &sin, sizeof(sin));
		a->len = SIN_LEN;
		return;
	}
	struct sockaddr_in6 sin6 = { AF_INET6, lwip_htons(port), 0, { 0 }, 0 };

	if (ip && IP_IS_V4(ip) && !ip4_addr_isany_val(*ip_2_ip4(ip))) {
		sin6.addr[2] = PP_HTONL(0xffffU);
		sin6.addr[3] = ip4_addr_get_u32(ip_2_ip4(ip));
	} else if (ip && IP_IS_V6(ip)) {
		memcpy(sin6.addr, ip_2_ip6(ip)->addr, sizeof(sin6.addr));
		if (ip6_addr_has_zone(ip_2_ip6(ip)))
			sin6.scope_id = ip6_addr_zone(ip_2_ip6(ip));
	}
	memcpy(a->buf, &sin6, sizeof(sin6));
	a->len = SIN6_LEN;
}

bool inet_lo_own(const ip_addr_t *ip)
{
	struct netif *lo = inet_lo();

	return IP_IS_V4(ip) && netif_is_up(lo) &&
	       ip4_addr_netcmp(ip_2_ip4(ip), netif_ip4_addr(lo), netif_ip4_netmask(lo));
}

int inet_addr_local(const ip_addr_t *ip)
{
	struct netif *n;

	net_assert_held();
	if (ip_addr_isany(ip))
		return 0;
	if (IP_IS_V4(ip)) {
		if (ip4_addr_ismulticast(ip_2_ip4(ip)))
			return 0;
		NETIF_FOREACH(n)
			if (ip4_addr_cmp(ip_2_ip4(ip), netif_ip4_addr(n)) ||
			    ip4_addr_isbroadcast(ip_2_ip4(ip), n))
				return 0;
		return inet_lo_own(ip) ? 0 : -EADDRNOTAVAIL;
	}
	if (ip6_addr_ismulticast(ip_2_ip6(ip)))
		return 0;
	NETIF_FOREACH(n)
		if (netif_get_ip6_addr_match(n, ip_2_ip6(ip)) >= 0)
			return 0;
	return -EADDRNOTAVAIL;
}
