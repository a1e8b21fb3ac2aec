/* SPDX-License-Identifier: MIT */
/*
 * rtc.c - guest test: the real-time clock, /dev/rtc0 (the CMOS RTC on q35,
 * the PL031 on virt; both built into Debian's kernel): the node devtmpfs
 * makes (c 252 0, the major Linux's dynamic allocation gives it here),
 * exclusive open, RTC_RD_TIME against CLOCK_REALTIME, RTC_SET_TIME read
 * back and restored, RTC_ALM_SET/READ (within 24 hours, tomorrow when
 * past), RTC_WKALM_SET/RD, an alarm two seconds ahead waking poll and a
 * blocking read with RTC_AF, one already past firing at RTC_AIE_ON,
 * update (RTC_UF) and periodic (RTC_PF) interrupts, the errors (EINVAL
 * for a bad time or read size, EFAULT, ENOTTY, EAGAIN, EBUSY; EACCES and
 * EPERM for a user who may not set the time), RTC_PARAM_GET, the alarm
 * range (CMOS: a day; PL031: 2106), settimeofday and
 * clock_settime, and the sysfs and procfs files (/sys/class/rtc/rtc0,
 * its wakealarm, /proc/driver/rtc).  It mounts proc, sysfs and devtmpfs
 * itself and takes them away again; the RTC is left at the system time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

/* <linux/rtc.h>, which musl does not have */
struct rtc_time {                /* the first nine ints of struct tm */
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};
struct rtc_wkalrm {
	unsigned char enabled, pending;
	struct rtc_time time;
};
#define RTC_AIE_ON _IO('p', 0x01)
#define RTC_AIE_OFF _IO('p', 0x02)
#define RTC_UIE_ON _IO('p', 0x03)
#define RTC_UIE_OFF _IO('p', 0x04)
#define RTC_PIE_ON _IO('p', 0x05)
#define RTC_PIE_OFF _IO('p', 0x06)
#define RTC_TM_SIZE sizeof(struct rtc_time)
#define RTC_ALM_SET _IOC(_IOC_WRITE, 'p', 0x07, RTC_TM_SIZE)
#define RTC_ALM_READ _IOC(_IOC_READ, 'p', 0x08, RTC_TM_SIZE)
#define RTC_RD_TIME _IOC(_IOC_READ, 'p', 0x09, RTC_TM_SIZE)
#define RTC_SET_TIME _IOC(_IOC_WRITE, 'p', 0x0a, RTC_TM_SIZE)
#define RTC_IRQP_READ _IOR('p', 0x0b, unsigned long)
#define RTC_IRQP_SET _IOW('p', 0x0c, unsigned long)
#define RTC_EPOCH_READ _IOR('p', 0x0d, unsigned long)
#define RTC_WKALM_SET _IOC(_IOC_WRITE, 'p', 0x0f, RTC_TM_SIZE + 4)
#define RTC_WKALM_RD _IOC(_IOC_READ, 'p', 0x10, RTC_TM_SIZE + 4)
struct rtc_param {
	unsigned long long param, value;
	unsigned int index, pad;
};
#define RTC_PARAM_GET _IOW('p', 0x13, struct rtc_param)
#define RTC_PARAM_SET _IOW('p', 0x14, struct rtc_param)
#define RTC_WIE_ON _IO('p', 0x0f)
#define RTC_IRQF 0x80
#define RTC_PF 0x40
#define RTC_AF 0x20
#define RTC_UF 0x10

#define DEV "/tmp/rtcdev"
#define NODE DEV "/rtc0"
#define SYS "/sys/class/rtc/rtc0/"
#define BAD ((void *)1)

_Static_assert(sizeof(struct rtc_wkalrm) == 40, "struct rtc_wkalrm");

/* struct tm and struct rtc_time: the same first nine fields. */
static struct tm tm_of(const struct rtc_time *r)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	memcpy(&tm, r, sizeof(*r));
	return tm;
}

static void rtc_of(time_t t, struct rtc_time *r)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	memcpy(r, &tm, sizeof(*r));
}

static time_t wk_time(const struct rtc_wkalrm *wk)
{
	struct tm tm = tm_of(&wk->time);

	return timegm(&tm);
}

static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static long put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static time_t rtc_now(int fd)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (ioctl(fd, RTC_RD_TIME, &tm))
		return -1;
	return timegm(&tm);
}

