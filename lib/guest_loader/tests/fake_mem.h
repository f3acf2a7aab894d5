/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest RAM for tests: one zero-filled host buffer indexed by GPA, with call counters and failure injection. */
#ifndef FAKE_MEM_H
#define FAKE_MEM_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/guest_mem.h>

struct fake_mem {
	struct guest_mem mem;
	uint8_t *buf;        /* GPA 0..span */
	uint64_t span;
	unsigned writes;     /* write() and zero() calls that changed memory */
	long fail_after;     /* >= 0: that many calls succeed, then each fails with -HV_EIO; -1: never */
	unsigned outside_ram; /* calls that touched bytes outside the declared RAM (must stay 0) */
};

/* RAM 0..ram_size (no ranges list). */
void fake_mem_init(struct fake_mem *f, uint64_t ram_size);
/* RAM as listed; the buffer spans 0..the highest end. */
void fake_mem_init_ranges(struct fake_mem *f, const struct guest_mem_range *r, uint32_t n);
void fake_mem_free(struct fake_mem *f);

/* Fill all of the buffer with a byte (to see what a load zeroes). */
void fake_mem_fill(struct fake_mem *f, uint8_t v);

static inline uint32_t rd32(const struct fake_mem *f, uint64_t gpa)
{
	const uint8_t *p = f->buf + gpa;
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t rd64(const struct fake_mem *f, uint64_t gpa)
{
	return (uint64_t)rd32(f, gpa) | ((uint64_t)rd32(f, gpa + 4) << 32);
}

static inline uint16_t rd16(const struct fake_mem *f, uint64_t gpa)
{
	return (uint16_t)(f->buf[gpa] | (f->buf[gpa + 1] << 8));
}

/* Little-endian stores into a test's image bytes. */
static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

#endif
