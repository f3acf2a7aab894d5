/* SPDX-License-Identifier: BSD-3-Clause */
/* Seconds since 1970 <-> calendar date for the virtual RTC (see vdev/rtc.h). */
#include <vdev/rtc.h>

static const uint16_t days_before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int year_days(unsigned int y)
{
	return leap(y) ? 366u : 365u;
}

/* Days from 1 January of year y to the first of month m (0-11). */
static unsigned int month_start(unsigned int y, unsigned int m)
{
	return days_before_month[m] + (m >= 2 && leap(y) ? 1u : 0u);
}

uint64_t vrtc_seconds_from_date(const struct vrtc_date *d)
{
	unsigned int year = d->year < 1970 ? 1970 : d->year > 9999 ? 9999 : d->year;
	unsigned int month = d->month < 1 ? 1 : d->month > 12 ? 12 : d->month;
	uint64_t days = 0;
	for (unsigned int y = 1970; y < year; y++)
		days += year_days(y);
	days += month_start(year, month - 1);
	days += d->day > 0 ? d->day - 1 : 0;
	return days * 86400u + d->hour * 3600u + d->min * 60u + d->sec;
}

void vrtc_date_from_seconds(uint64_t secs, struct vrtc_date *d)
{
	uint64_t days = secs / 86400u;
	unsigned int rest = (unsigned int)(secs % 86400u);
	d->hour = rest / 3600u;
	d->min = rest / 60u % 60u;
	d->sec = rest % 60u;
	d->wday = (unsigned int)((days + 4u) % 7u); /* 1970-01-01 was a Thursday */
	unsigned int y = 1970;
	while (y < 9999 && days >= year_days(y))
		days -= year_days(y++);
	d->year = y;
	unsigned int m = 11;
	while (m > 0 && days < month_start(y, m))
		m--;
	d->month = m + 1;
	d->day = (unsigned int)(days - month_start(y, m)) + 1;
}
