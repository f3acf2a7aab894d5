/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vacpi: the ACPI tables of a 2-vCPU VM written into a 1 MiB "VM" (a host buffer). */
#include <guest_loader/guest_mem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vacpi/layout.h>
#include <vacpi/vacpi.h>

/* The caller's side of struct guest_mem (lib/guest_loader): guest-physical address = offset. */
static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	memcpy((uint8_t *)ctx + gpa, src, len);
	return 0;
}

static int ram_zero(void *ctx, uint64_t gpa, size_t len)
{
	memset((uint8_t *)ctx + gpa, 0, len);
	return 0;
}

int main(void)
{
	const uint64_t ram_size = 1u << 20; /* the area is 0xE0000-0xFFFFF */
	uint8_t *ram = calloc(1, ram_size);
	if (ram == NULL)
		return 1;
	const struct guest_mem mem = { .ctx = ram, .write = ram_write, .zero = ram_zero, .ram_size = ram_size };
	struct vacpi_config cfg;
	vacpi_config_init(&cfg, 2); /* PC defaults: LAPIC, an IOAPIC, the ISA overrides */
	uint64_t rsdp;
	if (vacpi_build(&cfg, &mem, &rsdp) != 0)
		return 1;
	printf("%llu bytes of tables; RSDP at 0x%llx: \"%.8s\"\n", (unsigned long long)vacpi_tables_size(&cfg),
	       (unsigned long long)rsdp, (const char *)ram + rsdp);
	free(ram);
	return 0;
}
