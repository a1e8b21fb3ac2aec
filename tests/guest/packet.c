/* SPDX-License-Identifier: MIT */
/*
 * packet.c - guest test: AF_PACKET sockets (packet(7)) on lo, the one
 * interface the test VM has on both kernels.
 *
 * Creation (CAP_NET_RAW: EPERM for other users), binding and
 * getsockname's sockaddr_ll (lo: ARPHRD_LOOPBACK, a zero MAC), the errors
 * of bind and send, and frames on lo: one a SOCK_RAW socket sends is seen
 * by an ETH_P_ALL socket twice (PACKET_OUTGOING, then PACKET_HOST as lo
 * brings it back) and by sockets of its Ethernet type once; a SOCK_DGRAM
 * socket reads and writes payloads without the header.  Classic BPF
 * filters (SO_ATTACH_FILTER) drop and cut frames, PACKET_AUXDATA reports
 * the lengths, and UDP to 127.0.0.1 shows up as IPv4 frames.
 */
#define _GNU_SOURCE
#include <net/ethernet.h>
#include <netpacket/packet.h>
#include <sys/wait.h>
#include "inet.h"

#define ETH_P_TEST 0x88b5               /* IEEE local experimental */
#define ARPHRD_LOOPBACK 772
#define SLL_LEN 18                      /* getsockname: up to sll_addr, and a MAC */
#define SLL_RECV_LEN 20                 /* recvfrom: a whole sockaddr_ll */
#define TP_STATUS_USER 1

/* linux/filter.h, which musl does not have */
struct sock_filter {
	unsigned short code;
	unsigned char jt, jf;
	unsigned int k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
struct tpacket_auxdata {
	unsigned tp_status, tp_len, tp_snaplen;
	unsigned short tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid;
};
#define BPF_LD_B_ABS 0x30
#define BPF_JEQ_K 0x15
#define BPF_JA 0x05
#define BPF_RET_K 0x06
#define BPF_ALU_DIV_K 0x34

static int lo_sock(int type, int proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(proto),
				   .sll_ifindex = 1 };
	int fd = socket(AF_PACKET, type | SOCK_NONBLOCK, htons(proto));

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Drop whatever is queued on fd. */
static void drain(int fd)
{
	char buf[2048];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
}

static int frame_to_lo(int fd, const char *payload)
{
	unsigned char f[128] = { 0 };   /* zero MACs, as lo's */
	size_t n = strlen(payload);

	f[12] = ETH_P_TEST >> 8;
	f[13] = ETH_P_TEST & 0xff;
	memcpy(f + ETH_HLEN, payload, n);
	return (int)send(fd, f, ETH_HLEN + n, 0);
}

/* ---- creating and naming ------------------------------------------------------ */

static void test_create(void)
{
	int fd, st;
	pid_t pid;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	CHECK_OK(fd, "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)");
	close(fd);
	fd = socket(AF_PACKET, SOCK_DGRAM, 0);
	CHECK_OK(fd, "socket(AF_PACKET, SOCK_DGRAM, 0)");
	close(fd);
	CHECK_ERR(socket(AF_PACKET, SOCK_STREAM, 0), ESOCKTNOSUPPORT,
		  "AF_PACKET SOCK_STREAM: ESOCKTNOSUPPORT");
	pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534) < 0)
			_exit(2);
		errno = 0;
		_exit(socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) < 0 && errno == EPERM ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "an unprivileged user: EPERM");
}

