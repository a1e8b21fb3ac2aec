/* SPDX-License-Identifier: MIT */
/*
 * socket.c - guest test: AF_UNIX sockets (unix(7)).
 *
 * socketpair of each type, stream connections through path and abstract
 * names (bind, listen, connect, accept, getsockname, getpeername), EOF and
 * EPIPE after shutdown and close, datagrams with MSG_TRUNC and MSG_PEEK,
 * seqpacket records, SCM_RIGHTS and SCM_CREDENTIALS, SO_* options,
 * poll readiness, non-blocking calls, blocking across fork, and the errors
 * for bad arguments.  Families Linux may or may not have configured are
 * checked only for the answers both kernels can give.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static void test_create(void)
{
	int s, v;
	socklen_t len = sizeof(v);
	struct stat st;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(s >= 0, "socket(AF_UNIX, SOCK_STREAM)");
	CHECK(fstat(s, &st) == 0 && S_ISSOCK(st.st_mode), "fstat says S_IFSOCK");
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM,
	      "SO_TYPE is SOCK_STREAM");
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_UNIX,
	      "SO_DOMAIN is AF_UNIX");
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0,
	      "SO_ERROR is 0");
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len) == 0 && v > 0,
	      "SO_SNDBUF is positive");
	v = 65536;
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)), "set SO_SNDBUF");
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len) == 0 && v == 131072,
	      "SO_SNDBUF reads back doubled");
	v = 1;
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)), "SO_REUSEADDR accepted");
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, 2), EINVAL,
		  "setsockopt with a short value: EINVAL");
	CHECK_ERR(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (void *)1, &len), EFAULT,
		  "getsockopt into a bad pointer: EFAULT");
	CHECK_EQ(fcntl(s, F_GETFD), 0, "no FD_CLOEXEC by default");
	CHECK_EQ(fcntl(s, F_GETFL) & O_NONBLOCK, 0, "blocking by default");
	close(s);

	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	CHECK(s >= 0, "socket with SOCK_NONBLOCK | SOCK_CLOEXEC");
	CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC, "SOCK_CLOEXEC sets FD_CLOEXEC");
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK sets O_NONBLOCK");
	close(s);
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK(s >= 0, "socket(AF_UNIX, SOCK_SEQPACKET)");
	close(s);

	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM | 0x100000, 0), EINVAL, "unknown type flag: EINVAL");
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 99), EPROTONOSUPPORT,
		  "unknown protocol: EPROTONOSUPPORT");
	CHECK_ERR(socket(AF_UNIX, 4 /* SOCK_RDM */, 0), ESOCKTNOSUPPORT,
		  "SOCK_RDM: ESOCKTNOSUPPORT");
	CHECK_ERR(socket(AF_UNIX, 15, 0), EINVAL, "type past SOCK_MAX: EINVAL");
	CHECK_ERR(socket(1000, SOCK_STREAM, 0), EAFNOSUPPORT, "family past AF_MAX: EAFNOSUPPORT");
	errno = 0;
	s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(s >= 0 || errno == EAFNOSUPPORT, "AF_INET works or is EAFNOSUPPORT");
	if (s >= 0)
		close(s);
	CHECK_ERR(getsockname(0, NULL, &len), ENOTSOCK, "getsockname on a tty: ENOTSOCK");
	CHECK_ERR(listen(99, 1), EBADF, "listen on a closed fd: EBADF");
}

