/* SPDX-License-Identifier: MIT */
/*
 * blktest.c - /init of the virtio-blk test initramfs
 * (tests/system/test_virtio_blk.py).  Not part of the standard guest suite:
 * it needs disks the host prepared, so it has its own image.
 *
 * The host attaches disks with known contents (see disk_pattern below and
 * its twin in the pytest) and boots Linux and LevitateOS with the same
 * QEMU command; this program checks the disks through /dev/vd* and prints
 *     ok - blk: <what>  /  FAIL - blk: <what> (...)
 *     value <name> <value>          (compared between the two kernels)
 * then writes known bytes at known places, fsyncs, and powers off; the
 * host then reads the images back.
 *
 * The environment variable blktest (from the kernel command line) says
 * which disks are attached:
 *     basic  vda: 8 MiB, pattern seed 1, read-write
 *     two    basic + vdb: 1 MiB, seed 2, read-only (readonly=on)
 *     full   two + vdc: 8 MiB seed 3 with an MBR (vdc1, extended vdc2,
 *            logical vdc5) + vdd: 4 MiB seed 4 with a GPT (vdd1, vdd3)
 *
 * Linux's cloud kernel has virtio_blk and its transports as modules: they
 * come in the image (/lib/modules, from the same .deb as the kernel) and
 * are loaded with finit_module; LevitateOS has the drivers built in and
 * answers ENOSYS, which is ignored.  Device nodes are in the image (Linux
 * gives virtio_blk major 254, 16 minors a disk).
 */
#define _GNU_SOURCE /* fallocate */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include "../guest/check.h"
#include "modules.h"

#define BLKROGET 0x125e
#define BLKGETSIZE 0x1260
#define BLKSSZGET 0x1268
#define BLKGETSIZE64 0x80081272
#define BLKFLSBUF 0x1261
#define BLKDISCARD 0x1277
#define BLKSECDISCARD 0x127d
#define BLKZEROOUT 0x127f
#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10
#endif

#define MiB (1024L * 1024)
#define CHUNK 65536

/* The bytes the host wrote: disk seed, byte offset (the pytest's twin
 * builds it from a 64 KiB table, hence the split of the offset). */
static unsigned char disk_pattern(int seed, uint64_t off)
{
	uint64_t lo = off & 0xffff, hi = off >> 16;

	return (unsigned char)(((lo * 2654435761ULL) >> 13) ^ (lo >> 9) ^ (hi * 0x3b) ^
			       ((uint64_t)seed * 0x5b));
}

/* The bytes this program writes: its own pattern by offset in the write. */
static unsigned char write_pattern(uint64_t i)
{
	return (unsigned char)((i * 7 + 0x3c) ^ 0xa5);
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* Does buf hold the disk pattern for [off, off + n)? */
static int is_pattern(int seed, uint64_t off, const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != disk_pattern(seed, off + i))
			return 0;
	return 1;
}

static long dev_size(int fd)
{
	uint64_t size = 0;

	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		return -errno;
	return (long)size;
}

static int open_dev(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		printf("value %s-open errno-%d\n", path, errno);
	return fd;
}

/* Read the whole device with read(2): the pattern, and its checksum. */
static void read_all(int fd, const char *name, int seed, long size)
{
	static unsigned char buf[CHUNK];
	uint64_t h = 0xcbf29ce484222325ULL;
	long total = 0, r;
	int good = 1;

	lseek(fd, 0, SEEK_SET);
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		good &= is_pattern(seed, (uint64_t)total, buf, (size_t)r);
		h = fnv(h, buf, (size_t)r);
		total += r;
	}
	CHECK_EQ(total, size, "read(2) to the end reads the whole disk");
	CHECK(good, "the whole disk holds the host's pattern");
	printf("value %s-fnv %016llx\n", name, (unsigned long long)h);
}

