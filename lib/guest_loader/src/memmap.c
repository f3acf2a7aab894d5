/* SPDX-License-Identifier: BSD-3-Clause */
/* The VM's RAM as reported to guests: ranges less the legacy hole (Multiboot's mem_lower/mem_upper: mem_kib.c). */
#include "loader_util.h"

static uint32_t add(struct guest_mem_range *out, uint32_t n, uint32_t max, uint64_t base, uint64_t end)
{
	if (end > base && n < max) {
		out[n].base = base;
		out[n].size = end - base;
		n++;
	}
	return n;
}

uint32_t usable_ranges(const struct guest_mem *m, struct guest_mem_range *out, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < guest_mem_range_count(m); i++) {
		struct guest_mem_range r = guest_mem_range_at(m, i);
		uint64_t end = r.base + r.size;
		/* 640 KiB..1 MiB is VGA memory and ROM on a PC: never reported as RAM. */
		if (r.base < GUEST_LOW_MEM_END)
			n = add(out, n, max, r.base, end < GUEST_LOW_MEM_END ? end : GUEST_LOW_MEM_END);
		uint64_t hi = r.base > GUEST_HIGH_MEM_START ? r.base : GUEST_HIGH_MEM_START;
		n = add(out, n, max, hi, end);
	}
	return n;
}
