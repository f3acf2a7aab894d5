/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vdev: a VM's port-I/O table with an ACPI PM timer, and the dispatcher an I/O exit calls. */
#include <stdio.h>
#include <vdev/pm_timer.h>
#include <vdev/vdev.h>

static uint64_t fake_tsc;

static uint64_t now(void *ctx)
{
	(void)ctx;
	return fake_tsc;
}

int main(void)
{
	static struct vdev_table t; /* about 8 KiB: one bit per port for "logged once" */
	vdev_table_init(&t, "demo");
	struct vpm_timer pm = { .tsc_hz = 1000000000u, .now = now }; /* a 1 GHz TSC, counter 0 at TSC 0 */
	if (vpm_timer_register(&pm, &t, 0x608) != 0)
		return 1;
	/* The guest's IN from port 0x608 after 1 ms, as the I/O-instruction exit handler passes it on. */
	fake_tsc = 1000000;
	uint32_t val = 0;
	int rc = vdev_io(&t, 0x608, 4, false, &val);
	printf("in 0x608: %s, %u ticks (3579545 Hz * 1 ms)\n", rc == VDEV_HANDLED ? "handled" : "unclaimed", val);
	/* A port nobody claims is left to the caller (here 0x80, a POST-code port). */
	rc = vdev_io(&t, 0x80, 1, true, &val);
	printf("out 0x80: %s\n", rc == VDEV_HANDLED ? "handled" : "unclaimed");
	return 0;
}
