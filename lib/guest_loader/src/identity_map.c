/* SPDX-License-Identifier: BSD-3-Clause */
/* A 4-level identity map of the low 4 GiB (SDM Vol. 3A 4.5, tables 4-15 to 4-18), and the long-mode entry over it. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <guest_loader/identity_map.h>

#include <guest_loader/le.h>

#include "loader_util.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define PAGE 4096u

uint64_t guest_identity_map_size(bool use_1g_pages)
{
	return use_1g_pages ? 2u * PAGE : 6u * PAGE;
}

/* The top GiB holds the local APIC, IOAPIC and firmware: uncached. */
static uint64_t cache_bits(uint64_t addr)
{
	return addr >= 3 * GIB ? (PTE_PCD | PTE_PWT) : 0;
}

static int check_table_area(const struct guest_mem *m, uint64_t gpa, uint64_t size)
{
	if (gpa % PAGE != 0) {
		plat_log(PLAT_LOG_ERROR, "identity map: table address 0x%llx is not 4 KiB aligned",
			 (unsigned long long)gpa);
		return -HV_EINVAL;
	}
	if (!guest_mem_contains(m, gpa, size)) {
		plat_log(PLAT_LOG_ERROR, "identity map: tables at 0x%llx..0x%llx are not in guest RAM",
			 (unsigned long long)gpa, (unsigned long long)(gpa + size));
		return -HV_ERANGE;
	}
	return 0;
}

/* The PML4's first entry and the PDPT's four: 1 GiB pages, or the four page directories after the PDPT. */
static int write_pml4_pdpt(const struct guest_mem *m, uint64_t gpa, bool use_1g_pages, uint8_t *chunk)
{
	uint64_t pdpt = gpa + PAGE;
	put64(chunk, pdpt | PTE_P | PTE_RW);
	int rc = m->write(m->ctx, gpa, chunk, 8);
	if (rc != 0)
		return rc;
	for (uint64_t i = 0; i < 4; i++) {
		uint64_t e = use_1g_pages ? (i * GIB) | PTE_PS | cache_bits(i * GIB) : pdpt + (i + 1) * PAGE;
		put64(chunk + 8 * i, e | PTE_P | PTE_RW);
	}
	return m->write(m->ctx, pdpt, chunk, 4 * 8);
}

/* Four page directories after the PDPT, 2048 2 MiB pages in all, written 64 entries at a time. */
static int write_page_directories(const struct guest_mem *m, uint64_t pd, uint8_t *chunk)
{
	for (uint64_t first = 0; first < 2048; first += 64) {
		for (uint64_t i = 0; i < 64; i++) {
			uint64_t addr = (first + i) * MIB2;
			put64(chunk + 8 * i, addr | PTE_P | PTE_RW | PTE_PS | cache_bits(addr));
		}
		int rc = m->write(m->ctx, pd + first * 8, chunk, 64 * 8);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int guest_identity_map_4g(const struct guest_mem *m, uint64_t gpa, bool use_1g_pages, uint64_t *cr3)
{
	uint64_t size = guest_identity_map_size(use_1g_pages);
	uint8_t chunk[8 * 64]; /* 64 entries per write: small enough for a hypervisor stack */
	int rc = check_table_area(m, gpa, size);
	if (rc == 0)
		rc = m->zero(m->ctx, gpa, size);
	if (rc == 0)
		rc = write_pml4_pdpt(m, gpa, use_1g_pages, chunk);
	if (rc == 0 && !use_1g_pages)
		rc = write_page_directories(m, gpa + 2 * PAGE, chunk);
	if (rc != 0)
		return rc;
	*cr3 = gpa;
	return 0;
}

void entry_long64(struct guest_entry *e, uint64_t rip, uint64_t cr3)
{
	entry_protected32(e, rip, true);
	e->mode = GUEST_ENTRY_LONG64;
	e->cr0 |= CR0_PG;
	e->cr3 = cr3;
	e->cr4 = CR4_PAE;
	/* SDM Vol. 3C 26.3.1.1: with the "IA-32e mode guest" entry control, EFER.LMA and LME must be set. */
	e->efer = IA32_EFER_LME | IA32_EFER_LMA;
	e->cs.ar = GUEST_AR_CODE64;
}
