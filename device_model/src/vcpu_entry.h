/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest loader's entry state (struct guest_entry) as the ABI's struct hvkit_vcpu_state. The ABI names
 * a mode, not segments: PROTECTED32 is flat 4 GiB code and data with CR0.PE, LONG64 a 64-bit code segment
 * with paging from cr3 and the loaders' boot GDT (guest_loader/layout.h) as GDTR, which is what a bzImage's
 * 64-bit entry needs. An entry the ABI cannot express (other segments, another GDT the guest is meant to find
 * loaded, a 32-bit entry above 4 GiB) is refused rather than silently changed.
 */
#ifndef DM_VCPU_ENTRY_H
#define DM_VCPU_ENTRY_H

#include <guest_loader/guest_entry.h>
#include <hvkit/abi/hypercall.h>

/* 0, or -1 with *why naming what does not fit. s->id is left 0 (the driver fills it), s->vcpu is 0. */
int vcpu_state_from_entry(const struct guest_entry *e, struct hvkit_vcpu_state *s, const char **why);

#endif
