/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading a kernel into the VM's RAM as hvkit-dm sees it (the mmap of /dev/hvkit): the hypervisor's own
 * guest loader (lib/guest_loader, linked hosted) over a struct guest_mem whose callbacks write the mapping.
 */
#ifndef DM_LOAD_H
#define DM_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/guest_loader.h>

struct guest_ram {
	uint8_t *base; /* guest-physical 0 */
	uint64_t size;
};

/* The loaders' view of ram: bounds-checked writes into the mapping, RAM = GPA 0..size. */
void guest_ram_mem(const struct guest_ram *ram, struct guest_mem *mem);

/* Read a whole file into malloc'd memory. 0 or -errno (*data then NULL). */
int read_file(const char *path, void **data, size_t *size);

/*
 * Multiboot v1 load of kernel into ram, with cmdline; the area where the VM's ACPI tables will go (the BIOS
 * area) is reserved as the hypervisor does for its own VMs. 0 or the loader's negative HV_E* value (then
 * load_error() says why).
 */
int load_multiboot(const struct guest_ram *ram, const void *kernel, size_t size, const char *cmdline,
		   struct guest_entry *entry);

/* The loader's reason for the last refusal (its last error message), for hvkit-dm's one-line message. */
const char *load_error(void);

#endif