static void test_names(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	struct sockaddr_ll sll;
	socklen_t len = sizeof(sll);

	memset(&sll, 0xaa, sizeof(sll));
	CHECK(getsockname(fd, (struct sockaddr *)&sll, &len) == 0 && len == 12 &&
	      sll.sll_family == AF_PACKET && sll.sll_protocol == htons(ETH_P_ALL) &&
	      sll.sll_ifindex == 0 && sll.sll_halen == 0,
	      "getsockname unbound: AF_PACKET, ETH_P_ALL, ifindex 0, no address");
	len = sizeof(sll);
	CHECK_ERR(getpeername(fd, (struct sockaddr *)&sll, &len), EOPNOTSUPP,
		  "getpeername: EOPNOTSUPP");
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	CHECK_ERR(bind(fd, (struct sockaddr *)&sll, sizeof(sll) - 1), EINVAL,
		  "bind with a short sockaddr_ll: EINVAL");
	sll.sll_family = AF_INET;
	CHECK_ERR(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), EINVAL,
		  "bind with another family: EINVAL");
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = 999;
	CHECK_ERR(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), ENODEV,
		  "bind to a missing interface: ENODEV");
	sll.sll_ifindex = 1;
	CHECK_OK(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), "bind to lo, protocol kept");
	memset(&sll, 0xaa, sizeof(sll));
	len = sizeof(sll);
	CHECK(getsockname(fd, (struct sockaddr *)&sll, &len) == 0 && len == SLL_LEN &&
	      sll.sll_protocol == htons(ETH_P_ALL) && sll.sll_ifindex == 1 &&
	      sll.sll_hatype == ARPHRD_LOOPBACK && sll.sll_halen == 6 &&
	      !memcmp(sll.sll_addr, "\0\0\0\0\0\0", 6),
	      "getsockname on lo: ifindex 1, ARPHRD_LOOPBACK, a zero MAC");
	close(fd);
}

static void test_send_errors(void)
{
	int raw = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_TEST));
	int dg = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_TEST));
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_TEST),
				   .sll_ifindex = 999, .sll_halen = 6 };
	char f[64] = { 0 };

	CHECK_ERR(send(raw, f, sizeof(f), 0), ENXIO, "send unbound: ENXIO");
	CHECK_ERR(sendto(dg, f, 10, 0, (struct sockaddr *)&sll, sizeof(sll)), ENXIO,
		  "sendto a missing interface: ENXIO");
	sll.sll_ifindex = 1;
	CHECK_ERR(sendto(dg, f, 10, 0, (struct sockaddr *)&sll, sizeof(sll) - 1), EINVAL,
		  "sendto with a short sockaddr_ll: EINVAL");
	CHECK_ERR(sendto(raw, f, 10, 0, (struct sockaddr *)&sll, sizeof(sll)), EINVAL,
		  "SOCK_RAW: a frame shorter than its header: EINVAL");
	close(raw);
	close(dg);
}

/* ---- frames on lo --------------------------------------------------------------- */

