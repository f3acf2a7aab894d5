/* SPDX-License-Identifier: BSD-3-Clause */
/* A VM's vlapics, destination resolution and interrupt messages (SDM 11.6). */
#include <string.h>

#include "vlapic_priv.h"

/* Every callback the vLAPIC makes is given. */
static bool ops_complete(const struct vlapic_ops *o)
{
	bool timer = o->timer_arm && o->timer_cancel;
	bool delivery = o->kick && o->eoi_level && o->inject_nmi && o->pi_notify;
	return timer && delivery && o->init && o->sipi && o->unroutable;
}

static bool config_valid(const struct vlapic_vm_config *cfg)
{
	return cfg->ops != NULL && ops_complete(cfg->ops) && cfg->maxphyaddr >= 36 && cfg->maxphyaddr <= 52 &&
	       cfg->tsc_per_bus_tick >= 1 && cfg->tsc_per_bus_tick <= 65536;
}

int vlapic_vm_init(struct vlapic_vm *vm, const struct vlapic_vm_config *cfg)
{
	if (vm == NULL || cfg == NULL || !config_valid(cfg))
		return -HV_EINVAL;
	memset(vm, 0, sizeof(*vm));
	vm->cfg = *cfg;
	return 0;
}

/* SDM 11.6.2.1: physical destination; all ones is broadcast. */
static bool match_physical(const struct vlapic *t, uint32_t dest, bool x2dest)
{
	if (x2dest)
		return dest == 0xFFFFFFFFu || dest == vlapic_id(t);
	dest &= 0xFF;
	return dest == 0xFF || dest == (vlapic_id(t) & 0xFF);
}

/* SDM 11.12.10.1: x2APIC logical destinations, cluster in dest[31:16], member bitmap in dest[15:0]; an
 * 8-bit destination's all ones is the broadcast. */
static bool match_logical_x2apic(uint32_t ldr, uint32_t dest, bool x2dest)
{
	if (!x2dest)
		dest = (dest & 0xFF) == 0xFF ? 0xFFFFFFFFu : dest & 0xFF;
	if (dest == 0xFFFFFFFFu)
		return true;
	return (ldr >> 16) == (dest >> 16) && (ldr & dest & 0xFFFF) != 0;
}

/* SDM 11.6.2.2: xAPIC logical destinations by the DFR's model; all ones reaches every APIC. */
static bool match_logical_xapic(const struct vlapic *t, uint32_t ldr, uint32_t dest, bool x2dest)
{
	uint8_t d = (uint8_t)dest, l = (uint8_t)(ldr >> 24);
	if ((x2dest && dest == 0xFFFFFFFFu) || d == 0xFF)
		return true;
	if ((reg_get(t, APIC_OFF_DFR) >> 28) == APIC_DFR_MODEL_FLAT)
		return (l & d) != 0; /* flat: 8-bit member bitmap */
	/* cluster: dest[7:4] cluster, dest[3:0] members */
	return (l >> 4) == (d >> 4) && (l & d & 0xF) != 0;
}

static bool match_logical(const struct vlapic *t, uint32_t dest, bool x2dest)
{
	uint32_t ldr = reg_get(t, APIC_OFF_LDR);
	return vlapic_x2apic_mode(t) ? match_logical_x2apic(ldr, dest, x2dest)
				     : match_logical_xapic(t, ldr, dest, x2dest);
}

static bool matches(const struct vlapic *t, const struct vlapic_irq *irq)
{
	if (!vlapic_enabled(t))
		return false; /* a globally disabled APIC receives nothing */
	return irq->dest_logical ? match_logical(t, irq->dest, irq->x2apic_dest)
				 : match_physical(t, irq->dest, irq->x2apic_dest);
}

/* SDM 11.6.1: INIT level de-assert (level trigger, level 0) only synchronises arbitration IDs; nothing
 * to emulate. */
static void deliver_init(struct vlapic *t, const struct vlapic_irq *irq)
{
	if (irq->level && !irq->assert)
		return;
	t->ops->init(t->vcpu);
}

static void deliver_one(struct vlapic *t, const struct vlapic_irq *irq)
{
	switch (irq->delivery_mode) {
	case APIC_DM_FIXED:
	case APIC_DM_LOWEST:
		vlapic_accept_intr(t, irq->vector, irq->level);
		break;
	case APIC_DM_NMI:
		t->ops->inject_nmi(t->vcpu);
		break;
	case APIC_DM_INIT:
		deliver_init(t, irq);
		break;
	case APIC_DM_STARTUP:
		t->ops->sipi(t->vcpu, irq->vector);
		break;
	default:
		break;
	}
}

/* SDM 11.6.2.4: lowest priority goes to the matching APIC with the lowest
 * priority; ties rotate round-robin. */
static struct vlapic *pick_lowest(struct vlapic_vm *vm, const bool *set)
{
	uint32_t best = 0x100;
	for (unsigned int i = 0; i < vm->nr; i++)
		if (set[i] && vlapic_ppr(vm->vcpu[i]) < best)
			best = vlapic_ppr(vm->vcpu[i]);
	for (unsigned int k = 0; k < vm->nr; k++) {
		unsigned int i = (vm->lowest_rr + k) % vm->nr;
		if (set[i] && vlapic_ppr(vm->vcpu[i]) == best) {
			vm->lowest_rr = i + 1;
			return vm->vcpu[i];
		}
	}
	return NULL;
}

