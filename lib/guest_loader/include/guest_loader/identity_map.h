/* SPDX-License-Identifier: BSD-3-Clause */
/* Identity page tables for a 64-bit entry (SDM Vol. 3A 4.5: 4-level paging). */
#ifndef GUEST_LOADER_IDENTITY_MAP_H
#define GUEST_LOADER_IDENTITY_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include <guest_loader/guest_mem.h>

#define GUEST_PT_GPA 0x2000u /* where the bzImage and raw loaders put them (layout.h), up to 6 pages */

/* Bytes the tables take at gpa: 2 pages with 1 GiB pages, 6 with 2 MiB pages. */
uint64_t guest_identity_map_size(bool use_1g_pages);

/*
 * Write a 4-level identity map of GPA 0..4 GiB at gpa (4 KiB aligned, in RAM):
 * PML4, one PDPT and, without 1 GiB pages, four page directories of 2 MiB pages.
 * Everything is present, writable, supervisor; the top GiB (MMIO: local APIC,
 * IOAPIC, firmware) is uncached (PCD|PWT). Use 1 GiB pages only when the vCPU
 * reports CPUID.80000001H:EDX.Page1GB. On success *cr3 = gpa.
 * Returns 0, -HV_EINVAL (misaligned), -HV_ERANGE (not in RAM) or the write error.
 */
int guest_identity_map_4g(const struct guest_mem *m, uint64_t gpa, bool use_1g_pages, uint64_t *cr3);

#endif
