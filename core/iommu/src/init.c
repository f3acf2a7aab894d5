/* SPDX-License-Identifier: BSD-3-Clause */
/* iommu_init: discovery, domains, assignment, fault reporting, translation on (VT-d 6.5 order). */
#include <core/console.h>
#include <hvkit/errno.h>
#include <string.h>

#include "iommu_state.h"
#include "unprotected.h"

struct iommu_state iommu;

static int enable_units(void)
{
	for (unsigned int i = 0; i < iommu.unit_count; i++) {
		int rc = vtd_enable_translation(&iommu.units[i]);
		if (rc != 0) {
			hv_error("iommu: unit %u: cannot enable translation (%d)", i, rc);
			return rc;
		}
	}
	return 0;
}

/* VT-d 6.5 order, after discovery: one domain per VM, device assignment, fault reporting, translation on. */
static int (*const set_up_steps[])(void) = { iommu_build_domains, iommu_assign_devices, iommu_fault_setup,
	enable_units };

int iommu_init(const struct boot_info *bi, const struct scenario *sc)
{
	iommu.sc = sc;
	iommu.qi_off = strstr(bi->cmdline, "vtd.qi=off") != NULL; /* as core reads its other options */
	int rc = iommu_discover();
	if (rc == -HV_ENOENT) {
		iommu_say_unprotected(sc, "no DMAR found");
		return rc;
	}
	for (unsigned int i = 0; rc == 0 && i < sizeof(set_up_steps) / sizeof(set_up_steps[0]); i++)
		rc = set_up_steps[i]();
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

bool iommu_active(void)
{
	return iommu.active;
}
