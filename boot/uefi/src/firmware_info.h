/* SPDX-License-Identifier: BSD-3-Clause */
/* What the firmware knows about the platform: the ACPI RSDP and the CPUs. */
#ifndef HVKIT_UEFI_FIRMWARE_INFO_H
#define HVKIT_UEFI_FIRMWARE_INFO_H

#include <efi.h>

#include <boot/boot_info.h>

/* bi->acpi_rsdp: the ACPI 2.0 table entry, else the 1.0 one, else 0 (OVMF under Bochs). */
void find_acpi_rsdp(struct boot_info *bi);

/*
 * bi->fw_cpu_count/fw_apic_ids/bsp_apic_id from the PI MP Services protocol:
 * every enabled processor, by APIC ID. Without the protocol, fw_cpu_count = 0
 * (the hypervisor then reads the MADT) and bsp_apic_id comes from CPUID.
 */
void find_cpus(struct boot_info *bi);

#endif
