/* SPDX-License-Identifier: MIT */
/*
 * inet.c - guest test: AF_INET and AF_INET6 over loopback (ip(7), ipv6(7),
 * tcp(7), udp(7), netdevice(7)).
 *
 * Brings lo up itself with SIOCSIFFLAGS (Linux boots with it down and adds
 * 127.0.0.1/8 and ::1 when it comes up) and checks the interface ioctls.
 * TCP: listen, connect, accept, names and ephemeral ports, data both ways
 * (1 MiB through a forked peer, checksummed), EADDRINUSE and SO_REUSEADDR
 * past TIME_WAIT, ECONNREFUSED, non-blocking connect and accept, shutdown
 * and EOF, EPIPE with SIGPIPE, resets, MSG_PEEK/DONTWAIT/WAITALL, poll
 * readiness, timeouts and socket options.  UDP: datagrams with their
 * sources, connected sockets, truncation, empty datagrams, ICMP port
 * unreachable as ECONNREFUSED.  IPv6: ::1, v4-mapped peers of a dual-stack
 * socket, IPV6_V6ONLY.  Bad pointers, lengths and families.  /proc/net/tcp
 * and udp list the sockets.  Where Linux's value is an implementation
 * detail (buffer sizes, the ephemeral port range), the property is checked.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define BIG (1 << 20)
#define KERN ((void *)(-1L << 47))

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* An address of family af ("127.0.0.1", "::1", ...) and port; its length. */
static socklen_t mkaddr(union addr *a, int af, const char *ip, int port)
{
	memset(a, 0, sizeof(*a));
	if (af == AF_INET) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons(port);
		inet_pton(AF_INET, ip, &a->in.sin_addr);
		return sizeof(a->in);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a->in6.sin6_addr);
	return sizeof(a->in6);
}

static int port_of(const union addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port : a->in6.sin6_port);
}

static int local_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, &a.sa, &len) < 0)
		return -1;
	return port_of(&a);
}

/* Same family, address and port. */
static int same_addr(const union addr *a, const union addr *b)
{
	if (a->sa.sa_family != b->sa.sa_family || port_of(a) != port_of(b))
		return 0;
	if (a->sa.sa_family == AF_INET)
		return a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
	return !memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16);
}

/* A socket of type on ip port 0, listening if TCP; its address in *a. */
static int bound(int af, int type, const char *ip, union addr *a)
{
	socklen_t len = mkaddr(a, af, ip, 0);
	int fd = socket(af, type, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, &a->sa, len) < 0 || (type == SOCK_STREAM && listen(fd, 8) < 0) ||
	    getsockname(fd, &a->sa, &len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A connected TCP pair through a fresh listener on ip: *c connects, *s is
 * accepted.  Returns 0, or -1 with both closed. */
static int tcp_pair(int af, const char *ip, int *c, int *s)
{
	union addr a;
	int l = bound(af, SOCK_STREAM, ip, &a);
	socklen_t len = af == AF_INET ? sizeof(a.in) : sizeof(a.in6);

	*c = *s = -1;
	if (l < 0)
		return -1;
	*c = socket(af, SOCK_STREAM, 0);
	if (*c >= 0 && connect(*c, &a.sa, len) == 0)
		*s = accept(l, NULL, NULL);
	close(l);
	if (*s < 0) {
		close(*c);
		return -1;
	}
	return 0;
}

/* A port nobody listens on: bound once, then closed. */
static int free_port(int af, int type)
{
	union addr a;
	int fd = bound(af, type, af == AF_INET ? "127.0.0.1" : "::1", &a);

	if (fd < 0)
		return -1;
	close(fd);
	return port_of(&a);
}

static int sockopt_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -1;
	return v;
}

static short revents(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };

	if (poll(&p, 1, ms) < 0)
		return -1;
	return p.revents;
}

static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, t = 0;

	if (fd < 0)
		return -1;
	while (t < (ssize_t)size - 1 && (n = read(fd, buf + t, size - 1 - t)) > 0)
		t += n;
	buf[t] = 0;
	close(fd);
	return t;
}

/* ---- the loopback interface (netdevice(7)) -------------------------------- */

static int ifreq_ioctl(int fd, unsigned long req, struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
	return ioctl(fd, req, ifr);
}