/* Children reading their own 1 MiB at once: many requests in flight. */
static void concurrent_reads(const char *path, int seed)
{
	pid_t pids[4];
	int ok = 1, status;

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			static unsigned char big[MiB];
			int fd = open(path, O_RDONLY);
			uint64_t off = (uint64_t)(2 + i) * MiB;
			_exit(fd < 0 || pread(fd, big, MiB, (off_t)off) != MiB ||
			      !is_pattern(seed, off, big, MiB));
		}
	}
	for (int i = 0; i < 4; i++)
		ok &= pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i] &&
		      WIFEXITED(status) && WEXITSTATUS(status) == 0;
	CHECK(ok, "four processes reading 1 MiB each at once see the pattern");
}

static int is_zero(const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i])
			return 0;
	return 1;
}

/* What a range reads as now: "zero", "pattern" (seed 1) or "other". */
static const char *looks(int fd, uint64_t off, size_t n)
{
	static unsigned char buf[65536];

	if (n > sizeof(buf) || pread(fd, buf, n, (off_t)off) != (ssize_t)n)
		return "unreadable";
	return is_zero(buf, n) ? "zero" : is_pattern(1, off, buf, n) ? "pattern" : "other";
}

/*
 * Writes read back before any fsync (the cache), O_DIRECT sees and
 * replaces what the cache holds, and misaligned O_DIRECT is EINVAL.
 * The host finds w at 3 MiB + 1000 and d at 3 MiB + 8192.
 */
static void disk_cache(int fd)
{
	static unsigned char w[5000], d[4096] __attribute__((aligned(4096)));
	static unsigned char buf[16384] __attribute__((aligned(4096)));
	int dfd = open("/dev/vda", O_RDWR | O_DIRECT);

	for (size_t i = 0; i < sizeof(w); i++)
		w[i] = write_pattern(i + 3);
	for (size_t i = 0; i < sizeof(d); i++)
		d[i] = write_pattern(i + 5);
	CHECK(pwrite(fd, w, sizeof(w), 3 * MiB + 1000) == sizeof(w) &&
	      pread(fd, buf, 8192, 3 * MiB) == 8192 && !memcmp(buf + 1000, w, sizeof(w)) &&
	      is_pattern(1, 3 * MiB, buf, 1000), "a write reads back before fsync");
	CHECK(dfd >= 0, "open O_DIRECT");
	if (dfd < 0)
		return;
	CHECK(pread(dfd, buf, 8192, 3 * MiB) == 8192 && !memcmp(buf + 1000, w, sizeof(w)),
	      "an O_DIRECT read sees the cached write");
	CHECK_ERR(pread(dfd, buf, 512, 3 * MiB + 100), EINVAL, "O_DIRECT at an unaligned offset: EINVAL");
	CHECK_ERR(pread(dfd, buf, 100, 3 * MiB), EINVAL, "O_DIRECT of an unaligned length: EINVAL");
	CHECK_ERR(pread(dfd, buf + 1, 512, 3 * MiB), EINVAL, "O_DIRECT to unaligned memory: EINVAL");
	CHECK(pread(fd, buf, 4096, 3 * MiB + 8192) == 4096 &&
	      is_pattern(1, 3 * MiB + 8192, buf, 4096), "the page is cached before O_DIRECT writes it");
	CHECK_EQ(pwrite(dfd, d, sizeof(d), 3 * MiB + 8192), sizeof(d), "O_DIRECT write of 4 KiB");
	CHECK(pread(fd, buf, 4096, 3 * MiB + 8192) == 4096 && !memcmp(buf, d, sizeof(d)),
	      "a cached read sees the O_DIRECT write");
	close(dfd);
}

static void discard_call(int fd, unsigned long cmd, const char *name, uint64_t start,
			 uint64_t len)
{
	uint64_t range[2] = { start, len };
	int r = ioctl(fd, cmd, range);

	printf("value %s-%llx-%llx %d %s\n", name, (unsigned long long)start,
	       (unsigned long long)len, r, r < 0 ? strerror(errno) : "");
}

/*
 * BLKDISCARD, BLKZEROOUT and fallocate (vda, discard=unmap): what they
 * answer and what the range reads as afterwards, printed for Linux to
 * judge.  A cached dirty page cut by BLKZEROOUT keeps its other bytes.
 * The host then finds zeroes at 5 MiB + 4096 (8704 bytes), 6 MiB (1 MiB),
 * 7 MiB (64 KiB) and 7 MiB + 128 KiB (4 KiB), and z at 5 MiB + 3584.
 */
