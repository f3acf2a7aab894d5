/* SPDX-License-Identifier: BSD-3-Clause */
/* CRC-32, reflected polynomial 0xedb88320, bit by bit: a compiled scenario is read once per boot. */
#include <scenario/scenario_bin.h>

uint32_t scenario_bin_crc32(const void *data, size_t size)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < size; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}
