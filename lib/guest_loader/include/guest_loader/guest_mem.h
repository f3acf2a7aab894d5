/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How a loader reaches a VM's memory: through callbacks the caller supplies.
 * The core implements them over the VM's host-physical RAM; the unit tests over a
 * malloc'd buffer. Loaders never touch guest memory any other way.
 */
#ifndef GUEST_LOADER_GUEST_MEM_H
#define GUEST_LOADER_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One range of guest-physical RAM (same shape as the scenario's struct scenario_range). */
struct guest_mem_range {
	uint64_t base;
	uint64_t size;
};

struct guest_mem {
	void *ctx;
	/* Copy len bytes to guest-physical gpa; 0 or a negative HV_E* value. */
	int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len);
	/* Zero len bytes at guest-physical gpa; 0 or a negative HV_E* value. */
	int (*zero)(void *ctx, uint64_t gpa, size_t len);
	/* Guest RAM: the ranges listed, or GPA 0..ram_size when range_count is 0. */
	uint64_t ram_size;
	const struct guest_mem_range *ranges;
	uint32_t range_count;
};

/* Whether every byte of [gpa, gpa + len) is guest RAM (ranges may be adjacent). len 0 is never RAM. */
bool guest_mem_contains(const struct guest_mem *m, uint64_t gpa, uint64_t len);

/* Number of RAM ranges and the i-th one (the implicit 0..ram_size when none are listed). */
uint32_t guest_mem_range_count(const struct guest_mem *m);
struct guest_mem_range guest_mem_range_at(const struct guest_mem *m, uint32_t i);

/* [a, a + alen) and [b, b + blen) share a byte. */
bool guest_ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);

#endif
