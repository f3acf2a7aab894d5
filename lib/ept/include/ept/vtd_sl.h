/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel VT-d second-level translation tables (VT-d spec 9.8 / 3.6) built with
 * the same engine as EPT (<ept/pt.h>). Entries: R bit 0, W bit 1, X bit 2
 * (honoured only with PT_CAP_EXEC), SP bit 7, SNP bit 11, TM bit 62; no memory
 * type. 3-level (39-bit) or 4-level (48-bit) tables. Write-only is allowed.
 * The core builds a domain with this format and hands root_pa to lib/vtd.
 */
#ifndef EPT_VTD_SL_H
#define EPT_VTD_SL_H

#include <ept/pt.h>

extern const struct pt_format vtd_sl_format;

#define VTD_SL_READ (1ull << 0)
#define VTD_SL_WRITE (1ull << 1)
#define VTD_SL_EXECUTE (1ull << 2)
#define VTD_SL_SUPER_PAGE (1ull << 7)
#define VTD_SL_SNOOP (1ull << 11)
#define VTD_SL_TRANSIENT (1ull << 62)

/* VT-d capability register: second-level large page support SLLPS, bits 37:34 (bit 34: 2 MiB, bit 35: 1 GiB). */
#define VTD_CAP_SLLPS_2M (1ull << 34)
#define VTD_CAP_SLLPS_1G (1ull << 35)

/* PT_CAP_2M/PT_CAP_1G from a VT-d capability register value. */
uint32_t vtd_sl_pt_caps(uint64_t cap_reg);

#endif /* EPT_VTD_SL_H */
