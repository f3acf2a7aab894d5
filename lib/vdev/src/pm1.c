/* SPDX-License-Identifier: BSD-3-Clause */
/* The ACPI PM1a event and control blocks (see vdev/pm1.h). Byte registers: wider accesses arrive byte by byte. */
#include <hvkit/platform.h>
#include <vdev/pm1.h>

static uint8_t read_byte(const struct vpm1 *d, unsigned int off)
{
	uint16_t r = off < 2 ? d->sts : off < 4 ? d->en : (uint16_t)(d->cnt | VPM1_CNT_SCI_EN);
	return (uint8_t)(r >> (8u * (off & 1u)));
}

/* A byte of PM1_CNT: SLP_EN is in the high byte with SLP_TYP (4.8.3.2.1), so one byte write carries both. */
static void write_cnt(struct vpm1 *d, unsigned int byte, uint8_t v)
{
	uint16_t shift = (uint16_t)(8u * byte), mask = (uint16_t)(0xffu << shift);
	uint16_t cnt = (uint16_t)((d->cnt & ~mask) | ((uint16_t)v << shift));
	d->cnt = (uint16_t)(cnt & ~(VPM1_CNT_SLP_EN | VPM1_CNT_SCI_EN));
	if (!(cnt & VPM1_CNT_SLP_EN))
		return;
	unsigned int typ = (cnt & VPM1_CNT_SLP_TYP_MASK) >> VPM1_CNT_SLP_TYP_SHIFT;
	if (typ == d->s5_type) {
		if (d->power_off)
			d->power_off(d->ctx);
		return;
	}
	d->sts |= VPM1_STS_WAK;
	if (d->sleep_refused)
		d->sleep_refused(d->ctx, typ);
}

static void write_byte(struct vpm1 *d, unsigned int off, uint8_t v)
{
	uint16_t shift = (uint16_t)(8u * (off & 1u));
	if (off < 2)
		d->sts = (uint16_t)(d->sts & ~((uint16_t)v << shift)); /* write 1 to clear */
	else if (off < 4)
		d->en = (uint16_t)((d->en & ~(0xffu << shift)) | ((uint16_t)v << shift));
	else
		write_cnt(d, off & 1u, v);
}

int vpm1_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	const struct vpm1 *d = dev;
	*val = 0;
	for (unsigned int i = 0; i < size && port + i - d->base < VPM1_PORTS; i++)
		*val |= (uint32_t)read_byte(d, port + i - d->base) << (8u * i);
	return 0;
}

int vpm1_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vpm1 *d = dev;
	for (unsigned int i = 0; i < size && port + i - d->base < VPM1_PORTS; i++)
		write_byte(d, port + i - d->base, (uint8_t)(val >> (8u * i)));
	return 0;
}

int vpm1_register(struct vpm1 *d, struct vdev_table *t, uint16_t base)
{
	d->base = base;
	d->sts = d->en = d->cnt = 0;
	const struct vdev_io_range r = { .base = base, .len = VPM1_PORTS, .byte_access = true, .name = "acpi-pm1",
					 .dev = d, .read = vpm1_read, .write = vpm1_write };
	return vdev_register(t, &r);
}
