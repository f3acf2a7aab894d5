/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hypervisor's page tables (SDM Vol. 3A 4.5, 4-level paging). Physical memory is identity
 * mapped, non-executable, with 2 MiB pages; the image's 2 MiB regions use 4 KiB pages so that
 * .text is read-only and executable, .rodata read-only, .data/.bss writable, and each CPU's
 * stack guard pages are not present. Page 0 is not present, so NULL dereferences fault.
 * Device memory at 3-4 GiB (LAPIC, IOAPIC, VT-d, PCI BARs) is mapped uncacheable.
 */
#include <core/console.h>
#include <core/mm.h>
#include <core/percpu.h>
#include <core/x86.h>
#include <hvkit/platform.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define SZ_2M (2ull << 20)
#define SZ_1G (1ull << 30)

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static uint64_t *pml4;
static uint64_t nx_bit;

static uint64_t *table_alloc(void)
{
	uint64_t *t = plat_page_alloc(1);
	if (t == NULL)
		plat_panic("paging: out of memory for page tables");
	return t;
}

static uint64_t *next_table(uint64_t *table, unsigned int index)
{
	if (!(table[index] & PTE_P))
		table[index] = (uint64_t)(uintptr_t)table_alloc() | PTE_P | PTE_W;
	return (uint64_t *)(uintptr_t)(table[index] & 0x000ffffffffff000ull);
}

static uint64_t *pd_for(uint64_t va)
{
	return next_table(next_table(pml4, (va >> 39) & 511), (va >> 30) & 511);
}

static uint64_t flags_4k(uint64_t pa)
{
	uint64_t text0 = (uint64_t)(uintptr_t)__image_start, text1 = (uint64_t)(uintptr_t)__text_end;
	uint64_t ro1 = (uint64_t)(uintptr_t)__rodata_end;
	if (pa == 0 || percpu_is_guard_page(pa))
		return 0;
	if (pa >= text0 && pa < text1)
		return PTE_P;                     /* text: read-only, executable */
	if (pa >= text1 && pa < ro1)
		return PTE_P | nx_bit;            /* rodata */
	return PTE_P | PTE_W | nx_bit;            /* data, bss and everything else */
}

static void map_2m_as_4k(uint64_t base)
{
	uint64_t *pd = pd_for(base);
	uint64_t *pt = table_alloc();
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t pa = base + i * PAGE_SIZE;
		uint64_t f = flags_4k(pa);
		pt[i] = f ? (pa | f) : 0;
	}
	pd[(base >> 21) & 511] = (uint64_t)(uintptr_t)pt | PTE_P | PTE_W;
}

static void map_2m(uint64_t base, uint64_t extra)
{
	uint64_t *pd = pd_for(base);
	pd[(base >> 21) & 511] = base | PTE_P | PTE_W | PTE_PS | nx_bit | extra;
}

/* The end of usable RAM (at least 4 GiB, at most HV_MAX_PHYS), rounded up to 2 MiB. */
static uint64_t ram_top(const struct boot_info *bi)
{
	uint64_t top = 4ull << 30;
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		uint64_t end = bi->mem_ranges[i].base + bi->mem_ranges[i].length;
		if (bi->mem_ranges[i].type == BOOT_MEM_USABLE && end > top)
			top = end;
	}
	if (top > HV_MAX_PHYS)
		top = HV_MAX_PHYS;
	return (top + SZ_2M - 1) & ~(SZ_2M - 1);
}

/* One 2 MiB chunk: in 4 KiB pages where the image lies (W^X per section) and at 0 (page 0 stays unmapped),
 * uncached in the top GiB below 4 GiB (local APIC, IOAPIC, firmware), else one large page. */
static void map_chunk(uint64_t base, uint64_t img0, uint64_t img1)
{
	if (base == 0 || (base >= img0 && base < img1))
		map_2m_as_4k(base);
	else if (base >= 3 * SZ_1G && base < 4 * SZ_1G)
		map_2m(base, PTE_PCD | PTE_PWT);
	else
		map_2m(base, 0);
}

void paging_init(const struct boot_info *bi)
{
	uint32_t a, b, c, d;
	cpuid(0x80000001u, 0, &a, &b, &c, &d);
	nx_bit = (d & (1u << 20)) ? PTE_NX : 0;

	uint64_t top = ram_top(bi);
	pml4 = table_alloc();
	uint64_t img0 = (uint64_t)(uintptr_t)__image_start & ~(SZ_2M - 1);
	uint64_t img1 = ((uint64_t)(uintptr_t)__image_end + SZ_2M - 1) & ~(SZ_2M - 1);
	for (uint64_t base = 0; base < top; base += SZ_2M)
		map_chunk(base, img0, img1);
	paging_load();
	hv_info("paging: W^X tables loaded (NX %s, %lu MiB mapped, stack guard pages unmapped)",
		nx_bit ? "on" : "unavailable", top >> 20);
}

void paging_load(void)
{
	write_cr3((uint64_t)(uintptr_t)pml4);
}
