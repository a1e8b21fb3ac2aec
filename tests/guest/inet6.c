/* SPDX-License-Identifier: MIT */
/*
 * inet6.c - guest test: AF_INET6 over loopback (ipv6(7)).
 *
 * TCP and UDP on ::1 with sockaddr_in6 names; a dual-stack socket on [::]
 * meeting IPv4 peers as ::ffff:127.0.0.1 and IPv6 sockets reaching IPv4
 * ones through v4-mapped addresses; IPV6_V6ONLY refusing both.  Brings lo
 * up first (inet.h).  1 MiB over ::1 is in tcp.c.
 */
#define _GNU_SOURCE
#include "inet.h"

static void test_v6_tcp(void)
{
	union addr la, a;
	int l = bound(AF_INET6, SOCK_STREAM, "::1", &la), c, s;
	socklen_t len = sizeof(a);
	char buf[8];

	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(getsockname(c, &a.sa, &len) == 0 && len == sizeof(a.in6) &&
	      a.in6.sin6_family == AF_INET6 && a.in6.sin6_port == 0 &&
	      IN6_IS_ADDR_UNSPECIFIED(&a.in6.sin6_addr), "an unbound AF_INET6 socket is [::]:0");
	close(c);
	len = sizeof(a);
	CHECK(l >= 0 && port_of(&la) != 0, "listen on [::1] port 0");
	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, sizeof(la.in6)), "connect to [::1]");
	s = accept(l, &a.sa, &len);
	CHECK(s >= 0 && len == sizeof(a.in6) && a.in6.sin6_family == AF_INET6 &&
	      IN6_IS_ADDR_LOOPBACK(&a.in6.sin6_addr) && port_of(&a) == local_port(c),
	      "accept gives the peer's sockaddr_in6");
	CHECK(write(c, "six", 3) == 3 && read(s, buf, sizeof(buf)) == 3, "data over ::1");
	CHECK(write(s, "back", 4) == 4 && read(c, buf, sizeof(buf)) == 4, "and back");
	CHECK_EQ(sockopt_int(c, IPPROTO_IPV6, IPV6_V6ONLY), 0, "IPV6_V6ONLY off by default");
	close(c);
	close(s);
	close(l);
}

static void test_v6_udp(void)
{
	union addr a, b, from;
	int sa = bound(AF_INET6, SOCK_DGRAM, "::1", &a);
	int sb = bound(AF_INET6, SOCK_DGRAM, "::1", &b);
	int s4 = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &from);
	socklen_t len = sizeof(from);
	char buf[16], ip[64];

	CHECK_EQ(sendto(sa, "udp6", 4, 0, &b.sa, sizeof(b.in6)), 4, "UDP sendto [::1]");
	CHECK(recvfrom(sb, buf, sizeof(buf), 0, &from.sa, &len) == 4 && len == sizeof(from.in6) &&
	      same_addr(&from, &a), "recvfrom names the IPv6 sender");
	mkaddr(&b, AF_INET6, "::ffff:127.0.0.1", local_port(s4));
	CHECK_ERR(sendto(sa, "mapped", 6, 0, &b.sa, sizeof(b.in6)), ENETUNREACH,
		  "a socket bound to ::1 to a v4-mapped address: ENETUNREACH");
	close(sa);
	sa = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK_EQ(sendto(sa, "mapped", 6, 0, &b.sa, sizeof(b.in6)), 6,
		 "an unbound IPv6 socket sends to ::ffff:127.0.0.1");
	len = sizeof(from);
	CHECK(recvfrom(s4, buf, sizeof(buf), 0, &from.sa, &len) == 6 &&
	      from.in.sin_family == AF_INET && from.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      port_of(&from) == local_port(sa), "an IPv4 socket gets it from 127.0.0.1");
	mkaddr(&from, AF_INET, "127.0.0.1", local_port(sa));
	sendto(s4, "back", 4, 0, &from.sa, sizeof(from.in));
	len = sizeof(from);
	CHECK(recvfrom(sa, buf, sizeof(buf), 0, &from.sa, &len) == 4 &&
	      from.sa.sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&from.in6.sin6_addr) &&
	      inet_ntop(AF_INET6, &from.in6.sin6_addr, ip, sizeof(ip)) &&
	      !strcmp(ip, "::ffff:127.0.0.1"), "the reply comes from ::ffff:127.0.0.1");
	close(sa);
	close(sb);
	close(s4);
}

static void test_v6_dual(void)
{
	union addr la, a;
	int l = bound(AF_INET6, SOCK_STREAM, "::", &la), c, s, one = 1;
	socklen_t len = sizeof(a);
	char ip[64];

	CHECK(l >= 0, "a dual-stack listener on [::]");
	c = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&a, AF_INET, "127.0.0.1", port_of(&la));
	CHECK_OK(connect(c, &a.sa, sizeof(a.in)), "an IPv4 client connects to it");
	s = accept(l, &a.sa, &len);
	CHECK(s >= 0 && a.sa.sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&a.in6.sin6_addr) &&
	      inet_ntop(AF_INET6, &a.in6.sin6_addr, ip, sizeof(ip)) &&
	      !strcmp(ip, "::ffff:127.0.0.1") && port_of(&a) == local_port(c),
	      "the peer is ::ffff:127.0.0.1 and the client's port");
	CHECK(write(c, "v4", 2) == 2 && read(s, ip, sizeof(ip)) == 2, "data from v4 to v6");
	close(s);
	close(c);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	mkaddr(&a, AF_INET6, "::ffff:127.0.0.1", port_of(&la));
	CHECK_OK(connect(c, &a.sa, sizeof(a.in6)), "an IPv6 client connects to ::ffff:127.0.0.1");
	s = accept(l, NULL, NULL);
	len = sizeof(a);
	CHECK(s >= 0 && getsockname(c, &a.sa, &len) == 0 && IN6_IS_ADDR_V4MAPPED(&a.in6.sin6_addr),
	      "its own name is v4-mapped too");
	close(s);
	close(c);
	close(l);

	l = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_OK(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)), "set IPV6_V6ONLY");
	CHECK_EQ(sockopt_int(l, IPPROTO_IPV6, IPV6_V6ONLY), 1, "IPV6_V6ONLY reads back 1");
	mkaddr(&la, AF_INET6, "::", 0);
	CHECK(bind(l, &la.sa, sizeof(la.in6)) == 0 && listen(l, 1) == 0, "a v6-only listener on [::]");
	len = sizeof(la);
	getsockname(l, &la.sa, &len);
	c = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&a, AF_INET, "127.0.0.1", port_of(&la));
	CHECK_ERR(connect(c, &a.sa, sizeof(a.in)), ECONNREFUSED,
		  "IPv4 to a v6-only listener: ECONNREFUSED");
	close(c);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	mkaddr(&a, AF_INET6, "::ffff:127.0.0.1", port_of(&la));
	CHECK_ERR(connect(c, &a.sa, sizeof(a.in6)), ENETUNREACH,
		  "a v6-only socket to a v4-mapped address: ENETUNREACH");
	CHECK_ERR(bind(c, &a.sa, sizeof(a.in6)), EINVAL, "or binding one: EINVAL");
	close(c);
	close(l);
}
int main(void)
{
	check_begin("inet6");
	alarm(90);	/* a hung call ends the program, not the whole boot */
	CHECK_OK(inet_lo_up(), "bring lo up");
	test_v6_tcp();
	test_v6_udp();
	test_v6_dual();
	return check_done();
}
