// SPDX-License-Identifier: MIT
/*
 * rtc.c - the RTC core and /dev/rtc0, as Linux's drivers/rtc (class.c,
 * interface.c, dev.c) offer them to programs (hwclock, rtcwake):
 *
 *  - /dev/rtc0 (c 252 0: the major Linux's dynamic allocation gives the
 *    rtc class on q35 and virt), opened by one file at a time (EBUSY);
 *  - ioctls RTC_RD_TIME, RTC_SET_TIME (CAP_SYS_TIME, else EACCES),
 *    RTC_ALM_READ/SET (an alarm within 24 hours), RTC_WKALM_RD/SET,
 *    RTC_AIE_ON/OFF, RTC_UIE_ON/OFF, RTC_PIE_ON/OFF, RTC_IRQP_READ/SET,
 *    RTC_PARAM_GET of the features (RTC_PARAM_SET: EINVAL);
 *    anything else ENOTTY (RTC_EPOCH_* too: neither driver has an epoch);
 *  - read() of the interrupt word (count << 8 | RTC_IRQF | RTC_AF/UF/PF),
 *    blocking until there is one (EAGAIN with O_NONBLOCK), and poll.
 *
 * Alarm and update interrupts are Linux's "rtc timers": the alarm (aie)
 * and a 1-second periodic update timer (uie) share the hardware alarm,
 * which is set for the earliest of them; when it goes off (or when a
 * timer is set for a time already past) the expired ones fire.  Periodic
 * interrupts are a kernel timer, as Linux's hrtimer emulation.  The core
 * keeps the alarm time: RTC_ALM_READ reads it back, not the hardware.
 *
 * Locking: one CPU, and the kernel runs with interrupts off, so the
 * state below changes only between instructions of one path.
 */
#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/rtc.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"

#define RTC_IRQF 0x80
#define RTC_PF 0x40
#define RTC_AF 0x20
#define RTC_UF 0x10
#define RTC_MAX_FREQ 8192
#define RTC_DEFAULT_MAX_USER_FREQ 64

/* include/uapi/linux/rtc.h: _IO/_IOR/_IOW('p', n, ...) */
#define RTC_IOW(n, sz) (0x40000000u | ((unsigned)(sz) << 16) | 0x7000u | (n))
#define RTC_IOR(n, sz) (0x80000000u | ((unsigned)(sz) << 16) | 0x7000u | (n))
#define RTC_AIE_ON 0x7001u
#define RTC_AIE_OFF 0x7002u
#define RTC_UIE_ON 0x7003u
#define RTC_UIE_OFF 0x7004u
#define RTC_PIE_ON 0x7005u
#define RTC_PIE_OFF 0x7006u
#define RTC_ALM_SET RTC_IOW(0x07, sizeof(struct rtc_time))
#define RTC_ALM_READ RTC_IOR(0x08, sizeof(struct rtc_time))
#define RTC_RD_TIME RTC_IOR(0x09, sizeof(struct rtc_time))
#define RTC_SET_TIME RTC_IOW(0x0a, sizeof(struct rtc_time))
#define RTC_IRQP_READ RTC_IOR(0x0b, sizeof(unsigned long))
#define RTC_IRQP_SET RTC_IOW(0x0c, sizeof(unsigned long))
#define RTC_EPOCH_SET RTC_IOW(0x0e, sizeof(unsigned long))
#define RTC_WKALM_SET RTC_IOW(0x0f, sizeof(struct rtc_wkalrm))
#define RTC_WKALM_RD RTC_IOR(0x10, sizeof(struct rtc_wkalrm))
#define RTC_PARAM_GET RTC_IOW(0x13, sizeof(struct rtc_param))
#define RTC_PARAM_SET RTC_IOW(0x14, sizeof(struct rtc_param))

/* struct rtc_param; RTC_PARAM_FEATURES is the one both drivers answer. */
struct rtc_param {
	uint64_t param;
	uint64_t value;
	uint32_t index;
	uint32_t pad;
};
#define RTC_PARAM_FEATURES 0
#define RTC_FEATURE_ALARM (1u << 0)
#define RTC_FEATURE_UPDATE_INTERRUPT (1u << 4)