static void disk_discard(int fd)
{
	unsigned char z[1024], buf[1024];
	int ro = open("/dev/vda", O_RDONLY);

	for (size_t i = 0; i < sizeof(z); i++)
		z[i] = write_pattern(i + 9);
	CHECK_EQ(pwrite(fd, z, sizeof(z), 5 * MiB + 3584), sizeof(z), "pwrite before BLKZEROOUT");
	discard_call(fd, BLKZEROOUT, "zeroout", 5 * MiB + 4096, 8704);
	CHECK(pread(fd, buf, 512, 5 * MiB + 3584) == 512 && !memcmp(buf, z, 512),
	      "BLKZEROOUT keeps the cached bytes before it");
	printf("value zeroout-reads %s\n", looks(fd, 5 * MiB + 4096, 8704));
	printf("value zeroout-after %s\n", looks(fd, 5 * MiB + 12800, 4096));
	discard_call(fd, BLKZEROOUT, "zeroout", 0, 0);
	discard_call(fd, BLKZEROOUT, "zeroout", 8 * MiB - 512, 1024);
	discard_call(fd, BLKDISCARD, "discard", 6 * MiB, MiB);
	printf("value discard-reads %s\n", looks(fd, 6 * MiB, 65536));
	discard_call(fd, BLKDISCARD, "discard", 6 * MiB + 100, 512);
	discard_call(fd, BLKDISCARD, "discard", 6 * MiB, 513);
	discard_call(fd, BLKDISCARD, "discard", 8 * MiB, 512);
	discard_call(fd, BLKSECDISCARD, "secdiscard", 6 * MiB, 512);
	if (ro >= 0) {
		discard_call(ro, BLKDISCARD, "discard-rdonly", 6 * MiB, 512);
		discard_call(ro, BLKZEROOUT, "zeroout-rdonly", 6 * MiB, 512);
		close(ro);
	}
	printf("value punch %d\n", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					     7 * MiB, 65536) ? errno : 0);
	printf("value punch-reads %s\n", looks(fd, 7 * MiB, 65536));
	printf("value zero-range %d\n", fallocate(fd, FALLOC_FL_ZERO_RANGE,
						  7 * MiB + 131072, 4096) ? errno : 0);
	printf("value zero-range-reads %s\n", looks(fd, 7 * MiB + 131072, 4096));
	printf("value falloc-0 %d\n", fallocate(fd, 0, 0, 4096) ? errno : 0);
	printf("value punch-nokeep %d\n",
	       fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096) ? errno : 0);
	printf("value punch-unaligned %d\n", fallocate(fd, FALLOC_FL_PUNCH_HOLE |
	       FALLOC_FL_KEEP_SIZE, 100, 4096) ? errno : 0);
	printf("value punch-past-end %d\n", fallocate(fd, FALLOC_FL_PUNCH_HOLE |
	       FALLOC_FL_KEEP_SIZE, 8 * MiB, 4096) ? errno : 0);
	CHECK_EQ(ioctl(fd, BLKFLSBUF, 0), 0, "BLKFLSBUF");
	CHECK(pread(fd, buf, 512, 5 * MiB + 3584) == 512 && !memcmp(buf, z, 512),
	      "after BLKFLSBUF the disk holds the write");
}