static void test_lo_up(int fd)
{
	struct ifreq ifr;
	int want = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;

	CHECK_OK(ifreq_ioctl(fd, SIOCGIFFLAGS, &ifr, "lo"), "SIOCGIFFLAGS lo");
	CHECK(ifr.ifr_flags & IFF_LOOPBACK, "lo has IFF_LOOPBACK");
	ifr.ifr_flags |= IFF_UP;
	CHECK_OK(ioctl(fd, SIOCSIFFLAGS, &ifr), "SIOCSIFFLAGS lo up");
	CHECK(ifreq_ioctl(fd, SIOCGIFFLAGS, &ifr, "lo") == 0 &&
	      (ifr.ifr_flags & want) == want, "lo is IFF_UP|IFF_LOOPBACK|IFF_RUNNING");
	CHECK_ERR(ifreq_ioctl(fd, SIOCGIFFLAGS, &ifr, "nosuch0"), ENODEV,
		  "SIOCGIFFLAGS of a missing interface: ENODEV");
	CHECK_ERR(ioctl(fd, SIOCGIFFLAGS, KERN), EFAULT, "SIOCGIFFLAGS into the kernel: EFAULT");
}

static void test_lo_info(int fd)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	CHECK(ifreq_ioctl(fd, SIOCGIFADDR, &ifr, "lo") == 0 && sin->sin_family == AF_INET &&
	      sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK), "SIOCGIFADDR lo: 127.0.0.1");
	CHECK(ifreq_ioctl(fd, SIOCGIFNETMASK, &ifr, "lo") == 0 &&
	      sin->sin_addr.s_addr == htonl(0xff000000), "SIOCGIFNETMASK lo: 255.0.0.0");
	CHECK(ifreq_ioctl(fd, SIOCGIFINDEX, &ifr, "lo") == 0 && ifr.ifr_ifindex == 1,
	      "SIOCGIFINDEX lo: 1");
	CHECK(ifreq_ioctl(fd, SIOCGIFMTU, &ifr, "lo") == 0 && ifr.ifr_mtu == 65536,
	      "SIOCGIFMTU lo: 65536");
	CHECK(ifreq_ioctl(fd, SIOCGIFHWADDR, &ifr, "lo") == 0 &&
	      ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK, "SIOCGIFHWADDR lo: ARPHRD_LOOPBACK");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = 1;
	CHECK(ioctl(fd, SIOCGIFNAME, &ifr) == 0 && !strcmp(ifr.ifr_name, "lo"),
	      "SIOCGIFNAME of index 1: lo");
	CHECK_EQ(if_nametoindex("lo"), 1, "if_nametoindex(lo) is 1");
}

