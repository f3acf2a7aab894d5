/* SPDX-License-Identifier: BSD-3-Clause */
/* MSR bitmap (SDM Vol. 3C 24.6.9) and I/O bitmap (24.6.4) helpers. */
#include <stddef.h>

#include <hvkit/errno.h>
#include <vmx/vmx_bitmap.h>

#include "vmx_bitmap_quarter.h"

/* Byte offset of the 1 KiB quarter for (msr range, access), or -1 outside the ranges. */
long vmx_msr_bitmap_quarter(uint32_t msr, unsigned int access, uint32_t *bit)
{
	long base;

	if (msr <= 0x1FFFu) {
		base = 0;
		*bit = msr;
	} else if (msr >= 0xC0000000u && msr <= 0xC0001FFFu) {
		base = 1024;
		*bit = msr - 0xC0000000u;
	} else {
		return -1;
	}
	/* Read bitmaps for low/high MSRs at 0/1024, write bitmaps at 2048/3072. */
	return access == VMX_MSR_WRITE ? base + 2048 : base;
}

static void set_bit(uint8_t *p, uint32_t bit, bool v)
{
	if (v)
		p[bit / 8] |= (uint8_t)(1u << (bit % 8));
	else
		p[bit / 8] &= (uint8_t)~(1u << (bit % 8));
}

int vmx_msr_bitmap_set(void *msr_bitmap, uint32_t msr, unsigned int access, bool intercept)
{
	uint32_t bit;

	if (msr_bitmap == NULL || access == 0 || (access & ~(VMX_MSR_READ | VMX_MSR_WRITE)))
		return -HV_EINVAL;
	if (vmx_msr_bitmap_quarter(msr, VMX_MSR_READ, &bit) < 0)
		return -HV_ERANGE;
	for (unsigned int a = VMX_MSR_READ; a <= VMX_MSR_WRITE; a <<= 1) {
		if (access & a)
			set_bit((uint8_t *)msr_bitmap + vmx_msr_bitmap_quarter(msr, a, &bit), bit, intercept);
	}
	return 0;
}

int vmx_io_bitmap_set(void *a, void *b, uint16_t port, uint32_t count, bool intercept)
{
	if (a == NULL || b == NULL || count == 0)
		return -HV_EINVAL;
	if ((uint32_t)port + count > 0x10000u)
		return -HV_ERANGE;
	/* Bitmap A holds ports 0x0000-0x7FFF, B 0x8000-0xFFFF, each by its low 15 bits. */
	for (uint32_t p = port; p < (uint32_t)port + count; p++)
		set_bit(p < 0x8000u ? a : b, p & 0x7FFFu, intercept);
	return 0;
}
