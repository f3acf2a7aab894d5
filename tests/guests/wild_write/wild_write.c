/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wild_write: writes to guest-physical addresses far outside its RAM (1 GiB, then 3 GiB). The hypervisor must
 * stop this VM at the first write (an EPT violation outside the VM's memory); if the guest is still running
 * afterwards it says so and exits with status 1. Its neighbour VMs must keep running.
 */
#include "guest.h"

const char guest_name[] = "wild_write";

static const uint64_t targets[] = { 0x40000000ull, 0xC0000000ull };

void guest_main(void)
{
	gprintf("wild_write: writing outside my RAM\n");
	serial_flush();
	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)targets[i];
		*p = 0x5741494cu;
		barrier();
	}
	fail("still running after a write outside RAM", "expected the VM stopped, got it running after writes to "
	     "0x40000000 and 0xc0000000");
}
