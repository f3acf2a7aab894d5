/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Translating a guest linear address to a guest-physical address by walking the GUEST's own
 * page tables (Intel SDM Vol. 3A chapter 4), so that the core can fetch the instruction bytes at
 * the guest's RIP after an MMIO exit and hand them to lib/insn_decode.
 *
 * The walker reads guest memory only through p->read_gpa (it never dereferences a guest address
 * itself) and only reads: it never sets accessed or dirty bits (the guest's own fetch that caused
 * the exit already set them), and it keeps no TLB.
 *
 * Paging modes (SDM 4.1.1, Table 4-1), chosen from CR0.PG, CR4.PAE, EFER.LMA and CR4.LA57:
 *   CR0.PG = 0            no paging: GPA = linear, truncated to 32 bits unless EFER.LMA (which
 *                         hardware never sets with PG = 0); reported as 4 KiB pages.
 *   PG=1 PAE=0            32-bit paging: 4 KiB pages, 4 MiB pages with CR4.PSE (PSE-36 bits up to
 *                         min(MAXPHYADDR, 40)).
 *   PG=1 PAE=1 LMA=0      PAE paging: PDPTEs from p->pdptes (the VMCS guest PDPTE fields, which
 *                         the CPU uses with EPT) or, when NULL, read at CR3[31:5]; 2 MiB pages.
 *   PG=1 PAE=1 LMA=1      4-level paging (1 GiB and 2 MiB pages), 5-level with CR4.LA57.
 * Outside IA-32e mode linear addresses are 32 bits: the upper bits of `linear` are dropped.
 *
 * Checked: present bits, reserved bits (SDM 4.3, 4.4.2, 4.5: bits at or above MAXPHYADDR, PS
 * where it must be 0, the low bits of large-page frames, XD without EFER.NXE), access rights
 * (SDM 4.6: U/S against CPL, R/W for writes at CPL 3 or with CR0.WP, XD for fetches with
 * EFER.NXE, CR4.SMEP for supervisor fetches from user pages).
 * Not modelled: SMAP (needs RFLAGS.AC and the access's implicit/explicit kind: supervisor
 * reads and writes of user pages are allowed as if CR4.SMAP = 0), protection keys (PKE/PKS),
 * CET shadow-stack accesses, HLAT, LAM, and a CPU without 1 GiB pages (PS in a PDPTE is taken
 * as a 1 GiB page). Compatibility-mode fetches that wrap at 4 GiB are not wrapped.
 */
#ifndef GUEST_WALK_GUEST_WALK_H
#define GUEST_WALK_GUEST_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SDM Vol. 2A 2.3.11: an instruction is at most 15 bytes long. */
#define GUEST_FETCH_MAX_LEN 15u

enum guest_access {
	GUEST_ACCESS_READ = 0,
	GUEST_ACCESS_WRITE = 1,
	GUEST_ACCESS_FETCH = 2,
};

struct guest_paging {
	uint64_t cr0, cr3, cr4, efer; /* the guest's values (VMCS guest-state area) */
	unsigned cpl;                 /* 3 = user-mode access, 0..2 = supervisor-mode access */
	/* Copy len bytes of guest-physical memory at gpa to dst; 0 on success, nonzero if gpa is
	 * not guest RAM. The walker asks for single paging-structure entries (4 or 8 bytes) and,
	 * in guest_fetch, for the instruction bytes. */
	int (*read_gpa)(void *ctx, uint64_t gpa, void *dst, size_t len);
	void *ctx;
	/* The guest's MAXPHYADDR (CPUID.80000008H:EAX[7:0]), 32..52; 0 means 52. It decides which
	 * high entry bits are reserved (SDM 4.1.4). */
	unsigned maxphyaddr;
	/* PAE paging only: the four PDPTE registers (SDM 4.4.1; with EPT, the VMCS guest PDPTE0-3
	 * fields), or NULL to read the PDPTEs from memory at CR3[31:5]. */
	const uint64_t *pdptes;
};

