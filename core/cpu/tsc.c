/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TSC calibration against PIT channel 2 in mode 0 (interrupt on terminal count): the gate is
 * port 0x61 bit 0 and the channel's OUT pin reads back as port 0x61 bit 5.
 * Under Bochs the TSC counts instructions and the PIT runs at a rate set by ips=, so this is
 * the only rate that agrees with the emulated timers (PLATFORM.md).
 */
#include <core/console.h>
#include <core/tsc.h>
#include <core/x86.h>

#define PIT_HZ 1193182u
#define CALIBRATION_MS 10u

static uint64_t tsc_rate;

void tsc_calibrate(void)
{
	uint16_t count = (uint16_t)(PIT_HZ * CALIBRATION_MS / 1000u);
	uint8_t gate = inb(0x61);
	outb(0x61, (uint8_t)((gate & ~0x02u) | 0x01u)); /* gate on, speaker off */
	outb(0x43, 0xb0);                                 /* channel 2, lo/hi byte, mode 0, binary */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	uint64_t t0 = rdtsc();
	uint64_t spins = 0;
	while (!(inb(0x61) & 0x20)) {
		if (++spins > 200000000ull) {
			tsc_rate = 1000000000ull;
			hv_warn("tsc: the PIT never counted down; assuming 1 GHz");
			outb(0x61, gate);
			return;
		}
	}
	uint64_t t1 = rdtsc();
	outb(0x61, gate);
	tsc_rate = (t1 - t0) * (1000u / CALIBRATION_MS);
}

uint64_t tsc_hz(void)
{
	return tsc_rate ? tsc_rate : 1000000000ull;
}

void tsc_delay_us(uint64_t us)
{
	uint64_t t0 = rdtsc();
	uint64_t span = tsc_hz() / 1000000u * us;
	while (rdtsc() - t0 < span)
		cpu_relax();
}
