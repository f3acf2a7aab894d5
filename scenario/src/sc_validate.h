/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the validation's two halves. */
#ifndef SCENARIO_SC_VALIDATE_H
#define SCENARIO_SC_VALIDATE_H

#include <scenario/scenario.h>

/* Rules inside the scenario: names, ids, load orders, resources given twice. */
void sc_validate_rules(const struct scenario *sc, struct scenario_report *rep);
/* Rules against the machine: CPUs, boot modules and RAM that must exist. */
void sc_validate_platform(const struct scenario *sc, const struct scenario_platform *plat,
			  struct scenario_report *rep);

#endif
