#include "handoff.h"

#include <efilib.h>

#include "console.h"
#include "efi_memmap.h"
#include "memmap.h"

#define LOW_4G 0x100000000ull
#define PTE_PRESENT 0x1ull
#define PTE_WRITE 0x2ull
#define PTE_LARGE 0x80ull
#define CR4_LA57 (1ull << 12)

static UINT64 read_cr4(void)
{
	UINT64 v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/*
 * Pages: [0] PML5 (used only with 5-level paging), [1] PML4, [2] PDPT, [3..6] one
 * page directory per GiB. Returns the value for CR3, 0 on failure.
 */
static UINT64 build_identity_tables(void)
{
	EFI_PHYSICAL_ADDRESS base = LOW_4G - 1;
	if (EFI_ERROR(BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, 7, &base)))
		return 0;

	UINT64 *pml5 = (UINT64 *)(UINTN)base;
	UINT64 *pml4 = pml5 + 512, *pdpt = pml5 + 2 * 512, *pd = pml5 + 3 * 512;
	SetMem(pml5, 7 * EFI_PAGE_SIZE, 0);
	for (UINT64 i = 0; i < 4 * 512; i++)
		pd[i] = (i << 21) | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
	for (UINT64 g = 0; g < 4; g++)
		pdpt[g] = (UINT64)(UINTN)(pd + g * 512) | PTE_PRESENT | PTE_WRITE;
	pml4[0] = (UINT64)(UINTN)pdpt | PTE_PRESENT | PTE_WRITE;
	pml5[0] = (UINT64)(UINTN)pml4 | PTE_PRESENT | PTE_WRITE;
	return (read_cr4() & CR4_LA57) ? (UINT64)(UINTN)pml5 : (UINT64)(UINTN)pml4;
}

/* The jump itself must run from memory the new tables map: check before leaving UEFI. */
static int loader_is_low(void)
{
	UINT64 sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	return (UINT64)(UINTN)&handoff < LOW_4G && sp < LOW_4G;
}

static EFI_STATUS convert(const struct efi_memmap *m, struct boot_info *bi)
{
	if (uefi_memmap_convert(m->buf, m->size, m->desc_size, bi->mem_ranges, BOOT_MAX_MEM_RANGES,
				&bi->mem_range_count) != 0)
		return EFI_BUFFER_TOO_SMALL;
	return EFI_SUCCESS;
}

static void __attribute__((noreturn)) jump(UINT64 cr3, struct boot_info *bi, UINT64 entry)
{
	__asm__ volatile("cli\n\t"
			 "cld\n\t"
			 "mov %0, %%cr3\n\t"
			 "jmp *%2"
			 :
			 : "r"(cr3), "D"(bi), "r"(entry)
			 : "memory");
	__builtin_unreachable();
}

EFI_STATUS handoff(EFI_HANDLE image, struct boot_info *bi, UINT64 entry)
{
	struct efi_memmap m;
	EFI_STATUS st;

	if (!loader_is_low())
		return efi_fail(EFI_UNSUPPORTED, L"the loader runs above 4 GiB; cannot switch to identity tables");
	UINT64 cr3 = build_identity_tables();
	if (!cr3)
		return efi_fail(EFI_OUT_OF_RESOURCES, L"no memory below 4 GiB for the hand-off page tables");
	st = efi_memmap_get(&m, 16);
	if (EFI_ERROR(st))
		return efi_fail(st, L"cannot read the memory map");
	st = convert(&m, bi);
	if (EFI_ERROR(st))
		return efi_fail(st, L"the memory map needs more than %d ranges", BOOT_MAX_MEM_RANGES);
	efi_log(L"%d memory ranges; exiting boot services and jumping to 0x%lx with boot_info at 0x%lx\n",
		bi->mem_range_count, entry, (UINT64)(UINTN)bi);

	/* From here until the jump: no console, no allocation (either could change the map key). */
	st = efi_memmap_refresh(&m);
	if (!EFI_ERROR(st))
		st = convert(&m, bi);
	if (!EFI_ERROR(st))
		st = BS->ExitBootServices(image, m.key);
	if (st == EFI_INVALID_PARAMETER) {
		/* The map changed under us (e.g. a timer event): take it again, once. */
		st = efi_memmap_refresh(&m);
		if (!EFI_ERROR(st))
			st = convert(&m, bi);
		if (!EFI_ERROR(st))
			st = BS->ExitBootServices(image, m.key);
	}
	if (EFI_ERROR(st))
		return efi_fail(st, L"ExitBootServices failed twice");
	jump(cr3, bi, entry);
}
