/* SPDX-License-Identifier: BSD-3-Clause */
#include "handoff.h"

#include <efilib.h>
#include <hvkit/arch/x86.h>

#include "console.h"
#include "efi_memmap.h"
#include "hv_place.h"
#include "memmap.h"

#define LOW_4G 0x100000000ull
#define PTE_PRESENT 0x1ull
#define PTE_WRITE 0x2ull
#define PTE_LARGE 0x80ull

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

static UINT64 stack_pointer(void)
{
	UINT64 sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	return sp;
}

#define STACK_MARGIN 0x10000ull

/* The jump must run from memory the new tables map, and survive the deferred copies. */
static EFI_STATUS check_loader(void)
{
	UINT64 sp = stack_pointer();

	if ((UINT64)(UINTN)&handoff >= LOW_4G || sp >= LOW_4G)
		return efi_fail(EFI_UNSUPPORTED, L"the loader runs above 4 GiB; cannot switch to identity tables");
	return hv_check_clear(L"the loader's stack", sp - STACK_MARGIN, 2 * STACK_MARGIN);
}

static EFI_STATUS convert(const struct efi_memmap *m, struct boot_info *bi, const struct hv_elf_plan *plan)
{
	if (uefi_memmap_convert(m->buf, m->size, m->desc_size, bi->mem_ranges, BOOT_MAX_MEM_RANGES,
				&bi->mem_range_count) != 0)
		return EFI_BUFFER_TOO_SMALL;
	for (size_t i = 0; i < plan->run_count; i++) {
		if (boot_mem_mark(bi->mem_ranges, BOOT_MAX_MEM_RANGES, &bi->mem_range_count, plan->run[i].base,
				  plan->run[i].pages * HV_PAGE_SIZE, BOOT_MEM_RESERVED) != 0)
			return EFI_BUFFER_TOO_SMALL;
	}
	return EFI_SUCCESS;
}

/* After ExitBootServices: our tables (firmware's may be overwritten), the late copies, the jump. */
static void __attribute__((noreturn)) leave(UINT64 cr3, struct boot_info *bi, UINT64 entry)
{
	const struct hv_copy_job *jobs;
	UINTN n = hv_deferred_jobs(&jobs);

	__asm__ volatile("cli\n\tcld\n\tmov %0, %%cr3" : : "r"(cr3) : "memory");
	for (UINTN j = 0; j < n; j++) {
		UINT64 dst = jobs[j].dst, src = jobs[j].src, count = jobs[j].bytes;
		__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
	}
	__asm__ volatile("jmp *%1" : : "D"(bi), "r"(entry) : "memory");
	__builtin_unreachable();
}

/* The final memory map into boot_info, then ExitBootServices with its key. */
static EFI_STATUS try_exit(EFI_HANDLE image, struct efi_memmap *m, struct boot_info *bi, const struct hv_elf_plan *plan)
{
	EFI_STATUS st = efi_memmap_refresh(m);
	if (!EFI_ERROR(st))
		st = convert(m, bi, plan);
	if (!EFI_ERROR(st))
		st = BS->ExitBootServices(image, m->key);
	return st;
}

/* From here until the jump: no console, no allocation (either could change the map key). */
static EFI_STATUS exit_boot_services(EFI_HANDLE image, struct efi_memmap *m, struct boot_info *bi,
				     const struct hv_elf_plan *plan)
{
	EFI_STATUS st = try_exit(image, m, bi, plan);
	if (st == EFI_INVALID_PARAMETER)
		st = try_exit(image, m, bi, plan); /* the map changed under us (e.g. a timer event): once more */
	return st;
}

/* Identity page tables for the hand-off, in memory the hypervisor's image does not claim. */
static EFI_STATUS handoff_tables(UINT64 *cr3)
{
	*cr3 = build_identity_tables();
	if (!*cr3)
		return efi_fail(EFI_OUT_OF_RESOURCES, L"no memory below 4 GiB for the hand-off page tables");
	return hv_check_clear(L"the hand-off page tables", *cr3 & ~0xfffull, 7 * EFI_PAGE_SIZE);
}

EFI_STATUS handoff(EFI_HANDLE image, struct boot_info *bi, const struct hv_elf_plan *plan)
{
	UINT64 entry = plan->entry, cr3;
	struct efi_memmap m;
	EFI_STATUS st = check_loader();

	if (EFI_ERROR(st))
		return st;
	st = handoff_tables(&cr3);
	if (EFI_ERROR(st))
		return st;
	st = efi_memmap_get(&m, 16);
	if (EFI_ERROR(st))
		return efi_fail(st, L"cannot read the memory map");
	st = convert(&m, bi, plan);
	if (EFI_ERROR(st))
		return efi_fail(st, L"the memory map needs more than %d ranges", BOOT_MAX_MEM_RANGES);
	efi_log(L"%d memory ranges; exiting boot services and jumping to 0x%lx with boot_info at 0x%lx\n",
		bi->mem_range_count, entry, (UINT64)(UINTN)bi);
	st = exit_boot_services(image, &m, bi, plan);
	if (EFI_ERROR(st))
		return efi_fail(st, L"ExitBootServices failed twice");
	leave(cr3, bi, entry);
}
