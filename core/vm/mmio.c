/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulating an MMIO access the hardware does not decode for us (the vIOAPIC window, APIC accesses
 * APIC-register virtualization does not cover): fetch the instruction at the guest's RIP through
 * its own page tables (lib/guest_walk), decode it (lib/insn_decode), perform the access on the
 * device and complete it, then move RIP past it. Whatever cannot be emulated faithfully makes the
 * guest take a fault (#UD for an instruction we do not emulate, #PF where its fetch faults), never
 * a silent wrong value. Linked with the emulated APIC model and the PC interrupt controllers, whose
 * windows it serves, and with core/share, whose I/O requests use its steps (vm/mmio_none.c stands in
 * where no device is memory-mapped).
 */
#include <core/console.h>
#include <core/vm_emulated.h>
#include <guest_walk/guest_walk.h>
#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_decode.h>
#include <vmx/vmx_vmcs.h>

static uint64_t reg_read(void *ctx, unsigned int gpr)
{
	struct vcpu *v = ctx;
	uint64_t *r = vmx_guest_gpr(&v->vmx.regs, gpr);
	return r ? *r : vmx_vmread(VMCS_GUEST_RSP);
}

static void reg_write(void *ctx, unsigned int gpr, uint64_t value)
{
	struct vcpu *v = ctx;
	uint64_t *r = vmx_guest_gpr(&v->vmx.regs, gpr);
	if (r)
		*r = value;
	else
		vmx_vmwrite(VMCS_GUEST_RSP, value);
}

static void undefined_instruction(struct vcpu *v, const char *why, uint64_t gpa)
{
	static uint64_t logged;
	if (logged++ < 8)
		hv_warn("vm %s: vcpu %u: MMIO access to 0x%lx at rip 0x%lx: %s: #UD", v->vm->name, v->index, gpa,
			vmx_vmread(VMCS_GUEST_RIP), why);
	vcpu_inject_exception(v, 6, 0);
}

int vcpu_mmio_decode(struct vcpu *v, uint64_t gpa, struct mmio_insn *insn, uint64_t *rip_out)
{
	uint64_t pdptes[4];
	struct guest_paging paging;
	vcpu_guest_paging(v, &paging, pdptes);
	uint32_t cs_ar = (uint32_t)vmx_vmread(VMCS_GUEST_CS_AR_BYTES);
	uint64_t efer = paging.efer;
	uint64_t rip = vmx_vmread(VMCS_GUEST_RIP);
	uint8_t bytes[GUEST_FETCH_MAX_LEN];
	size_t got = 0;
	bool lma = (efer & IA32_EFER_LMA) != 0;
	uint64_t linear = rip + ((lma && (cs_ar & VMX_AR_L)) ? 0 : vmx_vmread(VMCS_GUEST_CS_BASE));
	if (guest_fetch(&paging, linear, bytes, sizeof(bytes), &got) != 0 || got == 0) {
		undefined_instruction(v, "its instruction cannot be fetched", gpa);
		return -HV_ERANGE;
	}
	enum mmio_cpu_mode mode;
	if (mmio_cpu_mode_from_cs(lma, (cs_ar & VMX_AR_L) != 0, (cs_ar & VMX_AR_DB) != 0, &mode) != 0 ||
	    mmio_insn_decode(bytes, got, mode, insn) != 0) {
		undefined_instruction(v, "an instruction hvkit does not emulate", gpa);
		return -HV_EINVAL;
	}
	*rip_out = rip;
	return 0;
}

uint64_t vcpu_mmio_store_value(struct vcpu *v, const struct mmio_insn *insn)
{
	const struct mmio_regs regs = { .ctx = v, .read = reg_read, .write = reg_write };
	uint64_t value = 0;
	mmio_insn_read_value(insn, &regs, &value);
	return value;
}

void vcpu_mmio_complete_load(struct vcpu *v, const struct mmio_insn *insn, uint64_t value)
{
	const struct mmio_regs regs = { .ctx = v, .read = reg_read, .write = reg_write };
	mmio_insn_complete_load(insn, &regs, value);
}

int vcpu_emulate_mmio(struct vcpu *v, uint64_t gpa, mmio_access_fn access, void *dev)
{
	struct mmio_insn insn;
	uint64_t rip = 0;
	if (vcpu_mmio_decode(v, gpa, &insn, &rip) != 0)
		return EXIT_RESUME;
	uint32_t val = 0;
	if (insn.size > 4) {
		undefined_instruction(v, "an 8-byte access to a 32-bit device register", gpa);
		return EXIT_RESUME;
	}
	if (insn.write) {
		val = (uint32_t)vcpu_mmio_store_value(v, &insn);
		access(dev, gpa, insn.size, true, &val);
	} else {
		access(dev, gpa, insn.size, false, &val);
		vcpu_mmio_complete_load(v, &insn, val);
	}
	if (v->vm->state != VM_RUNNING)
		return EXIT_STOP_VCPU;
	vmx_vmwrite(VMCS_GUEST_RIP, rip + insn.len);
	return EXIT_RESUME;
}

static void vdev_mmio_access(void *dev, uint64_t gpa, unsigned int size, bool write, uint32_t *val)
{
	vm_vdev_mmio(dev, gpa, size, write, val);
}

/* The MMIO windows of virtual devices (the vIOAPIC, the xAPIC page without APICv) are left unmapped
 * in the EPT on purpose: their accesses come here. */
int vcpu_mmio_exit(struct vcpu *v, uint64_t gpa)
{
	if (vcpu_apic_mmio_claims(v, gpa))
		return vcpu_emulate_mmio(v, gpa, vcpu_apic_mmio, v);
	if (vm_vdev_mmio_claims(v->vm, gpa))
		return vcpu_emulate_mmio(v, gpa, vdev_mmio_access, v->vm);
	return MMIO_UNCLAIMED;
}
