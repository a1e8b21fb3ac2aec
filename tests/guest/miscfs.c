// SPDX-License-Identifier: MIT
/*
 * miscfs.c - small things of /proc, /sys and the kernel log: lseek on
 * /proc seq files (SEEK_SET and SEEK_CUR only: seq_lseek), on /proc/sys
 * files and sysfs attributes (from their size), /proc/modules (no module
 * is loaded in the test guest on either kernel), and the records
 * syslog(2) returns: "<level>[seconds.micros] text" per line.
 */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/stat.h>

static void test_lseek(void)
{
	char c;
	int fd = open("/proc/self/stat", O_RDONLY);

	CHECK(fd >= 0, "open /proc/self/stat");
	CHECK_ERR(lseek(fd, 0, SEEK_END), EINVAL, "a seq file: SEEK_END is EINVAL");
	CHECK_ERR(lseek(fd, 0, SEEK_DATA), EINVAL, "SEEK_DATA is EINVAL");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL, "a negative offset is EINVAL");
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2, "SEEK_SET 2");
	CHECK_EQ(lseek(fd, 1, SEEK_CUR), 3, "SEEK_CUR 1 from there");
	CHECK_EQ(read(fd, &c, 1), 1, "a read from offset 3");
	close(fd);
	fd = open("/proc/meminfo", O_RDONLY);
	CHECK_ERR(lseek(fd, 10, SEEK_END), EINVAL, "/proc/meminfo: SEEK_END is EINVAL");
	close(fd);
	fd = open("/proc/sys/kernel/ostype", O_RDONLY);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 0, "a sysctl: SEEK_END is its size, 0");
	close(fd);
	fd = open("/sys/class/mem/null/dev", O_RDONLY);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 4096, "a sysfs attribute: SEEK_END is 4096");
	CHECK_EQ(lseek(fd, -4090, SEEK_END), 6, "SEEK_END -4090 is 6");
	close(fd);
}

static void test_modules(void)
{
	char buf[64];
	int fd = open("/proc/modules", O_RDONLY);

	CHECK(fd >= 0, "/proc/modules is there");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "and empty: no module is loaded");
	close(fd);
}

/* Each line of the log: "<d>[" spaces digits "." six digits "] ". */
static int record_ok(const char *s)
{
	const char *p = s;

	if (p[0] != '<' || p[1] < '0' || p[1] > '7' || p[2] != '>' || p[3] != '[')
		return 0;
	for (p += 4; *p == ' '; p++)
		;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != '.')
		return 0;
	for (int i = 0; i < 6; i++, p++)
		if (*p < '0' || *p > '9')
			return 0;
	return p[0] == ']' && p[1] == ' ';
}

static void test_syslog(void)
{
	int size = klogctl(10, NULL, 0);   /* SYSLOG_ACTION_SIZE_BUFFER */
	char *buf = size > 0 ? malloc(size + 1) : NULL;
	int n, lines = 0, good = 0;

	CHECK(size > 0, "the log has a size");
	if (!buf)
		return;
	n = klogctl(3, buf, size);      /* SYSLOG_ACTION_READ_ALL */
	CHECK(n > 0, "READ_ALL returns text");
	buf[n > 0 ? n : 0] = 0;
	/* The first line may be cut where the ring wrapped; count the rest. */
	for (char *l = strchr(buf, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		lines++;
		good += record_ok(l + 1);
	}
	CHECK(lines > 0 && good == lines, "every line is <level>[seconds.micros] text");
	free(buf);
}

int main(void)
{
	int proc, sys;

	check_begin("miscfs");
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	proc = !mount("proc", "/proc", "proc", 0, NULL);
	sys = !mount("sysfs", "/sys", "sysfs", 0, NULL);
	test_lseek();
	test_modules();
	test_syslog();
	if (sys)
		umount("/sys");
	if (proc)
		umount("/proc");
	return check_done();
}
