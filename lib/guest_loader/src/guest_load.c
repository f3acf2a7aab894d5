/* SPDX-License-Identifier: BSD-3-Clause */
/* Choosing the loader a scenario VM's kernel type names. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <scenario/scenario.h>
#include <guest_loader/guest_loader.h>

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
	int rc;
	switch (vm->kernel_type) {
	case SCENARIO_KERNEL_MULTIBOOT_ELF:
		rc = multiboot_load(&p, entry);
		break;
	case SCENARIO_KERNEL_RAW:
		rc = raw_load(&p, vm->kernel_load_addr, vm->kernel_entry_addr, false, entry);
		break;
	case SCENARIO_KERNEL_BZIMAGE:
		rc = bzimage_load(&p, entry);
		break;
	case SCENARIO_KERNEL_PVH:
		rc = pvh_load(&p, entry);
		break;
	default:
		plat_log(PLAT_LOG_ERROR, "loader: vm \"%s\": unknown kernel type %d", vm->name, (int)vm->kernel_type);
		memset(entry, 0, sizeof(*entry));
		return -HV_EINVAL;
	}
	if (rc != 0)
		plat_log(PLAT_LOG_ERROR, "loader: vm \"%s\": kernel \"%s\" (type %d) not loaded (%d)", vm->name,
			 vm->kernel, (int)vm->kernel_type, rc);
	return rc;
}
