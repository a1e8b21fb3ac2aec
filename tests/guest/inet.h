/* SPDX-License-Identifier: MIT */
/*
 * inet.h - helpers the AF_INET/AF_INET6 guest tests share (inet.c, tcp.c,
 * udp.c, inet6.c): addresses of either family, a bound or listening socket
 * on a loopback address, a connected TCP pair, a port nobody listens on,
 * and bringing lo up (Linux boots with it down; each program brings it up
 * itself, so any one of them runs alone).
 */
#ifndef INET_H
#define INET_H

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include "check.h"

/* An address in the kernel half on both architectures. */
#define KERN ((void *)(-1L << 47))

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static inline long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* An address of family af ("127.0.0.1", "::1", ...) and port; its length. */
static inline socklen_t mkaddr(union addr *a, int af, const char *ip, int port)
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

static inline int port_of(const union addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port : a->in6.sin6_port);
}

static inline int local_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, &a.sa, &len) < 0)
		return -1;
	return port_of(&a);
}

/* Same family, address and port. */
static inline int same_addr(const union addr *a, const union addr *b)
{
	if (a->sa.sa_family != b->sa.sa_family || port_of(a) != port_of(b))
		return 0;
	if (a->sa.sa_family == AF_INET)
		return a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
	return !memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16);
}

/* A socket of type on ip port 0, listening if TCP; its address in *a. */
static inline int bound(int af, int type, const char *ip, union addr *a)
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
static inline int tcp_pair(int af, const char *ip, int *c, int *s)
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
static inline int free_port(int af, int type)
{
	union addr a;
	int fd = bound(af, type, af == AF_INET ? "127.0.0.1" : "::1", &a);

	if (fd < 0)
		return -1;
	close(fd);
	return port_of(&a);
}

static inline int sockopt_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -1;
	return v;
}

static inline short revents(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };

	if (poll(&p, 1, ms) < 0)
		return -1;
	return p.revents;
}

static inline ssize_t slurp(const char *path, char *buf, size_t size)
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

/* Bring lo up (SIOCSIFFLAGS IFF_UP); 0 or -1. */
static inline int inet_lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), r = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		r = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return r;
}

#endif
