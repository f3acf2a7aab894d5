/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CMOS RTC of the partition and lapic_pt images (the settable one of share and hybrid: vdev/rtc.h): the
 * ports 0x70 (index) and 0x71 (data) of an MC146818A whose time, date and status registers are the host's own,
 * read through a callback at each guest read, so the VM keeps no clock of its own. The guest selects a register
 * with port 0x70 (bit 7, NMI disable on a PC, dropped) and reads it at port 0x71: the time and date (0x00-0x09),
 * registers A, B and D and the century byte (0x32) are the host's values (UIP, BCD or binary and 12- or 24-hour
 * as the host's clock runs), register C and the battery-backed RAM read 0, and every write to port 0x71 is
 * dropped: the time cannot be set and the host's CMOS is never written.
 */
#ifndef VDEV_RTC_HOST_H
#define VDEV_RTC_HOST_H

#include <stdint.h>

#include <vdev/vdev.h>

struct vrtc_host {
	uint8_t (*read)(void *ctx, uint8_t reg); /* the host's register reg (one of those above) */
	void *ctx;
	uint8_t index; /* the register port 0x70 selected */
};

/* Claim ports 0x70-0x71 in t; d->read and d->ctx are set by the caller. */
int vrtc_host_register(struct vrtc_host *d, struct vdev_table *t);

#endif
