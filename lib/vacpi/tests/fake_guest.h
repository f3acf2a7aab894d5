/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest RAM for the vacpi tests: a host buffer indexed by GPA, with call counting and failure injection. */
#ifndef VACPI_FAKE_GUEST_H
#define VACPI_FAKE_GUEST_H

#include <stdint.h>

#include <guest_loader/guest_mem.h>

#define FAKE_GUEST_SPAN 0x110000u /* GPA 0..1 MiB + 64 KiB */

struct fake_guest {
	struct guest_mem mem;
	uint8_t *buf;        /* FAKE_GUEST_SPAN bytes */
	unsigned calls;      /* write() and zero() calls that changed memory */
	long fail_after;     /* >= 0: that many calls succeed, then each fails with -HV_EIO; -1: never */
	unsigned bad_calls;  /* calls outside the declared RAM or the buffer (must stay 0) */
};

/* RAM 0..ram_size, or the ranges listed (n > 0); the buffer is filled with fill. */
void fake_guest_init(struct fake_guest *g, uint64_t ram_size, const struct guest_mem_range *r, uint32_t n,
		     uint8_t fill);
void fake_guest_free(struct fake_guest *g);

/* The fixture most table tests share: `guest`, 64 MiB of RAM filled with 0xaa, made before each test
 * (cmocka_unit_test_setup_teardown(f, fake_guest_setup, fake_guest_teardown)) and freed after it. */
#define FAKE_GUEST_FIXTURE_RAM (64ull << 20)
extern struct fake_guest guest;
int fake_guest_setup(void **state);
int fake_guest_teardown(void **state);

static inline uint16_t g16(const struct fake_guest *g, uint64_t gpa)
{
	return (uint16_t)(g->buf[gpa] | (g->buf[gpa + 1] << 8));
}

static inline uint32_t g32(const struct fake_guest *g, uint64_t gpa)
{
	return (uint32_t)g16(g, gpa) | ((uint32_t)g16(g, gpa + 2) << 16);
}

static inline uint64_t g64(const struct fake_guest *g, uint64_t gpa)
{
	return (uint64_t)g32(g, gpa) | ((uint64_t)g32(g, gpa + 4) << 32);
}

#endif
