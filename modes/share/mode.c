/* SPDX-License-Identifier: BSD-3-Clause */
/* The share mode: a Service VM plus post-launched user VMs sharing CPUs. */
#include <core/console.h>
#include <core/mode.h>

const char hv_mode_name[] = "share";

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	(void)bi;
	(void)sc;
	hv_info("share mode: no VM support linked in yet");
}

void (*const mode_ap_loop)(void) = NULL;
