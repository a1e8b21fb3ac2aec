/* SPDX-License-Identifier: MIT */
/*
 * inetlo.c - guest test: what BusyBox's network servers ask of loopback
 * beyond inet.c and udp.c (tests/scenarios/netapps.sh runs the applets):
 * every address of 127.0.0.0/8 is lo's (bind, connect, datagrams and ping
 * to 127.x other than 127.0.0.1), a control message without its padding in
 * sendmsg (dnsd's and ntpd's IP_PKTINFO replies: msg_controllen is
 * CMSG_LEN), IP_PKTINFO and IPV6_RECVPKTINFO on receipt, SO_BINDTODEVICE
 * (ntpd -I), SO_OOBINLINE (ftpd, telnetd) and SO_DONTROUTE (traceroute
 * -r).  Brings lo up first (inet.h).
 */
#define _GNU_SOURCE
#include "inet.h"

static void test_lo_addresses(void)
{
	union addr a, b, from;
	socklen_t len = sizeof(from);
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.7", &a), c, s;
	char buf[16];

	CHECK(l >= 0, "a TCP listener on 127.0.0.7");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &a.sa, sizeof(a.in)), "connect to it");
	s = accept(l, &from.sa, &len);
	CHECK(s >= 0, "accepted");
	len = sizeof(b);
	CHECK(getsockname(s, &b.sa, &len) == 0 && same_addr(&b, &a),
	      "the accepted socket's name is 127.0.0.7");
	CHECK(from.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "the client's source is 127.0.0.1 (lo's primary address)");
	CHECK(write(c, "hi", 2) == 2 && read(s, buf, sizeof(buf)) == 2, "data flows");
	close(c);
	close(s);
	close(l);

	l = socket(AF_INET, SOCK_STREAM, 0);
	c = free_port(AF_INET, SOCK_STREAM);
	mkaddr(&a, AF_INET, "127.0.0.1", c);
	mkaddr(&b, AF_INET, "0.0.0.0", c);
	CHECK(bind(l, &b.sa, sizeof(b.in)) == 0 && listen(l, 4) == 0, "a listener on 0.0.0.0");
	c = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&b, AF_INET, "127.200.1.2", port_of(&a));
	CHECK_OK(connect(c, &b.sa, sizeof(b.in)), "connect to 127.200.1.2 reaches it");
	s = accept(l, NULL, NULL);
	len = sizeof(from);
	CHECK(s >= 0 && getsockname(s, &from.sa, &len) == 0 && same_addr(&from, &b),
	      "accepted with the address the client asked for");
	close(c);
	close(s);
	close(l);

	int u1 = bound(AF_INET, SOCK_DGRAM, "127.0.0.8", &a);
	int u2 = bound(AF_INET, SOCK_DGRAM, "127.0.0.9", &b);
	CHECK(u1 >= 0 && u2 >= 0, "UDP sockets on 127.0.0.8 and 127.0.0.9");
	CHECK_EQ(sendto(u2, "dg", 2, 0, &a.sa, sizeof(a.in)), 2, "sendto from 127.0.0.9");
	len = sizeof(from);
	CHECK(recvfrom(u1, buf, sizeof(buf), 0, &from.sa, &len) == 2 && same_addr(&from, &b),
	      "arrives from 127.0.0.9");
	CHECK_OK(connect(u1, &b.sa, sizeof(b.in)), "connect back");
	CHECK_EQ(send(u1, "re", 2, 0), 2, "send on the connected socket");
	len = sizeof(from);
	CHECK(recvfrom(u2, buf, sizeof(buf), 0, &from.sa, &len) == 2 && same_addr(&from, &a),
	      "the reply comes from 127.0.0.8");
	close(u1);
	close(u2);

	u1 = socket(AF_INET, SOCK_DGRAM, 0);
	mkaddr(&a, AF_INET, "128.0.0.1", 0);
	CHECK_ERR(bind(u1, &a.sa, sizeof(a.in)), EADDRNOTAVAIL, "128.0.0.1 is not ours");
	close(u1);
}

