/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition and lapic_pt images' loaders: Multiboot ELF (test guests) and PVH (Linux's vmlinux). The
 * bzImage and raw loaders are not linked (share and hybrid link them: kernel_loaders_all.c); the scenario check at boot (scenario_platform.kernel_types) refuses a VM that names
 * them, so the switch below never sees another type.
 */
#include <core/mode.h>
#include <core/vm_internal.h>
#include <guest_loader/guest_loader.h>

const uint32_t mode_kernel_types = 1u << SCENARIO_KERNEL_MULTIBOOT_ELF | 1u << SCENARIO_KERNEL_PVH;

int vm_load_kernel_type(const struct vm_config *cfg, const struct guest_load_params *p, struct guest_entry *entry)
{
	return cfg->kernel_type == SCENARIO_KERNEL_PVH ? pvh_load(p, entry) : multiboot_load(p, entry);
}
