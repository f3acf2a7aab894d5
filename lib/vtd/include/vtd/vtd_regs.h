/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel VT-d remapping-unit registers, entries and descriptors (VT-d spec
 * chapter 9 "Translation Structure Formats", chapter 11 "Register
 * Descriptions", section 6.5 "Invalidation"). Legacy (not scalable) mode.
 * What only queued invalidation, interrupt remapping and the tests use is in
 * <vtd/vtd_regs_ext.h>.
 */
#ifndef VTD_VTD_REGS_H
#define VTD_VTD_REGS_H

#include <stdint.h>

/* Register offsets (VT-d 11.4). */
#define VTD_VER_REG 0x000u
#define VTD_CAP_REG 0x008u
#define VTD_ECAP_REG 0x010u
#define VTD_GCMD_REG 0x018u
#define VTD_GSTS_REG 0x01Cu
#define VTD_RTADDR_REG 0x020u
#define VTD_CCMD_REG 0x028u
#define VTD_FSTS_REG 0x034u
#define VTD_FECTL_REG 0x038u
#define VTD_FEDATA_REG 0x03Cu
#define VTD_FEADDR_REG 0x040u
#define VTD_FEUADDR_REG 0x044u
/* IOTLB registers live at ECAP.IRO * 16: IVA_REG, then IOTLB_REG. */
#define VTD_IVA_OFF 0x0u
#define VTD_IOTLB_OFF 0x8u
/* Each fault-recording register is 128 bits, the first at CAP.FRO * 16. */
#define VTD_FRCD_SIZE 16u

/* CAP_REG (11.4.2). */
#define VTD_CAP_ND(c) ((unsigned int)((c) & 7u))
#define VTD_CAP_RWBF (1ull << 4)
#define VTD_CAP_CM (1ull << 7)
#define VTD_CAP_SAGAW(c) ((unsigned int)(((c) >> 8) & 0x1Fu))
#define VTD_SAGAW_39 (1u << 1) /* 3-level tables */
#define VTD_SAGAW_48 (1u << 2) /* 4-level tables */
#define VTD_CAP_MGAW(c) ((unsigned int)(((c) >> 16) & 0x3Fu) + 1u)
#define VTD_CAP_FRO(c) ((unsigned int)(((c) >> 24) & 0x3FFu))
#define VTD_CAP_NFR(c) ((unsigned int)(((c) >> 40) & 0xFFu) + 1u)
#define VTD_CAP_DWD (1ull << 54)
#define VTD_CAP_DRD (1ull << 55)

/* ECAP_REG (11.4.3). */
#define VTD_ECAP_C (1ull << 0)
#define VTD_ECAP_IR (1ull << 3)
#define VTD_ECAP_IRO(e) ((unsigned int)(((e) >> 8) & 0x3FFu))

/* GCMD_REG / GSTS_REG (11.4.4, 11.4.5): the same bit in both. */
#define VTD_GCMD_TE (1u << 31)
#define VTD_GCMD_SRTP (1u << 30)
#define VTD_GCMD_SFL (1u << 29)
#define VTD_GCMD_WBF (1u << 27)
#define VTD_GCMD_QIE (1u << 26)
#define VTD_GCMD_IRE (1u << 25)
#define VTD_GCMD_SIRTP (1u << 24)
#define VTD_GSTS_TES VTD_GCMD_TE
#define VTD_GSTS_WBFS VTD_GCMD_WBF
/* One-shot commands: never written back from GSTS (11.4.4). */
#define VTD_GCMD_ONESHOT (VTD_GCMD_SRTP | VTD_GCMD_SFL | VTD_GCMD_WBF | VTD_GCMD_SIRTP)

/* CCMD_REG (11.4.7.1). */
#define VTD_CCMD_ICC (1ull << 63)
#define VTD_CCMD_CIRG_SHIFT 61
#define VTD_CCMD_CAIG_SHIFT 59 /* 2 bits: actual granularity, 0 = not performed */
#define VTD_CCMD_SID_SHIFT 16

/* IOTLB_REG and IVA_REG (11.4.8). */
#define VTD_IOTLB_IVT (1ull << 63)
#define VTD_IOTLB_IIRG_SHIFT 60
#define VTD_IOTLB_IAIG_SHIFT 57 /* 2 bits, as CAIG */
#define VTD_IOTLB_DR (1ull << 49)
#define VTD_IOTLB_DW (1ull << 48)
#define VTD_IOTLB_DID_SHIFT 32

/* Invalidation granularities for CCMD.CIRG and IOTLB.IIRG. */
#define VTD_GRAN_GLOBAL 1u
#define VTD_GRAN_DOMAIN 2u
#define VTD_GRAN_DEVICE 3u /* context cache: device-selective */
#define VTD_GRAN_PAGE 3u   /* IOTLB: page-selective-within-domain */

/* FSTS_REG (11.4.9.1). */
#define VTD_FSTS_PFO (1u << 0)
#define VTD_FSTS_PPF (1u << 1)
#define VTD_FSTS_FRI(v) ((unsigned int)(((v) >> 8) & 0xFFu))

/* FECTL_REG (11.4.9.2). */
#define VTD_FECTL_IM (1u << 31)

/* Fault-recording register, upper 64 bits (11.4.9.4). */
#define VTD_FRCD_HI_F (1ull << 63)
#define VTD_FRCD_HI_T (1ull << 62) /* 1: read request, 0: write request */
#define VTD_FRCD_HI_FR(h) ((unsigned int)(((h) >> 32) & 0xFFu))
#define VTD_FRCD_HI_SID(h) ((uint16_t)((h) & 0xFFFFu))

/* Root entry (9.1) and context entry (9.3), low and high quadwords. */
#define VTD_ROOT_P (1ull << 0)
#define VTD_CTX_P (1ull << 0)
#define VTD_CTX_TT_SHIFT 2
#define VTD_CTX_TT_SLPT 0ull    /* untranslated requests through second-level tables */
#define VTD_CTX_HI_AW_39 1ull
#define VTD_CTX_HI_AW_48 2ull
#define VTD_CTX_HI_DID_SHIFT 8
#define VTD_ADDR_MASK 0x000FFFFFFFFFF000ull

#endif /* VTD_VTD_REGS_H */