static void disk_rw(void)
{
	unsigned char buf[4096], wbuf[3000];
	long size = 8 * MiB, v = 0;
	int fd = open_dev("/dev/vda", O_RDWR), n;

	CHECK(fd >= 0, "open /dev/vda read-write");
	if (fd < 0)
		return;
	CHECK_EQ(dev_size(fd), size, "BLKGETSIZE64 is the disk size");
	CHECK(ioctl(fd, BLKGETSIZE, &v) == 0 && v == size / 512, "BLKGETSIZE in sectors");
	n = 0;
	CHECK(ioctl(fd, BLKSSZGET, &n) == 0 && n == 512, "BLKSSZGET is 512");
	CHECK_EQ(lseek(fd, 0, SEEK_END), size, "lseek SEEK_END is the size");
	CHECK_ERR(lseek(fd, size + 1, SEEK_SET), EINVAL, "lseek beyond the end: EINVAL");
	read_all(fd, "vda", 1, size);
	CHECK(pread(fd, buf, 1000, 12345) == 1000 && is_pattern(1, 12345, buf, 1000),
	      "pread of 1000 bytes at an unaligned offset");
	CHECK_EQ(pread(fd, buf, 100, size - 4), 4, "pread across the end stops there");
	CHECK_EQ(pread(fd, buf, 100, size), 0, "pread at the end reads nothing");
	concurrent_reads("/dev/vda", 1);

	for (size_t i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = write_pattern(i);
	CHECK_EQ(pwrite(fd, wbuf, sizeof(wbuf), MiB + 100), sizeof(wbuf),
		 "pwrite 3000 bytes at an unaligned offset");
	CHECK_EQ(fsync(fd), 0, "fsync of the disk");
	CHECK(pread(fd, buf, 3200, MiB) == 3200 && is_pattern(1, MiB, buf, 100) &&
	      !memcmp(buf + 100, wbuf, 3000) && is_pattern(1, MiB + 3100, buf + 3100, 100),
	      "the write reads back, its neighbours untouched");
	CHECK_EQ(pwrite(fd, wbuf, 100, size - 10), 10, "pwrite across the end is cut short");
	CHECK_ERR(pwrite(fd, wbuf, 100, size), ENOSPC, "pwrite at the end: ENOSPC");
	CHECK_EQ(fdatasync(fd), 0, "fdatasync of the disk");
	disk_cache(fd);
	disk_discard(fd);
	close(fd);
}

/*
 * Dirty pages left alone while the disk stays open: LevitateOS's
 * write-back timer (5 s) writes them from its interrupts meanwhile
 * (Linux's flusher waits for 30 s old pages), and they must read back
 * the same.  The host finds the bytes at 4 MiB + 512 (after the final sync
 * on both kernels).  Only in "basic" mode, to keep the suite short.
 */
static void disk_idle_writeback(void)
{
	unsigned char w[2000], r[2000];
	int fd = open_dev("/dev/vda", O_RDWR);

	if (fd < 0)
		return;
	for (size_t i = 0; i < sizeof(w); i++)
		w[i] = write_pattern(i + 11);
	CHECK_EQ(pwrite(fd, w, sizeof(w), 4 * MiB + 512), sizeof(w), "pwrite, then idle 6 s");
	sleep(6);
	CHECK(pread(fd, r, sizeof(r), 4 * MiB + 512) == sizeof(r) && !memcmp(r, w, sizeof(w)),
	      "the write reads back after the idle time");
	close(fd);
}

static void disk_ro(void)
{
	unsigned char buf[4096];
	int fd = open("/dev/vdb", O_RDWR), ro = -1;

	printf("value vdb-open-rdwr %s\n", fd >= 0 ? "ok" : strerror(errno));
	if (fd >= 0) {
		errno = 0;
		long r = write(fd, buf, 512);
		printf("value vdb-write %ld %s\n", r, r < 0 ? strerror(errno) : "");
		CHECK(r < 0, "a write to a read-only disk fails");
		close(fd);
	}
	fd = open_dev("/dev/vdb", O_RDONLY);
	CHECK(fd >= 0, "open /dev/vdb read-only");
	if (fd < 0)
		return;
	CHECK(ioctl(fd, BLKROGET, &ro) == 0 && ro == 1, "BLKROGET says read-only");
	CHECK_EQ(dev_size(fd), MiB, "the second disk's size");
	read_all(fd, "vdb", 2, MiB);
	CHECK(pread(fd, buf, 4096, 0) == 4096 && is_pattern(2, 0, buf, 4096),
	      "the second disk has its own pattern");
	close(fd);
}

/* A partition: its size, where it starts on the disk (its first bytes). */
static void partition(const char *path, int seed, long start, long size)
{
	unsigned char buf[512];
	int fd = open_dev(path, O_RDONLY);
	char what[96];

	snprintf(what, sizeof(what), "%s opens", path);
	CHECK(fd >= 0, what);
	if (fd < 0)
		return;
	snprintf(what, sizeof(what), "%s size", path);
	CHECK_EQ(dev_size(fd), size, what);
	snprintf(what, sizeof(what), "%s starts at sector %ld", path, start / 512);
	CHECK(pread(fd, buf, 512, 0) == 512 && is_pattern(seed, (uint64_t)start, buf, 512),
	      what);
	close(fd);
}

static void disk_mbr(void)
{
	unsigned char w[512];
	int fd;

	partition("/dev/vdc1", 3, 2048 * 512L, 4096 * 512L);
	partition("/dev/vdc5", 3, (8192 + 2048) * 512L, 2048 * 512L);
	fd = open_dev("/dev/vdc2", O_RDONLY);
	if (fd >= 0) {
		printf("value vdc2-size %ld\n", dev_size(fd));
		close(fd);
	}
	CHECK_ERR(open("/dev/vdc3", O_RDONLY), ENXIO, "no vdc3: ENXIO");
	fd = open_dev("/dev/vdc5", O_WRONLY);
	for (size_t i = 0; i < sizeof(w); i++)
		w[i] = write_pattern(i + 7);
	CHECK(fd >= 0 && pwrite(fd, w, sizeof(w), 512) == 512 && fsync(fd) == 0,
	      "write to the logical partition vdc5 and fsync");
	if (fd >= 0)
		close(fd);
}

static void disk_gpt(void)
{
	partition("/dev/vdd1", 4, 2048 * 512L, 2048 * 512L);
	partition("/dev/vdd3", 4, 4096 * 512L, 2048 * 512L);
	CHECK_ERR(open("/dev/vdd2", O_RDONLY), ENXIO, "empty GPT entry 2: no vdd2");
}

/*
 * /proc/diskstats (Linux 6.1: 3 + 17 fields).  The numbers differ between
 * kernels (readahead, the partition scan, merging), so the checks compare
 * what must agree: an O_DIRECT transfer of N bytes adds N/512 sectors and
 * at least one request on its device (and its disk, for a partition),
 * BLKDISCARD adds its sectors to the discards, fsync a flush, and
 * /sys/block/<disk>/stat holds the disk's line's numbers.
 */
#define NSTAT 17
enum { S_RD, S_RDSEC = 2, S_WR = 4, S_WRSEC = 6, S_DISC = 11, S_DISCSEC = 13, S_FLUSH = 15 };

/* name's numbers; how many fields its line has (0: no line). */
static int diskstats(const char *name, unsigned long f[NSTAT])
{
	char line[512], nm[32];
	unsigned maj, min;
	int pos, n = 0;
	FILE *fp = fopen("/proc/diskstats", "r");

	while (fp && fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "%u %u %31s%n", &maj, &min, nm, &pos) != 3 || strcmp(nm, name))
			continue;
		char *p = line + pos, *end;
		n = 3;
		for (unsigned long v; (v = strtoul(p, &end, 10)), end != p; p = end) {
			if (n - 3 < NSTAT)
				f[n - 3] = v;
			n++;
		}
	}
	if (fp)
		fclose(fp);
	return n;
}

