/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/guest_loader: a flat binary loaded into a 4 MiB "VM" (a host buffer) and entered in long mode. */
#include <guest_loader/guest_loader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The caller's side of struct guest_mem: here guest-physical address = offset in a buffer. */
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
	const uint64_t ram_size = 4u << 20;
	uint8_t *ram = calloc(1, ram_size);
	static const uint8_t kernel[] = { 0xf4, 0xeb, 0xfd }; /* hlt; jmp back */
	if (ram == NULL)
		return 1;
	const struct guest_mem mem = { .ctx = ram, .write = ram_write, .zero = ram_zero, .ram_size = ram_size };
	const struct guest_load_params p = { .mem = &mem, .kernel = { kernel, sizeof(kernel) } };
	struct guest_entry e;
	/* Refusals are logged through plat_log and leave *entry zeroed. */
	if (raw_load(&p, 0x100000, 0x100000, true, &e) != 0)
		return 1;
	printf("entry: %s mode, rip 0x%llx, cr3 0x%llx, cs 0x%x\n", e.mode == GUEST_ENTRY_LONG64 ? "long" : "32-bit",
	       (unsigned long long)e.rip, (unsigned long long)e.cr3, e.cs.selector);
	printf("first byte at 1 MiB: 0x%02x\n", ram[0x100000]);
	free(ram);
	return 0;
}
