/* SPDX-License-Identifier: BSD-3-Clause */
/* iommu_init: discovery, domains, assignment, fault reporting, translation on (VT-d 6.5 order). */
#include <core/console.h>
#include <hvkit/errno.h>

#include "iommu_state.h"
#include "unprotected.h"

struct iommu_state iommu;

/* VT-d 6.5 order, after discovery: domains, device assignment, fault reporting, then translation on. */
static int set_up_units(void)
{
	int rc = iommu_build_domains();
	if (rc == 0)
		rc = iommu_assign_devices();
	if (rc == 0)
		rc = iommu_fault_setup();
	for (unsigned int i = 0; rc == 0 && i < iommu.unit_count; i++)
		if ((rc = vtd_enable_translation(&iommu.units[i])) != 0)
			hv_error("iommu: unit %u: cannot enable translation (%d)", i, rc);
	return rc;
}

static int bring_up(const struct boot_info *bi)
{
	int rc = iommu_discover(bi);
	if (rc == -HV_ENOENT) {
		iommu_say_unprotected(iommu.sc, "no DMAR found");
		return rc;
	}
	if (rc == 0)
		rc = set_up_units();
	if (rc != 0) {
		hv_error("iommu: DMA remapping could not be set up (%d): pass-through PCI devices are not isolated", rc);
		return rc;
	}
	iommu.active = true;
	hv_info("iommu: DMA remapping on: %u unit(s), %u-level tables, 2 MiB pages %s, 1 GiB pages %s%s",
		iommu.unit_count, iommu.levels, iommu.pt_caps & PT_CAP_2M ? "yes" : "no",
		iommu.pt_caps & PT_CAP_1G ? "yes" : "no", iommu.qi_off ? ", vtd.qi=off" : "");
	return 0;
}

int iommu_init(const struct boot_info *bi, const struct scenario *sc)
{
	if (iommu.done)
		return iommu.result;
	iommu.done = true;
	iommu.sc = sc;
	iommu.result = bring_up(bi);
	return iommu.result;
}

bool iommu_active(void)
{
	return iommu.active;
}
