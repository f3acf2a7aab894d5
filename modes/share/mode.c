/* SPDX-License-Identifier: BSD-3-Clause */
/* The share mode: a Service VM plus post-launched user VMs sharing CPUs (core/share). */
#include <core/mode.h>
#include <core/share.h>
#include <core/vm.h>

const char hv_mode_name[] = "share";

void (*const mode_ap_loop)(void) = pcpu_idle_loop;

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	share_run(bi, sc);
}
