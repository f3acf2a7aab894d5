/* SPDX-License-Identifier: BSD-3-Clause */
/* Little-endian stores and the byte sum, for every flavour's table writers (ACPI is little-endian; no packed
 * structs, no alignment assumptions). */
#ifndef VACPI_BYTES_H
#define VACPI_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Byte sum modulo 256; an ACPI checksum byte makes a table's sum 0. */
static inline uint8_t vacpi_sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

#endif
