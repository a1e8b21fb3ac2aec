// SPDX-License-Identifier: MIT
/*
 * sysfs_rtc.c - the RTC's files (kernel/rtc.h), in Linux's places and
 * formats (drivers/rtc/sysfs.c, proc.c; Documentation/ABI/testing/
 * sysfs-class-rtc):
 *
 *   /sys/class/rtc/rtc0 -> ../../devices/<bus>/<dev>/rtc/rtc0, holding
 *	name date time since_epoch hctosys max_user_freq (rw) wakealarm (rw)
 *	dev uevent, and the links device and subsystem;
 *   /sys/devices/<bus>/<dev>/power/wakeup "enabled" (rtcwake checks it);
 *   /sys/power/state: "freeze" (suspend to idle: wait for the RTC alarm);
 *   /proc/driver/rtc.
 *
 * <bus>/<dev> are the names Linux gives the RTC's parent device
 * ("pnp0/00:04" on q35, "platform/9010000.pl031" on virt).
 */
#include "fs/pseudofs_internal.h"
#include "kernel/rtc.h"

#define SYSFS_FILE_SIZE 4096
#define RTC_CTX 1               /* the one RTC's context in dynamic dirs */

static bool rtc_present(long ctx __unused)
{
	return rtc_device() != NULL;
}

static void seq_date(struct seqbuf *m, const struct rtc_time *tm)
{
	seq_printf(m, "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
}

static void seq_clock(struct seqbuf *m, const struct rtc_time *tm)
{
	seq_printf(m, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
}

static int show_name(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s\n", rtc_device()->name);
	return 0;
}

#define RTC_TIME_ATTR(attr, body)                                       \
	static int show_##attr(struct seqbuf *m, long ctx __unused)    \
	{                                                               \
		struct rtc_time tm;                                     \
		int err = rtc_read_time(&tm);                           \
		if (err)                                                \
			return err;                                     \
		body;                                                   \
		seq_puts(m, "\n");                                      \
		return 0;                                               \
	}
RTC_TIME_ATTR(date, seq_date(m, &tm))
RTC_TIME_ATTR(time, seq_clock(m, &tm))
RTC_TIME_ATTR(since_epoch, seq_printf(m, "%lld", (long long)rtc_tm_to_time64(&tm)))

static int show_hctosys(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%d\n", rtc_hctosys());
	return 0;
}

static int show_max_user_freq(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%lu\n", rtc_max_user_freq());
	return 0;
}

static int show_dev(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%d:0\n", RTC_MAJOR);
	return 0;
}

static int show_uevent(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "MAJOR=%d\nMINOR=0\nDEVNAME=rtc0\n", RTC_MAJOR);
	return 0;
}

/* The alarm's time while it is enabled; empty when not. */
static int show_wakealarm(struct seqbuf *m, long ctx __unused)
{
	struct rtc_wkalrm a;
	int err = rtc_read_alarm(&a);

	if (!err && a.enabled)
		seq_printf(m, "%lld\n", (long long)rtc_tm_to_time64(&a.time));
	return err;
}

/* kstrtos64 with base 0: sign, 0x/0 prefixes, one trailing newline. */
static int parse_s64(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	unsigned base = 10;
	uint64_t v = 0;

	s += neg || *s == '+';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] && s[1] != '\n') {
		base = 8;
	}
	if (!*s || *s == '\n')
		return -EINVAL;
	for (; *s && *s != '\n'; s++) {
		unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0') :
			     (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (unsigned)((*s | 0x20) - 'a' + 10) : 99;
		if (d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (*s == '\n' && s[1])
		return -EINVAL;
	if (v > (uint64_t)INT64_MAX + neg)
		return -ERANGE;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/*
 * As Linux: a time after now sets and enables the alarm (EBUSY while one
 * is enabled); "+N" is now plus N; "+=N" pushes an enabled alarm N
 * seconds on; anything else (0) disables it, leaving a time 5 minutes on.
 */
static int store_wakealarm(long ctx __unused, const char *buf, size_t len __unused)
{
	struct rtc_wkalrm a;
	int64_t now, alarm;
	bool push = false, adjust = false;
	int err = rtc_read_time(&a.time);

	if (err)
		return err;
	now = rtc_tm_to_time64(&a.time);
	while (*buf == ' ' || (*buf >= '\t' && *buf <= '\r'))
		buf++;
	if (*buf == '+') {
		push = buf[1] == '=';
		adjust = !push;
		buf += push ? 2 : 1;
	}
	err = parse_s64(buf, &alarm);
	if (err)
		return err;
	if (adjust)
		alarm += now;
	if (alarm > now || push) {
		err = rtc_read_alarm(&a);
		if (err)
			return err;
		if (a.enabled && !push)
			return -EBUSY;
		if (!a.enabled && push)
			return -EINVAL;
		if (push)
			alarm += rtc_tm_to_time64(&a.time);
		a.enabled = 1;
	} else {
		a.enabled = 0;
		alarm = now + 300;
	}
	rtc_time64_to_tm(alarm, &a.time);
	return rtc_set_alarm(&a);
}

static int store_max_user_freq(long ctx __unused, const char *buf, size_t len __unused)
{
	int64_t v;
	int err = *buf == '-' ? -EINVAL : parse_s64(buf, &v);

	return err ? err : rtc_set_max_user_freq((unsigned long)v);
}

static int link_class_rtc0(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "../../devices/%s/%s/rtc/rtc0", rtc_device()->bus, rtc_device()->dev);
	return 0;
}

static int link_device(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "../../../%s", rtc_device()->dev);
	return 0;
}

static int link_subsystem(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "../../../../../class/rtc");
	return 0;
}

