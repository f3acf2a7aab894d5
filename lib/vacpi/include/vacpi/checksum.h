/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ACPI checksum (ACPI 6.x 5.2.5.3, 5.2.6): a table's bytes, its checksum byte included, sum to 0 modulo 256.
 * vacpi's writers set the byte with it and the core's reader of the host's tables (core/acpi) checks it.
 */
#ifndef VACPI_CHECKSUM_H
#define VACPI_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Byte sum modulo 256 (ACPI is little-endian; no packed structs, no alignment assumptions). */
static inline uint8_t acpi_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + b[i]);
	return s;
}

#endif
