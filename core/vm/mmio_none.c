/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No memory-mapped virtual device (lapic_pt: no xAPIC page, no vIOAPIC), so no MMIO emulation: an EPT
 * violation is always an access outside the VM's memory (vm/exit_misc.c stops the VM). vm/mmio.c is
 * the image's choice where devices are memory-mapped.
 */
#include <core/vm_internal.h>

int vcpu_mmio_exit(struct vcpu *v, uint64_t gpa)
{
	(void)v;
	(void)gpa;
	return MMIO_UNCLAIMED;
}