static void test_lo_conf(int fd)
{
	static struct ifreq reqs[16];
	struct ifconf ifc = { .ifc_len = sizeof(reqs), .ifc_req = reqs };
	int i, n, found = 0;
	struct sockaddr_in *sin;

	CHECK_OK(ioctl(fd, SIOCGIFCONF, &ifc), "SIOCGIFCONF");
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	CHECK(n >= 1 && ifc.ifc_len % (int)sizeof(struct ifreq) == 0,
	      "SIOCGIFCONF gives whole ifreqs");
	for (i = 0; i < n; i++) {
		sin = (struct sockaddr_in *)&reqs[i].ifr_addr;
		if (!strcmp(reqs[i].ifr_name, "lo") &&
		    sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			found = 1;
	}
	CHECK(found, "SIOCGIFCONF lists lo with 127.0.0.1");
	ifc.ifc_req = NULL;
	ifc.ifc_len = 0;
	CHECK(ioctl(fd, SIOCGIFCONF, &ifc) == 0 && ifc.ifc_len >= (int)sizeof(struct ifreq),
	      "SIOCGIFCONF with no buffer gives the length needed");
}

static void test_loopback(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	CHECK(fd >= 0, "socket(AF_INET, SOCK_DGRAM) for ioctls");
	test_lo_up(fd);
	test_lo_info(fd);
	test_lo_conf(fd);
	close(fd);
}

/* ---- creation and options --------------------------------------------------- */

static void test_create(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), u;
	struct stat st;

	CHECK(s >= 0, "socket(AF_INET, SOCK_STREAM)");
	CHECK(fstat(s, &st) == 0 && S_ISSOCK(st.st_mode), "fstat says S_IFSOCK");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_TYPE), SOCK_STREAM, "SO_TYPE is SOCK_STREAM");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_DOMAIN), AF_INET, "SO_DOMAIN is AF_INET");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP, "SO_PROTOCOL is TCP");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_ERROR), 0, "SO_ERROR is 0");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_ACCEPTCONN), 0, "SO_ACCEPTCONN 0");
	CHECK(sockopt_int(s, SOL_SOCKET, SO_RCVBUF) > 0, "SO_RCVBUF is positive");
	CHECK(sockopt_int(s, SOL_SOCKET, SO_SNDBUF) > 0, "SO_SNDBUF is positive");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_REUSEADDR), 0, "SO_REUSEADDR off by default");
	CHECK_EQ(sockopt_int(s, IPPROTO_TCP, TCP_NODELAY), 0, "TCP_NODELAY off by default");
	int one = 1;
	CHECK_OK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)), "set TCP_NODELAY");
	CHECK_EQ(sockopt_int(s, IPPROTO_TCP, TCP_NODELAY), 1, "TCP_NODELAY reads back 1");
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)), "set SO_KEEPALIVE");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_KEEPALIVE), 1, "SO_KEEPALIVE reads back 1");
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), "set SO_REUSEADDR");
	CHECK_EQ(sockopt_int(s, SOL_SOCKET, SO_REUSEADDR), 1, "SO_REUSEADDR reads back 1");
	CHECK_EQ(sockopt_int(s, IPPROTO_IP, IP_TTL), 64, "IP_TTL is 64");
	CHECK_EQ(fcntl(s, F_GETFL) & O_NONBLOCK, 0, "blocking by default");
	close(s);

	u = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	CHECK(u >= 0, "socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC)");
	CHECK_EQ(sockopt_int(u, SOL_SOCKET, SO_TYPE), SOCK_DGRAM, "SO_TYPE is SOCK_DGRAM");
	CHECK_EQ(sockopt_int(u, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP, "SO_PROTOCOL is UDP");
	CHECK_EQ(fcntl(u, F_GETFD), FD_CLOEXEC, "SOCK_CLOEXEC sets FD_CLOEXEC");
	CHECK(fcntl(u, F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK sets O_NONBLOCK");
	close(u);
	s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	CHECK(s >= 0 && sockopt_int(s, SOL_SOCKET, SO_DOMAIN) == AF_INET6,
	      "socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)");
	close(s);
	u = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
	CHECK(u >= 0, "socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)");
	close(u);
	CHECK_ERR(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT,
		  "SOCK_STREAM with IPPROTO_UDP: EPROTONOSUPPORT");
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT,
		  "SOCK_DGRAM with IPPROTO_TCP: EPROTONOSUPPORT");
	CHECK_ERR(socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT,
		  "AF_INET SOCK_SEQPACKET: ESOCKTNOSUPPORT");
}

/* ---- TCP ------------------------------------------------------------------------ */

static void test_tcp_names(int l, const union addr *la, int c, int s)
{
	union addr a, b;
	socklen_t len = sizeof(a);

	CHECK(getsockname(c, &a.sa, &len) == 0 && len == sizeof(a.in) &&
	      a.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && port_of(&a) != 0 &&
	      port_of(&a) != port_of(la), "the client got an ephemeral port on 127.0.0.1");
	len = sizeof(b);
	CHECK(getpeername(s, &b.sa, &len) == 0 && same_addr(&a, &b),
	      "the accepted socket's peer is the client's name");
	len = sizeof(b);
	CHECK(getpeername(c, &b.sa, &len) == 0 && same_addr(la, &b),
	      "the client's peer is the listener's name");
	len = sizeof(b);
	CHECK(getsockname(s, &b.sa, &len) == 0 && same_addr(la, &b),
	      "the accepted socket's name is the listener's");
	len = sizeof(b);
	CHECK_ERR(getpeername(l, &b.sa, &len), ENOTCONN, "getpeername on a listener: ENOTCONN");
	len = 4;
	CHECK(getsockname(c, &b.sa, &len) == 0 && len == sizeof(b.in),
	      "a short getsockname buffer still gets the full length");
}

static void test_tcp_connect(void)
{
	union addr la, pa;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s;
	socklen_t len = sizeof(pa);

	CHECK(l >= 0 && port_of(&la) != 0, "listen on 127.0.0.1 port 0 gets a port");
	CHECK_EQ(sockopt_int(l, SOL_SOCKET, SO_ACCEPTCONN), 1, "SO_ACCEPTCONN 1 when listening");
	CHECK_EQ(revents(l, POLLIN, 0), 0, "no connection: the listener is not readable");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "connect to it");
	CHECK_ERR(connect(c, &la.sa, sizeof(la.in)), EISCONN, "connect again: EISCONN");
	CHECK(revents(l, POLLIN, 1000) & POLLIN, "a pending connection: POLLIN on the listener");
	CHECK_EQ(write(c, "early", 5), 5, "write before accept");
	s = accept(l, &pa.sa, &len);
	CHECK(s >= 0 && len == sizeof(pa.in) && pa.in.sin_family == AF_INET &&
	      pa.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "accept gives the peer's address");
	test_tcp_names(l, &la, c, s);
	char buf[16];
	CHECK(read(s, buf, sizeof(buf)) == 5 && !memcmp(buf, "early", 5), "the early data");
	CHECK(revents(c, POLLOUT, 0) & POLLOUT, "a connected socket polls writable");
	CHECK_EQ(revents(c, POLLIN, 0), 0, "and not readable with nothing sent");
	CHECK_EQ(write(s, "reply", 5), 5, "the accepted socket writes back");
	CHECK(revents(c, POLLIN, 1000) & POLLIN, "data: POLLIN");
	int v = 0;
	CHECK(ioctl(c, FIONREAD, &v) == 0 && v == 5, "FIONREAD counts it");
	CHECK(recv(c, buf, 3, MSG_PEEK) == 3 && !memcmp(buf, "rep", 3), "MSG_PEEK sees it");
	CHECK(read(c, buf, sizeof(buf)) == 5 && !memcmp(buf, "reply", 5), "and read takes it all");
	CHECK_ERR(recv(c, buf, 1, MSG_DONTWAIT), EAGAIN, "empty: MSG_DONTWAIT gives EAGAIN");
	close(s);
	close(c);
	close(l);
}

