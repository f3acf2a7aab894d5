/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IA32_TSC and IA32_TSC_ADJUST where the guest's TSC is the host's (lapic_pt): the guest's TSC-deadline
 * writes reach its physical LAPIC, which compares them with the host's TSC, so the guest's TSC cannot move
 * away from it. IA32_TSC reads the host's TSC and IA32_TSC_ADJUST 0; a write that would move either is
 * refused (#GP), one that writes what it reads changes nothing. The other images link exit_msr_tsc.c.
 */
#include <core/vm_internal.h>
#include <core/x86.h>

bool msr_tsc_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	(void)v;
	uint64_t now = rdtsc();
	if (!write)
		*val = now;
	return *val == now;
}

bool msr_tsc_adjust_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	(void)v;
	if (!write)
		*val = 0;
	return *val == 0;
}
