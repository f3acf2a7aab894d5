/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition and lapic_pt images' loader: PVH direct boot of an ELF kernel with Xen's PVH entry note, for
 * Linux's vmlinux and the test guests alike (tests/guests/runtime carries the note beside its Multiboot
 * header). The Multiboot, bzImage and raw loaders are not linked (share and hybrid link them:
 * kernel_loaders_all.c); the scenario check at boot (scenario_platform.kernel_types) refuses a VM that names
 * them, so no other type reaches this call.
 */
#include <core/mode.h>
#include <core/vm_internal.h>
#include <guest_loader/pvh.h>

const uint32_t mode_kernel_types = 1u << SCENARIO_KERNEL_PVH;

int vm_load_kernel_type(const struct vm_config *cfg, const struct guest_load_params *p, struct guest_entry *entry)
{
	(void)cfg;
	return pvh_load(p, entry);
}