static void test_pair_stream(void)
{
	int sv[2], v;
	char buf[64];
	socklen_t len;
	struct ucred cr;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair stream");
	CHECK_EQ(write(sv[0], "hello", 5), 5, "write to one end");
	CHECK_EQ(send(sv[0], " world", 6, 0), 6, "send more");
	CHECK_EQ(recv(sv[1], buf, 3, MSG_PEEK), 3, "MSG_PEEK sees data");
	CHECK(!memcmp(buf, "hel", 3), "peeked bytes");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 11, "read joins the stream");
	CHECK(!memcmp(buf, "hello world", 11), "bytes in order");
	CHECK_EQ(write(sv[1], "back", 4), 4, "the other way");
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 4, "read it back");
	CHECK_ERR(recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN, "empty: MSG_DONTWAIT gives EAGAIN");
	len = sizeof(cr);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 &&
	      cr.pid == getpid() && cr.uid == geteuid() && len == sizeof(cr),
	      "SO_PEERCRED of a socketpair is our own");
	len = sizeof(v);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v == 0,
	      "SO_ACCEPTCONN 0 on a connected socket");
	CHECK_EQ(write(sv[0], "keep", 4), 4, "write data to read badly");
	CHECK_ERR(syscall(SYS_read, sv[1], (void *)1, 4), EFAULT, "read into a bad pointer: EFAULT");
	CHECK_ERR(syscall(SYS_recvfrom, sv[1], (void *)1, 4, 0, NULL, NULL), EFAULT,
		  "recv into a bad pointer: EFAULT");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 4, "nothing lost by the bad reads");

	CHECK_OK(shutdown(sv[0], SHUT_WR), "shutdown SHUT_WR");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0, "peer reads EOF after SHUT_WR");
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "send after SHUT_WR: EPIPE");
	CHECK_EQ(write(sv[1], "y", 1), 1, "the other direction still works");
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 1, "and is read");
	CHECK_ERR(shutdown(sv[0], 7), EINVAL, "shutdown with a bad how: EINVAL");
	CHECK_EQ(write(sv[1], "ab", 2), 2, "two writes");
	CHECK_EQ(write(sv[1], "cd", 2), 2, "for peeking");
	CHECK(recv(sv[0], buf, 4, MSG_PEEK) == 4 && !memcmp(buf, "abcd", 4),
	      "MSG_PEEK across writes");
	CHECK_EQ(read(sv[0], buf, 1), 1, "read one byte");
	CHECK(recv(sv[0], buf, 8, MSG_PEEK) == 3 && !memcmp(buf, "bcd", 3),
	      "MSG_PEEK starts at the unread byte");
	CHECK_EQ(read(sv[0], buf, 8), 3, "the peeked bytes are still there");
	close(sv[0]);
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE, "send to a closed peer: EPIPE");
	close(sv[1]);
}

static volatile sig_atomic_t got_pipe;
static void on_pipe(int sig)
{
	got_pipe = sig;
}

static void test_sigpipe(void)
{
	int sv[2];
	struct sigaction sa = { .sa_handler = on_pipe };

	sigaction(SIGPIPE, &sa, NULL);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for SIGPIPE");
	close(sv[1]);
	CHECK_ERR(write(sv[0], "x", 1), EPIPE, "write to a closed peer: EPIPE");
	CHECK_EQ(got_pipe, SIGPIPE, "and SIGPIPE");
	got_pipe = 0;
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "MSG_NOSIGNAL: EPIPE");
	CHECK_EQ(got_pipe, 0, "but no SIGPIPE");
	close(sv[0]);
	signal(SIGPIPE, SIG_DFL);
}

static void test_reset(void)
{
	int sv[2];
	char buf[8];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for reset");
	CHECK_EQ(write(sv[1], "unread", 6), 6, "data the peer never reads");
	CHECK_EQ(write(sv[0], "mine", 4), 4, "data for the survivor");
	close(sv[0]);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 4, "queued data still arrives");
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), ECONNRESET,
		  "then ECONNRESET: the peer closed with unread data");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0, "then EOF");
	close(sv[1]);
}

static void test_pair_dgram(void)
{
	int sv[2], n = 0, r;
	char buf[64];

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair dgram");
	CHECK_EQ(send(sv[0], "one", 3, 0), 3, "send a datagram");
	CHECK_EQ(send(sv[0], "twotwo", 6, 0), 6, "send another");
	CHECK_EQ(send(sv[0], "", 0, 0), 0, "send an empty datagram");
	CHECK_EQ(recv(sv[1], buf, 2, MSG_PEEK | MSG_TRUNC), 3, "MSG_PEEK|MSG_TRUNC gives the full length");
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 3, "datagrams keep boundaries");
	CHECK_EQ(recv(sv[1], buf, 3, 0), 3, "a short read truncates");
	CHECK(!memcmp(buf, "two", 3), "the truncated datagram's start");
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 0, "the empty datagram arrives");
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		  "the rest of a truncated datagram is gone");

	struct iovec iov = { buf, 2 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ(send(sv[0], "abcdef", 6, 0), 6, "send for recvmsg");
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 2, "recvmsg with a short buffer");
	CHECK(mh.msg_flags & MSG_TRUNC, "msg_flags has MSG_TRUNC");

	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	static char big[1000];
	while ((r = (int)send(sv[0], big, sizeof(big), 0)) == 1000 && n < 100000)
		n++;
	CHECK(r == -1 && errno == EAGAIN && n > 0, "a full queue: EAGAIN when non-blocking");
	struct pollfd p = { sv[0], POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0, "a full queue does not poll writable");
	close(sv[1]);
	CHECK_ERR(send(sv[0], "x", 1, 0), ECONNREFUSED, "send to a closed dgram peer: ECONNREFUSED");
	close(sv[0]);
}

