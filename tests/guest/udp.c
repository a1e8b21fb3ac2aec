/* SPDX-License-Identifier: MIT */
/*
 * udp.c - guest test: UDP over loopback (udp(7)).
 *
 * Datagrams with their sources, boundaries, truncation (MSG_TRUNC in flags
 * and as a recv flag), empty datagrams, autobind on sendto, connected
 * sockets (send without an address, only the peer's datagrams, ICMP port
 * unreachable as POLLERR and ECONNREFUSED, AF_UNSPEC disconnects), the
 * largest datagram and EMSGSIZE past it.  Brings lo up first (inet.h).
 */
#define _GNU_SOURCE
#include "inet.h"

static void test_udp_basic(void)
{
	union addr a, b, from;
	int sa = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &a);
	int sb = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b), u;
	socklen_t len = sizeof(from);
	char buf[64];

	CHECK(sa >= 0 && sb >= 0 && port_of(&a) != port_of(&b), "two UDP sockets on 127.0.0.1");
	CHECK_EQ(sendto(sa, "hello", 5, 0, &b.sa, sizeof(b.in)), 5, "sendto");
	CHECK(revents(sb, POLLIN, 1000) & POLLIN, "the datagram polls readable");
	CHECK(ioctl(sb, FIONREAD, &(int){ 0 }) == 0, "FIONREAD on UDP");
	CHECK(recvfrom(sb, buf, sizeof(buf), 0, &from.sa, &len) == 5 && !memcmp(buf, "hello", 5),
	      "recvfrom gets it");
	CHECK(len == sizeof(from.in) && same_addr(&from, &a), "from the sender's address");
	CHECK_ERR(recv(sb, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "then nothing: EAGAIN");
	CHECK_EQ(sendto(sa, "one", 3, 0, &b.sa, sizeof(b.in)), 3, "a datagram");
	CHECK_EQ(sendto(sa, "twotwo", 6, 0, &b.sa, sizeof(b.in)), 6, "another");
	CHECK_EQ(sendto(sa, "", 0, 0, &b.sa, sizeof(b.in)), 0, "an empty one");
	revents(sb, POLLIN, 1000);
	CHECK_EQ(recv(sb, buf, 2, MSG_PEEK | MSG_TRUNC), 3, "MSG_PEEK|MSG_TRUNC: the full length");
	CHECK_EQ(recv(sb, buf, sizeof(buf), 0), 3, "datagrams keep their boundaries");
	CHECK(recv(sb, buf, 3, 0) == 3 && !memcmp(buf, "two", 3), "a short read truncates");
	len = sizeof(from);
	CHECK(recvfrom(sb, buf, sizeof(buf), 0, &from.sa, &len) == 0 && same_addr(&from, &a),
	      "the empty datagram arrives, with its source");
	CHECK_ERR(recv(sb, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "a truncated datagram's rest is gone");

	struct iovec iov = { buf, 2 };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ(sendto(sa, "abcdef", 6, 0, &b.sa, sizeof(b.in)), 6, "send for recvmsg");
	CHECK_EQ(recvmsg(sb, &mh, 0), 2, "recvmsg with a short buffer");
	CHECK((mh.msg_flags & MSG_TRUNC) && same_addr(&from, &a), "MSG_TRUNC in msg_flags, and the name");

	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_EQ(sendto(u, "auto", 4, 0, &b.sa, sizeof(b.in)), 4, "sendto from an unbound socket");
	CHECK(local_port(u) > 0, "autobinds it to an ephemeral port");
	len = sizeof(from);
	CHECK(recvfrom(sb, buf, sizeof(buf), 0, &from.sa, &len) == 4 &&
	      port_of(&from) == local_port(u), "which is the source the receiver sees");
	CHECK_ERR(send(u, "x", 1, 0), EDESTADDRREQ, "send with no address: EDESTADDRREQ");
	close(u);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_ERR(bind(u, &a.sa, sizeof(a.in)), EADDRINUSE, "bind to a bound UDP port: EADDRINUSE");
	close(u);
	close(sa);
	close(sb);
}

static void test_udp_connected(void)
{
	union addr a, b, c;
	int sa = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &a);
	int sb = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b);
	int sc = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &c);
	socklen_t len = sizeof(c);
	char buf[16];

	CHECK_OK(connect(sa, &b.sa, sizeof(b.in)), "connect a UDP socket");
	CHECK(getpeername(sa, &c.sa, &len) == 0 && same_addr(&c, &b), "getpeername names the peer");
	CHECK_EQ(send(sa, "conn", 4, 0), 4, "send without an address");
	CHECK(recv(sb, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "conn", 4), "it arrives");
	CHECK_EQ(sendto(sc, "stranger", 8, 0, &a.sa, sizeof(a.in)), 8, "a stranger sends to it");
	CHECK_EQ(sendto(sb, "peer", 4, 0, &a.sa, sizeof(a.in)), 4, "and the peer");
	CHECK(recv(sa, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "peer", 4),
	      "a connected socket gets only its peer's datagrams");
	CHECK_ERR(recv(sa, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "the stranger's was dropped");
	close(sb);
	CHECK_EQ(send(sa, "void", 4, 0), 4, "send to a closed port succeeds");
	CHECK(revents(sa, POLLIN, 1000) & POLLERR, "then the ICMP error polls POLLERR");
	CHECK_ERR(recv(sa, buf, sizeof(buf), MSG_DONTWAIT), ECONNREFUSED,
		  "and recv reports ECONNREFUSED");
	CHECK_ERR(recv(sa, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "once");
	union addr un = { .sa = { .sa_family = AF_UNSPEC } };
	CHECK_OK(connect(sa, &un.sa, sizeof(un.sa)), "connect to AF_UNSPEC disconnects");
	len = sizeof(c);
	CHECK_ERR(getpeername(sa, &c.sa, &len), ENOTCONN, "getpeername then: ENOTCONN");
	close(sa);
	close(sc);
}

static void test_udp_sizes(void)
{
	union addr a;
	int s = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &a);
	static char big[65536];
	int r;

	memset(big, 'z', sizeof(big));
	CHECK_EQ(sendto(s, big, 60000, 0, &a.sa, sizeof(a.in)), 60000, "a 60000-byte datagram");
	r = (int)recv(s, big, sizeof(big), 0);
	CHECK_EQ(r, 60000, "arrives whole over loopback");
	CHECK_ERR(sendto(s, big, 65508, 0, &a.sa, sizeof(a.in)), EMSGSIZE,
		  "65508 bytes is past UDP's limit: EMSGSIZE");
	close(s);
}
/* sendmmsg/recvmmsg (glibc's resolver sends its A and AAAA queries with
 * one sendmmsg), IP_PKTINFO, SO_REUSEADDR on UDP. */
