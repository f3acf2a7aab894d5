/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a mode recipe (modes/<mode>/) links in: its name and what runs once every CPU is up.
 * Exactly one mode unit is linked into an image, so these are resolved at link time.
 */
#ifndef HVKIT_CORE_MODE_H
#define HVKIT_CORE_MODE_H

#include <boot/boot_info.h>
#include <scenario/scenario.h>

extern const char hv_mode_name[];
/* Called on the boot CPU after bring-up with a validated scenario; returns when the mode has
 * nothing left to run. */
void mode_run(const struct boot_info *bi, const struct scenario *sc);

/* The kernel types the image's loaders take, bit 1u << type (scenario_platform.kernel_types; 0: not
 * checked). Defined by the loader unit the image links (core/vm/kernel_loaders_*.c). */
extern const uint32_t mode_kernel_types;

/* What an AP runs forever once it is online (NULL: it halts). */
extern void (*const mode_ap_loop)(void);

#endif