/* One of Linux's rtc timers: an expiry in RTC seconds. */
struct rtc_timer {
	int64_t expires;
	bool enabled;
	bool periodic;          /* every second (the update timer) */
};

static struct {
	const struct rtc_ops *ops;      /* [I] after rtc_register */
	struct rtc_timer aie, uie;
	bool busy;                      /* /dev/rtc0 is open */
	unsigned long irq_data;         /* what read() returns next; 0: none */
	struct waitq wq;                /* readers and pollers of irq_data */
	bool pie_on;
	unsigned long irq_freq, max_user_freq;
	struct ktimer pie_timer;
	uint64_t pie_expires;           /* monotonic ns */
	bool hctosys;                   /* the system time came from it */
	unsigned long wakeups;          /* alarms gone off (freeze waits) */
	struct waitq wake_wq;
} rtc = {
	.wq = WAITQ_INIT(rtc.wq),
	.wake_wq = WAITQ_INIT(rtc.wake_wq),
	.max_user_freq = RTC_DEFAULT_MAX_USER_FREQ,
};

const struct rtc_ops *rtc_device(void)
{
	return rtc.ops;
}

bool rtc_hctosys(void)
{
	return rtc.hctosys;
}

int rtc_read_time(struct rtc_time *tm)
{
	int err;

	if (!rtc.ops)
		return -ENODEV;
	memset(tm, 0, sizeof(*tm));
	err = rtc.ops->read_time(tm);
	return err ? err : rtc_valid_tm(tm);
}

static int rtc_now(int64_t *now)
{
	struct rtc_time tm;
	int err = rtc_read_time(&tm);

	if (!err)
		*now = rtc_tm_to_time64(&tm);
	return err;
}

/* Linux's rtc_handle_legacy_irq: count more interrupts of this kind. */
static void rtc_legacy_irq(unsigned long num, unsigned mode)
{
	rtc.irq_data = (rtc.irq_data + (num << 8)) | RTC_IRQF | mode;
	waitq_wake(&rtc.wq);
}

/* The earliest enabled timer, or NULL. */
static struct rtc_timer *rtc_next_timer(void)
{
	struct rtc_timer *t = rtc.aie.enabled ? &rtc.aie : NULL;

	if (rtc.uie.enabled && (!t || rtc.uie.expires < t->expires))
		t = &rtc.uie;
	return t;
}

/*
 * Fire the timers that have expired and set the hardware alarm for the
 * next one (Linux's rtc_timer_do_work); without one the alarm interrupt
 * is turned off.  0 or the driver's error in setting the alarm.
 */
static int rtc_run_timers(void)
{
	for (int tries = 0; tries < 4; tries++) {
		struct rtc_wkalrm a = { .enabled = 1 };
		struct rtc_timer *next;
		int64_t now;
		int err = rtc_now(&now);

		if (err)
			return err;
		if (rtc.aie.enabled && rtc.aie.expires <= now) {
			rtc.aie.enabled = false;
			rtc.wakeups++;
			waitq_wake(&rtc.wake_wq);
			rtc_legacy_irq(1, RTC_AF);
		}
		if (rtc.uie.enabled && rtc.uie.expires <= now) {
			rtc.uie.expires++;
			rtc_legacy_irq(1, RTC_UF);
		}
		next = rtc_next_timer();
		if (!next)
			return rtc.ops->alarm_irq_enable(false);
		if (next->expires <= now)
			continue;       /* Linux: -ETIME, go again */
		rtc_time64_to_tm(next->expires, &a.time);
		return rtc.ops->set_alarm(&a);
	}
	return -EIO;
}

void rtc_alarm_irq(void)
{
	if (rtc.ops)
		rtc_run_timers();
}

/* Turn timer t on or off; an alarm the hardware refuses stays off. */
static int rtc_timer_enable(struct rtc_timer *t, bool on)
{
	int err;

	t->enabled = on;
	err = rtc_run_timers();
	if (err && on) {
		t->enabled = false;
		rtc_run_timers();
	}
	return err;
}

