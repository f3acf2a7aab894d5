/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The read-only CMOS RTC of the partition and lapic_pt images (the full one: rtc.c). The same ports and the
 * same clock (vdev/rtc.h), but register B is fixed at 24-hour BCD with no interrupts and every write to the
 * data port is dropped: the time cannot be set, registers A and B cannot be changed and the battery-backed
 * RAM reads 0. Linux only reads the clock at boot (mc146818_get_time; rtc_cmos clears interrupt enables
 * in B, which are clear already). Register numbers and bits: MC146818A data sheet.
 */
#include <vdev/rtc.h>

enum {
	REG_SECONDS = 0x00, REG_MINUTES = 0x02, REG_HOURS = 0x04, REG_WEEKDAY = 0x06, REG_DAY = 0x07,
	REG_MONTH = 0x08, REG_YEAR = 0x09, REG_A = 0x0a, REG_B = 0x0b, REG_D = 0x0d,
	REG_CENTURY = 0x32, /* the PC/AT's century byte (ACPI FADT CENTURY names it) */
};

/* What the registers that are not the time read (the rest, register C among them, 0). */
static const uint8_t FIXED[REG_D + 1] = {
	[REG_A] = 0x26, /* 32.768 kHz time base, 1.024 kHz rate; UIP (bit 7) never set: the clock never updates */
	[REG_B] = 0x02, /* 24-hour, BCD, SET clear, no interrupt enabled */
	[REG_D] = 0x80, /* valid RAM and time */
};

static uint8_t bcd(unsigned int v)
{
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

static uint8_t read_time(const struct vrtc *d, uint8_t reg)
{
	struct vrtc_date t;
	vrtc_date_from_seconds(d->epoch + (d->tsc_hz ? (d->now(d->ctx) - d->base_tsc) / d->tsc_hz : 0), &t);
	/* Each time register's binary value; the weekday counts from 1 = Sunday. */
	const unsigned int value[REG_YEAR + 1] = {
		[REG_SECONDS] = t.sec, [REG_MINUTES] = t.min, [REG_HOURS] = t.hour, [REG_WEEKDAY] = t.wday + 1,
		[REG_DAY] = t.day, [REG_MONTH] = t.month, [REG_YEAR] = t.year % 100,
	};
	return bcd(reg == REG_CENTURY ? t.year / 100 : value[reg]);
}

/* The time registers are the even ones up to REG_WEEKDAY, REG_DAY..REG_YEAR and the century; the odd ones
 * below REG_WEEKDAY are the alarm bytes (0: no alarm). */
static uint8_t read_reg(const struct vrtc *d, uint8_t reg)
{
	if (reg == REG_CENTURY || (reg <= REG_YEAR && ((reg & 1) == 0 || reg >= REG_DAY)))
		return read_time(d, reg);
	return reg <= REG_D ? FIXED[reg] : 0;
}

static int vrtc_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vrtc *d = dev;
	(void)size; /* byte registers: wider accesses arrive byte by byte */
	*val = port == VRTC_PORT ? d->index : read_reg(d, d->index);
	return 0;
}

/* The index port keeps its register number (bit 7, NMI disable on a PC, dropped); data writes are ignored. */
static int vrtc_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vrtc *d = dev;
	(void)size;
	if (port == VRTC_PORT)
		d->index = (uint8_t)(val & 0x7fu);
	return 0;
}

int vrtc_register(struct vrtc *d, struct vdev_table *t, uint64_t epoch)
{
	d->index = 0;
	d->epoch = epoch;
	d->base_tsc = d->now(d->ctx);
	const struct vdev_io_range r = { .base = VRTC_PORT, .len = VRTC_PORTS, .byte_access = true, .name = "rtc",
					 .dev = d, .read = vrtc_read, .write = vrtc_write };
	return vdev_register(t, &r);
}
