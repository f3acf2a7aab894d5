/* SPDX-License-Identifier: BSD-3-Clause */
#include <efi.h>
#include <efilib.h>

#include "console.h"
#include "firmware_info.h"

static UINT64 find_table(EFI_GUID guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (CompareGuid(&t->VendorGuid, &guid) == 0)
			return (UINT64)(UINTN)t->VendorTable;
	}
	return 0;
}

void find_acpi_rsdp(struct boot_info *bi)
{
	bi->acpi_rsdp = find_table((EFI_GUID)ACPI_20_TABLE_GUID);
	if (bi->acpi_rsdp) {
		efi_log(L"ACPI 2.0 RSDP at 0x%lx\n", bi->acpi_rsdp);
		return;
	}
	bi->acpi_rsdp = find_table((EFI_GUID)ACPI_TABLE_GUID);
	if (bi->acpi_rsdp)
		efi_log(L"ACPI 1.0 RSDP at 0x%lx\n", bi->acpi_rsdp);
	else
		efi_log(L"no ACPI RSDP in the configuration table: recording 0\n");
}
