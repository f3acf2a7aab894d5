/* SPDX-License-Identifier: BSD-3-Clause */
/* Emulator power-off, used by tests and the demo so runs end on their own. */
#include <core/console.h>
#include <core/power.h>
#include <core/tsc.h>
#include <core/x86.h>
#include <string.h>

void power_off_if_asked(const struct boot_info *bi, unsigned int status)
{
	if (strstr(bi->cmdline, "poweroff") == NULL)
		return;
	tsc_delay_us(100000); /* let other CPUs finish what they are printing */
	hv_info("powering off (status %u)", status);
	serial_flush();
	outl(0xf4, status);  /* QEMU isa-debug-exit: exits with (status << 1) | 1 */
	static const char bochs_shutdown[] = "Shutdown";
	for (const char *c = bochs_shutdown; *c; c++)
		outb(0x8900, (uint8_t)*c); /* Bochs: ends the simulation */
}
