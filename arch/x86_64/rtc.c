// SPDX-License-Identifier: MIT
/*
 * rtc.c - the CMOS real-time clock (Motorola MC146818 as QEMU's q35 and pc
 * have it, ports 0x70/0x71) as the system RTC, Linux's rtc_cmos:
 *  - the time at boot (arch_rtc_read_ns) and for /dev/rtc0, in BCD or
 *    binary (register B DM), 24- or 12-hour mode, waiting out an update
 *    in progress (register A UIP);
 *  - the century from the register the ACPI FADT names (0x32 on QEMU);
 *  - setting it with register B SET held, so no update splits the write;
 *  - the alarm: hour/minute/second alarm registers (and day/month ones
 *    when the FADT names them; without, an alarm within 24 hours as in
 *    Linux), AIE, and ISA IRQ 8 through the I/O APIC, whose register C
 *    read acknowledges it.
 */
#include "kernel/kernel.h"
#include "kernel/rtc.h"
#include <arch/cpu.h>
#include "arch/x86_64/x86_internal.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES 0x02
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS 0x04
#define RTC_HOURS_ALARM 0x05
#define RTC_DAY_OF_WEEK 0x06
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d
#define RTC_DEFAULT_CENTURY 0x32  /* where q35's FADT and Linux put it */

#define RTC_UIP 0x80            /* A: update in progress */
#define RTC_SET 0x80            /* B: updates held */
#define RTC_PIE 0x40
#define RTC_AIE 0x20
#define RTC_UIE 0x10
#define RTC_DM_BINARY 0x04
#define RTC_24H 0x02
#define RTC_DST_EN 0x01
#define RTC_AF 0x20             /* C: alarm flag */
#define RTC_VRT 0x80            /* D: battery (RAM and time) valid */
#define RTC_DONT_CARE 0xc0      /* an alarm field >= this matches any value */
#define RTC_IRQ 8

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, v);
}

static unsigned cmos_from(uint8_t v, bool bcd)
{
	return bcd ? rtc_bcd2bin(v) : v;
}

static uint8_t cmos_to(unsigned v, bool bcd)
{
	return bcd ? rtc_bin2bcd(v) : (uint8_t)v;
}

static uint8_t century_reg(void)
{
	uint8_t c = acpi_rtc_century();

	return c ? c : RTC_DEFAULT_CENTURY;
}

/* An hour register (time or alarm) in 24-hour form; 12-hour mode keeps
 * 12 for midnight and noon and the PM flag in bit 7. */
static unsigned cmos_hour_from(uint8_t v, uint8_t b)
{
	unsigned h = cmos_from(v & 0x7f, !(b & RTC_DM_BINARY));

	if (!(b & RTC_24H))
		h = h % 12 + ((v & 0x80) ? 12 : 0);
	return h;
}

static uint8_t cmos_hour_to(unsigned h, uint8_t b)
{
	bool bcd = !(b & RTC_DM_BINARY);

	if (b & RTC_24H)
		return cmos_to(h, bcd);
	return cmos_to(h % 12 ? h % 12 : 12, bcd) | (h >= 12 ? 0x80 : 0);
}

/* An update takes under 2 ms; all ones for ever is no CMOS at all. */
#define UIP_POLLS 1000000
static bool cmos_wait_uip(void)
{
	for (int i = 0; i < UIP_POLLS; i++) {
		if (!(cmos_read(RTC_REG_A) & RTC_UIP))
			return true;
		arch_cpu_relax();
	}
	return false;
}

/* One consistent reading: none taken while an update was in progress,
 * and the seconds unchanged across it (Linux's mc146818_get_time). */