static int show_wakeup(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "enabled\n");
	return 0;
}

#define RO(n) { .name = #n, .mode = S_IFREG | 0444, .size = SYSFS_FILE_SIZE, .show = show_##n }
#define RW(n) { .name = #n, .mode = S_IFREG | 0644, .size = SYSFS_FILE_SIZE, \
		 .show = show_##n, .store = store_##n }
#define LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }
#define DIR(n, c) { .name = n, .mode = S_IFDIR | 0755, .children = c }

static const struct pseudo_entry rtc0_entries[] = {
	RO(date), RO(dev), LINK("device", link_device), RO(hctosys), RW(max_user_freq),
	RO(name), RO(since_epoch), LINK("subsystem", link_subsystem), RO(time),
	RO(uevent), RW(wakealarm),
	{ .name = NULL },
};
static const struct pseudo_entry rtc_dir_entries[] = {
	DIR("rtc0", rtc0_entries), { .name = NULL },
};
static const struct pseudo_entry power_entries[] = {
	{ .name = "wakeup", .mode = S_IFREG | 0644, .size = SYSFS_FILE_SIZE,
	  .show = show_wakeup },
	{ .name = NULL },
};
static const struct pseudo_entry parent_entries[] = {
	DIR("power", power_entries), DIR("rtc", rtc_dir_entries), { .name = NULL },
};

const struct pseudo_entry sysfs_rtc_class[] = {
	{ .name = "rtc0", .mode = S_IFLNK | 0777, .valid = rtc_present,
	  .link = link_class_rtc0 },
	{ .name = NULL },
};

/* ---- /sys/devices/<bus>/<dev>: one name each, from the driver ---------- */

static int one_lookup(const char *want, const char *name, size_t len, long *ctx)
{
	if (!want || strlen(want) != len || memcmp(want, name, len))
		return -ENOENT;
	*ctx = RTC_CTX;
	return 0;
}

static bool one_next(const char *have, long *ctx, char *name, size_t size)
{
	if (!have || *ctx > RTC_CTX)
		return false;
	*ctx = RTC_CTX;
	strlcpy(name, have, size);
	return true;
}