/* The delivery modes emulated; the others (SMI, ExtINT, reserved) a guest can send at will, so they are
 * logged once per mode and VM. */
static bool delivery_mode_emulated(struct vlapic_vm *vm, uint8_t dm)
{
	static const uint8_t emulated = 1u << APIC_DM_FIXED | 1u << APIC_DM_LOWEST | 1u << APIC_DM_NMI |
					1u << APIC_DM_INIT | 1u << APIC_DM_STARTUP;
	if (dm < 8 && (emulated >> dm & 1u))
		return true;
	if (!(vm->dm_logged & (1u << (dm & 7)))) {
		vm->dm_logged |= (uint8_t)(1u << (dm & 7));
		plat_log(PLAT_LOG_WARN, "vlapic: delivery mode %u not emulated (logged once per VM)", (unsigned int)dm);
	}
	return false;
}

/* Is t a destination of irq sent by src (shorthand, else the destination field)? */
static bool is_target(const struct vlapic *t, const struct vlapic *src, const struct vlapic_irq *irq)
{
	switch (irq->shorthand) {
	case APIC_SH_SELF: return t == src;
	case APIC_SH_ALL_INCL_SELF: return vlapic_enabled(t);
	case APIC_SH_ALL_EXCL_SELF: return t != src && vlapic_enabled(t);
	default: return matches(t, irq);
	}
}

/* The ICR low half that would have sent irq: what the unroutable callback is told. */
static uint32_t icr_low_of(const struct vlapic_irq *irq)
{
	return irq->vector | (uint32_t)irq->delivery_mode << APIC_ICR_DM_SHIFT |
	       (irq->dest_logical ? APIC_ICR_DEST_LOGICAL : 0) | (irq->assert ? APIC_ICR_LEVEL_ASSERT : 0) |
	       (irq->level ? APIC_ICR_TRIGGER_LEVEL : 0) | (uint32_t)irq->shorthand << APIC_ICR_SHORTHAND_SHIFT;
}

/* What refuses a message before any destination is looked at: an unemulated delivery mode; a fixed or
 * lowest-priority vector below 16 (SDM 11.5.3: the sender records "send illegal vector"); a shorthand
 * without a sending APIC. */
/* SDM 11.5.3: fixed and lowest-priority messages need a vector of 16 or above. */
static bool illegal_vector(const struct vlapic_irq *irq)
{
	uint8_t dm = irq->delivery_mode;
	return (dm == APIC_DM_FIXED || dm == APIC_DM_LOWEST) && irq->vector < APIC_FIRST_LEGAL_VECTOR;
}

static int check_irq(struct vlapic_vm *vm, struct vlapic *src, const struct vlapic_irq *irq)
{
	uint8_t dm = irq->delivery_mode;
	if (!delivery_mode_emulated(vm, dm))
		return -HV_ENOSYS;
	if (illegal_vector(irq) && src != NULL) {
		vlapic_set_error(src, APIC_ESR_SEND_ILLEGAL_VECTOR);
		return -HV_EINVAL;
	}
	return irq->shorthand != APIC_SH_NONE && src == NULL ? -HV_EINVAL : 0;
}

int vlapic_vm_deliver(struct vlapic_vm *vm, struct vlapic *src, const struct vlapic_irq *irq)
{
	int rc = check_irq(vm, src, irq);
	if (rc != 0)
		return rc;
	bool set[VLAPIC_VM_MAX_VCPUS];
	int n = 0;
	for (unsigned int i = 0; i < vm->nr; i++) {
		set[i] = is_target(vm->vcpu[i], src, irq);
		n += set[i];
	}
	if (n == 0) {
		vm->cfg.ops->unroutable(vm->cfg.ctx, src, irq->dest, icr_low_of(irq));
		return -HV_ENOENT;
	}
	if (irq->delivery_mode == APIC_DM_LOWEST) {
		deliver_one(pick_lowest(vm, set), irq);
		return 1;
	}
	for (unsigned int i = 0; i < vm->nr; i++)
		if (set[i])
			deliver_one(vm->vcpu[i], irq);
	return n;
}

void vlapic_send_icr(struct vlapic *vl, uint32_t icr_low, uint32_t dest)
{
	struct vlapic_irq irq = {
		.dest = dest,
		.vector = (uint8_t)(icr_low & APIC_ICR_VECTOR),
		.delivery_mode = (uint8_t)((icr_low & APIC_ICR_DM) >> APIC_ICR_DM_SHIFT),
		.shorthand = (uint8_t)((icr_low & APIC_ICR_SHORTHAND) >> APIC_ICR_SHORTHAND_SHIFT),
		.dest_logical = (icr_low & APIC_ICR_DEST_LOGICAL) != 0,
		.level = (icr_low & APIC_ICR_TRIGGER_LEVEL) != 0,
		.assert = (icr_low & APIC_ICR_LEVEL_ASSERT) != 0,
		.x2apic_dest = vlapic_x2apic_mode(vl),
	};
	vlapic_vm_deliver(vl->vm, vl, &irq);
}

void vlapic_self_ipi(struct vlapic *vl, uint8_t vector)
{
	/* SDM 11.12.11: SELF IPI is a fixed, edge, self-directed IPI. */
	if (vector < 16) {
		vlapic_set_error(vl, APIC_ESR_SEND_ILLEGAL_VECTOR);
		return;
	}
	vlapic_accept_intr(vl, vector, false);
}