/* The whole outcome of a walk, for a caller that injects the guest's fault. */
struct guest_walk_result {
	uint64_t gpa;             /* success: the guest-physical address of `linear` */
	uint64_t page_bytes_left; /* success: bytes from gpa to the end of its page (1..page_size) */
	uint64_t page_size;       /* success: 4 KiB, 2 MiB, 4 MiB or 1 GiB (4 KiB without paging) */
	/* The paging-structure level: on success the leaf's, on a fault the failing entry's.
	 * 5 PML5E, 4 PML4E, 3 PDPTE, 2 PDE, 1 PTE; 0 without paging or before any entry. */
	unsigned level;
	uint64_t entry;           /* that entry's value (0 when level is 0 or its read failed) */
	bool page_fault;          /* the guest would take #PF (vector 14) with CR2 = linear */
	uint32_t pf_error_code;   /* when page_fault: the error code (SDM 4.7, Figure 4-12) */
};

/* Page-fault error code bits (SDM 4.7). */
#define GUEST_PF_P (1u << 0)    /* 0: not present; 1: protection or reserved-bit violation */
#define GUEST_PF_W (1u << 1)    /* the access was a write */
#define GUEST_PF_U (1u << 2)    /* the access was a user-mode (CPL 3) access */
#define GUEST_PF_RSVD (1u << 3) /* a reserved bit was set in a paging-structure entry */
#define GUEST_PF_I (1u << 4)    /* an instruction fetch, with CR4.SMEP or (CR4.PAE and EFER.NXE) */

/*
 * Translate `linear` for `access` at p->cpl. On success returns 0 and stores the GPA and the
 * bytes left in its page (page_bytes_left may be NULL). Errors (*gpa untouched):
 *   -HV_ENOENT  a not-present entry (guest_walk_info gives the level)
 *   -HV_EPERM   the translation exists but its access rights forbid the access (never in guest_walk_ia32e_lib:
 *               src/access_rights_none.c checks none)
 *   -HV_EINVAL  a reserved bit is set in an entry; or p, p->read_gpa or gpa is NULL, access is
 *               not an enum guest_access, maxphyaddr is out of range, or the control registers
 *               name no paging mode (EFER.LMA with CR0.PG and without CR4.PAE)
 *   -HV_ERANGE  in IA-32e mode, `linear` is not canonical (the guest would take #GP, not #PF)
 *   -HV_EIO     p->read_gpa failed for a paging-structure entry
 *   -HV_ENOSYS  32-bit or PAE paging, in the build that walks IA-32e paging only (guest_walk_ia32e_lib:
 *               src/paging_legacy_none.c instead of src/paging_legacy.c)
 */
int guest_walk(const struct guest_paging *p, uint64_t linear, enum guest_access access,
	       uint64_t *gpa, uint64_t *page_bytes_left);

/* guest_walk with the whole outcome in *res (filled on success and on every fault). */
int guest_walk_info(const struct guest_paging *p, uint64_t linear, enum guest_access access,
		    struct guest_walk_result *res);

/*
 * Fetch up to len (at most GUEST_FETCH_MAX_LEN) instruction bytes at rip_linear (CS.base + RIP)
 * into buf, crossing at most one page boundary. *got is the number of bytes fetched.
 * The first byte's page must translate for an instruction fetch: otherwise the walk's error is
 * returned with *got = 0. When the bytes run into a second page that does not translate for a
 * fetch (not present, protection, reserved bit, non-canonical), the fetch stops there and
 * returns 0 with *got < len: the guest faults only if the instruction needs those bytes (the
 * decoder then reports a truncated instruction; guest_walk_info on the next page gives the #PF).
 * -HV_EIO when read_gpa fails for an entry or for the bytes; -HV_EINVAL for a NULL argument or
 * those guest_walk refuses; -HV_ERANGE when len exceeds GUEST_FETCH_MAX_LEN.
 */
int guest_fetch(const struct guest_paging *p, uint64_t rip_linear, uint8_t *buf, size_t len,
		size_t *got);

#endif /* GUEST_WALK_GUEST_WALK_H */
