/* SPDX-License-Identifier: BSD-3-Clause */
/* Whether an MSR access (SDM Vol. 3C 24.6.9) or a port access (24.6.4) exits under the bitmaps: a file of its
 * own, which no image links (the core only sets intercepts; the tests read them back). */
#include <stddef.h>

#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_ext.h>

#include "vmx_bitmap_quarter.h"

static bool test_bit(const uint8_t *p, uint32_t bit)
{
	return (p[bit / 8] >> (bit % 8)) & 1u;
}

bool vmx_msr_bitmap_intercepts(const void *msr_bitmap, uint32_t msr, unsigned int access)
{
	uint32_t bit;
	long q = vmx_msr_bitmap_quarter(msr, access, &bit);

	if (q < 0 || msr_bitmap == NULL)
		return true;
	return test_bit((const uint8_t *)msr_bitmap + q, bit);
}

bool vmx_io_bitmap_intercepts(const void *a, const void *b, uint16_t port, unsigned int size)
{
	if (a == NULL || b == NULL)
		return true;
	if ((uint32_t)port + size > 0x10000u)
		return true;
	for (uint32_t p = port; p < (uint32_t)port + size; p++) {
		bool hit = p < 0x8000u ? test_bit(a, p) : test_bit(b, p - 0x8000u);
		if (hit)
			return true;
	}
	return false;
}