/* The RTC time as sysfs's since_epoch says, or -1. */
static long sys_epoch(void)
{
	char buf[64];

	return slurp(SYS "since_epoch", buf, sizeof(buf)) > 0 ? atol(buf) : -1;
}

static void test_node_and_files(void)
{
	struct stat st;
	char buf[1024];

	CHECK_OK(stat(NODE, &st), "devtmpfs has rtc0");
	CHECK_EQ(st.st_mode, S_IFCHR | 0600, "rtc0 is a character device, mode 0600");
	CHECK_EQ(major(st.st_rdev), 252, "rtc0's major is 252");
	CHECK_EQ(minor(st.st_rdev), 0, "rtc0's minor is 0");
	CHECK(slurp(SYS "dev", buf, sizeof(buf)) > 0 && !strcmp(buf, "252:0\n"),
	      "sysfs dev is 252:0");
	CHECK(lstat("/sys/class/rtc/rtc0", &st) == 0 && S_ISLNK(st.st_mode),
	      "/sys/class/rtc/rtc0 is a link into /sys/devices");
	CHECK(slurp(SYS "name", buf, sizeof(buf)) > 1 && buf[strlen(buf) - 1] == '\n',
	      "sysfs name");
	CHECK(slurp(SYS "hctosys", buf, sizeof(buf)) > 0 && !strcmp(buf, "1\n"),
	      "hctosys: the system clock was set from it");
	CHECK(slurp(SYS "max_user_freq", buf, sizeof(buf)) > 0 && !strcmp(buf, "64\n"),
	      "max_user_freq is 64");
	CHECK(slurp(SYS "device/power/wakeup", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "enabled\n"), "its device may wake the system");
	CHECK(slurp(SYS "date", buf, sizeof(buf)) == 11 && buf[4] == '-' && buf[7] == '-',
	      "sysfs date is YYYY-MM-DD");
	CHECK(slurp(SYS "time", buf, sizeof(buf)) == 9 && buf[2] == ':' && buf[5] == ':',
	      "sysfs time is HH:MM:SS");
	CHECK(labs(sys_epoch() - (long)time(NULL)) <= 2, "since_epoch is the system time");
	CHECK(slurp("/proc/driver/rtc", buf, sizeof(buf)) > 0 &&
	      !strncmp(buf, "rtc_time\t: ", 11) && strstr(buf, "\n24hr\t\t: yes\n") &&
	      strstr(buf, "\nmax user IRQ frequency\t: 64\n"), "/proc/driver/rtc");
}