static void test_mmsg(void)
{
	int sv[2];
	char a[4] = "one", b[8] = "second", r1[8], r2[8];
	struct iovec iov[4] = { { a, 3 }, { b, 6 }, { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	struct mmsghdr out[2], in[2];

	memset(out, 0, sizeof(out));
	memset(in, 0, sizeof(in));
	for (int i = 0; i < 2; i++) {
		out[i].msg_hdr.msg_iov = &iov[i];
		out[i].msg_hdr.msg_iovlen = 1;
		in[i].msg_hdr.msg_iov = &iov[2 + i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair for sendmmsg");
	CHECK_EQ(sendmmsg(sv[0], out, 2, 0), 2, "sendmmsg sends both");
	CHECK(out[0].msg_len == 3 && out[1].msg_len == 6, "and sets msg_len");
	CHECK_EQ(recvmmsg(sv[1], in, 2, MSG_DONTWAIT, NULL), 2, "recvmmsg takes both");
	CHECK(in[0].msg_len == 3 && in[1].msg_len == 6 && !memcmp(r2, "second", 6),
	      "each with its length");
	CHECK_ERR(recvmmsg(sv[1], in, 2, MSG_DONTWAIT, NULL), EAGAIN, "then EAGAIN");
	close(sv[0]);
	close(sv[1]);
}

static void test_seqpacket(void)
{
	int sv[2];
	char buf[64];
	struct pollfd p;

	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), "socketpair seqpacket");
	CHECK_EQ(write(sv[0], "rec1", 4), 4, "write a record");
	CHECK_EQ(write(sv[0], "record2", 7), 7, "write another");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 4, "records keep boundaries");
	CHECK_EQ(read(sv[1], buf, 3), 3, "a short read of a record");
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN, "its rest is gone");
	close(sv[0]);
	p = (struct pollfd){ sv[1], POLLIN | POLLRDHUP, 0 };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && (p.revents & POLLRDHUP),
	      "peer closed: POLLHUP and POLLRDHUP");
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0, "EOF after the peer closed");
	close(sv[1]);
}

static void test_path(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = path_addr(&a, "/tmp/sock.test"), len;
	int l, c, s, c2;
	char buf[16];
	struct stat st;
	struct ucred cr;

	unlink("/tmp/sock.test");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(bind(l, (struct sockaddr *)&a, alen), "bind to a path");
	CHECK(stat("/tmp/sock.test", &st) == 0 && S_ISSOCK(st.st_mode), "the path is a socket");
	CHECK_ERR(bind(l, (struct sockaddr *)&a, alen), EADDRINUSE,
		  "bind twice to the same path: EADDRINUSE");
	path_addr(&b, "/tmp/sock.other");
	CHECK_ERR(bind(l, (struct sockaddr *)&b, sizeof(b)), EINVAL,
		  "bind a bound socket to a new path: EINVAL");
	CHECK_ERR(access("/tmp/sock.other", F_OK), ENOENT, "and that path is not made");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(c, (struct sockaddr *)&a, alen), EADDRINUSE, "bind to an existing path: EADDRINUSE");
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED,
		  "connect before listen: ECONNREFUSED");
	CHECK_ERR(accept(l, NULL, NULL), EINVAL, "accept before listen: EINVAL");
	CHECK_OK(listen(l, 5), "listen");
	len = sizeof(int);
	int v;
	CHECK(getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v == 1,
	      "SO_ACCEPTCONN 1 when listening");
	struct pollfd p = { l, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0, "no connection: the listener is not readable");
	CHECK_OK(connect(c, (struct sockaddr *)&a, alen), "connect to the path");
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen), EISCONN, "connect again: EISCONN");
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN), "a pending connection: POLLIN");
	CHECK_EQ(write(c, "early", 5), 5, "write before accept");
	memset(&b, 0, sizeof(b));
	len = sizeof(b);
	s = accept(l, (struct sockaddr *)&b, &len);
	CHECK(s >= 0, "accept");
	CHECK_EQ(len, offsetof(struct sockaddr_un, sun_path), "an unbound peer has an empty address");
	CHECK_EQ(read(s, buf, sizeof(buf)), 5, "the early data");
	len = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &len) == 0 && len == alen &&
	      !strcmp(b.sun_path, "/tmp/sock.test"), "the accepted socket's name is the listener's");
	len = sizeof(b);
	CHECK(getpeername(c, (struct sockaddr *)&b, &len) == 0 && len == alen &&
	      !strcmp(b.sun_path, "/tmp/sock.test"), "getpeername names the listener");
	len = 4;
	CHECK(getsockname(l, (struct sockaddr *)&b, &len) == 0 && len == alen,
	      "a short getsockname buffer still gets the full length");
	len = sizeof(cr);
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid == getpid(),
	      "SO_PEERCRED after connect");
	CHECK_ERR(getpeername(l, (struct sockaddr *)&b, &len), ENOTCONN, "getpeername on a listener: ENOTCONN");
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN, "O_NONBLOCK listener: EAGAIN");
	close(s);
	close(c);

	c2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(connect(c2, (struct sockaddr *)&a, alen), EPROTOTYPE,
		  "a dgram socket connecting to a stream name: EPROTOTYPE");
	close(c2);
	close(l);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED,
		  "connect to a closed listener's path: ECONNREFUSED");
	path_addr(&b, "/tmp/sock.none");
	CHECK_ERR(connect(c, (struct sockaddr *)&b, alen), ENOENT, "connect to a missing path: ENOENT");
	path_addr(&b, "/tmp");
	CHECK_ERR(connect(c, (struct sockaddr *)&b, sizeof(b)), ECONNREFUSED,
		  "connect to a directory: ECONNREFUSED");
	path_addr(&b, "/nodir/sock");
	CHECK_ERR(bind(c, (struct sockaddr *)&b, sizeof(b)), ENOENT, "bind in a missing directory: ENOENT");
	b.sun_family = AF_INET;
	CHECK_ERR(bind(c, (struct sockaddr *)&b, sizeof(b)), EINVAL, "bind with the wrong family: EINVAL");
	CHECK_ERR(bind(c, (struct sockaddr *)&b, 200), EINVAL, "address too long: EINVAL");
	CHECK_ERR(bind(c, (struct sockaddr *)1, sizeof(b)), EFAULT, "bad address pointer: EFAULT");
	CHECK_ERR(read(c, buf, 1), EINVAL, "read on an unconnected stream: EINVAL");
	CHECK_ERR(send(c, "x", 1, 0), ENOTCONN, "send on an unconnected stream: ENOTCONN");
	CHECK_ERR(listen(c, 1), EINVAL, "listen unbound: EINVAL");
	close(c);
	CHECK_OK(unlink("/tmp/sock.test"), "the name is removed with unlink");
}

