/* SPDX-License-Identifier: MIT */
/*
 * blkbench.c - /init of the virtio-blk benchmark (tools/bench.py, the
 * "virtio-blk throughput" table of `./levitate bench`; design.md §5:
 * benchmarks are not tests).  The host attaches one scratch disk (vda)
 * and boots Linux and LevitateOS the same way; this times, with
 * CLOCK_MONOTONIC, on /dev/vda:
 *
 *     seq write 1 MiB, seq read 1 MiB, random 4 KiB read, random 4 KiB write
 *
 * each the best of three passes, and each twice: with O_DIRECT (the driver and the device) and buffered (the
 * kernel's cache: reads after BLKFLSBUF dropped it, writes timed up to and
 * including the fsync), and a sequential read once more from a warm cache
 * (the copy out of the cache alone).  It prints, unbuffered,
 *
 *     BLKBENCH <name> <MB/s>      (10^6 bytes per second)
 *     BLKBENCH-FAIL <name> <why>
 *     BLKBENCH-DONE
 *
 * and powers off.  The random offsets come from a fixed LCG, the same on
 * both kernels.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#include "modules.h"

#define BLKFLSBUF 0x1261
#define MiB (1024L * 1024)
#define SPAN (32 * MiB)         /* the part of the disk used */
#define RAND_OPS 1024
#define REPS 3

static unsigned char buf[MiB] __attribute__((aligned(4096)));
static int warm;                /* cached reads: keep the cache (hits) */

static void say(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		write(1, line, (size_t)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1));
}

static int64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static uint32_t rng = 12345;

static off_t random_block(void)
{
	rng = rng * 1103515245 + 12345;
	return (off_t)((rng >> 8) % (SPAN / 4096)) * 4096;
}

/* One pass: n transfers of size bytes, sequential or at random. */
static int pass(int fd, int write_it, int random, size_t size, long n)
{
	for (long i = 0; i < n; i++) {
		off_t off = random ? random_block() : (off_t)(i * (long)size);
		ssize_t r = write_it ? pwrite(fd, buf, size, off) : pread(fd, buf, size, off);
		if (r != (ssize_t)size)
			return -1;
	}
	return 0;
}

/* One timed pass: ns, or -1 with errno. */
static int64_t timed(int fd, int direct, int write_it, int random, size_t size, long n)
{
	int64_t t0;
	int err;

	if (!direct && !write_it && !warm && ioctl(fd, BLKFLSBUF, 0))
		return -1;
	t0 = now_ns();
	err = pass(fd, write_it, random, size, n);
	if (!err && !direct && write_it)
		err = fsync(fd);
	return err ? -1 : now_ns() - t0;
}

/* The best of REPS passes: the host is shared, and noise only slows. */
static void bench(const char *name, int direct, int write_it, int random)
{
	size_t size = random ? 4096 : (size_t)MiB;
	long n = random ? RAND_OPS : SPAN / MiB;
	int fd = open("/dev/vda", O_RDWR | (direct ? O_DIRECT : 0));
	int64_t best = 0;

	if (fd < 0) {
		say("BLKBENCH-FAIL %s open: %s\n", name, strerror(errno));
		return;
	}
	for (int i = 0; i < REPS; i++) {
		int64_t t = timed(fd, direct, write_it, random, size, n);
		if (t < 0) {
			say("BLKBENCH-FAIL %s %s\n", name, strerror(errno));
			close(fd);
			return;
		}
		if (!best || t < best)
			best = t;
	}
	say("BLKBENCH %s %.1f\n", name, (double)size * n * 1e3 / (double)best);
	close(fd);
}

int main(void)
{
	load_modules();
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1);
	memset(buf, 0x5a, sizeof(buf));
	bench("direct_seq_write_1m", 1, 1, 0);
	bench("direct_seq_read_1m", 1, 0, 0);
	bench("direct_rand_read_4k", 1, 0, 1);
	bench("direct_rand_write_4k", 1, 1, 1);
	bench("cached_seq_write_1m", 0, 1, 0);
	bench("cached_seq_read_1m", 0, 0, 0);
	warm = 1;
	bench("cached_seq_read_1m_warm", 0, 0, 0);
	warm = 0;
	bench("cached_rand_read_4k", 0, 0, 1);
	bench("cached_rand_write_4k", 0, 1, 1);
	say("BLKBENCH-DONE\n");
	reboot(RB_POWER_OFF);
	return 0;
}