static void test_read_and_errors(int fd)
{
	struct tm tm, bad;
	unsigned long v = 0;
	char c[2];

	CHECK_ERR(open(NODE, O_RDONLY), EBUSY, "a second open is EBUSY");
	CHECK_OK(ioctl(fd, RTC_RD_TIME, &tm), "RTC_RD_TIME");
	CHECK(labs((long)(timegm(&tm) - time(NULL))) <= 2, "the RTC reads CLOCK_REALTIME");
	CHECK(tm.tm_year >= 120 && tm.tm_mon < 12 && tm.tm_isdst == 0, "its fields are sane");
	CHECK_ERR(ioctl(fd, RTC_RD_TIME, BAD), EFAULT, "RTC_RD_TIME to a bad pointer");
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, BAD), EFAULT, "RTC_SET_TIME from a bad pointer");
	CHECK_ERR(ioctl(fd, RTC_WKALM_SET, BAD), EFAULT, "RTC_WKALM_SET from a bad pointer");
	bad = tm;
	bad.tm_mon = 12;
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, &bad), EINVAL, "month 12 is EINVAL");
	bad = tm;
	bad.tm_mon = 1;
	bad.tm_mday = 30;
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, &bad), EINVAL, "February 30 is EINVAL");
	bad = tm;
	bad.tm_hour = 24;
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, &bad), EINVAL, "hour 24 is EINVAL");
	bad = tm;
	bad.tm_year = 69;
	CHECK_ERR(ioctl(fd, RTC_SET_TIME, &bad), EINVAL, "1969 is EINVAL");
	bad = tm;
	bad.tm_sec = 60;
	CHECK_ERR(ioctl(fd, RTC_ALM_SET, &bad), EINVAL, "an alarm at second 60 is EINVAL");
	CHECK_ERR(ioctl(fd, _IOR('p', 0x99, int), &v), ENOTTY, "an unknown ioctl is ENOTTY");
	CHECK_ERR(ioctl(fd, RTC_EPOCH_READ, &v), ENOTTY, "RTC_EPOCH_READ is ENOTTY");
	CHECK_ERR(ioctl(fd, RTC_WIE_ON, 0), ENOTTY, "RTC_WIE_ON (a watchdog) is ENOTTY");
	struct rtc_param p = { 0 };
	CHECK(ioctl(fd, RTC_PARAM_GET, &p) == 0 && p.value == 0x11,
	      "RTC_PARAM_GET: features alarm and update interrupt");
	p.index = 1;
	CHECK_ERR(ioctl(fd, RTC_PARAM_GET, &p), EINVAL, "RTC_PARAM_GET: index 1 is EINVAL");
	p.index = 0;
	p.param = 2;
	CHECK_ERR(ioctl(fd, RTC_PARAM_GET, &p), EINVAL, "RTC_PARAM_GET: no backup switch");
	CHECK_ERR(ioctl(fd, RTC_PARAM_SET, &p), EINVAL, "RTC_PARAM_SET is EINVAL");
	CHECK_ERR(ioctl(fd, RTC_PARAM_GET, BAD), EFAULT, "RTC_PARAM_GET from a bad pointer");
	CHECK_ERR(read(fd, c, 2), EINVAL, "a read of 2 bytes is EINVAL");
	CHECK_ERR(ioctl(fd, RTC_IRQP_SET, 0), EINVAL, "RTC_IRQP_SET 0 is EINVAL");
	CHECK_ERR(ioctl(fd, RTC_IRQP_SET, 8193), EINVAL, "RTC_IRQP_SET 8193 is EINVAL");
	CHECK_OK(ioctl(fd, RTC_IRQP_SET, 2), "RTC_IRQP_SET 2");
	CHECK(ioctl(fd, RTC_IRQP_READ, &v) == 0 && v == 2, "RTC_IRQP_READ reads it back");
	fcntl(fd, F_SETFL, O_NONBLOCK);
	read(fd, &v, sizeof(v)); /* anything pending */
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN, "O_NONBLOCK with nothing pending: EAGAIN");
	fcntl(fd, F_SETFL, 0);
}

/* Set the RTC, read it back, then set it from the system clock again. */
static void test_set_time(int fd)
{
	struct tm tm = { .tm_year = 121, .tm_mon = 2, .tm_mday = 14, .tm_hour = 1,
			 .tm_min = 59, .tm_sec = 26 };
	time_t want = timegm(&tm), now;

	CHECK_OK(ioctl(fd, RTC_SET_TIME, &tm), "RTC_SET_TIME as root");
	now = rtc_now(fd);
	CHECK(now >= want && now <= want + 2, "the RTC reads what was set");
	CHECK(sys_epoch() >= want && sys_epoch() <= want + 2, "so does since_epoch");
	CHECK(labs((long)(time(NULL) - now)) > 1000, "the system clock stays as it was");
	now = time(NULL);
	gmtime_r(&now, &tm);
	CHECK_OK(ioctl(fd, RTC_SET_TIME, &tm), "RTC_SET_TIME back to the system time");
	CHECK(labs((long)(rtc_now(fd) - time(NULL))) <= 2, "the RTC reads the system time again");
}