/* Nothing in flight: write-back done, readahead landed. */
static void settle(void)
{
	sync();
	usleep(300000);
}

/* An O_DIRECT read of n bytes at off of path: the sector and request
 * counts of dev and of whole (when not NULL) grow as they must. */
static void direct_read_counts(const char *path, const char *dev, const char *whole,
			       long off, size_t n)
{
	static unsigned char buf[65536] __attribute__((aligned(4096)));
	unsigned long a[NSTAT], b[NSTAT], wa[NSTAT], wb[NSTAT];
	int fd = open(path, O_RDONLY | O_DIRECT);
	char what[96];

	settle();
	diskstats(dev, a);
	if (whole)
		diskstats(whole, wa);
	snprintf(what, sizeof(what), "O_DIRECT read of %zu bytes of %s", n, path);
	CHECK(fd >= 0 && pread(fd, buf, n, off) == (ssize_t)n, what);
	diskstats(dev, b);
	snprintf(what, sizeof(what), "diskstats: %s read %zu more sectors", dev, n / 512);
	CHECK_EQ(b[S_RDSEC] - a[S_RDSEC], n / 512, what);
	snprintf(what, sizeof(what), "diskstats: %s completed more reads", dev);
	CHECK(b[S_RD] > a[S_RD], what);
	if (whole) {
		diskstats(whole, wb);
		snprintf(what, sizeof(what), "diskstats: %s counts its partition's read", whole);
		CHECK_EQ(wb[S_RDSEC] - wa[S_RDSEC], n / 512, what);
	}
	if (fd >= 0)
		close(fd);
}