static void test_tcp_io(void)
{
	int c, s;
	char a[8], b[8];
	struct iovec out[2] = { { "head", 4 }, { "tail!", 5 } }, in[2] = { { a, 3 }, { b, 6 } };
	struct msghdr mh = { .msg_iov = out, .msg_iovlen = 2 };
	fd_set rd;
	struct timeval tv = { 1, 0 };

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for vectored I/O");
	CHECK_EQ(sendmsg(c, &mh, 0), 9, "sendmsg of two iovecs");
	FD_ZERO(&rd);
	FD_SET(s, &rd);
	CHECK(select(s + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(s, &rd), "select: readable");
	mh.msg_iov = in;
	CHECK_EQ(recvmsg(s, &mh, MSG_WAITALL), 9, "recvmsg into two iovecs");
	CHECK(!memcmp(a, "hea", 3) && !memcmp(b, "dtail!", 6) && mh.msg_flags == 0,
	      "the bytes split across them");
	CHECK_EQ(writev(s, out, 2), 9, "writev");
	CHECK(readv(c, in, 2) > 0, "readv");
	close(c);
	close(s);
}

static void test_tcp_shutdown(void)
{
	int c, s;
	char buf[8];

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for shutdown");
	CHECK_OK(shutdown(c, SHUT_WR), "shutdown(SHUT_WR)");
	CHECK((revents(s, POLLIN | POLLRDHUP, 1000) & (POLLIN | POLLRDHUP)) == (POLLIN | POLLRDHUP),
	      "the peer polls POLLIN|POLLRDHUP");
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "the peer reads EOF");
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE, "send after SHUT_WR: EPIPE");
	CHECK_EQ(write(s, "back", 4), 4, "the other direction still works");
	CHECK_EQ(read(c, buf, sizeof(buf)), 4, "and is read");
	CHECK_EQ(revents(c, POLLIN, 0) & POLLHUP, 0, "no POLLHUP while one way is open");
	CHECK_OK(shutdown(s, SHUT_WR), "the peer shuts down too");
	CHECK(revents(c, POLLIN, 1000) & POLLHUP, "both ways shut: POLLHUP");
	CHECK_EQ(read(c, buf, sizeof(buf)), 0, "and EOF");
	CHECK_ERR(shutdown(c, 7), EINVAL, "shutdown with a bad how: EINVAL");
	close(c);
	close(s);
}

