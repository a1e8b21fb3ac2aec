// SPDX-License-Identifier: MIT
/*
 * rtc.c - the Arm PL031 real-time clock (Arm DDI 0224) that QEMU's virt
 * board describes in its device tree ("arm,pl031"), as the system RTC,
 * Linux's rtc-pl031: a 32-bit count of seconds since 1970 (RTCDR, set
 * through RTCLR), a match register (RTCMR) whose interrupt (RTCIMSC mask,
 * RTCRIS/RTCMIS status, RTCICR clear) is the alarm, on the SPI the device
 * tree gives, through the GIC.  rtc_init maps it early, for the wall
 * clock at boot (arch_rtc_read_ns); rtc_pl031_init makes it /dev/rtc0.
 */
#include "kernel/kernel.h"
#include "kernel/rtc.h"
#include "kernel/time.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define RTCDR 0x00
#define RTCMR 0x04
#define RTCLR 0x08
#define RTCCR 0x0c
#define RTCIMSC 0x10
#define RTCRIS 0x14
#define RTCMIS 0x18
#define RTCICR 0x1c
#define RTC_BIT_AI 1u           /* the match (alarm) interrupt */
#define RTCCR_START 1u

static volatile uint8_t *rtc;   /* [I] after rtc_init; NULL: none */
static unsigned rtc_intid;      /* [I] */
static char rtc_devname[32];    /* [I] "9010000.pl031" */
static char rtc_name[48];       /* [I] "rtc-pl031 9010000.pl031" */

static uint32_t pl031_read(unsigned reg)
{
	return mmio_read32(rtc + reg);
}

static void pl031_write(unsigned reg, uint32_t v)
{
	mmio_write32(rtc + reg, v);
}

static int pl031_read_time(struct rtc_time *tm)
{
	rtc_time64_to_tm(pl031_read(RTCDR), tm);
	return 0;
}

static int pl031_set_time(const struct rtc_time *tm)
{
	pl031_write(RTCLR, (uint32_t)rtc_tm_to_time64(tm));
	return 0;
}

static int pl031_read_alarm(struct rtc_wkalrm *a)
{
	rtc_time64_to_tm(pl031_read(RTCMR), &a->time);
	a->enabled = pl031_read(RTCIMSC) & RTC_BIT_AI;
	a->pending = pl031_read(RTCRIS) & RTC_BIT_AI;
	return 0;
}

static int pl031_alarm_irq_enable(bool on)
{
	uint32_t imsc = pl031_read(RTCIMSC);

	pl031_write(RTCIMSC, on ? imsc | RTC_BIT_AI : imsc & ~RTC_BIT_AI);
	return 0;
}

static int pl031_set_alarm(const struct rtc_wkalrm *a)
{
	pl031_write(RTCMR, (uint32_t)rtc_tm_to_time64(&a->time));
	pl031_write(RTCICR, RTC_BIT_AI);
	return pl031_alarm_irq_enable(a->enabled);
}

/* A level interrupt: clear the match before the core looks at the time. */
static void pl031_irq(void)
{
	if (!(pl031_read(RTCMIS) & RTC_BIT_AI))
		return;
	pl031_write(RTCICR, RTC_BIT_AI);
	rtc_alarm_irq();
}

static struct rtc_ops pl031_ops = {
	.name = rtc_name,
	.bus = "platform",
	.dev = rtc_devname,
	.irq_freq = 1,
	.range_max = 0xffffffffLL,
	.read_time = pl031_read_time,
	.set_time = pl031_set_time,
	.read_alarm = pl031_read_alarm,
	.set_alarm = pl031_set_alarm,
	.alarm_irq_enable = pl031_alarm_irq_enable,
};

void rtc_init(void)
{
	int node = dt_find_compatible("arm,pl031", -1);
	uint64_t pa, size;

	if (node < 0 || !dt_node_ok(node) || !dt_reg(node, 0, &pa, &size) || size < 0x20) {
		printk("rtc: no PL031 in the device tree; the clock starts at 1970\n");
		return;
	}
	rtc = mmu_ioremap(pa, size);
	snprintf(rtc_devname, sizeof(rtc_devname), "%lx.pl031", (unsigned long)pa);
	snprintf(rtc_name, sizeof(rtc_name), "rtc-pl031 %s", rtc_devname);
	if (!dt_irq(node, 0, &rtc_intid))
		rtc_intid = 0;
}

/* RTCDR: seconds since the epoch. */
uint64_t arch_rtc_read_ns(void)
{
	return rtc ? (uint64_t)pl031_read(RTCDR) * NSEC_PER_SEC : 0;
}

void rtc_pl031_init(void)
{
	if (!rtc)
		return;
	if (!(pl031_read(RTCCR) & RTCCR_START))
		pl031_write(RTCCR, RTCCR_START);
	pl031_write(RTCIMSC, pl031_read(RTCIMSC) & ~RTC_BIT_AI);
	pl031_write(RTCICR, RTC_BIT_AI);
	if (rtc_intid)
		irq_register(rtc_intid, true, pl031_irq);
	else
		printk("rtc-pl031: no interrupt in the device tree; no alarms\n");
	rtc_register(&pl031_ops);
}
