/* SPDX-License-Identifier: BSD-3-Clause */
#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hvkit/errno.h>
#include <guest_loader/layout.h>

#define FILE_MAX (256u << 20) /* larger than any kernel we load; guards against reading a device */

int read_file(const char *path, void **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	size_t cap = 1u << 20, len = 0;
	unsigned char *buf = malloc(cap);
	int rc = buf ? 0 : -ENOMEM;
	errno = 0;
	while (rc == 0) {
		if (len == cap) {
			unsigned char *bigger = cap < FILE_MAX ? realloc(buf, cap * 2) : NULL;
			if (!bigger) {
				rc = cap < FILE_MAX ? -ENOMEM : -EFBIG;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			rc = ferror(f) ? -(errno ? errno : EIO) : 1;
	}
	fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*data = buf;
	*size = len;
	return 0;
}

static bool inside(const struct guest_ram *r, uint64_t gpa, size_t len)
{
	return gpa <= r->size && len <= r->size - gpa;
}

static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	const struct guest_ram *r = ctx;
	if (!inside(r, gpa, len))
		return -HV_ERANGE;
	memcpy(r->base + gpa, src, len);
	return 0;
}

static int ram_zero(void *ctx, uint64_t gpa, size_t len)
{
	const struct guest_ram *r = ctx;
	if (!inside(r, gpa, len))
		return -HV_ERANGE;
	memset(r->base + gpa, 0, len);
	return 0;
}

void guest_ram_mem(const struct guest_ram *ram, struct guest_mem *mem)
{
	*mem = (struct guest_mem){ .ctx = (void *)ram, .write = ram_write, .zero = ram_zero, .ram_size = ram->size };
}

int load_multiboot(const struct guest_ram *ram, const void *kernel, size_t size, const char *cmdline,
		   struct guest_entry *entry)
{
	struct guest_mem mem;
	guest_ram_mem(ram, &mem);
	/* Where the VM's ACPI tables will go once the device model builds them (lib/vacpi's area). */
	const struct reserved_range acpi = { "ACPI tables", GUEST_BIOS_AREA_GPA, GUEST_BIOS_AREA_SIZE };
	struct guest_load_params p = {
		.mem = &mem,
		.kernel = { kernel, size },
		.cmdline = cmdline,
	};
	if (guest_mem_contains(&mem, acpi.base, acpi.size)) {
		p.reserved = &acpi;
		p.reserved_count = 1;
	}
	return multiboot_load(&p, entry);
}
