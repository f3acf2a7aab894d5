/* SPDX-License-Identifier: BSD-3-Clause */
/* A 4-level identity map of the low 4 GiB (SDM Vol. 3A 4.5, tables 4-15 to 4-18). */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <guest_loader/identity_map.h>

#include "le.h"

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

int guest_identity_map_4g(const struct guest_mem *m, uint64_t gpa, bool use_1g_pages, uint64_t *cr3)
{
	uint64_t size = guest_identity_map_size(use_1g_pages);
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
	uint64_t pdpt = gpa + PAGE;
	uint8_t chunk[8 * 64]; /* 64 entries per write: small enough for a hypervisor stack */
	int rc;

	if ((rc = m->zero(m->ctx, gpa, size)) != 0)
		return rc;
	put64(chunk, pdpt | PTE_P | PTE_RW);
	if ((rc = m->write(m->ctx, gpa, chunk, 8)) != 0)
		return rc;
	for (uint64_t i = 0; i < 4; i++) {
		uint64_t e = use_1g_pages ? (i * GIB) | PTE_PS | cache_bits(i * GIB) : pdpt + (i + 1) * PAGE;
		put64(chunk + 8 * i, e | PTE_P | PTE_RW);
	}
	if ((rc = m->write(m->ctx, pdpt, chunk, 4 * 8)) != 0)
		return rc;
	/* Without 1 GiB pages: four page directories after the PDPT, 2048 2 MiB pages in all. */
	for (uint64_t first = 0; !use_1g_pages && first < 2048; first += 64) {
		for (uint64_t i = 0; i < 64; i++) {
			uint64_t addr = (first + i) * MIB2;
			put64(chunk + 8 * i, addr | PTE_P | PTE_RW | PTE_PS | cache_bits(addr));
		}
		if ((rc = m->write(m->ctx, pdpt + PAGE + first * 8, chunk, sizeof(chunk))) != 0)
			return rc;
	}
	*cr3 = gpa;
	return 0;
}
