/* SPDX-License-Identifier: BSD-3-Clause */
/* The VM's RAM as reported to guests: ranges less the legacy hole, mem_lower/mem_upper. */
#include "loader_util.h"

static uint32_t add(struct usable_range *out, uint32_t n, uint32_t max, uint64_t base, uint64_t end)
{
	if (end > base && n < max) {
		out[n].base = base;
		out[n].size = end - base;
		n++;
	}
	return n;
}

uint32_t usable_ranges(const struct guest_mem *m, struct usable_range *out, uint32_t max)
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

/* Length of RAM contiguous from gpa, at most limit - gpa. */
static uint64_t contiguous_from(const struct guest_mem *m, uint64_t gpa, uint64_t limit)
{
	uint64_t lo = 0, hi = limit - gpa;
	/* Binary search the largest length that is all RAM (membership is monotonic in length). */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;
		if (guest_mem_contains(m, gpa, mid))
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

uint32_t low_mem_kib(const struct guest_mem *m)
{
	return (uint32_t)(contiguous_from(m, 0, GUEST_LOW_MEM_END) / 1024);
}

uint32_t upper_mem_kib(const struct guest_mem *m)
{
	/* The field is 32-bit KiB; it cannot describe more than 4 TiB and need not: stop at 4 GiB. */
	return (uint32_t)(contiguous_from(m, GUEST_HIGH_MEM_START, 1ull << 32) / 1024);
}
