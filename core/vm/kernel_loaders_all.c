/* SPDX-License-Identifier: BSD-3-Clause */
/* Every kernel type a scenario may name: the loaders of the share and hybrid images. */
#include <core/mode.h>
#include <core/vm_internal.h>
#include <guest_loader/guest_loader.h>

const uint32_t mode_kernel_types = 1u << SCENARIO_KERNEL_MULTIBOOT_ELF | 1u << SCENARIO_KERNEL_RAW |
				   1u << SCENARIO_KERNEL_BZIMAGE | 1u << SCENARIO_KERNEL_PVH;

int vm_load_kernel_type(const struct vm_config *cfg, const struct guest_load_params *p, struct guest_entry *entry)
{
	switch (cfg->kernel_type) {
	case SCENARIO_KERNEL_MULTIBOOT_ELF:
		return multiboot_load(p, entry);
	case SCENARIO_KERNEL_BZIMAGE:
		return bzimage_load(p, entry);
	case SCENARIO_KERNEL_PVH:
		return pvh_load(p, entry);
	default:
		return raw_load(p, cfg->kernel_load_addr, cfg->kernel_entry_addr, false, entry);
	}
}