static int cmos_read_time(struct rtc_time *tm)
{
	uint8_t sec, min, hour, mday, mon, year, cent, b;

	for (int tries = 0;; tries++) {
		if (!cmos_wait_uip())
			return -EIO;
		sec = cmos_read(RTC_SECONDS);
		min = cmos_read(RTC_MINUTES);
		hour = cmos_read(RTC_HOURS);
		mday = cmos_read(RTC_DAY_OF_MONTH);
		mon = cmos_read(RTC_MONTH);
		year = cmos_read(RTC_YEAR);
		cent = cmos_read(century_reg());
		b = cmos_read(RTC_REG_B);
		if ((!(cmos_read(RTC_REG_A) & RTC_UIP) && cmos_read(RTC_SECONDS) == sec) ||
		    tries == 10)
			break;
	}
	bool bcd = !(b & RTC_DM_BINARY);
	unsigned y = cmos_from(year, bcd) + 100 * cmos_from(cent, bcd);

	if (y < 1970)   /* no century register contents: 1970-2069 */
		y = cmos_from(year, bcd) + (cmos_from(year, bcd) < 70 ? 2000 : 1900);
	tm->tm_sec = (int)cmos_from(sec, bcd);
	tm->tm_min = (int)cmos_from(min, bcd);
	tm->tm_hour = (int)cmos_hour_from(hour, b);
	tm->tm_mday = (int)cmos_from(mday, bcd);
	tm->tm_mon = (int)cmos_from(mon, bcd) - 1;
	tm->tm_year = (int)y - 1900;
	return 0;
}

static int cmos_set_time(const struct rtc_time *tm)
{
	uint8_t b = cmos_read(RTC_REG_B);
	bool bcd = !(b & RTC_DM_BINARY);
	unsigned y = (unsigned)tm->tm_year + 1900;
	struct rtc_time full;

	if (y > 9999)
		return -EINVAL;
	rtc_time64_to_tm(rtc_tm_to_time64(tm), &full);
	cmos_write(RTC_REG_B, b | RTC_SET);
	cmos_write(RTC_SECONDS, cmos_to((unsigned)tm->tm_sec, bcd));
	cmos_write(RTC_MINUTES, cmos_to((unsigned)tm->tm_min, bcd));
	cmos_write(RTC_HOURS, cmos_hour_to((unsigned)tm->tm_hour, b));
	cmos_write(RTC_DAY_OF_WEEK, cmos_to((unsigned)full.tm_wday + 1, bcd));
	cmos_write(RTC_DAY_OF_MONTH, cmos_to((unsigned)tm->tm_mday, bcd));
	cmos_write(RTC_MONTH, cmos_to((unsigned)tm->tm_mon + 1, bcd));
	cmos_write(RTC_YEAR, cmos_to(y % 100, bcd));
	cmos_write(century_reg(), cmos_to(y / 100, bcd));
	cmos_write(RTC_REG_B, b & ~RTC_SET);
	return 0;
}

static int cmos_alarm_field(uint8_t v, bool bcd)
{
	return v >= RTC_DONT_CARE ? -1 : (int)cmos_from(v, bcd);
}

static int cmos_read_alarm(struct rtc_wkalrm *a)
{
	uint8_t b = cmos_read(RTC_REG_B), hour = cmos_read(RTC_HOURS_ALARM);
	uint8_t day = acpi_rtc_day_alarm(), mon = acpi_rtc_month_alarm();
	bool bcd = !(b & RTC_DM_BINARY);

	a->time.tm_sec = cmos_alarm_field(cmos_read(RTC_SECONDS_ALARM), bcd);
	a->time.tm_min = cmos_alarm_field(cmos_read(RTC_MINUTES_ALARM), bcd);
	a->time.tm_hour = hour >= RTC_DONT_CARE ? -1 : (int)cmos_hour_from(hour, b);
	a->time.tm_mday = day ? cmos_alarm_field(cmos_read(day) & 0x3f, bcd) : -1;
	if (a->time.tm_mday == 0)
		a->time.tm_mday = -1;
	a->time.tm_mon = mon ? cmos_alarm_field(cmos_read(mon), bcd) - 1 : -1;
	if (a->time.tm_mon < 0)
		a->time.tm_mon = -1;
	a->time.tm_year = -1;
	a->enabled = !!(b & RTC_AIE);
	a->pending = 0;
	return 0;
}

