/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <vlapic/vlapic_query.h>: what no hvkit image calls, an archive member of its own so that the images leave it out.
 * A core derives the APICv state in one pass (vlapic_apicv_entry_state); these give it piece by piece.
 */
#include <vlapic/vlapic_query.h>

#include "vlapic_priv.h"

struct vlapic *vlapic_vm_find(struct vlapic_vm *vm, uint32_t id)
{
	for (unsigned int i = 0; i < vm->nr; i++)
		if (vlapic_enabled(vm->vcpu[i]) && vlapic_id(vm->vcpu[i]) == id)
			return vm->vcpu[i];
	return NULL;
}

/* SDM 29.4.2: the offsets whose reads come from the virtual-APIC page. */
static const uint64_t read_virtualized = R(APIC_OFF_ID) | R(APIC_OFF_VERSION) | R(APIC_OFF_TPR) | R(APIC_OFF_EOI) |
	R(APIC_OFF_LDR) | R(APIC_OFF_DFR) | R(APIC_OFF_SVR) | R(APIC_OFF_ESR) | R(APIC_OFF_ICR_LOW) |
	R(APIC_OFF_ICR_HIGH) | R(APIC_OFF_TIMER_ICR) | R(APIC_OFF_TIMER_DCR) | VEC_ARRAYS | LVT_NO_CMCI;

bool vlapic_apicv_read_virtualized(uint32_t offset)
{
	return in_set(read_virtualized, offset);
}

void vlapic_apicv_set_level_vector(struct vlapic *vl, uint8_t vector, bool level)
{
	if (level)
		vl->eoi_exit_extra[vector >> 5] |= 1u << (vector & 31);
	else
		vl->eoi_exit_extra[vector >> 5] &= ~(1u << (vector & 31));
	vlapic_changed(vl);
}

void vlapic_apicv_eoi_exit_bitmap(const struct vlapic *vl, uint64_t bitmap[4])
{
	/* SDM 29.1.3: a set bit makes EOI virtualization of that vector exit, which the
	 * vIOAPIC needs for level-triggered vectors. */
	for (unsigned int i = 0; i < 4; i++) {
		uint32_t lo = reg_get(vl, APIC_OFF_TMR0 + (2 * i) * 16) | vl->eoi_exit_extra[2 * i];
		uint32_t hi = reg_get(vl, APIC_OFF_TMR0 + (2 * i + 1) * 16) | vl->eoi_exit_extra[2 * i + 1];
		bitmap[i] = (uint64_t)hi << 32 | lo;
	}
}

uint8_t vlapic_apicv_rvi(const struct vlapic *vl)
{
	int v = vec_highest(vl, APIC_OFF_IRR0);
	return v < 0 ? 0 : (uint8_t)v;
}

uint8_t vlapic_apicv_svi(const struct vlapic *vl)
{
	int v = vec_highest(vl, APIC_OFF_ISR0);
	return v < 0 ? 0 : (uint8_t)v;
}

uint16_t vlapic_apicv_guest_intr_status(const struct vlapic *vl)
{
	return (uint16_t)((uint16_t)vlapic_apicv_svi(vl) << 8 | vlapic_apicv_rvi(vl));
}
