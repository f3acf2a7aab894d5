/* SPDX-License-Identifier: BSD-3-Clause */
/* The hybrid mode: a pre-launched real-time VM with LAPIC pass-through beside a Service VM and post-launched VMs. */
#include <core/console.h>
#include <core/mode.h>

const char hv_mode_name[] = "hybrid";

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	(void)bi;
	(void)sc;
	hv_info("hybrid mode: no VM support linked in yet");
}

void (*const mode_ap_loop)(void) = NULL;
