/* SPDX-License-Identifier: BSD-3-Clause */
/* core_no_iommu_lib: for images that link no lib/vtd. Nothing is remapped, and the log says so. */
#include <iommu/iommu.h>
#include <hvkit/errno.h>

#include "unprotected.h"

int iommu_init(const struct boot_info *bi, const struct scenario *sc)
{
	(void)bi;
	iommu_say_unprotected(sc, "not linked into this image");
	return -HV_ENOSYS;
}

bool iommu_active(void)
{
	return false;
}
