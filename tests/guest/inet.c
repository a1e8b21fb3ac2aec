/* SPDX-License-Identifier: MIT */
/*
 * inet.c - guest test: the AF_INET/AF_INET6 socket layer and the loopback
 * interface (ip(7), ipv6(7), netdevice(7)).
 *
 * Brings lo up itself with SIOCSIFFLAGS (Linux boots with it down and adds
 * 127.0.0.1/8 and ::1 when it comes up) and checks the interface ioctls;
 * socket creation, types, protocols and options; the errors for bad
 * addresses, lengths and families; EFAULT for every pointer; /proc/net/tcp,
 * udp and dev listing what is there.  TCP, UDP and IPv6 have their own
 * programs (tcp.c, udp.c, inet6.c); the helpers are in inet.h.
 */
#define _GNU_SOURCE
#include <net/if_arp.h>
#include <netinet/tcp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "inet.h"

/* ---- the loopback interface (netdevice(7)) ------------------------- */

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
	ifr.ifr_mtu = 1500;
	CHECK(ioctl(fd, SIOCSIFMTU, &ifr) == 0 && ifreq_ioctl(fd, SIOCGIFMTU, &ifr, "lo") == 0 &&
	      ifr.ifr_mtu == 1500, "SIOCSIFMTU lo 1500 reads back");
	ifr.ifr_mtu = -1;
	CHECK_ERR(ioctl(fd, SIOCSIFMTU, &ifr), EINVAL, "SIOCSIFMTU -1: EINVAL");
	ifr.ifr_mtu = 65536;
	CHECK(ioctl(fd, SIOCSIFMTU, &ifr) == 0 && ifreq_ioctl(fd, SIOCGIFMTU, &ifr, "lo") == 0 &&
	      ifr.ifr_mtu == 65536, "and back to 65536");
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
/* ---- creation and options ------------------------------------------ */

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
/* ---- errors -------------------------------------------------------- */

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
/* ---- /proc/net ----------------------------------------------------- */

/* The inode of /proc/net/<file>'s line for local 127.0.0.1:port in state st
 * (fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode), or -1. */
static long proc_net_inode(const char *file, int port, const char *st)
{
	static char text[32768];
	char want[64], path[64];
	char *line;
	unsigned long ino;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	if (slurp(path, text, sizeof(text)) <= 0)
		return -1;
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 %s ", port, st);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, want) &&
		    sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %lu", &ino) == 1)
			return (long)ino;
	return -1;
}

static long ino_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? -2 : (long)st.st_ino;
}

static void test_proc_net(void)
{
	union addr a, b;
	int mounted, l, u;
	long ino;

	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &a);
	u = bound(AF_INET, SOCK_DGRAM, "127.0.0.1", &b);
	ino = proc_net_inode("tcp", port_of(&a), "0A");
	CHECK(ino >= 0, "/proc/net/tcp lists the listener in state 0A");
	CHECK(ino == ino_of(l), "with the socket's inode (netstat -p, fuser)");
	ino = proc_net_inode("udp", port_of(&b), "07");
	CHECK(ino >= 0, "/proc/net/udp lists the UDP socket in state 07");
	CHECK(ino == ino_of(u), "with the socket's inode");
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
	test_errors();
	test_bad_pointers();
	test_proc_net();
	return check_done();
}
