/* SPDX-License-Identifier: BSD-3-Clause */
/* The host's CMOS clock, read-only (vdev/rtc_host.h). Register numbers: MC146818A data sheet. */
#include <vdev/rtc_host.h>

enum { REG_C = 0x0c, REG_D = 0x0d, REG_CENTURY = 0x32 /* the PC/AT's century byte (ACPI FADT CENTURY) */ };

/* The time and date, the alarm bytes, registers A, B and D and the century byte. Not register C: reading it
 * clears the host's interrupt flags (the guest's reads 0, no interrupt pending). */
static bool host_register(uint8_t reg)
{
	return reg < REG_C || reg == REG_D || reg == REG_CENTURY;
}

static int vrtc_host_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vrtc_host *d = dev;
	(void)size; /* byte registers: wider accesses arrive byte by byte */
	if (port == VRTC_PORT)
		*val = d->index;
	else
		*val = host_register(d->index) ? d->read(d->ctx, d->index) : 0;
	return 0;
}

/* The index port keeps its register number; data writes are dropped. */
static int vrtc_host_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vrtc_host *d = dev;
	(void)size;
	if (port == VRTC_PORT)
		d->index = (uint8_t)(val & 0x7fu);
	return 0;
}

int vrtc_host_register(struct vrtc_host *d, struct vdev_table *t)
{
	d->index = 0;
	const struct vdev_io_range r = { .base = VRTC_PORT, .len = VRTC_PORTS, .byte_access = true, .name = "rtc",
					 .dev = d, .read = vrtc_host_read, .write = vrtc_host_write };
	return vdev_register(t, &r);
}