int rtc_read_alarm(struct rtc_wkalrm *a)
{
	if (!rtc.ops)
		return -ENODEV;
	memset(a, 0, sizeof(*a));
	a->enabled = rtc.aie.enabled;
	rtc_time64_to_tm(rtc.aie.expires, &a->time);
	return 0;
}

static int rtc_valid_range(const struct rtc_time *tm)
{
	int64_t t = rtc_tm_to_time64(tm);

	return rtc.ops->range_max && t > rtc.ops->range_max ? -ERANGE : 0;
}

int rtc_set_alarm(struct rtc_wkalrm *a)
{
	int err;

	if (!rtc.ops)
		return -ENODEV;
	err = rtc_valid_tm(&a->time);
	if (!err)
		err = rtc_valid_range(&a->time);
	if (err)
		return err;
	rtc.aie.enabled = false;
	rtc.aie.expires = rtc_tm_to_time64(&a->time);
	return a->enabled ? rtc_timer_enable(&rtc.aie, true) : rtc_run_timers();
}

static int rtc_update_irq_enable(bool on)
{
	int64_t now;
	int err;

	if (rtc.uie.enabled == on)
		return 0;
	if (on) {
		err = rtc_now(&now);
		if (err)
			return err;
		rtc.uie.expires = now + 1;
		rtc.uie.periodic = true;
	}
	return rtc_timer_enable(&rtc.uie, on);
}

static int rtc_set_time(struct rtc_time *tm)
{
	bool uie = rtc.uie.enabled;
	int err = rtc_valid_tm(tm);

	if (!err)
		err = rtc_valid_range(tm);
	if (err)
		return err;
	if (uie)
		rtc_update_irq_enable(false);
	err = rtc.ops->set_time(tm);
	rtc_run_timers();       /* a timer might have just expired */
	if (uie) {
		int e = rtc_update_irq_enable(true);
		if (!err)
			err = e;
	}
	return err;
}

/* ---- periodic interrupts: a kernel timer at irq_freq -------------------- */

static uint64_t rtc_pie_period(void)
{
	return NSEC_PER_SEC / rtc.irq_freq;
}

static void rtc_pie_fire(struct ktimer *t)
{
	uint64_t skipped = timer_forward(&rtc.pie_expires, rtc_pie_period(),
					 time_monotonic_ns());

	rtc_legacy_irq((unsigned long)skipped + 1, RTC_PF);
	timer_add(t, rtc.pie_expires);
}

static void rtc_pie_set(bool on)
{
	rtc.pie_on = on;
	timer_cancel(&rtc.pie_timer);
	if (on) {
		rtc.pie_expires = time_monotonic_ns() + rtc_pie_period();
		timer_add(&rtc.pie_timer, rtc.pie_expires);
	}
}

static int rtc_irq_set_freq(unsigned long freq)
{
	if (!freq || freq > RTC_MAX_FREQ)
		return -EINVAL;
	rtc.irq_freq = freq;
	if (rtc.pie_on)
		rtc_pie_set(true);
	return 0;
}

unsigned long rtc_max_user_freq(void)
{
	return rtc.max_user_freq;
}

int rtc_set_max_user_freq(unsigned long f)
{
	if (!f || f >= 4096)
		return -EINVAL;
	rtc.max_user_freq = f;
	return 0;
}

void rtc_proc_state(bool *uie, bool *pie, unsigned long *freq)
{
	*uie = rtc.uie.enabled;
	*pie = rtc.pie_on;
	*freq = rtc.irq_freq;
}

int rtc_sleep_until_wakeup(void)
{
	unsigned long seen = rtc.wakeups;

	if (!rtc.ops)
		return -EINVAL;
	while (rtc.wakeups == seen) {
		int err = waitq_sleep(&rtc.wake_wq);
		if (err)
			return err;
	}
	return 0;
}

/* ---- /dev/rtc0 --------------------------------------------------------- */

static int rtcdev_open(struct file *f __unused)
{
	if (rtc.busy)
		return -EBUSY;
	rtc.busy = true;
	rtc.irq_data = 0;
	return 0;
}

