/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PC's CMOS real-time clock, as software sees an MC146818A: an index port (0x70) and a data port (0x71)
 * over 128 bytes, of which 0x00-0x09 hold the time and date, 0x0A-0x0D the status registers A-D and the rest
 * is battery-backed RAM. Here the time runs from a wall-clock epoch and a TSC of known rate, so it never
 * updates: register A's UIP (update in progress) always reads 0 and a guest reads the time at once, where one
 * without an RTC polls UIP until it gives up (Linux 6.1: a second, twice per boot). 24-hour or 12-hour, BCD or
 * binary as register B selects; time written with B.SET moves the clock when SET is cleared, time written
 * without it at once. No interrupts: register C reads 0 and the periodic, alarm and update-ended interrupts
 * never fire (the alarm bytes are kept as RAM).
 */
#ifndef VDEV_RTC_H
#define VDEV_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include <vdev/vdev.h>

/* A calendar date and time of day, UTC; wday 0 = Sunday. */
struct vrtc_date {
	unsigned int year, month, day, hour, min, sec, wday;
};

/* Seconds since 1970-01-01 00:00:00 <-> date, proleptic Gregorian calendar, years 1970..9999. A date
 * with a day past its month's end (February 30) counts on into the next month. */
void vrtc_date_from_seconds(uint64_t secs, struct vrtc_date *d);
uint64_t vrtc_seconds_from_date(const struct vrtc_date *d);

struct vrtc {
	uint64_t tsc_hz;            /* rate of now() */
	uint64_t (*now)(void *ctx); /* the TSC */
	void *ctx;
	uint64_t epoch;             /* the time (seconds since 1970) at base_tsc */
	uint64_t base_tsc;
	struct vrtc_date frozen;    /* the time being written while register B's SET bit is 1 */
	uint8_t index;              /* the register port 0x70 selected (its bit 7, NMI disable, dropped) */
	uint8_t cmos[128];          /* registers A and B, the alarm bytes and the RAM */
};

/* Start the clock at `epoch` (seconds since 1970) now, 24-hour BCD, and claim ports 0x70-0x71. */
int vrtc_register(struct vrtc *d, struct vdev_table *t, uint64_t epoch);

#endif
