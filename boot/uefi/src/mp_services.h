/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PI MP Services protocol (UEFI PI specification, volume 2, "MP Services
 * Protocol"). GNU-EFI has no header for it; only the calls the loader makes are
 * typed, the rest are placeholders that keep the table's layout.
 */
#ifndef HVKIT_UEFI_MP_SERVICES_H
#define HVKIT_UEFI_MP_SERVICES_H

#include <efi.h>

#define HVKIT_MP_SERVICES_GUID \
	{ 0x3fdda605, 0xa76e, 0x4f46, { 0xad, 0x29, 0x12, 0xf4, 0x53, 0x1b, 0x3d, 0x08 } }

/* StatusFlag bits. */
#define MP_PROCESSOR_AS_BSP 0x1u
#define MP_PROCESSOR_ENABLED 0x2u
#define MP_PROCESSOR_HEALTHY 0x4u

struct mp_cpu_location {
	UINT32 package;
	UINT32 core;
	UINT32 thread;
};

/*
 * EFI_PROCESSOR_INFORMATION. PI 1.7 appended an extended-topology block that the
 * firmware fills only when asked (bit 24 of the processor number); it is kept as
 * spare room so a firmware that writes it anyway stays inside the buffer.
 */
struct mp_processor_info {
	UINT64 processor_id; /* the local APIC ID */
	UINT32 status_flag;
	struct mp_cpu_location location;
	UINT32 extended_location[6];
};

struct mp_services;

typedef EFI_STATUS(EFIAPI *mp_get_number_of_processors)(struct mp_services *self, UINTN *count, UINTN *enabled);
typedef EFI_STATUS(EFIAPI *mp_get_processor_info)(struct mp_services *self, UINTN number,
						  struct mp_processor_info *info);

struct mp_services {
	mp_get_number_of_processors get_number_of_processors;
	mp_get_processor_info get_processor_info;
	void *startup_all_aps;
	void *startup_this_ap;
	void *switch_bsp;
	void *enable_disable_ap;
	void *who_am_i;
};

#endif