/* As Linux: update and periodic interrupts end with the file; the alarm
 * stays (it is what rtcwake and the wakealarm file leave set). */
static void rtcdev_release(struct file *f __unused)
{
	rtc_update_irq_enable(false);
	rtc_pie_set(false);
	rtc.busy = false;
}

static ssize_t rtcdev_read(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	unsigned long data;
	unsigned int word;

	if (n != sizeof(unsigned int) && n < sizeof(unsigned long))
		return -EINVAL;
	while (!rtc.irq_data) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = waitq_sleep(&rtc.wq);
		if (err)
			return err;
	}
	data = rtc.irq_data;
	rtc.irq_data = 0;
	if (n == sizeof(unsigned int)) {
		word = (unsigned int)data;
		return iobuf_copy_out(b, 0, &word, sizeof(word)) ? -EFAULT : (ssize_t)sizeof(word);
	}
	return iobuf_copy_out(b, 0, &data, sizeof(data)) ? -EFAULT : (ssize_t)sizeof(data);
}

static unsigned rtcdev_poll(struct file *f __unused, struct poll_table *pt)
{
	poll_wait(pt, &rtc.wq);
	return rtc.irq_data ? POLLIN | POLLRDNORM : 0;
}

/* Linux's check before the ioctl: 0 or -EACCES. */
static int rtcdev_may(unsigned cmd, unsigned long arg)
{
	switch (cmd) {
	case RTC_EPOCH_SET:
	case RTC_SET_TIME:
	case RTC_PARAM_SET:
		return cred_privileged() ? 0 : -EACCES;
	case RTC_IRQP_SET:
		return arg > rtc.max_user_freq && !cred_privileged() ? -EACCES : 0;
	case RTC_PIE_ON:
		return rtc.irq_freq > rtc.max_user_freq && !cred_privileged() ? -EACCES : 0;
	}
	return 0;
}

static void rtc_take_date(struct rtc_time *tm, const struct rtc_time *from)
{
	tm->tm_mday = from->tm_mday;
	tm->tm_mon = from->tm_mon;
	tm->tm_year = from->tm_year;
}

/*
 * RTC_ALM_SET: a time of day within the next 24 hours, the date taken
 * from the RTC's (tomorrow's when the time has passed today); disabled
 * until RTC_AIE_ON.
 */
static int rtcdev_alm_set(void __user *u)
{
	struct rtc_wkalrm a = { .enabled = 0 };
	struct rtc_time now;
	int err;

	if (copy_from_user(&a.time, u, sizeof(a.time)))
		return -EFAULT;
	err = rtc_read_time(&now);
	if (err)
		return err;
	rtc_take_date(&a.time, &now);
	err = rtc_valid_tm(&a.time);
	if (err)
		return err;
	if (rtc_tm_to_time64(&a.time) < rtc_tm_to_time64(&now)) {
		rtc_time64_to_tm(rtc_tm_to_time64(&now) + 86400, &now);
		rtc_take_date(&a.time, &now);
	}
	return rtc_set_alarm(&a);
}

static long rtcdev_get(unsigned cmd, void __user *u)
{
	struct rtc_wkalrm a;
	struct rtc_time tm;
	int err;

	if (cmd == RTC_RD_TIME) {
		err = rtc_read_time(&tm);
		return err ? err : copy_to_user(u, &tm, sizeof(tm)) ? -EFAULT : 0;
	}
	err = rtc_read_alarm(&a);
	if (err)
		return err;
	if (cmd == RTC_ALM_READ)
		return copy_to_user(u, &a.time, sizeof(a.time)) ? -EFAULT : 0;
	return copy_to_user(u, &a, sizeof(a)) ? -EFAULT : 0;
}

/* The features bitmap (index 0) is all there is: neither driver has an
 * offset or a backup switch to get, and nothing can be set (EINVAL). */
static long rtcdev_param(unsigned cmd, void __user *u)
{
	struct rtc_param p;

	if (copy_from_user(&p, u, sizeof(p)))
		return -EFAULT;
	if (cmd == RTC_PARAM_SET || p.param != RTC_PARAM_FEATURES || p.index)
		return -EINVAL;
	p.value = RTC_FEATURE_ALARM | RTC_FEATURE_UPDATE_INTERRUPT;
	return copy_to_user(u, &p, sizeof(p)) ? -EFAULT : 0;
}

