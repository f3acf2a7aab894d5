/* SPDX-License-Identifier: BSD-3-Clause */
/* Choosing, loading and validating the scenario at boot (the same validation as the host tool). */
#ifndef HVKIT_CORE_SCENARIO_BOOT_H
#define HVKIT_CORE_SCENARIO_BOOT_H

#include <boot/boot_info.h>
#include <scenario/scenario.h>

/*
 * The scenario is a boot module whose file name ends in ".dtb" or ".hvsc" (a compiled scenario) if
 * there is one, else the image's default for its mode; the image reads one of the two forms. Every error is logged with its node and property. Returns
 * NULL when the scenario is invalid: then no VM may be started.
 */
const struct scenario *scenario_boot_load(const struct boot_info *bi, unsigned int cpus);

#endif
