/* SPDX-License-Identifier: BSD-3-Clause */
/* Running statically partitioned pre-launched VMs: what partition and lapic_pt modes share. */
#include <core/console.h>
#include <core/mode.h>
#include <boot/boot_info.h>
#include <core/vm_internal.h>
#include <string.h>

void vm_run_partitioned(const struct boot_info *bi, const struct scenario *sc)
{
	exit_breakdown_setup(bi->cmdline);
	vm_check_invariants = strstr(bi->cmdline, "debug=invariants") != NULL;
	unsigned int n = vm_create_all(bi, sc, SCENARIO_PRE_LAUNCHED);
	hv_info("%s mode: %u of %u pre-launched VM(s) started", hv_mode_name, n, sc->vm_count);
	if (n == 0)
		return;
	pcpu_run_until(vm_all_stopped);
	hv_info("%s mode: every VM has stopped", hv_mode_name);
}
