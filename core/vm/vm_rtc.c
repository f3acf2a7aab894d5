/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The settable CMOS RTC of the share and hybrid images (lib/vdev rtc.c; the small images read the host's
 * through vm_rtc_host.c): each VM's clock starts from the host's, read once, and runs on the TSC.
 */
#include <core/console.h>
#include <core/tsc.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <vdev/rtc.h>

static struct vrtc vm_rtcs[VM_MAX];

static uint8_t host_cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int host_cmos_value(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10u + (v & 0xfu);
}

/* MC146818A register A bit 7, update in progress: the time registers are not to be read until it clears. */
static void host_rtc_wait_update(void)
{
	for (unsigned int i = 0; i < 1000000 && (host_cmos(0x0a) & 0x80); i++)
		cpu_relax();
}

/* The host RTC's date (registers 0-9 and the century byte 0x32); false when no RTC answers (all ones). */
static bool host_rtc_read(struct vrtc_date *t)
{
	uint8_t sec = host_cmos(0x00), min = host_cmos(0x02), hour = host_cmos(0x04), day = host_cmos(0x07);
	uint8_t mon = host_cmos(0x08), year = host_cmos(0x09), century = host_cmos(0x32), b = host_cmos(0x0b);
	bool binary = (b & 0x04) != 0;
	*t = (struct vrtc_date){
		.sec = host_cmos_value(sec, binary), .min = host_cmos_value(min, binary),
		.hour = host_cmos_value(hour & 0x7f, binary), .day = host_cmos_value(day, binary),
		.month = host_cmos_value(mon, binary), .year = host_cmos_value(year, binary),
	};
	if (!(b & 0x02)) /* 12-hour clock: bit 7 of the hour is PM */
		t->hour = t->hour % 12 + ((hour & 0x80) ? 12 : 0);
	unsigned int c = host_cmos_value(century, binary);
	t->year += (c >= 19 && c <= 99) ? c * 100 : 2000;
	return sec != 0xff;
}

static bool date_plausible(const struct vrtc_date *t)
{
	return t->sec < 60 && t->min < 60 && t->hour < 24 && t->day >= 1 && t->day <= 31 && t->month >= 1 &&
	       t->month <= 12;
}

/*
 * The wall clock the VMs' RTCs start from: the host's own CMOS RTC, read once (at the first VM's set-up,
 * before any guest runs; a read waits for an update in progress to end), then advanced with the TSC.
 * 2000-01-01 00:00:00 when there is none (every register reads all ones).
 */
static uint64_t wall_clock(void)
{
	static uint64_t secs, at_tsc;
	if (at_tsc == 0) {
		struct vrtc_date t;
		host_rtc_wait_update();
		bool valid = host_rtc_read(&t) && date_plausible(&t);
		if (!valid)
			t = (struct vrtc_date){ .year = 2000, .month = 1, .day = 1 };
		secs = valid ? vrtc_seconds_from_date(&t) : 946684800u;
		at_tsc = rdtsc();
		hv_info("rtc: %s %04u-%02u-%02u %02u:%02u:%02u", valid ? "host clock" : "no host clock, VMs start at",
			t.year, t.month, t.day, t.hour, t.min, t.sec);
	}
	return secs + (rdtsc() - at_tsc) / tsc_hz();
}

int vm_rtc_add(struct vm *vm, struct vdev_table *t)
{
	struct vrtc *d = &vm_rtcs[vm->id];
	/* A PC's CMOS clock: a guest without one waits for it (Linux: a second per read, vrtc.h). */
	*d = (struct vrtc){ .tsc_hz = tsc_hz(), .now = vm_host_tsc, .ctx = NULL };
	return vrtc_register(d, t, wall_clock());
}
