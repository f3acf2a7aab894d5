/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit's UEFI loader: places the embedded hypervisor ELF at its physical
 * address, builds a struct boot_info (boot/boot_info/include/boot/boot_info.h) from UEFI
 * services, leaves boot services and jumps to the ELF's entry (hv_entry64).
 */
#include <efi.h>
#include <efilib.h>

#include <boot/boot_info.h>

#include "console.h"
#include "embedded_image.h"
#include "firmware_info.h"
#include "handoff.h"
#include "hv_place.h"
#include "modules.h"

static struct hv_elf_plan plan;

static struct boot_info *alloc_boot_info(void)
{
	EFI_PHYSICAL_ADDRESS addr = 0xffffffffull;
	UINTN pages = EFI_SIZE_TO_PAGES(sizeof(struct boot_info));

	if (EFI_ERROR(BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages, &addr)))
		return NULL;
	struct boot_info *bi = (struct boot_info *)(UINTN)addr;
	SetMem(bi, pages * EFI_PAGE_SIZE, 0);
	bi->magic = BOOT_INFO_MAGIC;
	CopyMem(bi->loader, "uefi", 5);
	return bi;
}

/* A failure goes back to the boot manager, which may clear the screen: leave time to read it. */
static EFI_STATUS failed(EFI_STATUS st)
{
	efi_log(L"not starting the hypervisor; returning to the firmware in 3 s\n");
	BS->Stall(3000000);
	return st;
}

static EFI_STATUS gather(EFI_HANDLE image, struct boot_info *bi)
{
	EFI_STATUS st = gather_cmdline_and_modules(image, bi);
	if (EFI_ERROR(st))
		return st;
	find_acpi_rsdp(bi);
	find_cpus(bi);
	return EFI_SUCCESS;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	UINTN elf_size = (UINTN)(hvkit_hv_elf_end - hvkit_hv_elf_start);
	EFI_STATUS st;

	InitializeLib(image, systab);
	efi_log(L"hvkit UEFI loader; hypervisor ELF of %ld bytes\n", (UINT64)elf_size);

	st = hv_place(hvkit_hv_elf_start, elf_size, &plan);
	if (EFI_ERROR(st))
		return failed(st);

	struct boot_info *bi = alloc_boot_info();
	if (!bi)
		return failed(efi_fail(EFI_OUT_OF_RESOURCES, L"no memory below 4 GiB for boot_info"));
	efi_log(L"boot_info at 0x%lx\n", (UINT64)(UINTN)bi);
	st = hv_check_clear(L"boot_info", (UINT64)(UINTN)bi, sizeof(*bi));
	if (EFI_ERROR(st))
		return failed(st);

	st = gather(image, bi);
	if (EFI_ERROR(st))
		return failed(st);
	/* Only failures return; what was allocated stays LoaderData until the next reset. */
	return failed(handoff(image, bi, &plan));
}
