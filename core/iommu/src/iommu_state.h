/* SPDX-License-Identifier: BSD-3-Clause */
/* core/iommu internals shared by its source files (boot CPU, one initialisation). */
#ifndef IOMMU_STATE_H
#define IOMMU_STATE_H

#include <ept/pt.h>
#include <ept/vtd_sl.h>
#include <iommu/iommu.h>
#include <vtd/dmar.h>
#include <vtd/vtd.h>
#include <vtd/vtd_regs.h>

struct iommu_domain {
	bool built;
	uint16_t did;          /* VT-d domain id: VM index + 1 (0 stays unused, VT-d 9.3 with CAP.CM) */
	struct pt_table table; /* second-level tables */
	plat_lock_t lock;      /* serialises the table engine (<ept/pt.h>: the caller locks) */
};

struct iommu_state {
	bool active;
	bool qi_off;                  /* "vtd.qi=off" */
	const struct scenario *sc;
	struct dmar_info dmar;
	unsigned int unit_count;
	struct vtd_unit units[DMAR_MAX_DRHD];
	unsigned int levels;          /* second-level table depth every unit accepts (3 or 4) */
	unsigned int hpa_bits;
	uint32_t pt_caps;             /* large pages every unit supports */
	struct iommu_domain domains[SCENARIO_MAX_VMS];
	uint32_t fault_irqs;          /* fault-event interrupts taken (fault.c; the VT-d test image reads it) */
};

extern struct iommu_state iommu;

/* domain.c */
int iommu_build_domains(void);
void iommu_sync_tables(void);
/* domain_rmrr.c (share, hybrid, the VT-d test image) or domain_rmrr_none.c (partition, lapic_pt): the RMRRs that
 * name a device of VM v mapped 1:1 in its domain. */
int iommu_map_rmrrs(unsigned int v);
/* assign.c */
int iommu_assign_devices(void);
/* fault.c */
int iommu_fault_setup(void);
/* fault_note.c (the VT-d test image, which reads them back) or fault_note_none.c (the mode images): note a fault
 * of vm's device (-1: none). */
void iommu_fault_record(int vm, uint16_t segment, const struct vtd_fault *f);

/* "00:03.0"-style name of a function, for messages. */
#define IOMMU_BDF_FMT "%02x:%02x.%x"

#endif