static void test_abstract_autobind(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = abstract_addr(&a, "levitate-test"), len;
	int l, c, s, d;

	l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(bind(l, (struct sockaddr *)&a, alen), "bind an abstract name");
	len = sizeof(b);
	CHECK(getsockname(l, (struct sockaddr *)&b, &len) == 0 && len == alen &&
	      !memcmp(&a, &b, alen), "getsockname gives the abstract name back");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(c, (struct sockaddr *)&a, alen), EADDRINUSE, "the name in use: EADDRINUSE");
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(d, (struct sockaddr *)&a, alen), "the same abstract name for another type");
	close(d);
	CHECK_OK(listen(l, 0), "listen with backlog 0");
	CHECK_OK(connect(c, (struct sockaddr *)&a, alen), "connect to the abstract name");
	s = accept(l, NULL, NULL);
	CHECK(s >= 0, "accept it");
	close(s);
	close(c);
	close(l);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED,
		  "a closed abstract name is gone: ECONNREFUSED");
	CHECK_OK(bind(c, (struct sockaddr *)&a, sizeof(sa_family_t)), "bind with an empty address autobinds");
	len = sizeof(b);
	CHECK(getsockname(c, (struct sockaddr *)&b, &len) == 0 &&
	      len == offsetof(struct sockaddr_un, sun_path) + 6 && b.sun_path[0] == 0,
	      "autobind gives a 5-digit abstract name");
	len = sizeof(b);
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(getsockname(d, (struct sockaddr *)&b, &len) == 0 &&
	      len == offsetof(struct sockaddr_un, sun_path),
	      "an unbound socket's name is only the family");
	close(d);
	close(c);
}

