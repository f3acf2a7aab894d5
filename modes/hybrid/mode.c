/* SPDX-License-Identifier: BSD-3-Clause */
/* The hybrid mode: pre-launched real-time VMs with LAPIC pass-through beside a Service VM and post-launched VMs. */
#include <core/mode.h>
#include <core/share.h>
#include <core/vm.h>

const char hv_mode_name[] = "hybrid";

void (*const mode_ap_loop)(void) = pcpu_idle_loop;

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	hybrid_run(bi, sc);
}
