/* SPDX-License-Identifier: BSD-3-Clause */
#include <efi.h>
#include <efilib.h>

#include "console.h"
#include "firmware_info.h"
#include "mp_services.h"

static UINT32 cpuid_initial_apic_id(void)
{
	UINT32 a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b >> 24;
}

static void record_cpu(struct boot_info *bi, UINTN n, const struct mp_processor_info *info)
{
	UINT32 apic_id = (UINT32)info->processor_id;

	if (!(info->status_flag & MP_PROCESSOR_ENABLED)) {
		efi_log(L"cpu %d: APIC ID %d disabled by the firmware: skipped\n", (UINT32)n, apic_id);
		return;
	}
	if (info->status_flag & MP_PROCESSOR_AS_BSP)
		bi->bsp_apic_id = apic_id;
	if (bi->fw_cpu_count == BOOT_MAX_CPUS) {
		efi_log(L"cpu %d: APIC ID %d beyond the %d CPUs boot_info holds: skipped\n", (UINT32)n, apic_id,
			BOOT_MAX_CPUS);
		return;
	}
	bi->fw_apic_ids[bi->fw_cpu_count++] = apic_id;
}

void find_cpus(struct boot_info *bi)
{
	EFI_GUID guid = HVKIT_MP_SERVICES_GUID;
	struct mp_services *mp;
	UINTN count, enabled;

	bi->fw_cpu_count = 0;
	bi->bsp_apic_id = cpuid_initial_apic_id();
	if (EFI_ERROR(BS->LocateProtocol(&guid, NULL, (void **)&mp))) {
		efi_log(L"no MP Services protocol: CPUs left to the ACPI MADT, BSP APIC ID %d\n", bi->bsp_apic_id);
		return;
	}
	EFI_STATUS st = mp->get_number_of_processors(mp, &count, &enabled);
	if (EFI_ERROR(st)) {
		efi_log(L"MP Services cannot count the processors (%r): CPUs left to the ACPI MADT\n", st);
		return;
	}
	for (UINTN n = 0; n < count; n++) {
		struct mp_processor_info info;
		SetMem(&info, sizeof(info), 0);
		st = mp->get_processor_info(mp, n, &info);
		if (EFI_ERROR(st)) {
			efi_log(L"cpu %d: no information (%r): skipped\n", (UINT32)n, st);
			continue;
		}
		record_cpu(bi, n, &info);
	}
	efi_log(L"MP Services: %d processor(s), %d enabled, %d recorded, BSP APIC ID %d\n", (UINT32)count, (UINT32)enabled,
		bi->fw_cpu_count, bi->bsp_apic_id);
}
