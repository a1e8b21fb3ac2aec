/* SPDX-License-Identifier: MIT */
/*
 * tcp.c - guest test: TCP over loopback (tcp(7), socket(7)).
 *
 * listen, connect, accept, names and ephemeral ports, data both ways
 * (1 MiB through a forked peer on 127.0.0.1 and ::1, checked byte by
 * byte), vectored I/O and select, shutdown and EOF, EPIPE with SIGPIPE,
 * resets (unread data, SO_LINGER 0), ECONNREFUSED, non-blocking connect
 * and accept, accept4 flags, EADDRINUSE and SO_REUSEADDR past TIME_WAIT,
 * MSG_PEEK/DONTWAIT/WAITALL, poll readiness, SO_RCVTIMEO, blocking calls
 * woken from another process.  Brings lo up first (inet.h).
 */
#define _GNU_SOURCE
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "inet.h"

#define BIG (1 << 20)

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
/* 64 connections open at once, then 200 one after another. */
static void test_tcp_many(void)
{
	enum { N = 64, SEQ = 200 };
	static int c[N], s[N];
	union addr la;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), i, ok = 0;
	char b;

	listen(l, N);
	for (i = 0; i < N; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		connect(c[i], &la.sa, sizeof(la.in));
		s[i] = accept(l, NULL, NULL);
	}
	for (i = 0; i < N; i++)
		ok += s[i] >= 0 && write(c[i], "0123456789" + i % 10, 1) == 1;
	for (i = 0; i < N; i++)
		ok += read(s[i], &b, 1) == 1 && b == '0' + i % 10;
	CHECK_EQ(ok, 2 * N, "64 connections at once, each its own data");
	for (i = 0; i < N; i++) {
		close(c[i]);
		close(s[i]);
	}
	for (i = ok = 0; i < SEQ; i++) {
		int cc = socket(AF_INET, SOCK_STREAM, 0), ss = -1;

		if (connect(cc, &la.sa, sizeof(la.in)) == 0)
			ss = accept(l, NULL, NULL);
		ok += ss >= 0 && write(cc, "x", 1) == 1 && read(ss, &b, 1) == 1;
		close(cc);
		close(ss);
	}
	CHECK_EQ(ok, SEQ, "200 short connections in a row");
	close(l);
}

/* A peer that does not read: writes fill up, then block or EAGAIN. */
static void test_tcp_full(void)
{
	static char buf[65536];
	struct timeval tv = { 0, 200000 };
	long total = 0, got = 0;
	int c, s, n = 0;
	ssize_t r;

	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair to fill");
	fcntl(c, F_SETFL, O_NONBLOCK);
	while ((r = write(c, buf, sizeof(buf))) > 0 && n++ < 10000)
		total += r;
	CHECK(r < 0 && errno == EAGAIN && total > 0, "non-blocking writes fill it: EAGAIN");
	CHECK_EQ(revents(c, POLLOUT, 0) & POLLOUT, 0, "a full socket does not poll writable");
	fcntl(c, F_SETFL, 0);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), "set SO_SNDTIMEO");
	r = write(c, buf, sizeof(buf));
	CHECK(r > 0 || errno == EAGAIN, "a blocking write past SO_SNDTIMEO: partial or EAGAIN");
	if (r > 0)
		total += r;
	fcntl(s, F_SETFL, O_NONBLOCK);
	while (got < total) {
		r = read(s, buf, sizeof(buf));
		if (r > 0)
			got += r;
		else if (r < 0 && errno == EAGAIN)
			revents(s, POLLIN, 1000);
		else
			break;
	}
	CHECK_EQ(got, total, "the reader gets every byte");
	CHECK(revents(c, POLLOUT, 1000) & POLLOUT, "drained: writable again");
	close(c);
	close(s);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_tcp_eintr(void)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	union addr la;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s;
	char b;

	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR(accept(l, NULL, NULL), EINTR, "a signal interrupts a blocked accept: EINTR");
	CHECK_OK(tcp_pair(AF_INET, "127.0.0.1", &c, &s), "a TCP pair for EINTR");
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR(read(c, &b, 1), EINTR, "a signal interrupts a blocked read: EINTR");
	sigaction(SIGALRM, &old, NULL);
	alarm(90);
	close(c);
	close(s);
	close(l);
}

/* A connection whose client is gone before accept is still accepted. */
static void test_tcp_early_close(void)
{
	union addr la;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s;
	char buf[8];

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "connect");
	CHECK_EQ(write(c, "bye", 3), 3, "write");
	close(c);
	sleep_ms(50);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0, "accept after the client closed");
	CHECK(read(s, buf, sizeof(buf)) == 3 && !memcmp(buf, "bye", 3), "its data is there");
	CHECK_EQ(read(s, buf, sizeof(buf)), 0, "then EOF");
	close(s);
	close(l);
}

