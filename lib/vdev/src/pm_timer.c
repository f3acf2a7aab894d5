/* SPDX-License-Identifier: BSD-3-Clause */
/* The ACPI PM timer (see vdev/pm_timer.h). */
#include <hvkit/platform.h>
#include <vdev/pm_timer.h>

uint32_t vpm_timer_ticks(uint64_t tsc_hz, uint64_t base_tsc, uint64_t tsc)
{
	if (tsc_hz == 0)
		return 0;
	uint64_t delta = tsc - base_tsc;
	/* Whole seconds and the rest apart: rest * 3579545 < tsc_hz * 2^22 stays below 2^64 for any
	 * TSC below 4 THz, where delta * 3579545 would overflow after about an hour at 1 GHz. */
	uint64_t secs = delta / tsc_hz, rest = delta % tsc_hz;
	return (uint32_t)(secs * VPM_TIMER_HZ + rest * VPM_TIMER_HZ / tsc_hz);
}

/* The 32-bit count from the byte the port selects on (vdev_io masks the value to the access's size). */
static int vpm_timer_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vpm_timer *d = dev;
	(void)size;
	*val = vpm_timer_ticks(d->tsc_hz, d->base_tsc, d->now(d->ctx)) >> (8u * (port & 3u));
	return 0;
}

int vpm_timer_register(struct vpm_timer *d, struct vdev_table *t, uint16_t port)
{
	d->base_tsc = d->now(d->ctx);
	const struct vdev_io_range r = { .base = port, .len = VPM_TIMER_PORTS, .byte_access = false,
					 .name = "acpi-pm-timer", .dev = d, .read = vpm_timer_read,
					 .write = NULL /* writes ignored */ };
	return vdev_register(t, &r);
}
