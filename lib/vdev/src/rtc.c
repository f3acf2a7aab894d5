/* SPDX-License-Identifier: BSD-3-Clause */
/* The virtual CMOS RTC (see vdev/rtc.h). Register numbers and bits: MC146818A data sheet. */
#include <hvkit/platform.h>
#include <string.h>
#include <vdev/rtc.h>

enum {
	REG_SECONDS = 0x00, REG_MINUTES = 0x02, REG_HOURS = 0x04, REG_WEEKDAY = 0x06, REG_DAY = 0x07,
	REG_MONTH = 0x08, REG_YEAR = 0x09, REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d,
	REG_CENTURY = 0x32, /* the PC/AT's century byte (ACPI FADT CENTURY names it) */
};
#define A_UIP 0x80u
#define B_SET 0x80u
#define B_DM_BINARY 0x04u
#define B_24H 0x02u
#define D_VRT 0x80u /* valid RAM and time */
#define HOUR_PM 0x80u

static bool is_time_reg(uint8_t reg)
{
	return reg <= REG_YEAR ? (reg & 1) == 0 || reg == REG_DAY || reg == REG_YEAR : reg == REG_CENTURY;
}

static void now_date(const struct vrtc *d, struct vrtc_date *out)
{
	if (d->cmos[REG_B] & B_SET) {
		*out = d->frozen;
		return;
	}
	uint64_t elapsed = d->tsc_hz ? (d->now(d->ctx) - d->base_tsc) / d->tsc_hz : 0;
	vrtc_date_from_seconds(d->epoch + elapsed, out);
}

static void set_time(struct vrtc *d, const struct vrtc_date *date)
{
	d->epoch = vrtc_seconds_from_date(date);
	d->base_tsc = d->now(d->ctx);
}

static uint8_t encode(const struct vrtc *d, unsigned int v)
{
	return (d->cmos[REG_B] & B_DM_BINARY) ? (uint8_t)v : (uint8_t)(((v / 10) << 4) | (v % 10));
}

static unsigned int decode(const struct vrtc *d, uint8_t v)
{
	return (d->cmos[REG_B] & B_DM_BINARY) ? v : (v >> 4) * 10u + (v & 0xfu);
}

/* Register B's 24/12-hour bit: in 12-hour mode 1..12, bit 7 set for PM. */
static uint8_t encode_hours(const struct vrtc *d, unsigned int hour)
{
	if (d->cmos[REG_B] & B_24H)
		return encode(d, hour);
	return (uint8_t)(encode(d, hour % 12 ? hour % 12 : 12) | (hour >= 12 ? HOUR_PM : 0));
}

static unsigned int decode_hours(const struct vrtc *d, uint8_t v)
{
	if (d->cmos[REG_B] & B_24H)
		return decode(d, v) % 24;
	return decode(d, v & (uint8_t)~HOUR_PM) % 12 + ((v & HOUR_PM) ? 12 : 0);
}

static uint8_t read_time(const struct vrtc *d, uint8_t reg)
{
	struct vrtc_date t;
	now_date(d, &t);
	/* The binary value of each time register up to REG_YEAR (is_time_reg picks the even ones, day and year). */
	const unsigned int value[REG_YEAR + 1] = {
		[REG_SECONDS] = t.sec, [REG_MINUTES] = t.min, [REG_WEEKDAY] = t.wday + 1 /* 1 = Sunday */,
		[REG_DAY] = t.day, [REG_MONTH] = t.month, [REG_YEAR] = t.year % 100,
	};
	if (reg == REG_HOURS)
		return encode_hours(d, t.hour);
	if (reg == REG_CENTURY)
		return encode(d, t.year / 100);
	return encode(d, value[reg]);
}

/* A decoded value written to a date register other than the hours and the weekday. */
static void set_date_field(struct vrtc_date *t, uint8_t reg, unsigned int n)
{
	switch (reg) {
	case REG_SECONDS: t->sec = n % 60; break;
	case REG_MINUTES: t->min = n % 60; break;
	case REG_DAY: t->day = n; break;
	case REG_MONTH: t->month = n; break;
	case REG_YEAR: t->year = t->year / 100 * 100 + n % 100; break;
	default: t->year = n * 100 + t->year % 100; break; /* REG_CENTURY */
	}
}

static void write_time(struct vrtc *d, uint8_t reg, uint8_t v)
{
	struct vrtc_date t;
	if (reg == REG_WEEKDAY)
		return; /* follows from the date */
	now_date(d, &t);
	if (reg == REG_HOURS)
		t.hour = decode_hours(d, v);
	else
		set_date_field(&t, reg, decode(d, v));
	if (d->cmos[REG_B] & B_SET)
		d->frozen = t; /* the clock stands until SET is cleared */
	else
		set_time(d, &t);
}

static uint8_t read_reg(const struct vrtc *d, uint8_t reg)
{
	if (is_time_reg(reg))
		return read_time(d, reg);
	switch (reg) {
	case REG_A: return d->cmos[REG_A] & (uint8_t)~A_UIP; /* never updating */
	case REG_C: return 0;                                 /* no interrupt flags */
	case REG_D: return D_VRT;
	default: return d->cmos[reg];
	}
}

/* Setting B's SET bit freezes the clock; clearing it starts the clock from the frozen date. */
static void write_reg_b(struct vrtc *d, uint8_t v)
{
	uint8_t old = d->cmos[REG_B];
	if ((v & B_SET) && !(old & B_SET))
		now_date(d, &d->frozen);
	d->cmos[REG_B] = v;
	if (!(v & B_SET) && (old & B_SET))
		set_time(d, &d->frozen);
}

static void write_reg(struct vrtc *d, uint8_t reg, uint8_t v)
{
	if (is_time_reg(reg)) {
		write_time(d, reg, v);
		return;
	}
	switch (reg) {
	case REG_B:
		write_reg_b(d, v);
		break;
	case REG_C:
	case REG_D:
		break; /* read-only */
	default:
		d->cmos[reg] = v;
	}
}

static int vrtc_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vrtc *d = dev;
	(void)size; /* byte registers: wider accesses arrive byte by byte */
	*val = port == VRTC_PORT ? d->index : read_reg(d, d->index);
	return 0;
}

static int vrtc_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vrtc *d = dev;
	(void)size;
	if (port == VRTC_PORT)
		d->index = (uint8_t)(val & 0x7fu); /* bit 7 masks NMIs on a PC: no NMI source here */
	else
		write_reg(d, d->index, (uint8_t)val);
	return 0;
}

int vrtc_register(struct vrtc *d, struct vdev_table *t, uint64_t epoch)
{
	memset(d->cmos, 0, sizeof(d->cmos));
	d->index = 0;
	d->cmos[REG_A] = 0x26; /* 32.768 kHz time base, 1.024 kHz rate (what PC firmware leaves) */
	d->cmos[REG_B] = B_24H;
	d->epoch = epoch;
	d->base_tsc = d->now(d->ctx);
	const struct vdev_io_range r = { .base = VRTC_PORT, .len = VRTC_PORTS, .byte_access = true, .name = "rtc",
					 .dev = d, .read = vrtc_read, .write = vrtc_write };
	return vdev_register(t, &r);
}
