// SPDX-License-Identifier: MIT
/*
 * vporttest.c - a virtio-serial port as a program sees it, run by
 * tests/system/test_virtio_console.py on Linux (the oracle) and on
 * LevitateOS over the console, while the test plays the host side on the
 * port's unix socket:
 *
 *	vporttest PORT
 *	vporttest -gone         (fd 4: a port since unplugged)
 *
 * Lines starting with '@' tell the host what to do next (connect, send
 * "hello\n", read "world\n" and hang up); the program waits for each
 * change with poll(2).  Checked, as Linux's drivers/char/virtio_console.c
 * behaves: one open at a time (EBUSY); while the host is not connected
 * poll says POLLIN|POLLHUP, read is end of file and a non-blocking write
 * EAGAIN; once it is, POLLOUT, and a non-blocking read with nothing
 * there EAGAIN; data makes POLLIN; after the host hangs up, end of file
 * and POLLHUP again.  An open file of an unplugged port (Linux's
 * unplug_port) polls POLLHUP alone and reads and writes ENODEV.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../guest/check.h"

#define WAIT_MS 30000

/* revents for POLLIN|POLLOUT once cond(revents) holds (or the wait ends). */
static int wait_for(int fd, short bit, int set)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

	for (int waited = 0; waited < WAIT_MS; waited += 100) {
		p.revents = 0;
		if (poll(&p, 1, 0) < 0)
			return -1;
		if (!!(p.revents & bit) == set)
			return p.revents;
		usleep(100 * 1000);
	}
	return p.revents;
}

static void unconnected(int fd, const char *when)
{
	char buf[16], what[64];

	snprintf(what, sizeof(what), "%s: poll is POLLIN|POLLHUP", when);
	CHECK_EQ(wait_for(fd, POLLHUP, 1), POLLIN | POLLHUP, what);
	snprintf(what, sizeof(what), "%s: read is end of file", when);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, what);
	snprintf(what, sizeof(what), "%s: non-blocking write is EAGAIN", when);
	CHECK_ERR(write(fd, "x", 1), EAGAIN, what);
}

static int gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	char buf[16];

	CHECK_EQ(poll(&p, 1, 0), 1, "unplugged: poll is ready");
	CHECK_EQ(p.revents, POLLHUP, "unplugged: poll is POLLHUP");
	CHECK_ERR(read(fd, buf, sizeof(buf)), ENODEV, "unplugged: read is ENODEV");
	CHECK_ERR(write(fd, "x", 1), ENODEV, "unplugged: write is ENODEV");
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(fd, buf, sizeof(buf)), ENODEV,
		  "unplugged: non-blocking read is ENODEV");
	CHECK_ERR(write(fd, "x", 1), ENODEV, "unplugged: non-blocking write is ENODEV");
	return check_done();
}

int main(int argc, char **argv)
{
	char buf[64];
	int fd;

	check_begin("vport");
	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "-gone"))
		return gone(4);
	fd = open(argv[1], O_RDWR | O_NONBLOCK);
	CHECK_OK(fd, "open the port");
	if (fd < 0)
		return check_done();
	CHECK_ERR(open(argv[1], O_RDONLY), EBUSY, "a second open is EBUSY");
	unconnected(fd, "no host");

	printf("@host-connect\n");
	CHECK_EQ(wait_for(fd, POLLOUT, 1), POLLOUT, "host there: poll is POLLOUT");
	CHECK_ERR(read(fd, buf, sizeof(buf)), EAGAIN,
		  "host there, nothing sent: non-blocking read is EAGAIN");

	printf("@host-send\n");
	CHECK_EQ(wait_for(fd, POLLIN, 1), POLLIN | POLLOUT, "data: poll is POLLIN|POLLOUT");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 6, "read what the host sent");
	CHECK(!strcmp(buf, "hello\n"), "it is hello");
	CHECK_EQ(write(fd, "world\n", 6), 6, "write to the host");

	printf("@host-close\n");
	unconnected(fd, "host gone");
	fcntl(fd, F_SETFL, 0);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "host gone: blocking read is end of file");
	close(fd);
	fd = open(argv[1], O_RDONLY);
	CHECK_OK(fd, "closed: it opens again");
	close(fd);
	return check_done();
}
