/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the validation's two halves. */
#ifndef SCENARIO_SC_VALIDATE_H
#define SCENARIO_SC_VALIDATE_H

#include <scenario/scenario.h>

/* The BIOS area 0xE0000-0xFFFFF: the hypervisor puts a VM's ACPI tables there, so a Service VM's
 * identity-mapped RAM must leave it alone (the core gives the Service VM RAM of its own there). */
#define SC_BIOS_AREA_BASE 0xE0000u
#define SC_BIOS_AREA_SIZE 0x20000u

/* Rules inside the scenario: names, ids, load orders, resources given twice. */
void sc_validate_rules(const struct scenario *sc, struct scenario_report *rep);
/* Rules against the machine: CPUs, boot modules and RAM that must exist. */
void sc_validate_platform(const struct scenario *sc, const struct scenario_platform *plat,
			  struct scenario_report *rep);

#endif