static void test_dgram_names(void)
{
	struct sockaddr_un a, b, from;
	socklen_t alen = path_addr(&a, "/tmp/dgram.srv"), blen, flen;
	int srv, cli, other;
	char buf[32];

	unlink("/tmp/dgram.srv");
	blen = path_addr(&b, "/tmp/dgram.cli");
	unlink("/tmp/dgram.cli");
	srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(srv, (struct sockaddr *)&a, alen), "bind a dgram server");
	CHECK_OK(bind(cli, (struct sockaddr *)&b, blen), "bind a dgram client");
	CHECK_ERR(send(cli, "x", 1, 0), ENOTCONN, "send with no peer or address: ENOTCONN");
	CHECK_EQ(sendto(cli, "hi", 2, 0, (struct sockaddr *)&a, alen), 2, "sendto a path");
	flen = sizeof(from);
	CHECK_EQ(recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen), 2,
		 "recvfrom");
	CHECK(flen == blen && !strcmp(from.sun_path, "/tmp/dgram.cli"), "recvfrom names the sender");
	CHECK_OK(connect(cli, (struct sockaddr *)&a, alen), "connect a dgram socket");
	CHECK_EQ(send(cli, "again", 5, 0), 5, "send to the connected peer");
	CHECK_EQ(recv(srv, buf, sizeof(buf), 0), 5, "it arrives");
	CHECK_OK(connect(srv, (struct sockaddr *)&b, blen), "connect the server back");
	other = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(sendto(other, "x", 1, 0, (struct sockaddr *)&a, alen), EPERM,
		  "sendto a socket connected elsewhere: EPERM");
	struct sockaddr sa = { .sa_family = AF_UNSPEC };
	CHECK_OK(connect(cli, &sa, sizeof(sa)), "AF_UNSPEC disconnects");
	CHECK_ERR(send(cli, "x", 1, 0), ENOTCONN, "no peer after disconnecting");
	CHECK_ERR(sendto(cli, "x", 1, 0, (struct sockaddr *)&a, 1), EINVAL, "a 1-byte address: EINVAL");
	close(other);
	close(srv);
	CHECK_ERR(sendto(cli, "x", 1, 0, (struct sockaddr *)&a, alen), ECONNREFUSED,
		  "sendto a closed socket's path: ECONNREFUSED");
	close(cli);
	unlink("/tmp/dgram.srv");
	unlink("/tmp/dgram.cli");
}

static int send_fd(int s, int fd)
{
	char c = 'F';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	memset(&u, 0, sizeof(u));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return (int)sendmsg(s, &mh, 0);
}

static void test_rights(void)
{
	int sv[2], p[2], got = -1;
	char c, buf[8];
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * 2)]; } u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for SCM_RIGHTS");
	CHECK_OK(pipe(p), "a pipe to pass");
	CHECK_EQ(send_fd(sv[0], p[1]), 1, "sendmsg with SCM_RIGHTS");
	close(p[1]);
	CHECK_EQ(recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC), 1, "recvmsg the fd");
	cm = CMSG_FIRSTHDR(&mh);
	CHECK(cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	      cm->cmsg_len == CMSG_LEN(sizeof(int)), "an SCM_RIGHTS message");
	if (cm)
		memcpy(&got, CMSG_DATA(cm), sizeof(int));
	CHECK(got >= 0 && got != p[0], "a new fd");
	CHECK_EQ(fcntl(got, F_GETFD), FD_CLOEXEC, "MSG_CMSG_CLOEXEC sets FD_CLOEXEC");
	CHECK_EQ(write(got, "via", 3), 3, "the passed fd writes the pipe");
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3, "the pipe gets it");
	close(got);

	CHECK_EQ(send_fd(sv[0], p[0]), 1, "pass another fd");
	mh.msg_controllen = 0;
	mh.msg_control = NULL;
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 1, "recvmsg with no control buffer");
	CHECK(mh.msg_flags & MSG_CTRUNC, "MSG_CTRUNC: the fd was dropped");
	CHECK_ERR(send_fd(sv[0], 999), EBADF, "passing a closed fd: EBADF");
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

/* Bind d to a, giving a collector that may run later up to two seconds. */
static int bind_retry(int d, const struct sockaddr_un *a, socklen_t alen)
{
	int r;

	for (int i = 0; (r = bind(d, (const struct sockaddr *)a, alen)) && i < 40; i++)
		sleep_ms(50);
	return r;
}

/* Sockets only in-flight messages hold, in a cycle, are collected on close:
 * the name one of them was bound to becomes free again. */
static void test_gc(void)
{
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(&a, "levitate-gc");
	int sv[2], tv[2], d;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair for the collector");
	CHECK_OK(bind(sv[0], (struct sockaddr *)&a, alen), "bind one end");
	CHECK_EQ(send_fd(sv[1], sv[0]), 1, "send a socket into its own queue");
	close(sv[0]);
	close(sv[1]);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind_retry(d, &a, alen), "the cycle was collected: the name is free");
	close(d);

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "two pairs");
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, tv), "sent over each other");
	CHECK_OK(bind(sv[0], (struct sockaddr *)&a, alen), "bind one of them");
	CHECK_EQ(send_fd(sv[1], tv[0]), 1, "one into the other");
	CHECK_EQ(send_fd(tv[1], sv[0]), 1, "and back");
	close(sv[0]);
	close(tv[0]);
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(d, (struct sockaddr *)&a, alen), EADDRINUSE,
		  "still reachable through open sockets: not collected");
	close(sv[1]);
	close(tv[1]);
	CHECK_OK(bind_retry(d, &a, alen), "unreachable once they close: collected");
	close(d);
}

