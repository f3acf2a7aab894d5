/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the loaders (not part of the public API). */
#ifndef GUEST_LOADER_UTIL_H
#define GUEST_LOADER_UTIL_H

#include <stdint.h>

#include <guest_loader/pvh.h>

/* Most ranges usable_ranges() returns: each RAM range split at most once by the legacy hole. */
#define USABLE_RANGES_MAX 32u

/*
 * The VM's RAM as the guest should see it: every RAM range, less the legacy
 * VGA/BIOS hole 640 KiB..1 MiB, in the order listed (Multiboot mmap, e820, PVH memory map). Returns the
 * count, at most max.
 */
uint32_t usable_ranges(const struct guest_mem *m, struct guest_mem_range *out, uint32_t max);

/* Write the boot GDT (null, null, flat code at 0x10, flat data at 0x18) at GUEST_GDT_GPA. */
int write_boot_gdt(const struct guest_mem *m, bool long_mode);

/* Flat entry states; the caller adds its registers (entry_long64: identity_map.c, with the tables at cr3). */
void entry_protected32(struct guest_entry *e, uint64_t rip, bool with_gdt);
void entry_long64(struct guest_entry *e, uint64_t rip, uint64_t cr3);

#define FOUR_GIB (1ull << 32)
#define X(v) ((unsigned long long)(v)) /* a 64-bit value for %llx */

static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

#endif