/* Names before bind and after connect; bind conflicts across addresses. */
static void test_tcp_bind_names(void)
{
	union addr a, any;
	int s = socket(AF_INET, SOCK_STREAM, 0), t, c, one = 1;
	socklen_t len = sizeof(a);

	CHECK(getsockname(s, &a.sa, &len) == 0 && len == sizeof(a.in) &&
	      a.in.sin_family == AF_INET && a.in.sin_port == 0 && a.in.sin_addr.s_addr == 0,
	      "an unbound socket's name is 0.0.0.0:0");
	mkaddr(&any, AF_INET, "0.0.0.0", 0);
	CHECK(bind(s, &any.sa, sizeof(any.in)) == 0 && listen(s, 1) == 0,
	      "listen on 0.0.0.0 port 0");
	len = sizeof(any);
	getsockname(s, &any.sa, &len);
	mkaddr(&a, AF_INET, "127.0.0.1", port_of(&any));
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &a.sa, sizeof(a.in)), "connect to it through 127.0.0.1");
	t = accept(s, NULL, NULL);
	len = sizeof(a);
	CHECK(getsockname(t, &a.sa, &len) == 0 && a.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      port_of(&a) == port_of(&any), "the accepted socket is named 127.0.0.1 and the port");
	close(t);
	close(c);
	t = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK_ERR(bind(t, &a.sa, sizeof(a.in)), EADDRINUSE,
		  "127.0.0.1 on a port 0.0.0.0 listens on: EADDRINUSE");
	close(t);
	t = socket(AF_INET6, SOCK_STREAM, 0);
	mkaddr(&a, AF_INET6, "::", port_of(&any));
	CHECK_ERR(bind(t, &a.sa, sizeof(a.in6)), EADDRINUSE,
		  "a dual-stack [::] on that port: EADDRINUSE");
	setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	CHECK_OK(bind(t, &a.sa, sizeof(a.in6)), "a v6-only [::] on that port binds");
	close(t);
	close(s);
}

/* Options servers and clients set, and calls in the wrong state. */
static void test_tcp_states(void)
{
	union addr la, a;
	int l = bound(AF_INET, SOCK_STREAM, "127.0.0.1", &la), c, s, v = 1;
	socklen_t len;
	char buf[4];

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK((revents(c, POLLIN | POLLOUT, 0) & (POLLOUT | POLLHUP)) == (POLLOUT | POLLHUP),
	      "a new TCP socket polls POLLOUT|POLLHUP");
	/* On its own socket: Linux marks it shut down for writing all the same. */
	s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(shutdown(s, SHUT_WR), ENOTCONN, "shutdown before connect: ENOTCONN");
	close(s);
	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &(int){ 30 }, sizeof(int)), "set TCP_KEEPIDLE");
	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &(int){ 5 }, sizeof(int)), "set TCP_KEEPINTVL");
	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &(int){ 4 }, sizeof(int)), "set TCP_KEEPCNT");
	CHECK(sockopt_int(c, IPPROTO_TCP, TCP_KEEPIDLE) == 30 &&
	      sockopt_int(c, IPPROTO_TCP, TCP_KEEPINTVL) == 5 &&
	      sockopt_int(c, IPPROTO_TCP, TCP_KEEPCNT) == 4, "and they read back");
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_RCVBUF, &(int){ 100000 }, sizeof(int)), "set SO_RCVBUF");
	CHECK(sockopt_int(c, SOL_SOCKET, SO_RCVBUF) >= 100000, "it reads back at least as much");
	CHECK_ERR(connect(l, &la.sa, sizeof(la.in)), EISCONN, "connect on a listener: EISCONN");
	CHECK_OK(listen(l, 16), "listen again (a new backlog)");
	CHECK_OK(connect(c, &la.sa, sizeof(la.in)), "connect");
	s = accept(l, NULL, NULL);
	CHECK_ERR(listen(c, 1), EINVAL, "listen on a connected socket: EINVAL");
	mkaddr(&a, AF_INET, "127.0.0.1", 0);
	CHECK_ERR(bind(c, &a.sa, sizeof(a.in)), EINVAL, "bind after connect: EINVAL");
	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_CORK, &v, sizeof(v)), "set TCP_CORK");
	CHECK_EQ(sockopt_int(c, IPPROTO_TCP, TCP_CORK), 1, "TCP_CORK reads back 1");
	CHECK_EQ(write(c, "cork", 4), 4, "write while corked");
	v = 0;
	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_CORK, &v, sizeof(v)), "uncork");
	CHECK(revents(s, POLLIN, 1000) & POLLIN, "the corked data arrives");
	CHECK_EQ(send(c, "", 0, 0), 0, "send of 0 bytes: 0");
	a.in.sin_port = 1;
	len = sizeof(a);
	CHECK(recvfrom(s, buf, sizeof(buf), 0, &a.sa, &len) == 4 && len == 0,
	      "recvfrom on TCP gives no address (length 0)");
	close(s);
	close(c);
	close(l);
}

int main(void)
{
	check_begin("tcp");
	alarm(90);	/* a hung call ends the program, not the whole boot */
	CHECK_OK(inet_lo_up(), "bring lo up");
	test_tcp_connect();
	test_tcp_io();
	test_tcp_shutdown();
	test_tcp_epipe();
	test_tcp_refused();
	test_tcp_nonblock();
	test_tcp_addrinuse();
	test_tcp_big(AF_INET, "127.0.0.1");
	test_tcp_big(AF_INET6, "::1");
	test_tcp_blocking();
	test_tcp_many();
	test_tcp_full();
	test_tcp_eintr();
	test_tcp_early_close();
	test_tcp_bind_names();
	test_tcp_states();
	return check_done();
}