static void test_creds(void)
{
	int sv[2], on = 1;
	char c = 'C';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(struct ucred))]; } u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;
	struct ucred cr;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair for SCM_CREDENTIALS");
	CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)), "SO_PASSCRED");
	CHECK_EQ(send(sv[0], "c", 1, 0), 1, "send without credentials");
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 1, "receive with SO_PASSCRED");
	cm = CMSG_FIRSTHDR(&mh);
	CHECK(cm && cm->cmsg_type == SCM_CREDENTIALS && cm->cmsg_len == CMSG_LEN(sizeof(cr)),
	      "SCM_CREDENTIALS comes anyway");
	if (cm)
		memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
	CHECK(cm && cr.pid == getpid() && cr.uid == getuid() && cr.gid == getgid(),
	      "they name the sender");

	memset(&u, 0, sizeof(u));
	mh.msg_controllen = sizeof(u.buf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(cr));
	cr = (struct ucred){ getpid(), getuid(), getgid() };
	memcpy(CMSG_DATA(cm), &cr, sizeof(cr));
	CHECK_EQ(sendmsg(sv[0], &mh, 0), 1, "send explicit SCM_CREDENTIALS");
	cm->cmsg_len = CMSG_LEN(3);
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EINVAL, "a short SCM_CREDENTIALS: EINVAL");
	cm->cmsg_len = 4;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EINVAL, "cmsg_len below the header: EINVAL");
	mh.msg_control = (void *)1;
	CHECK_ERR(syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT, "a bad control pointer: EFAULT");
	close(sv[0]);
	close(sv[1]);
}

static void test_blocking(void)
{
	int sv[2], st;
	char buf[8];
	pid_t pid;
	struct pollfd p;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for blocking");
	p = (struct pollfd){ sv[0], POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLOUT, "idle: POLLOUT only");
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		write(sv[1], "wake", 4);
		sleep_ms(100);
		shutdown(sv[1], SHUT_WR);
		_exit(0);
	}
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 4, "a blocked read wakes on data");
	p = (struct pollfd){ sv[0], POLLIN | POLLRDHUP, 0 };
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLRDHUP) && (p.revents & POLLIN),
	      "poll wakes on the peer's shutdown: POLLIN|POLLRDHUP");
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 0, "then EOF");
	waitpid(pid, &st, 0);
	close(sv[0]);
	close(sv[1]);

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for MSG_WAITALL");
	pid = fork();
	if (pid == 0) {
		write(sv[1], "ab", 2);
		sleep_ms(100);
		write(sv[1], "cd", 2);
		_exit(0);
	}
	CHECK_EQ(recv(sv[0], buf, 4, MSG_WAITALL), 4, "MSG_WAITALL waits for all of it");
	CHECK(!memcmp(buf, "abcd", 4), "in order");
	waitpid(pid, &st, 0);
	close(sv[0]);
	close(sv[1]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_eintr(void)
{
	int sv[2];
	char buf[4];
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for EINTR");
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), EINTR, "a signal interrupts a blocked read: EINTR");
	signal(SIGALRM, SIG_DFL);
	close(sv[0]);
	close(sv[1]);
}