static void test_alarm_set_read(int fd)
{
	struct rtc_wkalrm wk;
	struct tm tm, got;
	time_t now = rtc_now(fd), t = now + 3600, want;

	gmtime_r(&t, &tm);
	CHECK_OK(ioctl(fd, RTC_ALM_SET, &tm), "RTC_ALM_SET an hour ahead");
	memset(&got, 0x55, sizeof(got));
	CHECK_OK(ioctl(fd, RTC_ALM_READ, &got), "RTC_ALM_READ");
	CHECK(got.tm_hour == tm.tm_hour && got.tm_min == tm.tm_min && got.tm_sec == tm.tm_sec &&
	      timegm(&got) == t, "it reads back, the date the one an hour on");
	memset(&wk, 0x55, sizeof(wk));
	CHECK_OK(ioctl(fd, RTC_WKALM_RD, &wk), "RTC_WKALM_RD");
	CHECK(wk.enabled == 0 && wk.pending == 0, "RTC_ALM_SET leaves it disabled");
	t = now - 60;
	gmtime_r(&t, &tm);
	CHECK_OK(ioctl(fd, RTC_ALM_SET, &tm), "RTC_ALM_SET a minute ago");
	CHECK(ioctl(fd, RTC_ALM_READ, &got) == 0 && timegm(&got) == t + 86400,
	      "a time already past today is tomorrow's");
	want = now + 7200;
	rtc_of(want, &wk.time);
	wk.enabled = 1;
	CHECK_OK(ioctl(fd, RTC_WKALM_SET, &wk), "RTC_WKALM_SET two hours ahead, enabled");
	memset(&wk, 0x55, sizeof(wk));
	CHECK(ioctl(fd, RTC_WKALM_RD, &wk) == 0 && wk.enabled == 1 && wk_time(&wk) == want,
	      "RTC_WKALM_RD reads it enabled");
	gmtime_r(&want, &tm);
	CHECK(wk.time.tm_wday == tm.tm_wday && wk.time.tm_yday == tm.tm_yday + 1,
	      "with the weekday and day of the year (from 1, as Linux)");
	char buf[64], exp[64];
	snprintf(exp, sizeof(exp), "%ld\n", (long)want);
	CHECK(slurp(SYS "wakealarm", buf, sizeof(buf)) > 0 && !strcmp(buf, exp),
	      "wakealarm shows it");
	want = now + 2 * 86400;
	rtc_of(want, &wk.time);
	wk.enabled = 1;
#ifdef __x86_64__
	CHECK_ERR(ioctl(fd, RTC_WKALM_SET, &wk), EINVAL,
		  "the CMOS alarm has no day: two days ahead is EINVAL");
	CHECK(ioctl(fd, RTC_WKALM_RD, &wk) == 0 && wk.enabled == 0, "and leaves it off");
#else
	CHECK_OK(ioctl(fd, RTC_WKALM_SET, &wk), "the PL031 alarm two days ahead");
	wk.time.tm_year = 207;
	CHECK_ERR(ioctl(fd, RTC_WKALM_SET, &wk), ERANGE, "the PL031 alarm in 2107 is ERANGE");
#endif
	want = now + 7200;
	rtc_of(want, &wk.time);
	wk.enabled = 1;
	CHECK_OK(ioctl(fd, RTC_WKALM_SET, &wk), "RTC_WKALM_SET two hours ahead again");
	CHECK_ERR(put(SYS "wakealarm", "+100"), EBUSY, "wakealarm: another while enabled is EBUSY");
	CHECK_EQ(put(SYS "wakealarm", "+=100"), 5, "wakealarm: +=100 pushes it on");
	snprintf(exp, sizeof(exp), "%ld\n", (long)want + 100);
	CHECK(slurp(SYS "wakealarm", buf, sizeof(buf)) > 0 && !strcmp(buf, exp),
	      "by 100 s");
	CHECK_EQ(put(SYS "wakealarm", "0"), 1, "wakealarm: 0 disables it");
	CHECK(slurp(SYS "wakealarm", buf, sizeof(buf)) == 0, "wakealarm is empty then");
	CHECK_OK(ioctl(fd, RTC_WKALM_RD, &wk), "RTC_WKALM_RD");
	CHECK(wk.enabled == 0, "the alarm is off");
}

/* An interrupt word: what one read gets, and how long it took. */
static unsigned long rtc_wait(int fd, double *took)
{
	unsigned long v = 0;
	double t0 = mono();

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		v = 0;
	*took = mono() - t0;
	return v;
}

