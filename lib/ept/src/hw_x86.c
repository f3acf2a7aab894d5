/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/ept's hardware seam on the real CPU (image build only). */
#include <ept/ept_hw.h>
#include <hvkit/errno.h>

int ept_hw_invept(uint64_t type, const struct invept_descriptor *desc)
{
	uint8_t failed;
	/* SDM Vol. 3C 31.2: VMfailInvalid sets CF, VMfailValid sets ZF. */
	__asm__ volatile("invept %1, %2\n\tsetbe %0"
			 : "=qm"(failed)
			 : "m"(*desc), "r"(type)
			 : "cc", "memory");
	return failed ? -HV_EIO : 0;
}