/* Bad pointers for every call that takes one: EFAULT, and nothing breaks. */
static void test_bad_pointers(void)
{
	void *kern = (void *)(-1L << 47), *low = (void *)1;
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(&a, "levitate-efault"), len = sizeof(a);
	int sv[2], l, c, s;
	struct msghdr mh = { 0 };
	struct iovec iov = { kern, 8 };
	char buf[8];

	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, kern), EFAULT, "socketpair into the kernel: EFAULT");
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "a dgram pair for bad pointers");
	CHECK_ERR(syscall(SYS_sendmsg, sv[0], kern, 0), EFAULT, "sendmsg of a kernel msghdr: EFAULT");
	CHECK_ERR(syscall(SYS_recvmsg, sv[1], low, MSG_DONTWAIT), EFAULT, "recvmsg of a bad msghdr: EFAULT");
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK_ERR(syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT, "sendmsg from a kernel buffer: EFAULT");
	mh.msg_iov = kern;
	CHECK_ERR(syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT, "sendmsg of a kernel iovec: EFAULT");
	mh.msg_iov = &iov;
	iov.iov_base = buf;
	mh.msg_name = kern;
	mh.msg_namelen = sizeof(a);
	CHECK_ERR(syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT, "sendmsg to a kernel address: EFAULT");
	CHECK_ERR(sendto(sv[0], kern, 8, 0, NULL, 0), EFAULT, "sendto from a kernel buffer: EFAULT");
	CHECK_ERR(sendto(sv[0], buf, 8, 0, kern, sizeof(a)), EFAULT, "sendto a kernel address: EFAULT");
	CHECK_OK(bind(sv[0], (struct sockaddr *)&a, sizeof(sa_family_t)), "autobind the sender");
	CHECK_EQ(send(sv[0], "12345678", 8, 0), 8, "a datagram to receive badly");
	CHECK_ERR(syscall(SYS_recvfrom, sv[1], buf, 8, 0, kern, &len), EFAULT,
		  "recvfrom with a kernel address buffer: EFAULT");
	len = sizeof(a);
	CHECK_ERR(syscall(SYS_getsockname, sv[0], kern, &len), EFAULT, "getsockname into the kernel: EFAULT");
	CHECK_ERR(syscall(SYS_getpeername, sv[0], &a, kern), EFAULT, "getpeername with a kernel length: EFAULT");
	CHECK_ERR(syscall(SYS_connect, sv[0], kern, sizeof(a)), EFAULT, "connect to a kernel address: EFAULT");
	CHECK_ERR(syscall(SYS_setsockopt, sv[0], SOL_SOCKET, SO_SNDBUF, kern, 4), EFAULT,
		  "setsockopt from the kernel: EFAULT");
	CHECK_ERR(syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE, buf, kern), EFAULT,
		  "getsockopt with a kernel length: EFAULT");
	CHECK_ERR(syscall(SYS_sendmmsg, sv[0], kern, 2, 0), EFAULT, "sendmmsg of a kernel vector: EFAULT");
	close(sv[0]);
	close(sv[1]);

	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, alen);
	listen(l, 1);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(c, (struct sockaddr *)&a, alen), "a connection to accept badly");
	len = sizeof(a);
	CHECK_ERR(syscall(SYS_accept4, l, kern, &len, 0), EFAULT, "accept into a kernel address: EFAULT");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(s, (struct sockaddr *)&a, alen), "the listener still takes connections");
	close(s);
	close(c);
	close(l);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_timeouts(void)
{
	int sv[2], n = 0, l, v;
	struct timeval tv = { 0, 200000 }, got;
	socklen_t len = sizeof(got);
	struct timespec t0;
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(&a, "levitate-timeo");
	static char big[4096];
	char buf[8];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair for timeouts");
	CHECK_OK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), "set SO_RCVTIMEO");
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0 &&
	      len == sizeof(got) && got.tv_sec == 0 && got.tv_usec == 200000,
	      "SO_RCVTIMEO reads back");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), EAGAIN, "a read past SO_RCVTIMEO: EAGAIN");
	CHECK(elapsed_ms(&t0) >= 150, "after about the timeout");
	CHECK_EQ(write(sv[1], "abc", 3), 3, "data for FIONREAD");
	CHECK(ioctl(sv[0], FIONREAD, &v) == 0 && v == 3, "FIONREAD counts it");
	tv.tv_usec = 1000000;
	CHECK_ERR(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), EDOM,
		  "tv_usec of a million: EDOM");
	tv.tv_usec = 100000;
	CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), "set SO_SNDTIMEO");
	while (write(sv[1], big, sizeof(big)) == sizeof(big) && n < 100000)
		n++;
	CHECK(errno == EAGAIN && n > 0, "a write to a full socket past SO_SNDTIMEO: EAGAIN");
	close(sv[0]);
	close(sv[1]);

	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, alen);
	listen(l, 0);
	CHECK_OK(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), "SO_RCVTIMEO on a listener");
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN, "accept past SO_RCVTIMEO: EAGAIN");
	sv[0] = socket(AF_UNIX, SOCK_STREAM, 0);
	sv[1] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_OK(connect(sv[0], (struct sockaddr *)&a, alen), "connect to a backlog-0 listener");
	CHECK_ERR(connect(sv[1], (struct sockaddr *)&a, alen), EAGAIN,
		  "a second, non-blocking: EAGAIN (the backlog is full)");
	close(sv[0]);
	close(sv[1]);
	close(l);
}

