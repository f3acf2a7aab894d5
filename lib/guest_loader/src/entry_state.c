/* SPDX-License-Identifier: BSD-3-Clause */
/* Flat segment state, the boot GDT and the 32-bit entry (the long-mode one: identity_map.c). */
#include <string.h>

#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "loader_util.h"

/* Descriptors (SDM Vol. 3A 3.4.5): base 0, limit 0xfffff with G=1. */
#define DESC_CODE32 0x00cf9b000000ffffull
#define DESC_CODE64 0x00af9b000000ffffull
#define DESC_DATA 0x00cf93000000ffffull

int write_boot_gdt(const struct guest_mem *m, bool long_mode)
{
	uint8_t gdt[GUEST_GDT_SIZE];
	memset(gdt, 0, sizeof(gdt));
	put64(gdt + GUEST_SEL_CODE, long_mode ? DESC_CODE64 : DESC_CODE32);
	put64(gdt + GUEST_SEL_DATA, DESC_DATA);
	return m->write(m->ctx, GUEST_GDT_GPA, gdt, sizeof(gdt));
}

/* Flat segments (base 0, limit 4 GiB), paging off; entry_long64 turns this into a long-mode entry. */
void entry_protected32(struct guest_entry *e, uint64_t rip, bool with_gdt)
{
	memset(e, 0, sizeof(*e));
	e->mode = GUEST_ENTRY_PROTECTED32;
	e->rip = rip;
	e->rflags = RFLAGS_FIXED;
	e->cr0 = CR0_PE | CR0_ET;
	e->cs = (struct guest_seg){ .selector = GUEST_SEL_CODE, .limit = 0xffffffffu, .ar = GUEST_AR_CODE32 };
	e->ds = (struct guest_seg){ .selector = GUEST_SEL_DATA, .limit = 0xffffffffu, .ar = GUEST_AR_DATA };
	if (with_gdt) {
		e->gdtr_base = GUEST_GDT_GPA;
		e->gdtr_limit = GUEST_GDT_SIZE - 1;
	}
}
