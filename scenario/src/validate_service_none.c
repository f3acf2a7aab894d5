/* SPDX-License-Identifier: BSD-3-Clause */
/* The images that start pre-launched VMs only (partition, lapic_pt): a Service or post-launched VM is refused by
 * name, so none of validate_service.c's rules can apply. */
#include "sc_msg.h"
#include "sc_validate.h"

void sc_validate_load_orders(const struct scenario *sc, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		if (vm->load_order != SCENARIO_PRE_LAUNCHED)
			sc_fail(rep, vm->node, NULL, "load-order",
				"\"%s\" is not a load order this image starts (it starts pre-launched VMs only; the share "
				"and hybrid images start the others)", scenario_load_order_name(vm->load_order));
	}
}