static void sys_block_stat(void)
{
	unsigned long f[NSTAT], s[NSTAT];
	int n = 0, fd;
	char buf[512], *p = buf, *end;
	ssize_t len;

	mkdir("/sys", 0555);
	if (syscall(SYS_mount, "sysfs", "/sys", "sysfs", 0, NULL) && errno != EBUSY)
		printf("FAIL - blk: mount /sys (errno %d)\n", errno);
	settle();
	fd = open("/sys/block/vda/stat", O_RDONLY);
	len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	CHECK(len > 0, "read /sys/block/vda/stat");
	buf[len > 0 ? len : 0] = 0;
	for (unsigned long v; (v = strtoul(p, &end, 10)), end != p; p = end)
		if (n < NSTAT)
			s[n++] = v;
	CHECK_EQ(n, NSTAT, "/sys/block/vda/stat has 17 numbers");
	diskstats("vda", f);
	CHECK(n == NSTAT && !memcmp(f, s, sizeof(f)), "/sys/block/vda/stat is vda's diskstats");
	if (fd >= 0)
		close(fd);
}

static void disk_stats(const char *mode)
{
	static unsigned char buf[4096] __attribute__((aligned(4096)));
	unsigned long a[NSTAT], b[NSTAT];
	uint64_t range[2] = { 6 * MiB, MiB };
	int fd = open("/dev/vda", O_RDWR | O_DIRECT);
	char line[512];
	FILE *fp = fopen("/proc/diskstats", "r");
	bool twenty = fp != NULL;

	while (fp && fgets(line, sizeof(line), fp)) {
		char nm[32];
		int fields = 0;

		for (char *t = strtok(line, " \n"); t; t = strtok(NULL, " \n"))
			if (++fields == 3)
				snprintf(nm, sizeof(nm), "%s", t);
		twenty = twenty && fields == 20;
		printf("value diskstats %s\n", nm);
	}
	if (fp)
		fclose(fp);
	CHECK(twenty, "every /proc/diskstats line has 20 fields");
	direct_read_counts("/dev/vda", "vda", NULL, 2 * MiB, 65536);
	/* Write back what is there: the image keeps its bytes. */
	settle();
	diskstats("vda", a);
	CHECK(fd >= 0 && pread(fd, buf, 4096, 2 * MiB) == 4096 &&
	      pwrite(fd, buf, 4096, 2 * MiB) == 4096, "O_DIRECT rewrite of 4 KiB");
	diskstats("vda", b);
	CHECK_EQ(b[S_WRSEC] - a[S_WRSEC], 8, "diskstats: vda wrote 8 more sectors");
	CHECK(b[S_WR] > a[S_WR], "diskstats: vda completed more writes");
	CHECK_EQ(fsync(fd), 0, "fsync");
	diskstats("vda", a);
	CHECK(a[S_FLUSH] > b[S_FLUSH], "diskstats: fsync flushed vda");
	settle();
	diskstats("vda", a);
	CHECK_EQ(ioctl(fd, BLKDISCARD, range), 0, "BLKDISCARD of 1 MiB");
	diskstats("vda", b);
	CHECK_EQ(b[S_DISCSEC] - a[S_DISCSEC], 2048, "diskstats: vda discarded 2048 sectors");
	CHECK(b[S_DISC] > a[S_DISC], "diskstats: vda completed discards");
	if (fd >= 0)
		close(fd);
	sys_block_stat();
	if (!strcmp(mode, "full")) {
		direct_read_counts("/dev/vdc1", "vdc1", "vdc", 0, 8192);
		direct_read_counts("/dev/vdd3", "vdd3", "vdd", 4096, 4096);
	}
}

