/* SPDX-License-Identifier: BSD-3-Clause */
/* The lapic_pt mode: partitioned VMs that each own their CPUs' physical x2APICs; only ICR writes are filtered. */
#include <core/mode.h>
#include <core/vm.h>

const char hv_mode_name[] = "lapic_pt";

void (*const mode_ap_loop)(void) = pcpu_idle_loop;

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	vm_run_partitioned(bi, sc);
}