static void test_pktinfo(void)
{
	union addr a, b, from;
	int sa = bound(AF_INET, SOCK_DGRAM, "0.0.0.0", &a);
	int sb = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b), one = 1;
	char buf[16], cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	struct in_pktinfo pi;

	CHECK_OK(setsockopt(sa, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)), "IP_PKTINFO");
	CHECK_EQ(sockopt_int(sa, IPPROTO_IP, IP_MULTICAST_TTL), 1, "IP_MULTICAST_TTL starts at 1");
	CHECK_OK(setsockopt(sa, IPPROTO_IP, IP_MULTICAST_TTL, &(int){ 5 }, sizeof(int)),
		 "IP_MULTICAST_TTL 5 (ping -t)");
	CHECK_EQ(sockopt_int(sa, IPPROTO_IP, IP_MULTICAST_TTL), 5, "reads back");
	CHECK_ERR(setsockopt(sa, IPPROTO_IP, IP_MULTICAST_TTL, &(int){ 256 }, sizeof(int)), EINVAL,
		  "256: EINVAL");
	mkaddr(&a, AF_INET, "127.0.0.3", port_of(&a));
	CHECK_EQ(sendto(sb, "q", 1, 0, &a.sa, sizeof(a.in)), 1, "a datagram to 127.0.0.3");
	CHECK_EQ(recvmsg(sa, &mh, 0), 1, "recvmsg");
	cm = CMSG_FIRSTHDR(&mh);
	CHECK(cm && cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO, "an IP_PKTINFO message");
	if (cm) {
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		CHECK(pi.ipi_addr.s_addr == inet_addr("127.0.0.3") && pi.ipi_ifindex == 1,
		      "naming the destination 127.0.0.3 and lo");
	}

	/* dnsd's reply: the message's length without its padding. */
	memset(cbuf, 0, sizeof(cbuf));
	cm = (struct cmsghdr *)cbuf;
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	pi = (struct in_pktinfo){ .ipi_spec_dst.s_addr = inet_addr("127.0.0.1") };
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	iov = (struct iovec){ "a", 1 };
	mh = (struct msghdr){ .msg_name = &b, .msg_namelen = sizeof(b.in),
			      .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = cm->cmsg_len };
	CHECK_EQ(sendmsg(sa, &mh, 0), 1, "sendmsg with msg_controllen = CMSG_LEN (no padding)");
	CHECK_EQ(recv(sb, buf, sizeof(buf), 0), 1, "the datagram arrives");
	close(sa);
	close(sb);
}

/* IPV6_RECVPKTINFO: IPV6_PKTINFO names the destination, an IPv4 one
 * v4-mapped on a socket of both families (traceroute6, dnsd on ::). */
static void test_pktinfo6(void)
{
	union addr a, b, c;
	int sa = bound(AF_INET6, SOCK_DGRAM, "::", &a), one = 1;
	int sb = bound(AF_INET6, SOCK_DGRAM, "::1", &b);
	int sc = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &c);
	char buf[16], cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	struct in6_pktinfo pi;
	char want[INET6_ADDRSTRLEN], got[INET6_ADDRSTRLEN] = "";

	CHECK_OK(setsockopt(sa, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)),
		 "IPV6_RECVPKTINFO");
	CHECK_EQ(sockopt_int(sa, IPPROTO_IPV6, IPV6_RECVPKTINFO), 1, "reads back");
	mkaddr(&a, AF_INET6, "::1", port_of(&a));
	CHECK_EQ(sendto(sb, "6", 1, 0, &a.sa, sizeof(a.in6)), 1, "a datagram to ::1");
	CHECK_EQ(recvmsg(sa, &mh, 0), 1, "recvmsg");
	cm = CMSG_FIRSTHDR(&mh);
	CHECK(cm && cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO &&
	      cm->cmsg_len == CMSG_LEN(sizeof(pi)), "an IPV6_PKTINFO message");
	if (cm) {
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		CHECK(!memcmp(&pi.ipi6_addr, &in6addr_loopback, 16) && pi.ipi6_ifindex == 1,
		      "naming ::1 and lo");
	}
	mkaddr(&a, AF_INET, "127.0.0.1", port_of(&a));
	CHECK_EQ(sendto(sc, "4", 1, 0, &a.sa, sizeof(a.in)), 1, "an IPv4 datagram to it");
	mh.msg_controllen = sizeof(cbuf);
	CHECK_EQ(recvmsg(sa, &mh, 0), 1, "recvmsg");
	cm = CMSG_FIRSTHDR(&mh);
	CHECK(cm && cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO,
	      "an IPV6_PKTINFO message");
	if (cm) {
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		inet_ntop(AF_INET6, &pi.ipi6_addr, got, sizeof(got));
	}
	strcpy(want, "::ffff:127.0.0.1");
	CHECK(!strcmp(got, want), "naming ::ffff:127.0.0.1");
	close(sa);
	close(sb);
	close(sc);
}