static volatile sig_atomic_t got_pipe;
static void on_pipe(int sig)
{
	got_pipe = sig;
}

/* Write until the dead peer's RST turns into an error; return its errno. */
static int write_until_error(int fd, int flags)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (send(fd, "x", 1, flags) < 0)
			return errno;
		sleep_ms(20);
	}
	return 0;
}

static void test_tcp_epipe(void)
{
	struct sigaction sa = { .sa_handler = on_pipe };
	int c, s;
	char buf[8];

	sigaction(SIGPIPE, &sa, NULL);
	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for EPIPE");
	close(s);
	CHECK(revents(c, POLLIN, 1000) & POLLIN, "the peer's close: POLLIN");
	CHECK_EQ(read(c, buf, sizeof(buf)), 0, "and EOF");
	CHECK_EQ(write_until_error(c, 0), EPIPE, "writes to a closed peer end in EPIPE");
	CHECK_EQ(got_pipe, SIGPIPE, "with SIGPIPE");
	got_pipe = 0;
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE, "MSG_NOSIGNAL: EPIPE");
	CHECK_EQ(got_pipe, 0, "but no SIGPIPE");
	CHECK(revents(c, POLLOUT, 0) & POLLHUP, "a reset connection polls POLLHUP");
	close(c);

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for a reset");
	CHECK_EQ(write(c, "unread", 6), 6, "data the peer never reads");
	sleep_ms(50);
	close(s);
	CHECK(revents(c, POLLIN, 1000) & (POLLERR | POLLHUP), "the reset: POLLERR|POLLHUP");
	CHECK_ERR(read(c, buf, sizeof(buf)), ECONNRESET,
		  "the peer closed with unread data: ECONNRESET");
	close(c);

	struct linger lg = { 1, 0 };
	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for SO_LINGER 0");
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)), "set SO_LINGER {1, 0}");
	close(s);
	CHECK(revents(c, POLLIN, 1000) & POLLIN, "an abortive close wakes the peer");
	CHECK_ERR(read(c, buf, sizeof(buf)), ECONNRESET, "which reads ECONNRESET");
	close(c);
	signal(SIGPIPE, SIG_DFL);
}

static void test_tcp_refused(void)
{
	union addr a;
	int c = socket(AF_INET, SOCK_STREAM, 0), e;
	socklen_t len = mkaddr(&a, AF_INET, "127.0.0.1", free_port(AF_INET, SOCK_STREAM));

	CHECK_ERR(connect(c, &a.sa, len), ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	if (connect(c, &a.sa, len) < 0 && errno == EINPROGRESS) {
		CHECK(revents(c, POLLOUT, 2000) & (POLLERR | POLLHUP),
		      "non-blocking connect to a closed port: POLLERR");
		e = sockopt_int(c, SOL_SOCKET, SO_ERROR);
	} else {
		e = errno;
	}
	CHECK_EQ(e, ECONNREFUSED, "non-blocking connect to a closed port: ECONNREFUSED");
	CHECK_EQ(sockopt_int(c, SOL_SOCKET, SO_ERROR), 0, "SO_ERROR is cleared by reading it");
	close(c);
}

static void test_tcp_nonblock(void)
{
	union addr la, pa;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s, r;
	socklen_t len = sizeof(pa);

	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN, "accept on a non-blocking listener: EAGAIN");
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	r = connect(c, &la.sa, sizeof(la.in));
	CHECK(r == 0 || errno == EINPROGRESS, "non-blocking connect: 0 or EINPROGRESS");
	CHECK(revents(c, POLLOUT, 2000) & POLLOUT, "then it polls writable");
	CHECK_EQ(sockopt_int(c, SOL_SOCKET, SO_ERROR), 0, "with SO_ERROR 0");
	/* Linux: the first connect after an EINPROGRESS one completes returns 0. */
	if (r < 0)
		CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "connect again once connected: 0");
	CHECK_ERR(connect(c, &la.sa, sizeof(la.in)), EISCONN, "then connect: EISCONN");
	CHECK(revents(l, POLLIN, 1000) & POLLIN, "the listener polls readable");
	s = accept4(l, &pa.sa, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK(s >= 0, "accept4(SOCK_CLOEXEC|SOCK_NONBLOCK)");
	CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC, "accept4 SOCK_CLOEXEC sets FD_CLOEXEC");
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK, "accept4 SOCK_NONBLOCK sets O_NONBLOCK");
	char buf[4];
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "non-blocking read with no data: EAGAIN");
	close(s);
	close(c);

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "a blocking connect to it");
	revents(l, POLLIN, 1000);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0 && fcntl(s, F_GETFD) == 0 && !(fcntl(s, F_GETFL) & O_NONBLOCK),
	      "plain accept: no FD_CLOEXEC, and O_NONBLOCK is not inherited");
	/* Raw: musl's accept4 retries an EINVAL as accept + fcntl. */
	CHECK_ERR(syscall(SYS_accept4, l, NULL, NULL, 0x4000000), EINVAL,
		  "accept4 with a bad flag: EINVAL");
	close(s);
	close(c);
	close(l);
}