/* /proc/partitions, line by line: the host compares them with Linux's. */
static void proc_partitions(void)
{
	char buf[256];
	FILE *f;

	mkdir("/proc", 0555);
	if (syscall(SYS_mount, "proc", "/proc", "proc", 0, NULL) && errno != EBUSY)
		printf("FAIL - blk: mount /proc (errno %d)\n", errno);
	f = fopen("/proc/partitions", "r");
	CHECK(f != NULL, "open /proc/partitions");
	while (f && fgets(buf, sizeof(buf), f))
		printf("value partitions |%s", buf);
	if (f)
		fclose(f);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One sysfs file of /sys/class/block/<name> on one line ("" if none). */
static void sys_attr(const char *name, const char *attr, char *out, size_t size)
{
	char path[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	out[0] = 0;
	f = fopen(path, "r");
	if (!f)
		return;
	n = fread(out, 1, size - 1, f);
	out[n] = 0;
	fclose(f);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

/*
 * Each block device in sysfs, in name order: dev, the uevent fields both
 * kernels write (Linux adds DISKSEQ and GPT's PARTNAME), whether
 * /sys/dev/block/M:m and /sys/block (disks; partitions in them) have it.
 */
static void sys_block(void)
{
	char *names[64], dev[32], ev[256], keep[256], path[160];
	struct dirent *e;
	int n = 0;
	DIR *d;

	mkdir("/sys", 0555);
	if (syscall(SYS_mount, "sysfs", "/sys", "sysfs", 0, NULL) && errno != EBUSY)
		printf("FAIL - blk: mount /sys (errno %d)\n", errno);
	d = opendir("/sys/class/block");
	CHECK(d != NULL, "open /sys/class/block");
	while (d && (e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (int i = 0; i < n; i++) {
		struct stat st;
		sys_attr(names[i], "dev", dev, sizeof(dev));
		sys_attr(names[i], "uevent", ev, sizeof(ev));
		keep[0] = 0;
		for (char *t = strtok(ev, " "); t; t = strtok(NULL, " "))
			if (strncmp(t, "DISKSEQ=", 8) && strncmp(t, "PARTNAME=", 9))
				snprintf(keep + strlen(keep), sizeof(keep) - strlen(keep), "%s ", t);
		printf("value sysfs-block %s dev %s| %s\n", names[i], dev, keep);
		dev[strcspn(dev, " ")] = 0;
		snprintf(path, sizeof(path), "/sys/dev/block/%s/dev", dev);
		printf("value sysfs-dev-block %s %s\n", names[i], stat(path, &st) ? "no" : "yes");
		snprintf(path, sizeof(path), "/sys/block/%s/dev", names[i]);
		if (stat(path, &st)) {          /* a partition: in its disk */
			char disk[32];
			snprintf(disk, sizeof(disk), "%s", names[i]);
			disk[strcspn(disk, "0123456789")] = 0;
			snprintf(path, sizeof(path), "/sys/block/%s/%s/dev", disk, names[i]);
		}
		printf("value sysfs-in-sys-block %s %s\n", names[i], stat(path, &st) ? "no" : "yes");
		free(names[i]);
	}
}

int main(void)
{
	const char *mode = getenv("blktest");

	static char line[256];

	check_begin("blk");
	setvbuf(stdout, line, _IOLBF, sizeof(line));
	load_modules();
	/*
	 * Kernel messages from here on (Linux's clocksource switch comes at
	 * any time) would land in the middle of the lines the host compares:
	 * console log level 1, as `dmesg -n 1`.  LevitateOS has no syslog
	 * call yet; its boot log is over by now.
	 */
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1);
	if (!mode)
		mode = "basic";
	printf("# blktest %s\n", mode);
	proc_partitions();
	sys_block();
	disk_rw();
	if (!strcmp(mode, "basic"))
		disk_idle_writeback();
	if (!strcmp(mode, "two") || !strcmp(mode, "full"))
		disk_ro();
	if (!strcmp(mode, "full")) {
		disk_mbr();
		disk_gpt();
	}
	disk_stats(mode);
	sync();
	check_done();
	reboot(RB_POWER_OFF);
	return 0;
}