static void test_server_fork(void)
{
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(&a, "levitate-fork");
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c, st;
	char buf[16];
	pid_t pid;

	bind(l, (struct sockaddr *)&a, alen);
	listen(l, 1);
	pid = fork();
	if (pid == 0) {
		int s = accept(l, NULL, NULL);
		char b[16];
		ssize_t n = read(s, b, sizeof(b));
		write(s, b, n > 0 ? (size_t)n : 0);
		_exit(0);
	}
	sleep_ms(50);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(c, (struct sockaddr *)&a, alen), "connect to a server in a child");
	CHECK_EQ(write(c, "echo", 4), 4, "send to it");
	CHECK_EQ(read(c, buf, sizeof(buf)), 4, "it echoes");
	CHECK_EQ(read(c, buf, sizeof(buf)), 0, "EOF when it exits");
	waitpid(pid, &st, 0);
	close(c);
	close(l);
}

/* The /proc/net/unix line with this inode (and state, when st >= 0). */
struct unix_line {
	unsigned flags, type, st;
	char path[128];
};

static bool proc_unix(unsigned long ino, int st, struct unix_line *out)
{
	FILE *f = fopen("/proc/net/unix", "r");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f) ||
	    strcmp(line, "Num       RefCount Protocol Flags    Type St Inode Path\n")) {
		fclose(f);
		return false;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long i;
		unsigned refs;
		int n = 0;

		out->path[0] = '\0';
		if (sscanf(line, "%*x: %x %*x %x %x %x %lu%n", &refs, &out->flags, &out->type,
			   &out->st, &i, &n) < 5)
			continue;
		sscanf(line + n, " %127[^\n]", out->path);
		found = i == ino && (st < 0 || (int)out->st == st);
	}
	fclose(f);
	return found;
}

static unsigned long ino_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (unsigned long)st.st_ino;
}

static void test_proc_net_unix(void)
{
	static const char abs_name[] = "\0lev-proc\0x";
	struct sockaddr_un a, d = { .sun_family = AF_UNIX };
	socklen_t alen = path_addr(&a, "/tmp/sock.proc");
	struct unix_line u;
	int l, c, s, g, mounted;
	unsigned long lino;

	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	unlink("/tmp/sock.proc");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	lino = ino_of(l);
	CHECK(bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 2) == 0, "a listener on a path");
	CHECK(proc_unix(lino, -1, &u) && u.flags == 0x10000 && u.type == 1 && u.st == 1 &&
	      !strcmp(u.path, "/tmp/sock.proc"),
	      "/proc/net/unix: the listener (__SO_ACCEPTCON, SOCK_STREAM, SS_UNCONNECTED, its path)");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(c, (struct sockaddr *)&a, alen), "connect to it");
	CHECK(proc_unix(ino_of(c), -1, &u) && u.flags == 0 && u.st == 3 && !u.path[0],
	      "the client: SS_CONNECTED, no name");
	CHECK(proc_unix(0, 2, &u) && !strcmp(u.path, "/tmp/sock.proc"),
	      "the unaccepted connection: no inode, SS_CONNECTING, the listener's name");
	s = accept(l, NULL, NULL);
	CHECK(s >= 0 && proc_unix(ino_of(s), -1, &u) && u.st == 3 &&
	      !strcmp(u.path, "/tmp/sock.proc"), "accepted: SS_CONNECTED with the listener's name");
	CHECK(!proc_unix(0, 2, &u), "and no connection is left unaccepted");
	g = socket(AF_UNIX, SOCK_DGRAM, 0);
	memcpy(d.sun_path, abs_name, sizeof(abs_name) - 1);
	CHECK(bind(g, (struct sockaddr *)&d, offsetof(struct sockaddr_un, sun_path) +
		   sizeof(abs_name) - 1) == 0 &&
	      proc_unix(ino_of(g), -1, &u) && u.type == 2 && u.st == 1 && !strcmp(u.path, "@lev-proc@x"),
	      "an abstract datagram name: '@' for its NULs");
	close(l);
	CHECK(!proc_unix(lino, -1, &u), "a closed listener's line is gone");
	close(c);
	close(s);
	close(g);
	unlink("/tmp/sock.proc");
	if (mounted)
		umount("/proc");
}

int main(void)
{
	check_begin("socket");
	test_create();
	test_pair_stream();
	test_sigpipe();
	test_reset();
	test_pair_dgram();
	test_seqpacket();
	test_mmsg();
	test_path();
	test_abstract_autobind();
	test_dgram_names();
	test_rights();
	test_creds();
	test_gc();
	test_blocking();
	test_eintr();
	test_timeouts();
	test_bad_pointers();
	test_server_fork();
	test_proc_net_unix();
	return check_done();
}