static void test_alarm_fires(int fd)
{
	struct rtc_wkalrm wk = { .enabled = 1 };
	struct pollfd p = { fd, POLLIN, 0 };
	time_t t = rtc_now(fd) + 2;
	double t0, took;
	unsigned long v;

	rtc_of(t, &wk.time);
	CHECK_OK(ioctl(fd, RTC_WKALM_SET, &wk), "an alarm 2 s ahead");
	CHECK_EQ(poll(&p, 1, 0), 0, "poll: nothing yet");
	t0 = mono();
	CHECK(poll(&p, 1, 6000) == 1 && p.revents == POLLIN, "poll wakes with POLLIN");
	took = mono() - t0;
	CHECK(took > 0.3 && took < 4.5, "when the alarm goes off");
	CHECK(rtc_now(fd) >= t, "at the alarm's time");
	CHECK_EQ(read(fd, &v, sizeof(v)), sizeof(v), "read gets an unsigned long");
	CHECK_EQ(v, 0x100 | RTC_IRQF | RTC_AF, "one interrupt, RTC_AF");
	CHECK(ioctl(fd, RTC_WKALM_RD, &wk) == 0 && wk.enabled == 0 && wk_time(&wk) == t,
	      "the alarm is off once it went off");

	t = rtc_now(fd) + 2;
	rtc_of(t, &wk.time);
	CHECK_OK(ioctl(fd, RTC_ALM_SET, &wk.time), "RTC_ALM_SET 2 s ahead");
	CHECK_OK(ioctl(fd, RTC_AIE_ON, 0), "RTC_AIE_ON");
	v = rtc_wait(fd, &took);
	CHECK_EQ(v, 0x100 | RTC_IRQF | RTC_AF, "a blocking read returns RTC_AF");
	CHECK(took > 0.3 && took < 4.5, "when the alarm goes off");
	CHECK_OK(ioctl(fd, RTC_AIE_OFF, 0), "RTC_AIE_OFF");

	t = rtc_now(fd) - 10;
	rtc_of(t, &wk.time);
	wk.enabled = 0;
	CHECK_OK(ioctl(fd, RTC_WKALM_SET, &wk), "a disabled alarm 10 s ago");
	CHECK_OK(ioctl(fd, RTC_AIE_ON, 0), "RTC_AIE_ON for it");
	v = rtc_wait(fd, &took);
	CHECK(v == (0x100 | RTC_IRQF | RTC_AF) && took < 1.5, "goes off at once");
	CHECK_OK(ioctl(fd, RTC_AIE_OFF, 0), "RTC_AIE_OFF");
}

static void test_update_and_periodic(int fd)
{
	unsigned int word = 0;
	unsigned long v;
	double t0, took;
	time_t before;

	CHECK_OK(ioctl(fd, RTC_UIE_ON, 0), "RTC_UIE_ON");
	before = rtc_now(fd);
	t0 = mono();
	CHECK_EQ(read(fd, &word, sizeof(word)), sizeof(word), "a 4-byte read gets an unsigned int");
	took = mono() - t0;
	CHECK_EQ(word & 0xff, RTC_IRQF | RTC_UF, "RTC_UF");
	CHECK(word >> 8 >= 1 && took < 2.5, "within a second");
	CHECK(rtc_now(fd) > before, "as the RTC's second changes");
	v = rtc_wait(fd, &took);
	CHECK((v & 0xff) == (RTC_IRQF | RTC_UF) && took > 0.3 && took < 2.5,
	      "and again a second later");
	CHECK_OK(ioctl(fd, RTC_UIE_OFF, 0), "RTC_UIE_OFF");
	CHECK_OK(ioctl(fd, RTC_IRQP_SET, 16), "RTC_IRQP_SET 16");
	CHECK_OK(ioctl(fd, RTC_PIE_ON, 0), "RTC_PIE_ON");
	v = rtc_wait(fd, &took);
	CHECK((v & 0xf0) == (RTC_IRQF | RTC_PF) && took < 1.5, "periodic interrupts: RTC_PF");
	CHECK_OK(ioctl(fd, RTC_PIE_OFF, 0), "RTC_PIE_OFF");
}

/* What an unprivileged process may not do (and may), on root's open file. */
static const char *const nobody_what[] = {
	"nobody: RTC_SET_TIME is EACCES",
	"nobody: RTC_IRQP_SET over 64 is EACCES",
	"nobody: RTC_IRQP_SET 32",
	"nobody: rtc0 is root's only",
	"nobody: settimeofday is EPERM",
	"nobody: clock_settime is EPERM",
	"nobody: wakealarm is root's",
	"nobody: RTC_PARAM_SET is EACCES",
};

static bool fails(long r, int err)
{
	return r != -1 || errno != err;
}

