/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ACPI power-management timer (ACPI 6.x 4.8.3.3): a free-running 32-bit counter at 3.579545 MHz
 * in one 4-byte I/O port, here derived from a TSC of known rate. The core declares it in the FADT
 * (PM_TMR_BLK, TMR_VAL_EXT) so guests can calibrate time.
 */
#ifndef VDEV_PM_TIMER_H
#define VDEV_PM_TIMER_H

#include <stdint.h>

#include <vdev/vdev.h>

#define VPM_TIMER_HZ 3579545u
#define VPM_TIMER_PORTS 4u

struct vpm_timer {
	uint64_t tsc_hz;             /* rate of now() */
	uint64_t base_tsc;           /* now() when the counter read 0 */
	uint64_t (*now)(void *ctx);  /* the TSC */
	void *ctx;
};

/* Counter value at TSC `tsc`: (tsc - base) * 3579545 / tsc_hz without overflow, modulo 2^32. */
uint32_t vpm_timer_ticks(uint64_t tsc_hz, uint64_t base_tsc, uint64_t tsc);

int vpm_timer_register(struct vpm_timer *d, struct vdev_table *t, uint16_t port);
/* Reads of 1, 2 or 4 bytes return the counter's bytes at that port offset; writes are ignored
 * (the register is read-only). */

#endif
