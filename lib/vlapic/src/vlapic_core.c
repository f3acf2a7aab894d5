/* SPDX-License-Identifier: BSD-3-Clause */
/* vlapic life cycle, mode state (IA32_APIC_BASE) and accessors. */
#include <string.h>

#include "vlapic_priv.h"

/* The VM has room for one more vlapic and none with this APIC ID yet. */
static int vm_slot_free(const struct vlapic_vm *vm, uint32_t apic_id)
{
	for (unsigned int i = 0; i < vm->nr; i++)
		if (vm->vcpu[i]->apic_id == apic_id)
			return -HV_EEXIST;
	return vm->nr >= VLAPIC_VM_MAX_VCPUS ? -HV_ENOMEM : 0;
}

/* SDM 11.4.4: after reset the APIC is enabled in xAPIC mode at 0xFEE00000; BSP marks the bootstrap processor. */
static uint64_t apic_base_at_reset(bool bsp)
{
	return APIC_BASE_DEFAULT | APIC_BASE_EN | (bsp ? APIC_BASE_BSP : 0);
}

int vlapic_create(struct vlapic *vl, struct vlapic_vm *vm, uint32_t apic_id, bool bsp, void *vcpu)
{
	if (vl == NULL || vm == NULL || vm->cfg.ops == NULL || apic_id == 0xFFFFFFFFu)
		return -HV_EINVAL;
	int rc = vm_slot_free(vm, apic_id);
	if (rc != 0)
		return rc;
	uint8_t *page = plat_page_alloc(1);
	if (page == NULL)
		return -HV_ENOMEM;

	memset(vl, 0, sizeof(*vl));
	vl->page = page;
	vl->vm = vm;
	vl->vcpu = vcpu;
	vl->ops = vm->cfg.ops;
	vl->apic_id = apic_id;
	vl->tsc_offset = vm->cfg.tsc_offset;
	vl->apic_base = apic_base_at_reset(bsp);
	/* SDM 11.12.5.1: the low 8 bits of the x2APIC ID are the xAPIC ID, in ID[31:24]. */
	reg_set(vl, APIC_OFF_ID, apic_id << 24);
	vlapic_reset_regs(vl);
	vm->vcpu[vm->nr++] = vl;
	return 0;
}

void vlapic_init_reset(struct vlapic *vl)
{
	vlapic_reset_regs(vl);
}

void *vlapic_page(struct vlapic *vl)
{
	return vl->page;
}

uint64_t vlapic_page_pa(struct vlapic *vl)
{
	return plat_virt_to_phys(vl->page);
}

bool vlapic_enabled(const struct vlapic *vl)
{
	return (vl->apic_base & APIC_BASE_EN) != 0;
}

bool vlapic_x2apic_mode(const struct vlapic *vl)
{
	return (vl->apic_base & (APIC_BASE_EN | APIC_BASE_EXTD)) == (APIC_BASE_EN | APIC_BASE_EXTD);
}

bool vlapic_sw_enabled(const struct vlapic *vl)
{
	return vlapic_enabled(vl) && (vl->svr & APIC_SVR_ENABLE) != 0;
}

uint64_t vlapic_mmio_base(const struct vlapic *vl)
{
	return vl->apic_base & ~0xFFFull;
}

uint32_t vlapic_id(const struct vlapic *vl)
{
	uint32_t id = reg_get(vl, APIC_OFF_ID);
	return vlapic_x2apic_mode(vl) ? id : id >> 24;
}

static uint64_t apic_base_reserved(const struct vlapic *vl)
{
	uint64_t addr = ((1ull << vl->vm->cfg.maxphyaddr) - 1) & ~0xFFFull;
	/* SDM 11.12.1: EXTD exists only where CPUID.1:ECX.x2APIC says x2APIC is there. */
	uint64_t extd = vl->vm->cfg.no_x2apic ? 0 : APIC_BASE_EXTD;
	return ~(addr | APIC_BASE_EN | extd | APIC_BASE_BSP);
}

/* SDM 11.12.5.1 (Figure 11-27): the invalid IA32_APIC_BASE mode transitions. */
static bool apic_base_transition_invalid(const struct vlapic *vl, bool en, bool extd)
{
	if (extd && !en)
		return true; /* EN=0, EXTD=1 is an invalid state */
	if (vlapic_x2apic_mode(vl) && en && !extd)
		return true; /* x2APIC -> xAPIC only through disabled */
	return !vlapic_enabled(vl) && en && extd; /* disabled -> x2APIC only through xAPIC */
}

/* Entering x2APIC mode (SDM 11.12.5.1): the ID register holds the 32-bit x2APIC ID and LDR is derived
 * from it (SDM 11.12.10.2). */
static void enter_x2apic(struct vlapic *vl)
{
	reg_set(vl, APIC_OFF_ID, vl->apic_id);
	reg_set(vl, APIC_OFF_LDR, vlapic_ldr_x2apic(vl->apic_id));
	reg_set(vl, APIC_OFF_DFR, 0);
	reg_set(vl, APIC_OFF_ICR_HIGH, 0);
}

/* SDM 11.4.3: globally disabled, state returns to reset with IDs preserved; on re-enable the xAPIC ID is
 * in ID[31:24]. */
static void disable_globally(struct vlapic *vl)
{
	vlapic_reset_regs(vl);
	reg_set(vl, APIC_OFF_ID, vl->apic_id << 24);
}

int vlapic_write_apic_base(struct vlapic *vl, uint64_t val)
{
	bool en = val & APIC_BASE_EN, extd = val & APIC_BASE_EXTD;
	bool was_en = vlapic_enabled(vl), was_x2 = vlapic_x2apic_mode(vl);
	if ((val & apic_base_reserved(vl)) || apic_base_transition_invalid(vl, en, extd))
		return VLAPIC_GP;

	/* BSP is a processor property: writes do not change it. */
	vl->apic_base = (val & ~APIC_BASE_BSP) | (vl->apic_base & APIC_BASE_BSP);
	vlapic_changed(vl);
	if (was_en && !en)
		disable_globally(vl);
	else if (!was_x2 && en && extd)
		enter_x2apic(vl);
	return 0;
}
