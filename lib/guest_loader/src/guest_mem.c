/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest RAM membership and overlap checks. */
#include <guest_loader/guest_mem.h>

uint32_t guest_mem_range_count(const struct guest_mem *m)
{
	if (m->range_count == 0)
		return m->ram_size != 0 ? 1u : 0u;
	return m->range_count;
}

struct guest_mem_range guest_mem_range_at(const struct guest_mem *m, uint32_t i)
{
	if (m->range_count == 0)
		return (struct guest_mem_range){ .base = 0, .size = m->ram_size };
	return m->ranges[i];
}

static bool in_range(struct guest_mem_range r, uint64_t gpa)
{
	return gpa >= r.base && gpa - r.base < r.size;
}

bool guest_mem_contains(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	if (len == 0 || gpa + len < gpa)
		return false;
	uint64_t end = gpa + len;
	uint32_t n = guest_mem_range_count(m);
	/* Walk from range to range: adjacent ranges together cover what spans them. */
	while (gpa < end) {
		uint32_t i;
		for (i = 0; i < n; i++) {
			struct guest_mem_range r = guest_mem_range_at(m, i);
			if (in_range(r, gpa)) {
				gpa = r.base + r.size;
				break;
			}
		}
		if (i == n)
			return false;
	}
	return true;
}

bool guest_ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (alen == 0 || blen == 0)
		return false;
	return a < b + blen && b < a + alen;
}
