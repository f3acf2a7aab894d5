/* SPDX-License-Identifier: BSD-3-Clause */
/* The MSR bitmap's layout, shared by setting (vmx_bitmap.c) and querying (vmx_bitmap_query.c). Internal to lib/vmx. */
#ifndef VMX_BITMAP_QUARTER_H
#define VMX_BITMAP_QUARTER_H

#include <stdint.h>

/* Byte offset of the 1 KiB quarter for (msr range, access), or -1 outside the ranges; *bit: the MSR's bit in it. */
long vmx_msr_bitmap_quarter(uint32_t msr, unsigned int access, uint32_t *bit);

#endif
