/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared fixture for lib/vtd tests against the simulated unit. */
#ifndef VTD_TEST_H
#define VTD_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vtd/vtd.h>
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "host_platform.h"
#include "sim_unit.h"

static struct sim_unit sim;
static struct vtd_unit unit;

/* CAP: ND, SAGAW, CM, PSI, MAMV, NFR (count), FRO at 0x200; DRD/DWD; SLLPS 2M. */
static inline uint64_t make_cap(unsigned int nd, unsigned int sagaw, bool cm, bool psi, unsigned int mamv,
	unsigned int nfr, unsigned int mgaw)
{
	return (uint64_t)nd | ((uint64_t)sagaw << 8) | (cm ? VTD_CAP_CM : 0) | ((uint64_t)(mgaw - 1) << 16) |
		(0x20ull << 24) | (1ull << 34) | (psi ? VTD_CAP_PSI : 0) | ((uint64_t)(nfr - 1) << 40) |
		((uint64_t)mamv << 48) | VTD_CAP_DRD | VTD_CAP_DWD;
}

/* ECAP: C, QI, IR, EIM, PT; IOTLB registers at 0x100. */
static inline uint64_t make_ecap(bool c, bool qi, bool ir, bool eim, bool pt)
{
	return (c ? VTD_ECAP_C : 0) | (qi ? VTD_ECAP_QI : 0) | (ir ? VTD_ECAP_IR : 0) | (eim ? VTD_ECAP_EIM : 0) |
		(pt ? VTD_ECAP_PT : 0) | (0x10ull << 8);
}

static inline int up(uint64_t cap, uint64_t ecap)
{
	host_platform_reset();
	sim_init(&sim, cap, ecap);
	sim_flush_reset();
	int rc = vtd_unit_init(&unit, &sim, 0);
	unit.timeout_ticks = 1000000; /* 1 ms at the host's 1 GHz: ~1000 polls */
	return rc;
}

static inline int up_qemu(void) { return up(SIM_QEMU_CAP, SIM_QEMU_ECAP); }

static inline int teardown(void **state)
{
	(void)state;
	vtd_unit_fini(&unit);
	assert_int_equal(host_platform_pages_in_use, 0);
	return 0;
}

#endif