static void test_lo_frames(void)
{
	int all = lo_sock(SOCK_RAW, ETH_P_ALL), tx = lo_sock(SOCK_RAW, ETH_P_TEST);
	int dg = lo_sock(SOCK_DGRAM, ETH_P_TEST);
	unsigned char buf[256];
	struct sockaddr_ll from;
	socklen_t len = sizeof(from);
	struct pollfd p = { .fd = dg, .events = POLLIN | POLLOUT };
	ssize_t n;

	CHECK(all >= 0 && tx >= 0 && dg >= 0, "three packet sockets bound to lo");
	drain(all);
	CHECK_EQ(poll(&p, 1, 0), 1, "poll with nothing queued: writable only");
	CHECK_EQ(p.revents, POLLOUT, "poll's events: POLLOUT");
	CHECK_EQ(frame_to_lo(tx, "hello, lo"), ETH_HLEN + 9, "send a frame on lo");
	p.revents = 0;
	CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN), "poll: the frame is readable");

	memset(&from, 0, sizeof(from));
	n = recvfrom(all, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	CHECK(n == ETH_HLEN + 9 && from.sll_pkttype == PACKET_OUTGOING && len == SLL_RECV_LEN &&
	      from.sll_ifindex == 1 && from.sll_protocol == htons(ETH_P_TEST) &&
	      from.sll_hatype == ARPHRD_LOOPBACK && !memcmp(buf + ETH_HLEN, "hello, lo", 9),
	      "ETH_P_ALL: the frame going out (PACKET_OUTGOING)");
	n = recvfrom(all, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	CHECK(n == ETH_HLEN + 9 && from.sll_pkttype == PACKET_HOST,
	      "ETH_P_ALL: the frame coming back (PACKET_HOST)");
	CHECK_ERR(recv(all, buf, sizeof(buf), 0), EAGAIN, "ETH_P_ALL: no third copy");

	n = recv(tx, buf, sizeof(buf), MSG_PEEK);
	CHECK_EQ(n, ETH_HLEN + 9, "the sender gets it as its type's: MSG_PEEK");
	n = recv(tx, buf, 4, 0);
	CHECK_EQ(n, 4, "a short buffer: the frame cut");
	CHECK_ERR(recv(tx, buf, sizeof(buf), 0), EAGAIN, "and gone once read");

	len = sizeof(from);
	n = recvfrom(dg, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	CHECK(n == 9 && !memcmp(buf, "hello, lo", 9) && from.sll_pkttype == PACKET_HOST &&
	      from.sll_halen == 6 && len == SLL_RECV_LEN,
	      "SOCK_DGRAM: the payload, from a zero MAC");

	/* SOCK_DGRAM sends: the kernel makes the header from sockaddr_ll. */
	from = (struct sockaddr_ll){ .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_TEST),
				     .sll_ifindex = 1, .sll_halen = 6 };
	CHECK_EQ(sendto(dg, "dgram", 5, 0, (struct sockaddr *)&from, sizeof(from)), 5,
		 "SOCK_DGRAM sendto lo");
	n = recv(all, buf, sizeof(buf), 0);
	CHECK(n == ETH_HLEN + 5 && buf[12] == (ETH_P_TEST >> 8) && buf[13] == (ETH_P_TEST & 0xff) &&
	      !memcmp(buf + ETH_HLEN, "dgram", 5), "ETH_P_ALL sees the header it made");
	CHECK_EQ(recv(tx, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT), ETH_HLEN + 5,
		 "SOCK_RAW of that type gets it too");
	CHECK_EQ(recv(dg, buf, 2, MSG_TRUNC), 5, "MSG_TRUNC: the real length");
	drain(all);
	close(all);
	close(tx);
	close(dg);
}

static int attach(int fd, struct sock_filter *f, unsigned short n)
{
	struct sock_fprog prog = { n, f };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

static void test_filter(void)
{
	int tx = lo_sock(SOCK_RAW, ETH_P_TEST), dg = lo_sock(SOCK_DGRAM, ETH_P_TEST), one = 1;
	/* keep 4 bytes of payloads that start with 'x', drop the others */
	struct sock_filter good[] = {
		{ BPF_LD_B_ABS, 0, 0, 0 },
		{ BPF_JEQ_K, 0, 1, 'x' },
		{ BPF_RET_K, 0, 0, 4 },
		{ BPF_RET_K, 0, 0, 0 },
	};
	struct sock_filter bad_jump[] = { { BPF_JEQ_K, 0, 5, 1 }, { BPF_RET_K, 0, 0, 0 } };
	struct sock_filter no_ret[] = { { BPF_LD_B_ABS, 0, 0, 0 } };
	struct sock_filter div0[] = { { BPF_ALU_DIV_K, 0, 0, 0 }, { BPF_RET_K, 0, 0, 0 } };
	unsigned char buf[256];
	char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct tpacket_auxdata aux;
	struct cmsghdr *c;
	socklen_t len = sizeof(one);
	ssize_t n;

	CHECK_ERR(attach(dg, good, 0), EINVAL, "SO_ATTACH_FILTER of no instructions: EINVAL");
	CHECK_ERR(attach(dg, bad_jump, 2), EINVAL, "a jump past the end: EINVAL");
	CHECK_ERR(attach(dg, no_ret, 1), EINVAL, "no return at the end: EINVAL");
	CHECK_ERR(attach(dg, div0, 2), EINVAL, "division by a constant 0: EINVAL");
	CHECK_ERR(attach(dg, (struct sock_filter *)KERN, 4), EFAULT,
		  "a program in kernel memory: EFAULT");
	CHECK_ERR(setsockopt(dg, SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof(one)), ENOENT,
		  "SO_DETACH_FILTER with none: ENOENT");
	CHECK_OK(attach(dg, good, 4), "SO_ATTACH_FILTER");
	CHECK_OK(setsockopt(dg, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)),
		 "PACKET_AUXDATA on");
	one = 0;
	CHECK(getsockopt(dg, SOL_PACKET, PACKET_AUXDATA, &one, &len) == 0 && one == 1,
	      "PACKET_AUXDATA reads back 1");

	frame_to_lo(tx, "dropped");
	frame_to_lo(tx, "xkept by the filter");
	n = recvmsg(dg, &mh, 0);
	CHECK_EQ(n, 4, "the filter dropped one frame and cut the other to 4 bytes");
	CHECK(!memcmp(buf, "xkep", 4), "the 4 bytes kept");
	c = CMSG_FIRSTHDR(&mh);
	CHECK(c && c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA &&
	      c->cmsg_len == CMSG_LEN(sizeof(aux)), "a PACKET_AUXDATA message");
	if (c)
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
	CHECK(c && (aux.tp_status & TP_STATUS_USER) && aux.tp_len == 19 &&
	      aux.tp_snaplen == 4 && aux.tp_net == 0,
	      "tpacket_auxdata: TP_STATUS_USER, the lengths before and after the filter");
	CHECK_ERR(recv(dg, buf, sizeof(buf), 0), EAGAIN, "nothing more");
	one = 0;
	CHECK_OK(setsockopt(dg, SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof(one)),
		 "SO_DETACH_FILTER");
	frame_to_lo(tx, "dropped no more");
	CHECK_EQ(recv(dg, buf, sizeof(buf), 0), 15, "without the filter: the whole payload");
	close(tx);
	close(dg);
}

/* What lwIP (Linux: the IP stack) sends on lo shows up as Ethernet frames. */
static void test_lo_ip(void)
{
	int all = lo_sock(SOCK_RAW, ETH_P_ALL), u = socket(AF_INET, SOCK_DGRAM, 0);
	union addr a;
	socklen_t alen = mkaddr(&a, AF_INET, "127.0.0.1", 9);
	unsigned char buf[256];
	struct sockaddr_ll from;
	socklen_t len = sizeof(from);
	ssize_t n;
	int seen = 0;

	drain(all);
	CHECK_EQ(sendto(u, "udp", 3, 0, &a.sa, alen), 3, "UDP to 127.0.0.1:9");
	for (int i = 0; i < 2; i++) {
		n = recvfrom(all, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (n == ETH_HLEN + 20 + 8 + 3 && buf[12] == 0x08 && buf[13] == 0 &&
		    buf[ETH_HLEN] == 0x45 && buf[ETH_HLEN + 9] == IPPROTO_UDP &&
		    from.sll_protocol == htons(ETH_P_IP))
			seen |= 1 << (from.sll_pkttype == PACKET_OUTGOING);
	}
	CHECK_EQ(seen, 3, "ETH_P_ALL on lo: the IPv4 datagram going out and coming in");
	CHECK_OK(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3), "SO_BINDTODEVICE lo");
	CHECK_ERR(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, "nosuch0", 8), ENODEV,
		  "SO_BINDTODEVICE to a missing interface: ENODEV");
	close(u);
	close(all);
}

int main(void)
{
	check_begin("packet");
	alarm(60);
	CHECK_OK(inet_lo_up(), "lo up");
	test_create();
	test_names();
	test_send_errors();
	test_lo_frames();
	test_filter();
	test_lo_ip();
	return check_done();
}