static void test_tcp_addrinuse(void)
{
	union addr la;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s, one = 1;
	socklen_t len = sizeof(la.in);

	s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(bind(s, &la.sa, len), EADDRINUSE, "bind to a listening port: EADDRINUSE");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK_ERR(bind(s, &la.sa, len), EADDRINUSE,
		  "SO_REUSEADDR does not share a listening port: EADDRINUSE");
	close(s);
	close(l);

	/* The server closes first, so its end lingers in TIME_WAIT. */
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK(bind(l, &la.sa, len) == 0 && listen(l, 1) == 0,
	      "a closed listener's port is free again");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, len), "connect for TIME_WAIT");
	s = accept(l, NULL, NULL);
	close(l);
	close(s);
	char buf[4];
	CHECK_EQ(read(c, buf, sizeof(buf)), 0, "the client sees the server's FIN");
	close(c);
	sleep_ms(50);
	s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(bind(s, &la.sa, len), EADDRINUSE, "the port in TIME_WAIT: EADDRINUSE");
	close(s);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK_OK(bind(s, &la.sa, len), "with SO_REUSEADDR the TIME_WAIT port binds");
	CHECK_OK(listen(s, 1), "and listens");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, len), "and takes connections");
	close(c);
	close(s);
}

static uint32_t next_rand(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 16;
}

/* Send BIG bytes of the pattern seeded by seed; 0 on success. */
static int send_pattern(int fd, uint32_t seed)
{
	static unsigned char buf[65536];
	size_t done = 0, i;
	ssize_t n;

	while (done < BIG) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)next_rand(&seed);
		for (i = 0; i < sizeof(buf); i += (size_t)n) {
			n = write(fd, buf + i, sizeof(buf) - i);
			if (n <= 0)
				return -1;
		}
		done += sizeof(buf);
	}
	return 0;
}

/* Read to EOF; return the byte count, or -1 if a byte differs from the
 * pattern seeded by seed. */
static long recv_pattern(int fd, uint32_t seed)
{
	static unsigned char buf[40000];
	long total = 0, bad = 0;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad |= buf[i] != (unsigned char)next_rand(&seed);
		total += n;
	}
	return n < 0 || bad ? -1 : total;
}

static void test_tcp_big(int af, const char *ip)
{
	union addr la;
	int l = bound(af, SOCK_STREAM, ip, &la), s, st = -1;
	socklen_t len = af == AF_INET ? sizeof(la.in) : sizeof(la.in6);
	pid_t pid = fork();

	if (pid == 0) {
		int c = socket(af, SOCK_STREAM, 0);

		if (connect(c, &la.sa, len) < 0 || send_pattern(c, 7) < 0 ||
		    shutdown(c, SHUT_WR) < 0)
			_exit(1);
		_exit(recv_pattern(c, 99) == BIG ? 0 : 2);
	}
	s = accept(l, NULL, NULL);
	CHECK(s >= 0, af == AF_INET ? "accept a forked client" : "accept a forked client on ::1");
	CHECK_EQ(recv_pattern(s, 7), BIG, "1 MiB from the child, every byte right");
	CHECK_OK(send_pattern(s, 99), "1 MiB back to the child");
	close(s);
	waitpid(pid, &st, 0);
	CHECK_EQ(st, 0, "the child got every byte right");
	close(l);
}

