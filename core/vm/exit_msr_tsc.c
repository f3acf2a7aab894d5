/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IA32_TSC and IA32_TSC_ADJUST where the guest may move its TSC (partition, share, hybrid): the VMCS TSC
 * offset, and the local APIC model's TSC-deadline arithmetic with it. lapic_pt links exit_msr_tsc_host.c.
 */
#include <core/vm_emulated.h>
#include <core/x86.h>
#include <vmx/vmcs_fields.h>

/* The guest moved its TSC by delta (SDM Vol. 3A 17.17.3: a write to IA32_TSC adds the same amount to
 * IA32_TSC_ADJUST, and a write to IA32_TSC_ADJUST the same to the TSC). */
static bool tsc_move(struct vcpu *v, uint64_t delta)
{
	uint64_t offset = v->tsc_offset + delta;
	if (vcpu_apic_set_tsc_offset(v, offset) != 0 || vmx_vmwrite_checked(VMCS_TSC_OFFSET, offset) != 0)
		return false;
	v->tsc_offset = offset;
	v->tsc_adjust += delta;
	return true;
}

bool msr_tsc_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	if (write)
		return tsc_move(v, *val - (rdtsc() + v->tsc_offset));
	*val = rdtsc() + v->tsc_offset;
	return true;
}

bool msr_tsc_adjust_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	if (write)
		return tsc_move(v, *val - v->tsc_adjust);
	*val = v->tsc_adjust;
	return true;
}