static int cmos_alarm_irq_enable(bool on)
{
	uint8_t b = cmos_read(RTC_REG_B);

	cmos_write(RTC_REG_B, on ? b | RTC_AIE : b & ~RTC_AIE);
	cmos_read(RTC_REG_C); /* drop a flag raised before */
	return 0;
}

/* Without a day alarm register the alarm matches a time of day, so it
 * must fall within the next 24 hours (Linux's cmos_validate_alarm). */
static int cmos_set_alarm(const struct rtc_wkalrm *a)
{
	uint8_t b = cmos_read(RTC_REG_B);
	uint8_t day = acpi_rtc_day_alarm(), mon = acpi_rtc_month_alarm();
	bool bcd = !(b & RTC_DM_BINARY);
	struct rtc_time now;

	if (cmos_read_time(&now))
		return -EIO;
	if (!day && rtc_tm_to_time64(&a->time) >= rtc_tm_to_time64(&now) + 86400)
		return -EINVAL;
	cmos_alarm_irq_enable(false);
	cmos_write(RTC_SECONDS_ALARM, cmos_to((unsigned)a->time.tm_sec, bcd));
	cmos_write(RTC_MINUTES_ALARM, cmos_to((unsigned)a->time.tm_min, bcd));
	cmos_write(RTC_HOURS_ALARM, cmos_hour_to((unsigned)a->time.tm_hour, b));
	if (day)
		cmos_write(day, cmos_to((unsigned)a->time.tm_mday, bcd));
	if (mon)
		cmos_write(mon, cmos_to((unsigned)a->time.tm_mon + 1, bcd));
	return a->enabled ? cmos_alarm_irq_enable(true) : 0;
}

/* IRQ 8: register C says why, and reading it lets the line fire again. */
static void cmos_irq(void)
{
	uint8_t c = cmos_read(RTC_REG_C);

	if ((c & RTC_AF) && (cmos_read(RTC_REG_B) & RTC_AIE))
		rtc_alarm_irq();
}

static void cmos_proc(char *buf, size_t size)
{
	uint8_t b = cmos_read(RTC_REG_B), d = cmos_read(RTC_REG_D);
	unsigned long freq;
	bool uie, pie;

	rtc_proc_state(&uie, &pie, &freq);
	snprintf(buf, size,
		 "periodic_IRQ\t: %s\nupdate_IRQ\t: %s\nHPET_emulated\t: no\n"
		 "BCD\t\t: %s\nDST_enable\t: %s\nperiodic_freq\t: %lu\n"
		 "batt_status\t: %s\n",
		 (b & RTC_PIE) ? "yes" : "no", (b & RTC_UIE) ? "yes" : "no",
		 (b & RTC_DM_BINARY) ? "no" : "yes", (b & RTC_DST_EN) ? "yes" : "no",
		 freq, (d & RTC_VRT) ? "okay" : "dead");
}

/* Linux's names: the PNP0B00 device is 00:04 on q35 and pc. */
static const struct rtc_ops cmos_ops = {
	.name = "rtc_cmos 00:04",
	.bus = "pnp0",
	.dev = "00:04",
	.irq_freq = 1024,
	.read_time = cmos_read_time,
	.set_time = cmos_set_time,
	.read_alarm = cmos_read_alarm,
	.set_alarm = cmos_set_alarm,
	.alarm_irq_enable = cmos_alarm_irq_enable,
	.proc = cmos_proc,
};

uint64_t arch_rtc_read_ns(void)
{
	struct rtc_time tm = { 0 };

	if (cmos_read_time(&tm) || rtc_valid_tm(&tm))
		return 0;
	return (uint64_t)rtc_tm_to_time64(&tm) * 1000000000ULL;
}

void rtc_cmos_init(void)
{
	struct rtc_time tm = { 0 };

	if (cmos_read_time(&tm) || rtc_valid_tm(&tm)) { /* no CMOS (microvm, rtc=off) */
		printk("rtc_cmos: no CMOS RTC\n");
		return;
	}
	cmos_read(RTC_REG_C);
	irq_register_isa(RTC_IRQ, cmos_irq);
	rtc_register(&cmos_ops);
}
