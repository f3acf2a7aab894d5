/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vtd hardware seam: every access lib/vtd makes to a remapping unit or to
 * the CPU cache goes through these functions. src/hw_x86.c implements them
 * with uncached MMIO and clflush for the image; tests/sim_unit.c implements a
 * simulated remapping unit for the host.
 *
 * regs is the hypervisor-virtual address at which the unit's 4 KiB (or
 * larger) register page is mapped uncached; off is a register offset.
 */
#ifndef VTD_VTD_HW_H
#define VTD_VTD_HW_H

#include <stddef.h>
#include <stdint.h>

/* A 4- or 8-byte register (bytes 4 or 8). */
uint64_t vtd_hw_read(void *regs, uint32_t off, unsigned int bytes);
void vtd_hw_write(void *regs, uint32_t off, uint64_t val, unsigned int bytes);

/*
 * Write the cache lines covering [va, va + len) back to memory, for units
 * that do not snoop the CPU cache (ECAP.C = 0). Ordered after earlier stores
 * and before later MMIO writes.
 */
void vtd_hw_flush_cache(const void *va, size_t len);

#endif /* VTD_VTD_HW_H */
