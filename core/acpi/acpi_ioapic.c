/* SPDX-License-Identifier: BSD-3-Clause */
/* The MADT's I/O APIC entries (ACPI 6.5 5.2.12.3: type 1, 12 bytes: id, reserved, address, GSI base). */
#include <core/acpi.h>
#include <core/acpi_ioapic.h>
#include <string.h>

struct first_ioapic {
	struct acpi_ioapic *out;
	bool found;
};

static void take_ioapic(void *ctx, const uint8_t *e)
{
	struct first_ioapic *f = ctx;
	if (e[0] != 1 || e[1] < 12 || f->found)
		return;
	f->out->id = e[2];
	memcpy(&f->out->address, e + 4, 4);
	memcpy(&f->out->gsi_base, e + 8, 4);
	f->found = true;
}

bool acpi_first_ioapic(struct acpi_ioapic *out)
{
	struct first_ioapic f = { out, false };
	acpi_madt_walk(take_ioapic, &f);
	return f.found;
}
