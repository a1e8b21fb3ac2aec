// SPDX-License-Identifier: MIT
/*
 * rtc_none.c - the RTC core (kernel/rtc.c) as the host unit tests that
 * link sysfs see it: no RTC, so its sysfs and procfs files are not there.
 */
#include "kernel/kernel.h"
#include "kernel/rtc.h"

const struct rtc_ops *rtc_device(void) { return NULL; }
int rtc_read_time(struct rtc_time *tm) { (void)tm; return -ENODEV; }
int rtc_read_alarm(struct rtc_wkalrm *a) { (void)a; return -ENODEV; }
int rtc_set_alarm(struct rtc_wkalrm *a) { (void)a; return -ENODEV; }
bool rtc_hctosys(void) { return false; }
unsigned long rtc_max_user_freq(void) { return 64; }
int rtc_set_max_user_freq(unsigned long f) { (void)f; return -ENODEV; }
void rtc_proc_state(bool *uie, bool *pie, unsigned long *freq)
{
	*uie = *pie = false;
	*freq = 1;
}
int rtc_sleep_until_wakeup(void) { return -EINVAL; }