static long rtcdev_ioctl(struct file *f __unused, unsigned int cmd, unsigned long arg)
{
	void __user *u = (void __user *)arg;
	struct rtc_wkalrm a;
	int err = rtcdev_may(cmd, arg);

	if (err)
		return err;
	switch (cmd) {
	case RTC_RD_TIME:
	case RTC_ALM_READ:
	case RTC_WKALM_RD:
		return rtcdev_get(cmd, u);
	case RTC_SET_TIME:
		if (copy_from_user(&a.time, u, sizeof(a.time)))
			return -EFAULT;
		return rtc_set_time(&a.time);
	case RTC_ALM_SET:
		return rtcdev_alm_set(u);
	case RTC_WKALM_SET:
		if (copy_from_user(&a, u, sizeof(a)))
			return -EFAULT;
		return rtc_set_alarm(&a);
	case RTC_AIE_ON:
	case RTC_AIE_OFF:
		return rtc_timer_enable(&rtc.aie, cmd == RTC_AIE_ON);
	case RTC_UIE_ON:
	case RTC_UIE_OFF:
		return rtc_update_irq_enable(cmd == RTC_UIE_ON);
	case RTC_PIE_ON:
	case RTC_PIE_OFF:
		rtc_pie_set(cmd == RTC_PIE_ON);
		return 0;
	case RTC_IRQP_READ:
		return copy_to_user(u, &rtc.irq_freq, sizeof(rtc.irq_freq)) ? -EFAULT : 0;
	case RTC_IRQP_SET:
		return rtc_irq_set_freq(arg);
	case RTC_PARAM_GET:
	case RTC_PARAM_SET:
		return rtcdev_param(cmd, u);
	}
	return -ENOTTY;
}

static const struct file_ops rtcdev_fops = {
	.open = rtcdev_open,
	.release = rtcdev_release,
	.read = rtcdev_read,
	.poll = rtcdev_poll,
	.ioctl = rtcdev_ioctl,
};

/*
 * Linux's rtc_initialize_alarm: the alarm the hardware holds, its missing
 * date fields taken from now (tomorrow when that is past), becomes the
 * core's; enabled only when in the future.
 */
static void rtc_initial_alarm(void)
{
	struct rtc_wkalrm a;
	struct rtc_time now;
	int64_t t;

	if (rtc_read_time(&now) || rtc.ops->read_alarm(&a))
		return;
	bool no_date = a.time.tm_mday < 0 || a.time.tm_mon < 0 || a.time.tm_year < 0;
	if (a.time.tm_mday < 0)
		a.time.tm_mday = now.tm_mday;
	if (a.time.tm_mon < 0)
		a.time.tm_mon = now.tm_mon;
	if (a.time.tm_year < 0)
		a.time.tm_year = now.tm_year;
	if (rtc_valid_tm(&a.time))
		return;
	t = rtc_tm_to_time64(&a.time);
	if (no_date && t < rtc_tm_to_time64(&now))
		t += 86400;
	rtc.aie.expires = t;
	rtc.aie.enabled = a.enabled && t > rtc_tm_to_time64(&now);
	rtc_run_timers();
}

void rtc_register(const struct rtc_ops *ops)
{
	struct rtc_time tm;

	if (rtc.ops)
		return;
	rtc.ops = ops;
	rtc.irq_freq = ops->irq_freq;
	rtc.pie_timer.fn = rtc_pie_fire;
	/* time_init read this clock for the system time (Linux: hctosys). */
	rtc.hctosys = !rtc_read_time(&tm);
	rtc_initial_alarm();
	chardev_register(RTC_MAJOR, 0, &rtcdev_fops);
	devfs_add("rtc0", S_IFCHR | 0600, RTC_MAJOR, 0);
	printk("rtc0: %s registered as rtc0 (%s)\n", ops->name,
	       rtc.hctosys ? "the system clock was set from it" : "unreadable");
}
