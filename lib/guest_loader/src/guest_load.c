/* SPDX-License-Identifier: BSD-3-Clause */
/* Choosing the loader a scenario VM's kernel type names. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <scenario/scenario.h>
#include <guest_loader/guest_loader.h>

typedef int (*vm_loader_fn)(const struct vm_config *vm, const struct guest_load_params *p,
			    struct guest_entry *entry);

static int load_multiboot(const struct vm_config *vm, const struct guest_load_params *p, struct guest_entry *entry)
{
	(void)vm;
	return multiboot_load(p, entry);
}

static int load_raw(const struct vm_config *vm, const struct guest_load_params *p, struct guest_entry *entry)
{
	return raw_load(p, vm->kernel_load_addr, vm->kernel_entry_addr, false, entry);
}

static int load_bzimage(const struct vm_config *vm, const struct guest_load_params *p, struct guest_entry *entry)
{
	(void)vm;
	return bzimage_load(p, entry);
}

static int load_pvh(const struct vm_config *vm, const struct guest_load_params *p, struct guest_entry *entry)
{
	(void)vm;
	return pvh_load(p, entry);
}

/* The loader of each kernel type (scenario.h's enum). */
static const vm_loader_fn LOADERS[] = {
	[SCENARIO_KERNEL_MULTIBOOT_ELF] = load_multiboot,
	[SCENARIO_KERNEL_RAW] = load_raw,
	[SCENARIO_KERNEL_BZIMAGE] = load_bzimage,
	[SCENARIO_KERNEL_PVH] = load_pvh,
};

int guest_load_vm(const struct vm_config *vm, const struct guest_mem *mem, struct guest_image kernel,
		  struct guest_image ramdisk, struct guest_entry *entry)
{
	struct guest_load_params p = {
		.mem = mem,
		.kernel = kernel,
		.ramdisk = vm->has_ramdisk ? ramdisk : (struct guest_image){ 0 },
		.cmdline = vm->bootargs,
		.ramdisk_name = vm->has_ramdisk ? vm->ramdisk : "",
	};
	unsigned type = (unsigned)vm->kernel_type;
	if (type >= sizeof(LOADERS) / sizeof(LOADERS[0]) || LOADERS[type] == NULL) {
		plat_log(PLAT_LOG_ERROR, "loader: vm \"%s\": unknown kernel type %d", vm->name, (int)vm->kernel_type);
		memset(entry, 0, sizeof(*entry));
		return -HV_EINVAL;
	}
	int rc = LOADERS[type](vm, &p, entry);
	if (rc != 0)
		plat_log(PLAT_LOG_ERROR, "loader: vm \"%s\": kernel \"%s\" (type %d) not loaded (%d)", vm->name,
			 vm->kernel, (int)vm->kernel_type, rc);
	return rc;
}
