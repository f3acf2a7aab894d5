/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VT-d register bits, descriptors and entries that only queued invalidation
 * (src/invalidate_qi.c), interrupt remapping (src/intremap.c,
 * src/invalidate_iec.c), the calls of <vtd/vtd_ext.h> and the simulated unit
 * of the tests use; the rest is
 * <vtd/vtd_regs.h>.
 */
#ifndef VTD_VTD_REGS_EXT_H
#define VTD_VTD_REGS_EXT_H

#include <vtd/vtd_regs.h>

/* CAP_REG and ECAP_REG fields (11.4.2, 11.4.3) only page-selective invalidation, interrupt remapping's x2APIC
 * mode and pass-through contexts (9.3 TT 10b) read. */
#define VTD_CAP_SLLPS(c) ((unsigned int)(((c) >> 34) & 0xFu))
#define VTD_CAP_PSI (1ull << 39)
#define VTD_CAP_MAMV(c) ((unsigned int)(((c) >> 48) & 0x3Fu))
#define VTD_ECAP_QI (1ull << 1)
#define VTD_ECAP_EIM (1ull << 4)
#define VTD_ECAP_PT (1ull << 6)
#define VTD_CTX_TT_PASSTHRU 2ull

/* Queued invalidation: IQH/IQT/IQA (11.4.10; 128-bit descriptors, QS = 0: one page), FSTS.IQE (11.4.9.1) and
 * the descriptors (6.5.2). */
#define VTD_IQH_REG 0x080u
#define VTD_IQT_REG 0x088u
#define VTD_IQA_REG 0x090u
#define VTD_IQ_SHIFT 4 /* IQH/IQT hold the descriptor index in bits 18:4 */
#define VTD_INV_CC 0x1ull
#define VTD_INV_IOTLB 0x2ull
#define VTD_INV_WAIT 0x5ull
#define VTD_INV_G_SHIFT 4
#define VTD_INV_DID_SHIFT 16
#define VTD_INV_CC_SID_SHIFT 32
#define VTD_INV_IOTLB_DW (1ull << 6)
#define VTD_INV_IOTLB_DR (1ull << 7)
#define VTD_INV_WAIT_SW (1ull << 5)
#define VTD_INV_WAIT_FN (1ull << 6)
#define VTD_INV_WAIT_SDATA_SHIFT 32
#define VTD_FSTS_IQE (1u << 4)

/* IRTA_REG (11.4.12.1). */
#define VTD_IRTA_REG 0x0B8u
#define VTD_IRTA_EIME (1ull << 11)

/* GCMD_REG / GSTS_REG (11.4.4, 11.4.5). */
#define VTD_GCMD_CFI (1u << 23)
#define VTD_GSTS_RTPS VTD_GCMD_SRTP
#define VTD_GSTS_IRTPS VTD_GCMD_SIRTP
#define VTD_GSTS_CFIS VTD_GCMD_CFI
#define VTD_GSTS_QIES VTD_GCMD_QIE
#define VTD_GSTS_IRES VTD_GCMD_IRE

/* FSTS_REG (11.4.9.1), FECTL_REG (11.4.9.2). */
#define VTD_FSTS_ICE (1u << 5)
#define VTD_FSTS_ITE (1u << 6)
#define VTD_FECTL_IP (1u << 30)

/* Interrupt-entry-cache invalidation descriptor (6.5.2.7). */
#define VTD_INV_IEC 0x4ull
#define VTD_INV_TYPE(lo) ((unsigned int)((lo) & 0xFu))
#define VTD_INV_IEC_INDEX (1ull << 4) /* G: 0 global, 1 index-selective */
#define VTD_INV_IEC_IM_SHIFT 27
#define VTD_INV_IEC_IIDX_SHIFT 32

/* Interrupt-remapping table entry, remapped format (9.10). */
#define VTD_IRTE_P (1ull << 0)
#define VTD_IRTE_FPD (1ull << 1)
#define VTD_IRTE_DM (1ull << 2)
#define VTD_IRTE_RH (1ull << 3)
#define VTD_IRTE_TM (1ull << 4)
#define VTD_IRTE_DLM_SHIFT 5
#define VTD_IRTE_AVAIL_ALLOC (1ull << 8) /* software-available bit: slot allocated */
#define VTD_IRTE_V_SHIFT 16
#define VTD_IRTE_DST_SHIFT 32
#define VTD_IRTE_HI_SQ_SHIFT 16
#define VTD_IRTE_HI_SVT_SHIFT 18

#endif /* VTD_VTD_REGS_EXT_H */