static void test_bindtodevice(void)
{
	union addr a, b;
	int sa = socket(AF_INET, SOCK_DGRAM, 0);
	int sb = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b);
	char name[IFNAMSIZ];
	socklen_t len = sizeof(name);
	char buf[8];

	CHECK_OK(setsockopt(sa, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3), "SO_BINDTODEVICE lo");
	CHECK(getsockopt(sa, SOL_SOCKET, SO_BINDTODEVICE, name, &len) == 0 &&
	      len == 3 && !strcmp(name, "lo"), "getsockopt names lo");
	CHECK_ERR(setsockopt(sa, SOL_SOCKET, SO_BINDTODEVICE, "nosuch0", 8), ENODEV,
		  "an unknown interface: ENODEV");
	mkaddr(&a, AF_INET, "127.0.0.1", 0);
	len = sizeof(a);
	CHECK(bind(sa, &a.sa, sizeof(a.in)) == 0 && getsockname(sa, &a.sa, &len) == 0, "bind");
	CHECK_EQ(sendto(sb, "lo", 2, 0, &a.sa, sizeof(a.in)), 2, "a datagram through lo");
	CHECK(revents(sa, POLLIN, 1000) & POLLIN, "arrives on the socket bound to lo");
	CHECK_EQ(recv(sa, buf, sizeof(buf), 0), 2, "read");
	CHECK_OK(setsockopt(sa, SOL_SOCKET, SO_BINDTODEVICE, "", 0), "unbind with an empty name");
	len = sizeof(name);
	CHECK(getsockopt(sa, SOL_SOCKET, SO_BINDTODEVICE, name, &len) == 0 && len == 0,
	      "getsockopt: nothing");
	close(sa);
	close(sb);
}

static void test_oobinline(void)
{
	int c, s, one = 1;

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_OOBINLINE), 0, "SO_OOBINLINE starts off");
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_OOBINLINE, &one, sizeof(one)), "set SO_OOBINLINE");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_OOBINLINE), 1, "and read it back");
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_DONTROUTE, &one, sizeof(one)), "SO_DONTROUTE");
	CHECK_EQ(sockopt_int(c, SOL_SOCKET, SO_DONTROUTE), 1, "reads back");
	CHECK(write(c, "x", 1) == 1 && read(s, &one, 1) == 1, "lo is on-link: data flows");
	close(c);
	close(s);
}

static void test_ping_127(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	union addr a;
	unsigned char pkt[8] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1 }, buf[128];
	unsigned sum = 0;

	for (int i = 0; i < 8; i += 2)
		sum += pkt[i] << 8 | pkt[i + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	pkt[2] = sum >> 8;
	pkt[3] = sum & 0xff;
	mkaddr(&a, AF_INET, "127.0.0.2", 0);
	CHECK(fd >= 0, "a raw ICMP socket");
	CHECK_EQ(sendto(fd, pkt, sizeof(pkt), 0, &a.sa, sizeof(a.in)), 8, "echo request to 127.0.0.2");
	for (int i = 0; i < 4; i++) {
		ssize_t n;

		if (!(revents(fd, POLLIN, 2000) & POLLIN))
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		/* The request itself comes back too: look for the reply. */
		if (n >= 28 && buf[20] == 0) {
			CHECK(!memcmp(buf + 12, &a.in.sin_addr, 4), "an echo reply from 127.0.0.2");
			close(fd);
			return;
		}
	}
	CHECK(0, "an echo reply from 127.0.0.2");
	close(fd);
}

int main(void)
{
	check_begin("inetlo");
	alarm(90);	/* a hung call ends the program, not the whole boot */
	CHECK_OK(inet_lo_up(), "bring lo up");
	test_lo_addresses();
	test_pktinfo();
	test_pktinfo6();
	test_bindtodevice();
	test_oobinline();
	test_ping_127();
	return check_done();
}
