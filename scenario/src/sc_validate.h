/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the validation's two halves. */
#ifndef SCENARIO_SC_VALIDATE_H
#define SCENARIO_SC_VALIDATE_H

#include <scenario/scenario.h>

/* Another VM in a message: vm "name" (/chosen/hypervisor/vm@0); its arguments OTHER_VM_ARGS(vm). */
#define OTHER_VM "vm \"%s\" (" SCENARIO_NODE_PATH "/%s)"
#define OTHER_VM_ARGS(vm) (vm)->name, (vm)->node

/* [a, a+asize) and [b, b+bsize) share a byte. */
int sc_ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize);

/* Rules inside the scenario: names, ids, load orders, resources given twice. */
void sc_validate_rules(const struct scenario *sc, struct scenario_report *rep);
/* Rules against the machine: CPUs, boot modules and RAM that must exist. */
void sc_validate_platform(const struct scenario *sc, const struct scenario_platform *plat,
			  struct scenario_report *rep);

/* Load orders: one Service VM at most, post-launched VMs only beside one, a Service VM's identity-mapped RAM
 * (validate_service.c); validate_service_none.c refuses every VM that is not pre-launched, by its "load-order". */
void sc_validate_load_orders(const struct scenario *sc, struct scenario_report *rep);

#endif
