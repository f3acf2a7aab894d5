/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hardware seam of lib/ept: the only privileged instruction the library
 * issues. src/hw_x86.c implements it for the image; tests/mock_hw.c on the host.
 */
#ifndef EPT_EPT_HW_H
#define EPT_EPT_HW_H

#include <hvkit/platform.h>

/* INVEPT types (SDM Vol. 3C 31.3, "INVEPT"). */
#define INVEPT_SINGLE_CONTEXT 1ull
#define INVEPT_ALL_CONTEXT 2ull

/* The 128-bit INVEPT descriptor: EPTP in bits 63:0, bits 127:64 reserved (0). */
struct invept_descriptor {
	uint64_t eptp;
	uint64_t reserved;
} __attribute__((aligned(16)));

/* Execute INVEPT; 0 on success, -HV_EIO when it reports VMfailInvalid or VMfailValid. */
int ept_hw_invept(uint64_t type, const struct invept_descriptor *desc);

#endif /* EPT_EPT_HW_H */