static void test_tcp_blocking(void)
{
	int c, s, st;
	char buf[8];
	pid_t pid;

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for MSG_WAITALL");
	pid = fork();
	if (pid == 0) {
		write(s, "ab", 2);
		sleep_ms(100);
		write(s, "cd", 2);
		sleep_ms(100);
		_exit(0);
	}
	CHECK_EQ(recv(c, buf, 4, MSG_WAITALL), 4, "MSG_WAITALL waits for all of it");
	CHECK(!memcmp(buf, "abcd", 4), "in order");
	waitpid(pid, &st, 0);

	struct timeval tv = { 0, 200000 };
	struct timespec t0;
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), "set SO_RCVTIMEO");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR(read(c, buf, sizeof(buf)), EAGAIN, "a read past SO_RCVTIMEO: EAGAIN");
	CHECK(elapsed_ms(&t0) >= 150, "after about the timeout");
	close(c);
	close(s);

	union addr la;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la);
	CHECK_OK(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), "SO_RCVTIMEO on a listener");
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN, "accept past SO_RCVTIMEO: EAGAIN");
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		c = socket(AF_INET, SOCK_STREAM, 0);
		connect(c, &la.sa, sizeof(la.in));
		write(c, "late", 4);
		_exit(0);
	}
	tv.tv_sec = 5;
	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0, "a blocked accept wakes for a later connection");
	CHECK(read(s, buf, sizeof(buf)) == 4 && !memcmp(buf, "late", 4), "a blocked read wakes for data");
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "EOF when the child exits");
	waitpid(pid, &st, 0);
	close(s);
	close(l);
}

/* ---- UDP ------------------------------------------------------------------------ */

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

/* ---- IPv6 ------------------------------------------------------------------------- */

static void test_v6_tcp(void)
{
	union addr la, a;
	int l = bound(AF_INET6, SOCK_STREAM, "::1", &la), c, s;
	socklen_t len = sizeof(a);
	char buf[8];

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
	test_tcp_big(AF_INET6, "::1");
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

/* ---- errors ------------------------------------------------------------------------ */

static void test_errors(void)
{
	union addr a, b;
	int s = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	socklen_t len = mkaddr(&a, AF_INET, "127.0.0.1", 0);
	char buf[4];

	CHECK_ERR(bind(s, &a.sa, 8), EINVAL, "bind with a short sockaddr_in: EINVAL");
	a.in.sin_family = AF_INET6;
	CHECK_ERR(bind(s, &a.sa, len), EAFNOSUPPORT, "bind with the wrong family: EAFNOSUPPORT");
	CHECK_ERR(connect(s, &a.sa, len), EAFNOSUPPORT, "connect with the wrong family: EAFNOSUPPORT");
	mkaddr(&b, AF_INET6, "::1", 0);
	CHECK_ERR(bind(s, &b.sa, sizeof(b.in6)), EAFNOSUPPORT, "an IPv4 socket binds no sockaddr_in6");
	int s6 = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_ERR(bind(s6, &b.sa, sizeof(b.in)), EINVAL, "bind IPv6 with a sockaddr_in's length: EINVAL");
	close(s6);
	len = mkaddr(&a, AF_INET, "10.255.255.1", 0);
	CHECK_ERR(bind(s, &a.sa, len), EADDRNOTAVAIL, "bind to a non-local address: EADDRNOTAVAIL");
	CHECK_ERR(connect(s, &a.sa, 4), EINVAL, "connect with a short address: EINVAL");
	CHECK_ERR(getpeername(s, &b.sa, &len), ENOTCONN, "getpeername unconnected: ENOTCONN");
	CHECK_ERR(send(s, "x", 1, MSG_NOSIGNAL), EPIPE, "send on an unconnected TCP socket: EPIPE");
	CHECK_ERR(recv(s, buf, 1, 0), ENOTCONN, "recv on an unconnected TCP socket: ENOTCONN");
	CHECK_ERR(accept(s, NULL, NULL), EINVAL, "accept before listen: EINVAL");
	CHECK_ERR(listen(u, 1), EOPNOTSUPP, "listen on UDP: EOPNOTSUPP");
	CHECK_ERR(accept(u, NULL, NULL), EOPNOTSUPP, "accept on UDP: EOPNOTSUPP");
	mkaddr(&a, AF_INET, "127.0.0.1", 0);
	CHECK_OK(bind(s, &a.sa, sizeof(a.in)), "bind");
	CHECK_ERR(bind(s, &a.sa, sizeof(a.in)), EINVAL, "bind again: EINVAL");
	int v = 0;
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 2), EINVAL,
		  "setsockopt with a short value: EINVAL");
	CHECK_ERR(ioctl(s, SIOCGIFFLAGS, NULL), EFAULT, "an interface ioctl with NULL: EFAULT");
	close(s);
	close(u);
}

