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

int vpm_timer_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vpm_timer *d = dev;
	uint32_t ticks = vpm_timer_ticks(d->tsc_hz, d->base_tsc, d->now(d->ctx));
	unsigned int shift = 8u * (port & 3u);
	uint32_t mask = size >= 4 ? 0xffffffffu : (1u << (8u * size)) - 1u;
	*val = (ticks >> shift) & mask;
	return 0;
}

int vpm_timer_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	(void)dev, (void)port, (void)size, (void)val;
	return 0;
}

int vpm_timer_register(struct vpm_timer *d, struct vdev_table *t, uint16_t port)
{
	d->base_tsc = d->now(d->ctx);
	const struct vdev_io_range r = { .base = port, .len = VPM_TIMER_PORTS, .byte_access = false,
					 .name = "acpi-pm-timer", .dev = d, .read = vpm_timer_read,
					 .write = vpm_timer_write };
	return vdev_register(t, &r);
}
