/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPT-misconfiguration check (src/ept_misconfig.c, an archive member no mode image links: the tests check
 * every entry the engine writes with it). */
#ifndef EPT_EPT_MISCONFIG_H
#define EPT_EPT_MISCONFIG_H

#include <stdint.h>

/* EPT entry fields only the check and the tests read (SDM Vol. 3C 29.3.2): the leaf memory type, bits 5:3, and the
 * accessed and dirty flags (with EPTP bit 6). */
#define EPT_MEMTYPE_SHIFT 3u
#define EPT_MEMTYPE_MASK (7ull << 3)
#define EPT_ACCESSED (1ull << 8)
#define EPT_DIRTY (1ull << 9)

/* Why an EPT entry would cause an EPT misconfiguration (SDM Vol. 3C 29.3.3.1 / 28.2.3.1). */
enum ept_misconfig {
	EPT_MISCONFIG_NONE = 0,         /* fine, or not present (bits 2:0 = 0) */
	EPT_MISCONFIG_WRITE_NO_READ,    /* bits 2:0 = 010b or 110b */
	EPT_MISCONFIG_EXEC_ONLY,        /* bits 2:0 = 100b without execute-only support */
	EPT_MISCONFIG_RESERVED_BIT,     /* a reserved bit (incl. address bits >= MAXPHYADDR, unsupported page size) */
	EPT_MISCONFIG_MEMTYPE,          /* leaf memory type 2, 3 or 7 */
};

/* Check one entry found at `level` (1..4) of an EPT. */
enum ept_misconfig ept_check_entry(uint64_t entry, unsigned int level, unsigned int maxphyaddr,
				   uint64_t ept_vpid_cap);

#endif /* EPT_EPT_MISCONFIG_H */