static void test_bad_pointers(void)
{
	union addr la, a;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s;
	int u = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &a);
	socklen_t len = sizeof(a);

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(syscall(SYS_bind, c, KERN, sizeof(la.in)), EFAULT, "bind to a kernel address: EFAULT");
	CHECK_ERR(syscall(SYS_connect, c, KERN, sizeof(la.in)), EFAULT, "connect to a kernel address: EFAULT");
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "a connection to accept badly");
	CHECK_ERR(syscall(SYS_accept4, l, KERN, &len, 0), EFAULT, "accept into a kernel address: EFAULT");
	CHECK_ERR(syscall(SYS_getsockname, c, KERN, &len), EFAULT, "getsockname into the kernel: EFAULT");
	CHECK_ERR(syscall(SYS_getpeername, c, &a, KERN), EFAULT, "getpeername with a kernel length: EFAULT");
	CHECK_ERR(syscall(SYS_sendto, c, KERN, 8, 0, NULL, 0), EFAULT, "TCP send from the kernel: EFAULT");
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "the listener still takes connections");
	s = accept(l, NULL, NULL);
	CHECK_EQ(write(c, "data", 4), 4, "data to read badly");
	revents(s, POLLIN, 1000);
	CHECK_ERR(syscall(SYS_recvfrom, s, KERN, 4, 0, NULL, NULL), EFAULT,
		  "TCP recv into the kernel: EFAULT");
	CHECK_ERR(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVBUF, KERN, 4), EFAULT,
		  "setsockopt from the kernel: EFAULT");
	CHECK_ERR(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &a, KERN), EFAULT,
		  "getsockopt with a kernel length: EFAULT");
	CHECK_ERR(syscall(SYS_sendto, u, "x", 1, 0, KERN, sizeof(a.in)), EFAULT,
		  "UDP sendto a kernel address: EFAULT");
	CHECK_ERR(syscall(SYS_sendto, u, KERN, 8, 0, &a, sizeof(a.in)), EFAULT,
		  "UDP sendto from the kernel: EFAULT");
	close(s);
	close(c);
	close(u);
	close(l);
}

/* ---- /proc/net --------------------------------------------------------------------- */

/* Is there a line in /proc/net/<file> for local 127.0.0.1:port in state st? */
static int proc_net_has(const char *file, int port, const char *st)
{
	static char text[32768];
	char want[64], path[64];
	char *line;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	if (slurp(path, text, sizeof(text)) <= 0)
		return 0;
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 %s ", port, st);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, want))
			return 1;
	return 0;
}

static void test_proc_net(void)
{
	union addr a, b;
	int mounted, l, u;

	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &a);
	u = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b);
	CHECK(proc_net_has("tcp", port_of(&a), "0A"), "/proc/net/tcp lists the listener in state 0A");
	CHECK(proc_net_has("udp", port_of(&b), "07"), "/proc/net/udp lists the UDP socket in state 07");
	static char text[8192];
	CHECK(slurp("/proc/net/dev", text, sizeof(text)) > 0 && strstr(text, " lo:"),
	      "/proc/net/dev lists lo");
	close(l);
	close(u);
	if (mounted)
		umount("/proc");
}

int main(void)
{
	check_begin("inet");
	alarm(90);	/* a hung call ends the program, not the whole boot */
	test_loopback();
	test_create();
	test_tcp_connect();
	test_tcp_io();
	test_tcp_shutdown();
	test_tcp_epipe();
	test_tcp_refused();
	test_tcp_nonblock();
	test_tcp_addrinuse();
	test_tcp_big(AF_INET, "127.0.0.1");
	test_tcp_blocking();
	test_udp_basic();
	test_udp_connected();
	test_udp_sizes();
	test_v6_tcp();
	test_v6_udp();
	test_v6_dual();
	test_errors();
	test_bad_pointers();
	test_proc_net();
	return check_done();
}
