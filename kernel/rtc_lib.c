// SPDX-License-Identifier: MIT
/*
 * rtc_lib.c - calendar arithmetic for the RTC core and drivers, with the
 * results Linux's drivers/rtc/lib.c gives: seconds since 1970 to and from
 * struct rtc_time (tm_yday of rtc_time64_to_tm counts from 1, as Linux's
 * does), the validity check of rtc_valid_tm, and BCD.  Days are counted
 * with the civil-from-days method (proleptic Gregorian, 400-year eras).
 */
#include "kernel/kernel.h"
#include "kernel/rtc.h"

#define SECS_PER_DAY 86400

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned month_days(unsigned mon0, int64_t year)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[mon0] + (mon0 == 1 && is_leap(year));
}

int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int64_t rtc_tm_to_time64(const struct rtc_time *tm)
{
	return rtc_days_from_civil((int64_t)tm->tm_year + 1900, (unsigned)tm->tm_mon + 1,
				   (unsigned)tm->tm_mday) * SECS_PER_DAY +
	       tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

void rtc_time64_to_tm(int64_t t, struct rtc_time *tm)
{
	int64_t days = t / SECS_PER_DAY, secs = t % SECS_PER_DAY;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);

	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)m - 1;
	tm->tm_mday = (int)d;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7);
	tm->tm_yday = (int)(days - rtc_days_from_civil(y, 1, 1)) + 1;
	tm->tm_isdst = 0;
}

int rtc_valid_tm(const struct rtc_time *tm)
{
	if (tm->tm_year < 70 || tm->tm_year > 0x7fffffff - 1900 ||
	    (unsigned)tm->tm_mon >= 12 || tm->tm_mday < 1 ||
	    (unsigned)tm->tm_mday > month_days((unsigned)tm->tm_mon, tm->tm_year + 1900LL) ||
	    (unsigned)tm->tm_hour >= 24 || (unsigned)tm->tm_min >= 60 ||
	    (unsigned)tm->tm_sec >= 60)
		return -EINVAL;
	return 0;
}

unsigned rtc_bcd2bin(uint8_t v)
{
	return (v & 15) + (v >> 4) * 10;
}

uint8_t rtc_bin2bcd(unsigned v)
{
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}
