/* SPDX-License-Identifier: BSD-3-Clause */
/* Share mode's shared side (core/share): a Service VM, post-launched VMs it creates, CPUs shared. */
#ifndef HVKIT_CORE_SHARE_H
#define HVKIT_CORE_SHARE_H

#include <boot/boot_info.h>
#include <scenario/scenario.h>

/* Start the scenario's pre-launched VMs and its Service VM; run until the Service VM has stopped. */
void share_run(const struct boot_info *bi, const struct scenario *sc);
/* share_run in two steps, for hybrid mode (core/share/hybrid.c), which schedules its real-time CPUs
 * itself: a shared CPU's scheduler as the scenario says (0, or an error logged), then, every CPU's
 * scheduler set, the pre-launched VMs and the Service VM started and run until every VM has stopped. */
int share_sched_init_cpu(const struct scenario *sc, unsigned int cpu);
void share_start(const struct boot_info *bi, const struct scenario *sc);
/* Hybrid mode: real-time CPUs (a pre-launched lapic-passthrough VM's) run the noop scheduler, the others
 * share_run's; then share_start. */
void hybrid_run(const struct boot_info *bi, const struct scenario *sc);

#endif
