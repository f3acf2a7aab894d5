/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel EPT on top of the page-table engine (<ept/pt.h>): the EPT entry
 * format, capabilities from IA32_VMX_EPT_VPID_CAP, the EPTP VM-execution
 * control field, INVEPT, EPT-violation exit qualifications and the
 * EPT-misconfiguration check of an entry.
 *
 * Concurrency: as <ept/pt.h>; the core serialises calls per table with its own lock.
 */
#ifndef EPT_EPT_H
#define EPT_EPT_H

#include <hvkit/arch/x86.h>
#include <ept/pt.h>

/* The EPT entry format (SDM Vol. 3C 29.3.2 / 28.2.2 in older SDMs): 4 levels only. */
extern const struct pt_format ept_format;

/* EPT memory types, entry bits 5:3 (SDM Vol. 3C 29.3.7). 2, 3 and 7 are reserved. */
#define EPT_MT_UC 0u
#define EPT_MT_WC 1u
#define EPT_MT_WT 4u
#define EPT_MT_WP 5u
#define EPT_MT_WB 6u

/* EPT entry bits. */
#define EPT_READ (1ull << 0)
#define EPT_WRITE (1ull << 1)
#define EPT_EXECUTE (1ull << 2)
#define EPT_IGNORE_PAT (1ull << 6)
#define EPT_PAGE_SIZE (1ull << 7) /* leaf at level 2 (2 MiB) or 3 (1 GiB) */

/* IA32_VMX_EPT_VPID_CAP (SDM Vol. 3D A.10). */
#define EPT_VPID_CAP_EXEC_ONLY (1ull << 0)
#define EPT_VPID_CAP_PWL4 (1ull << 6)
#define EPT_VPID_CAP_UC (1ull << 8)
#define EPT_VPID_CAP_WB (1ull << 14)
#define EPT_VPID_CAP_2M (1ull << 16)
#define EPT_VPID_CAP_1G (1ull << 17)
#define EPT_VPID_CAP_INVEPT (1ull << 20)
#define EPT_VPID_CAP_AD (1ull << 21)
#define EPT_VPID_CAP_INVEPT_SINGLE (1ull << 25)
#define EPT_VPID_CAP_INVEPT_ALL (1ull << 26)

/* PT_CAP_* flags (2M, 1G, execute-only) from an IA32_VMX_EPT_VPID_CAP value. */
uint32_t ept_pt_caps(uint64_t ept_vpid_cap);

/* Create a 4-level EPT table: caps from ept_vpid_cap, hpa_bits = MAXPHYADDR (CPUID 80000008H EAX[7:0]). */
int ept_create(struct pt_table *t, uint64_t ept_vpid_cap, unsigned int maxphyaddr);

/* EPTP fields (SDM Vol. 3C 24.6.11). */
#define EPTP_MEMTYPE_WB 6ull
#define EPTP_PWL_SHIFT 3u
#define EPTP_ENABLE_AD (1ull << 6)

/*
 * The EPTP value for t: memory type WB, page-walk length 4, A/D flags if enable_ad.
 * -HV_EINVAL: t is not a 4-level EPT table; -HV_ENODEV: the CPU lacks WB, a
 * 4-level walk or (when asked) A/D flags.
 */
int ept_eptp(const struct pt_table *t, uint64_t ept_vpid_cap, bool enable_ad, uint64_t *eptp);

/*
 * INVEPT (SDM Vol. 3C 31.3, "INVEPT"). Single-context invalidates the mappings
 * derived from eptp; without single-context support it falls back to all-context.
 * -HV_ENODEV: INVEPT (or every usable type) unsupported; -HV_EIO: the instruction failed;
 * -HV_EINVAL: eptp has reserved bits 11:8 set or a zero table address.
 */
int ept_invept_single_context(uint64_t eptp, uint64_t ept_vpid_cap);
int ept_invept_all_context(uint64_t ept_vpid_cap);

/* Exit qualification for EPT violations (SDM Vol. 3C 28.2.1, Table 28-7): the bits that report on features
 * hvkit enables. Not decoded: bit 6 (mode-based execute control), 9-11 (advanced VM-exit information for EPT
 * violations), 13-14 (shadow stacks), 15 (HLAT paging verification), 16 (asynchronous to execution). */
#define EPT_VQ_READ (1ull << 0)
#define EPT_VQ_WRITE (1ull << 1)
#define EPT_VQ_FETCH (1ull << 2)
#define EPT_VQ_GLA_VALID (1ull << 7)
#define EPT_VQ_GLA_TRANSLATION (1ull << 8)
#define EPT_VQ_NMI_UNBLOCKING (1ull << 12)

struct ept_violation {
	bool read, write, fetch;   /* the access that caused the violation */
	uint8_t perm;              /* PT_PERM_* the translation granted (bits 5:3) */
	bool gla_valid;            /* bit 7: the guest-linear-address field is valid */
	bool gla_translation;      /* bit 8 (with bit 7): the access was to the translation of the linear
				    * address, not to a guest paging-structure entry */
	bool nmi_unblocking;       /* bit 12: NMI unblocking due to IRET */
};

/* Decode an exit qualification; bit 8 is reported only when bit 7 is set. */
void ept_decode_violation(uint64_t exit_qualification, struct ept_violation *out);

#endif /* EPT_EPT_H */
