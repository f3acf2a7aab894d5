/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot's mem_lower/mem_upper (spec 3.3): RAM contiguous from 0 and from 1 MiB, in KiB. */
#include "loader_util.h"

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
