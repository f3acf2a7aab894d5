/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/ept: a VM's RAM in an EPT, one page write-protected, an address translated. */
#include <ept/ept.h>
#include <ept/pt_ext.h>
#include <stdio.h>

int main(void)
{
	/* IA32_VMX_EPT_VPID_CAP as the core read it (here: made up), MAXPHYADDR 39. */
	const uint64_t cap = EPT_VPID_CAP_PWL4 | EPT_VPID_CAP_WB | EPT_VPID_CAP_2M | EPT_VPID_CAP_1G;
	struct pt_table ept;
	if (ept_create(&ept, cap, 39) != 0)
		return 1;
	/* 64 MiB of guest RAM at GPA 0, backed by host memory at 1 GiB: 2 MiB leaves. */
	const struct pt_prot ram = { .perm = PT_PERM_RWX, .memtype = EPT_MT_WB };
	if (pt_map(&ept, 0, 1ull << 30, 64ull << 20, &ram) != 0)
		return 1;
	/* Write-protect GPA 0x1000: the first 2 MiB leaf is split into 4 KiB pages. */
	if (pt_set_perm(&ept, 0x1000, 4096, PT_PERM_R | PT_PERM_X) != 0)
		return 1;
	struct pt_mapping m;
	for (uint64_t gpa = 0x1234; gpa < (4ull << 20); gpa += 0x200000) {
		if (pt_walk(&ept, gpa, &m) != 0)
			return 1;
		printf("GPA 0x%llx -> HPA 0x%llx, %llu KiB page, perm %u\n", (unsigned long long)gpa,
		       (unsigned long long)(m.hpa + (gpa - m.gpa)), (unsigned long long)(m.page_size >> 10),
		       m.prot.perm);
	}
	pt_destroy(&ept); /* every table page back to plat_page_free */
	return 0;
}