static const char *rtc_bus(void)
{
	return rtc_device() ? rtc_device()->bus : NULL;
}

static const char *rtc_dev(void)
{
	return rtc_device() ? rtc_device()->dev : NULL;
}

static int dev_lookup(long dir __unused, const char *name, size_t len, long *ctx)
{
	return one_lookup(rtc_dev(), name, len, ctx);
}

static bool dev_next(long dir __unused, long *ctx, char *name, size_t size)
{
	return one_next(rtc_dev(), ctx, name, size);
}

static int bus_lookup(long dir __unused, const char *name, size_t len, long *ctx)
{
	return one_lookup(rtc_bus(), name, len, ctx);
}

static bool bus_next(long dir __unused, long *ctx, char *name, size_t size)
{
	return one_next(rtc_bus(), ctx, name, size);
}

static const struct pseudo_entry parent_dir = {
	.name = "", .mode = S_IFDIR | 0755, .valid = rtc_present, .children = parent_entries,
};
static const struct pseudo_dyn dev_dyn = {
	.lookup = dev_lookup, .next = dev_next, .entry = &parent_dir,
};
static const struct pseudo_entry bus_dir = {
	.name = "", .mode = S_IFDIR | 0755, .valid = rtc_present, .dyn = &dev_dyn,
};
const struct pseudo_dyn sysfs_rtc_bus = {
	.lookup = bus_lookup, .next = bus_next, .entry = &bus_dir,
};

/* ---- /sys/power/state ---------------------------------------------------- */

static int show_state(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "freeze\n");
	return 0;
}

/* Linux's state_store: the name up to a newline; unknown ones EINVAL. */
static int store_state(long ctx __unused, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	if (nl)
		len = (size_t)(nl - buf);
	if (len != 6 || memcmp(buf, "freeze", 6))
		return -EINVAL;
	return rtc_sleep_until_wakeup();
}

const struct pseudo_entry sysfs_power_entries[] = {
	RW(state), { .name = NULL },
};

/* ---- /proc/driver/rtc (drivers/rtc/proc.c) ----------------------------- */

static int show_proc_rtc(struct seqbuf *m, long ctx __unused)
{
	const struct rtc_ops *ops = rtc_device();
	struct rtc_wkalrm a;
	struct rtc_time tm;
	unsigned long freq;
	bool uie, pie;
	char extra[512];

	if (!rtc_read_time(&tm)) {
		seq_puts(m, "rtc_time\t: ");
		seq_clock(m, &tm);
		seq_puts(m, "\nrtc_date\t: ");
		seq_date(m, &tm);
		seq_puts(m, "\n");
	}
	if (!rtc_read_alarm(&a)) {
		rtc_proc_state(&uie, &pie, &freq);
		seq_puts(m, "alrm_time\t: ");
		seq_clock(m, &a.time);
		seq_puts(m, "\nalrm_date\t: ");
		seq_date(m, &a.time);
		seq_printf(m, "\nalarm_IRQ\t: %s\nalrm_pending\t: no\n", a.enabled ? "yes" : "no");
		seq_printf(m, "update IRQ enabled\t: %s\nperiodic IRQ enabled\t: %s\n",
			   uie ? "yes" : "no", pie ? "yes" : "no");
		seq_printf(m, "periodic IRQ frequency\t: %lu\nmax user IRQ frequency\t: %lu\n",
			   freq, rtc_max_user_freq());
	}
	seq_puts(m, "24hr\t\t: yes\n");
	if (ops->proc) {
		ops->proc(extra, sizeof(extra));
		seq_puts(m, extra);
	}
	return 0;
}

const struct pseudo_entry procfs_driver_entries[] = {
	{ .name = "rtc", .mode = S_IFREG | 0444, .valid = rtc_present, .show = show_proc_rtc },
	{ .name = NULL },
};
