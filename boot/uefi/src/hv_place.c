#include "hv_place.h"

#include <efilib.h>

#include "console.h"
#include "efi_memmap.h"

static void free_runs(const struct hv_elf_plan *plan, size_t count)
{
	for (size_t i = 0; i < count; i++)
		BS->FreePages(plan->run[i].base, plan->run[i].pages);
}

static EFI_STATUS plan_failed(const struct hv_elf_plan *plan, const char *why)
{
	if (plan->bad_a >= 0) {
		const struct hv_segment *a = &plan->seg[plan->bad_a], *b = &plan->seg[plan->bad_b];
		return efi_fail(EFI_LOAD_ERROR, L"bad hypervisor ELF: %a: 0x%lx-0x%lx and 0x%lx-0x%lx", why, a->paddr,
				a->paddr + a->memsz, b->paddr, b->paddr + b->memsz);
	}
	return efi_fail(EFI_LOAD_ERROR, L"bad hypervisor ELF: %a", why);
}

EFI_STATUS hv_place(const void *elf, UINTN size, struct hv_elf_plan *plan)
{
	const char *why = hv_elf_plan(elf, size, plan);
	if (why)
		return plan_failed(plan, why);

	for (size_t i = 0; i < plan->run_count; i++) {
		EFI_PHYSICAL_ADDRESS addr = plan->run[i].base;
		UINT64 end = addr + plan->run[i].pages * HV_PAGE_SIZE;
		EFI_STATUS st = BS->AllocatePages(AllocateAddress, EfiLoaderData, plan->run[i].pages, &addr);
		if (EFI_ERROR(st)) {
			free_runs(plan, i);
			efi_fail(st, L"cannot place the hypervisor at 0x%lx-0x%lx: %s", plan->run[i].base, end,
				 efi_explain_range(plan->run[i].base, end, 0));
			efi_explain_range(plan->run[i].base, end, 1);
			return st;
		}
	}
	for (size_t i = 0; i < plan->run_count; i++)
		SetMem((void *)(UINTN)plan->run[i].base, plan->run[i].pages * HV_PAGE_SIZE, 0);
	for (size_t i = 0; i < plan->seg_count; i++) {
		const struct hv_segment *s = &plan->seg[i];
		CopyMem((void *)(UINTN)s->paddr, (const UINT8 *)elf + s->offset, s->filesz);
		efi_log(L"segment 0x%lx-0x%lx (file 0x%lx bytes, zeroed 0x%lx)\n", s->paddr, s->paddr + s->memsz,
			s->filesz, s->memsz - s->filesz);
	}
	return EFI_SUCCESS;
}

void hv_unplace(const struct hv_elf_plan *plan)
{
	free_runs(plan, plan->run_count);
}
