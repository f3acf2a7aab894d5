/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/ept: the EPT of a made-up VM, walked back.
 *   GPA 0          .. 2 MiB  -> HPA 0x40000000, RWX, write-back   (one 2 MiB leaf)
 *   GPA 0xFEC00000 .. +4 KiB -> HPA 0xFEC00000, RW, uncached       (one 4 KiB leaf: an MMIO page)
 *   GPA 4 GiB      .. +1 GiB -> HPA 0x80000000, read-only, WB      (one 1 GiB leaf)
 */
#include "consumer.h"

#include <ept/ept.h>
#include <ept/pt_ext.h>
#include <ept/ept_hw.h>
#include <hvkit/errno.h>
#include <stdio.h>

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* A CPU with 4-level walks, WB and UC, 2 MiB and 1 GiB pages and both INVEPT types. */
static const uint64_t cap = EPT_VPID_CAP_PWL4 | EPT_VPID_CAP_UC | EPT_VPID_CAP_WB | EPT_VPID_CAP_2M |
			    EPT_VPID_CAP_1G | EPT_VPID_CAP_INVEPT | EPT_VPID_CAP_INVEPT_SINGLE |
			    EPT_VPID_CAP_INVEPT_ALL;

static void translate(const struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t page_size,
		      uint8_t perm, uint8_t memtype)
{
	struct pt_mapping m;
	printf("consumer: ept: translate GPA 0x%llx\n", (unsigned long long)gpa);
	if (!check_int("pt_walk", 0, pt_walk(t, gpa, &m)))
		return;
	check_u64("HPA", hpa, m.hpa + (gpa - m.gpa));
	check_u64("page size", page_size, m.page_size);
	check_u64("permissions", perm, m.prot.perm);
	check_u64("memory type", memtype, m.prot.memtype);
}

void ept_demo(void)
{
	struct pt_table t;
	printf("consumer: ept: building the EPT of a made-up VM (2 MiB RAM, one MMIO page, 1 GiB read-only)\n");
	if (!check_int("ept_create", 0, ept_create(&t, cap, 39)))
		return;
	const struct pt_prot ram = { PT_PERM_RWX, EPT_MT_WB, 0 };
	const struct pt_prot mmio = { PT_PERM_R | PT_PERM_W, EPT_MT_UC, 0 };
	const struct pt_prot rom = { PT_PERM_R, EPT_MT_WB, 0 };
	check_int("map RAM", 0, pt_map(&t, 0, 0x40000000, 2 * MIB, &ram));
	check_int("map MMIO page", 0, pt_map(&t, 0xFEC00000, 0xFEC00000, 4096, &mmio));
	check_int("map 1 GiB read-only", 0, pt_map(&t, 4 * GIB, 2 * GIB, GIB, &rom));
	check_int("mapping it twice is refused", -HV_EBUSY, pt_map(&t, 0, 0x40000000, 4096, &ram));

	translate(&t, 0x1234, 0x40001234, 2 * MIB, PT_PERM_RWX, EPT_MT_WB);
	translate(&t, 0xFEC00010, 0xFEC00010, 4096, PT_PERM_R | PT_PERM_W, EPT_MT_UC);
	translate(&t, 4 * GIB + 0x5678, 2 * GIB + 0x5678, GIB, PT_PERM_R, EPT_MT_WB);
	struct pt_mapping m;
	printf("consumer: ept: translate GPA 0x200000 (not mapped)\n");
	check_int("pt_walk", -HV_ENOENT, pt_walk(&t, 0x200000, &m));

	unsigned int leaves = 0;
	for (uint64_t gpa = 0; pt_next(&t, gpa, &m) == 0; gpa = m.gpa + m.page_size)
		leaves++;
	check_int("leaves found by pt_next", 3, leaves);
	check_int("table pages (PML4, PDPT, 2 PDs, 1 PT)", 5, (long long)t.pages);

	uint64_t eptp = 0;
	check_int("ept_eptp", 0, ept_eptp(&t, cap, false, &eptp));
	check_u64("EPTP table address (a pool address)", t.root_pa, eptp & PT_ADDR_MASK);
	check_u64("EPTP memory type WB, walk length 4", EPTP_MEMTYPE_WB | (3ull << EPTP_PWL_SHIFT), eptp & 0xFFF);
	check_int("INVEPT single context", 0, ept_invept_single_context(eptp, cap));
	check_u64("INVEPT type seen by the seam", INVEPT_SINGLE_CONTEXT, consumer_invept_seen.type);
	check_u64("INVEPT EPTP seen by the seam", eptp, consumer_invept_seen.eptp);

	pt_destroy(&t);
	check_u64("pages held after pt_destroy", 0, consumer_pages_in_use());
}
