/* SPDX-License-Identifier: MIT */
/*
 * kernel/rtc.h - the real-time clock core (kernel/rtc.c, rtc_lib.c) and
 * what an RTC driver (arch/<arch>/rtc.c: the CMOS MC146818 on x86_64, the
 * PL031 on aarch64) gives it.  The core offers /dev/rtc0 with Linux's
 * ioctls (include/uapi/linux/rtc.h), read and poll of the interrupt word,
 * /sys/class/rtc/rtc0 and /proc/driver/rtc.  Times are UTC seconds since
 * 1970 (time64) or struct rtc_time, the uapi layout.
 */
#ifndef KERNEL_RTC_H
#define KERNEL_RTC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* struct rtc_time and struct rtc_wkalrm of <linux/rtc.h>: user ABI. */
struct rtc_time {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
	int tm_wday, tm_yday, tm_isdst;
};

struct rtc_wkalrm {
	unsigned char enabled, pending;
	struct rtc_time time;
};

/*
 * One RTC.  Every function is called with interrupts off (one CPU) and
 * returns 0 or -errno.  The names are Linux's, for sysfs and the boot log.
 */
struct rtc_ops {
	const char *name;       /* /sys/class/rtc/rtc0/name: "rtc_cmos 00:04" */
	const char *bus;        /* its parent is /sys/devices/<bus>/<dev> */
	const char *dev;
	unsigned long irq_freq; /* RTC_IRQP_READ before any RTC_IRQP_SET */
	int64_t range_max;      /* the latest time it holds; 0: no limit */
	int (*read_time)(struct rtc_time *tm);
	int (*set_time)(const struct rtc_time *tm);
	/* The alarm the hardware holds (at registration); fields it cannot
	 * hold are -1. */
	int (*read_alarm)(struct rtc_wkalrm *a);
	/* Program the alarm and its interrupt (a->enabled). */
	int (*set_alarm)(const struct rtc_wkalrm *a);
	int (*alarm_irq_enable)(bool on);
	/* Optional: the driver's own lines of /proc/driver/rtc into buf. */
	void (*proc)(char *buf, size_t size);
};

/* Make ops the system's RTC, /dev/rtc0 (the first one registered). */
void rtc_register(const struct rtc_ops *ops);
/* From the driver's interrupt handler: the alarm went off. */
void rtc_alarm_irq(void);

/* ---- rtc_lib.c: calendar arithmetic, as Linux's lib ------------------- */

/* Days from 1970-01-01 to year-mon-mday (mon 1-12; proleptic Gregorian). */
int64_t rtc_days_from_civil(int64_t year, unsigned mon, unsigned mday);
int64_t rtc_tm_to_time64(const struct rtc_time *tm);
/* All fields, tm_yday counted from 1 as Linux's rtc_time64_to_tm does. */
void rtc_time64_to_tm(int64_t t, struct rtc_time *tm);
/* Linux's rtc_valid_tm: 0 or -EINVAL. */
int rtc_valid_tm(const struct rtc_time *tm);
unsigned rtc_bcd2bin(uint8_t v);
uint8_t rtc_bin2bcd(unsigned v);

/* ---- for /sys/class/rtc and /proc/driver/rtc (fs/sysfs_rtc.c) --------- */

#define RTC_MAJOR 252           /* what Linux's dynamic rtc major is here */

const struct rtc_ops *rtc_device(void);        /* NULL: no RTC */
int rtc_read_time(struct rtc_time *tm);
int rtc_read_alarm(struct rtc_wkalrm *a);
int rtc_set_alarm(struct rtc_wkalrm *a);
bool rtc_hctosys(void);
unsigned long rtc_max_user_freq(void);
int rtc_set_max_user_freq(unsigned long f);
/* The core's lines of /proc/driver/rtc after the times. */
void rtc_proc_state(bool *uie, bool *pie, unsigned long *freq);
/* Suspend-to-idle (/sys/power/state "freeze"): sleep until the RTC's
 * alarm goes off; -ERESTARTSYS on a signal. */
int rtc_sleep_until_wakeup(void);

#endif