/* In a child as nobody: exit status, a bit per nobody_what that failed. */
static void unprivileged(int fd)
{
	struct timeval tv;
	struct timespec ts;
	struct tm tm;
	unsigned long v = 0;
	int bad = 0;

	if (setgid(65534) || setuid(65534))
		_exit(0x7f);
	ioctl(fd, RTC_RD_TIME, &tm);
	bad |= fails(ioctl(fd, RTC_SET_TIME, &tm), EACCES) << 0;
	bad |= fails(ioctl(fd, RTC_IRQP_SET, 128), EACCES) << 1;
	bad |= (ioctl(fd, RTC_IRQP_SET, 32) || ioctl(fd, RTC_IRQP_READ, &v) || v != 32) << 2;
	bad |= fails(open(NODE, O_RDONLY), EACCES) << 3;
	gettimeofday(&tv, NULL);
	bad |= fails(syscall(SYS_settimeofday, &tv, NULL), EPERM) << 4;
	clock_gettime(CLOCK_REALTIME, &ts);
	bad |= fails(clock_settime(CLOCK_REALTIME, &ts), EPERM) << 5;
	bad |= fails(put(SYS "wakealarm", "0"), EACCES) << 6;
	struct rtc_param p = { 0 };
	bad |= fails(ioctl(fd, RTC_PARAM_SET, &p), EACCES) << 7;
	_exit(bad);
}

static void test_unprivileged(int fd)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		unprivileged(fd);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0x7f, "become nobody in a child");
	for (unsigned i = 0; i < sizeof(nobody_what) / sizeof(*nobody_what); i++)
		CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & (1 << i)), nobody_what[i]);
}

/* What hwclock -s does: the timezone, then the time (here: the same).
 * Raw calls: musl's settimeofday is clock_settime and drops the zone. */
static void test_settime(void)
{
	struct timezone tz = { 0, 0 }, got = { 1, 1 };
	struct timeval tv;
	struct timespec ts;

	CHECK_OK(syscall(SYS_settimeofday, NULL, &tz), "settimeofday of the timezone");
	CHECK(syscall(SYS_gettimeofday, &tv, &got) == 0 && got.tz_minuteswest == 0 &&
	      got.tz_dsttime == 0, "gettimeofday reads it");
	gettimeofday(&tv, NULL);
	CHECK_OK(syscall(SYS_settimeofday, &tv, NULL), "settimeofday as root");
	CHECK(labs((long)(time(NULL) - tv.tv_sec)) <= 1, "the time is what was set");
	tv.tv_usec = 1000000;
	CHECK_ERR(syscall(SYS_settimeofday, &tv, NULL), EINVAL, "settimeofday: 10^6 microseconds is EINVAL");
	tz.tz_minuteswest = 16 * 60;
	CHECK_ERR(syscall(SYS_settimeofday, NULL, &tz), EINVAL,
		  "settimeofday: a timezone 16 hours off is EINVAL");
	CHECK_ERR(syscall(SYS_settimeofday, BAD, NULL), EFAULT, "settimeofday from a bad pointer");
	clock_gettime(CLOCK_REALTIME, &ts);
	CHECK_OK(clock_settime(CLOCK_REALTIME, &ts), "clock_settime(CLOCK_REALTIME)");
	CHECK_ERR(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL, "clock_settime(CLOCK_MONOTONIC)");
	ts.tv_nsec = 1000000000;
	CHECK_ERR(clock_settime(CLOCK_REALTIME, &ts), EINVAL, "clock_settime: 10^9 ns is EINVAL");
}

int main(void)
{
	int fd;

	check_begin("rtc");
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir(DEV, 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) || mount("sysfs", "/sys", "sysfs", 0, NULL) ||
	    mount("devtmpfs", DEV, "devtmpfs", 0, NULL)) {
		CHECK(0, "mount proc, sysfs and devtmpfs");
		return check_done();
	}
	test_node_and_files();
	fd = open(NODE, O_RDONLY);
	CHECK(fd >= 0, "open /dev/rtc0");
	if (fd >= 0) {
		test_read_and_errors(fd);
		test_set_time(fd);
		test_alarm_set_read(fd);
		test_alarm_fires(fd);
		test_update_and_periodic(fd);
		test_unprivileged(fd);
		close(fd);
	}
	test_settime();
	umount2(DEV, MNT_DETACH);
	umount2("/sys", MNT_DETACH);
	umount2("/proc", MNT_DETACH);
	rmdir(DEV);
	rmdir("/sys");
	rmdir("/proc");
	return check_done();
}