static void test_udp_mmsg(void)
{
	union addr a, b;
	int sa = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &a);
	int sb = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b), t, one = 1, i;
	char r[2][8], cbuf[128];
	struct iovec iov[4] = { { "first", 5 }, { "second", 6 }, { r[0], 8 }, { r[1], 8 } };
	struct mmsghdr out[2], in[2];
	struct cmsghdr *cm;
	struct in_pktinfo pi = { 0 };

	memset(out, 0, sizeof(out));
	memset(in, 0, sizeof(in));
	for (i = 0; i < 2; i++) {
		out[i].msg_hdr.msg_name = &b;
		out[i].msg_hdr.msg_namelen = sizeof(b.in);
		out[i].msg_hdr.msg_iov = &iov[i];
		out[i].msg_hdr.msg_iovlen = 1;
		in[i].msg_hdr.msg_iov = &iov[2 + i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK_EQ(sendmmsg(sa, out, 2, 0), 2, "sendmmsg sends two datagrams");
	CHECK(out[0].msg_len == 5 && out[1].msg_len == 6, "and sets msg_len");
	revents(sb, POLLIN, 1000);
	CHECK_EQ(recvmmsg(sb, in, 2, MSG_WAITFORONE, NULL), 2, "recvmmsg takes both");
	CHECK(in[0].msg_len == 5 && in[1].msg_len == 6 && !memcmp(r[1], "second", 6),
	      "each with its length");

	CHECK_OK(setsockopt(sb, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)), "set IP_PKTINFO");
	sendto(sa, "pkt", 3, 0, &b.sa, sizeof(b.in));
	in[0].msg_hdr.msg_control = cbuf;
	in[0].msg_hdr.msg_controllen = sizeof(cbuf);
	CHECK_EQ(recvmsg(sb, &in[0].msg_hdr, 0), 3, "recvmsg with IP_PKTINFO");
	for (cm = CMSG_FIRSTHDR(&in[0].msg_hdr); cm; cm = CMSG_NXTHDR(&in[0].msg_hdr, cm))
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
	CHECK(pi.ipi_ifindex == 1 && pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "IP_PKTINFO: arrived on lo (index 1) for 127.0.0.1");

	t = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK_ERR(bind(t, &a.sa, sizeof(a.in)), EADDRINUSE,
		  "SO_REUSEADDR on one UDP socket only: EADDRINUSE");
	close(t);
	t = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(sb, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK_OK(bind(t, &b.sa, sizeof(b.in)), "SO_REUSEADDR on both: the same UDP port twice");
	close(t);
	close(sa);
	close(sb);
}

int main(void)
{
	check_begin("udp");
	alarm(90);	/* a hung call ends the program, not the whole boot */
	CHECK_OK(inet_lo_up(), "bring lo up");
	test_udp_basic();
	test_udp_connected();
	test_udp_sizes();
	test_udp_mmsg();
	return check_done();
}
