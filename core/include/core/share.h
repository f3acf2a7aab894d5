/* SPDX-License-Identifier: BSD-3-Clause */
/* Share mode's shared side (core/share): a Service VM, post-launched VMs it creates, CPUs shared. */
#ifndef HVKIT_CORE_SHARE_H
#define HVKIT_CORE_SHARE_H

#include <boot/boot_info.h>
#include <scenario/scenario.h>

/* Start the scenario's pre-launched VMs and its Service VM; run until the Service VM has stopped. */
void share_run(const struct boot_info *bi, const struct scenario *sc);

#endif
