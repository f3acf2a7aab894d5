/* SPDX-License-Identifier: BSD-3-Clause */
/* Little-endian stores (lib/guest_loader's, whose guest_mem vacpi writes through) and the byte sum, for every
 * flavour's table writers (ACPI is little-endian; no packed structs, no alignment assumptions). */
#ifndef VACPI_BYTES_H
#define VACPI_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/le.h>

/* Byte sum modulo 256; an ACPI checksum byte makes a table's sum 0. */
static inline uint8_t vacpi_sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

#endif
