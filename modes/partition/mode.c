/* SPDX-License-Identifier: BSD-3-Clause */
/* The partition mode: statically partitioned pre-launched VMs with dedicated CPUs, memory and devices. */
#include <core/mode.h>
#include <core/vm.h>

const char hv_mode_name[] = "partition";

void (*const mode_ap_loop)(void) = pcpu_idle_loop;

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	vm_run_partitioned(bi, sc);
}
