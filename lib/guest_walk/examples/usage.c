/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/guest_walk: a linear address through a guest's 32-bit page tables, built in a host buffer. */
#include <guest_walk/guest_walk.h>
#include <hvkit/arch/x86.h>
#include <stdio.h>
#include <string.h>

static uint8_t ram[0x10000]; /* 64 KiB of guest-physical memory */

/* The caller's side: guest-physical reads (the core reads through the VM's EPT). */
static int read_gpa(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	(void)ctx;
	if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
		return -1;
	memcpy(dst, ram + gpa, len);
	return 0;
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(ram + gpa, &v, sizeof(v));
}

int main(void)
{
	/* Page directory at 0x1000, page table at 0x2000: linear 0x400000 -> GPA 0x5000, read-only. */
	put32(0x1000 + 1 * 4, 0x2000 | 0x7);  /* PDE 1: present, writable, user */
	put32(0x2000 + 0 * 4, 0x5000 | 0x5);  /* PTE 0: present, user, not writable */
	const struct guest_paging p = { .cr0 = CR0_PE | CR0_PG | CR0_WP, .cr3 = 0x1000, .cpl = 0,
					.read_gpa = read_gpa, .maxphyaddr = 36 };
	uint64_t gpa;
	if (guest_walk(&p, 0x400123, GUEST_ACCESS_READ, &gpa, NULL) != 0)
		return 1;
	printf("read  0x400123 -> GPA 0x%llx\n", (unsigned long long)gpa);
	struct guest_walk_result r;
	int rc = guest_walk_info(&p, 0x400123, GUEST_ACCESS_WRITE, &r);
	printf("write 0x400123 -> %d, #PF %s, error code 0x%x\n", rc, r.page_fault ? "yes" : "no", r.pf_error_code);
	return 0;
}
