/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vCPU's VMCS: controls adjusted to what the CPU allows (SDM Vol. 3C 24.6-24.8, A.3-A.5),
 * host state from this CPU's tables, EPT, VPID and the VM's bitmaps.
 */
#include <core/console.h>
#include <core/percpu.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <guest_rules/cr_rules.h>
#include <guest_rules/msr_rules.h>
#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_vpid.h>


static uint64_t guest_visible(uint32_t mask_field, uint32_t shadow_field, uint32_t real_field)
{
	uint64_t mask = vmx_vmread(mask_field);
	return (vmx_vmread(shadow_field) & mask) | (vmx_vmread(real_field) & ~mask);
}

uint64_t vcpu_guest_cr0(void)
{
	return guest_visible(VMCS_CR0_GUEST_HOST_MASK, VMCS_CR0_READ_SHADOW, VMCS_GUEST_CR0);
}

uint64_t vcpu_guest_cr4(void)
{
	return guest_visible(VMCS_CR4_GUEST_HOST_MASK, VMCS_CR4_READ_SHADOW, VMCS_GUEST_CR4);
}

struct descriptor_table_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static int host_state_write(void)
{
	struct descriptor_table_register gdtr, idtr;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	struct percpu *cpu = this_cpu();
	const struct vmx_caps *caps = vmx_bringup_caps();
	struct vmx_host_state h = {
		.cr3 = read_cr3(),
		.cs = GDT_SEL_CODE64, .ss = GDT_SEL_DATA, .ds = GDT_SEL_DATA, .es = GDT_SEL_DATA,
		.fs = 0, .gs = 0, .tr = (uint16_t)(GDT_SEL_TSS0 + 16 * cpu->index),
		.fs_base = (uint64_t)(uintptr_t)cpu, .gs_base = (uint64_t)(uintptr_t)cpu,
		.tr_base = (uint64_t)(uintptr_t)&cpu->tss,
		.gdtr_base = gdtr.base, .idtr_base = idtr.base,
		.load_efer = caps->load_efer, .load_pat = caps->load_pat,
	};
	return vmx_host_state_write(&h);
}

/* The controls for this CPU: what hvkit requires, what it would like, and what the APIC model asks. */
static int controls_compute(const struct vcpu *v, struct vmx_controls *c)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	/* What hvkit needs from every CPU it runs guests on. */
	struct vmx_controls required = {
		.pin = PIN_BASED_EXTERNAL_INTERRUPT_EXITING | PIN_BASED_NMI_EXITING,
		.proc = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
			CPU_BASED_USE_TSC_OFFSETTING,
		.proc2 = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
		/* The guest's DR7 and IA32_DEBUGCTL survive exits (SDM Vol. 3C 25.7.1, 25.8.1; an exit
		 * sets DR7 to 0x400 and DEBUGCTL to 0 otherwise). DR0-3 and DR6 are not in the VMCS:
		 * MOV-DR exiting stays off and the host never touches them. */
		.exit = VM_EXIT_HOST_ADDRESS_SPACE_SIZE | VM_EXIT_SAVE_DEBUG_CONTROLS,
		.entry = VM_ENTRY_LOAD_DEBUG_CONTROLS,
	};
	/* What it uses when the CPU offers it. */
	struct vmx_controls desired = {
		.pin = PIN_BASED_VIRTUAL_NMIS,
		.proc = 0,
		.proc2 = SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID |
			 SECONDARY_ENABLE_XSAVES_XRSTORS,
		.exit = VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT |
			VM_EXIT_LOAD_IA32_PAT,
		.entry = VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT,
	};
	struct vmx_controls req = required, want = desired;
	vm_apic_controls(v->vm, &req, &want);
	int rc = vmx_controls_compute(caps, &want, &req, c);
	if (rc != 0)
		hv_error("vm %s: this CPU lacks a VMX control hvkit needs (EPT, unrestricted guest, "
			 "I/O or MSR bitmaps)", v->vm->name);
	return rc;
}

/* The VM-execution, exit and entry fields that are the same for every vCPU model (SDM Vol. 3C 25.6-25.8). */
static int fixed_fields_write(const struct vcpu *v)
{
	const struct {
		uint32_t field;
		uint64_t value;
	} fields[] = {
		{ VMCS_EXCEPTION_BITMAP, 0 },
		{ VMCS_EPT_POINTER, v->vm->eptp },
		{ VMCS_TSC_OFFSET, v->tsc_offset },
		{ VMCS_IO_BITMAP_A, plat_virt_to_phys(v->vm->io_bitmap_a) },
		{ VMCS_IO_BITMAP_B, plat_virt_to_phys(v->vm->io_bitmap_b) },
		{ VMCS_CR3_TARGET_COUNT, 0 },
		{ VMCS_VM_EXIT_MSR_STORE_COUNT, 0 },
		{ VMCS_VM_EXIT_MSR_LOAD_COUNT, 0 },
		{ VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0 },
		{ VMCS_VM_ENTRY_INTERRUPTION_INFO, 0 },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		int rc = vmx_vmwrite_checked(fields[i].field, fields[i].value);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* SDM Vol. 3C 29.1: with "enable VPID", the vCPU's own VPID (never 0), allocated once. */
static int vpid_write(struct vcpu *v, const struct vmx_controls *c)
{
	if (!(c->proc2 & SECONDARY_ENABLE_VPID))
		return 0;
	if (v->vmx.vpid == 0 && vmx_vpid_alloc(vmx_bringup_vpid_pool(), &v->vmx.vpid) != 0)
		return -HV_ENOMEM;
	return vmx_vmwrite_checked(VMCS_VIRTUAL_PROCESSOR_ID, v->vmx.vpid);
}

static int controls_write(struct vcpu *v)
{
	struct vmx_controls c;
	int rc = controls_compute(v, &c);
	if (rc != 0)
		return rc;
	rc = vmx_controls_write(&c);
	/* The VM's MSR bitmap first: the APIC model may give the vCPU its own copy. */
	rc = rc ? rc : vmx_vmwrite_checked(VMCS_MSR_BITMAP, plat_virt_to_phys(v->vm->msr_bitmap));
	rc = rc ? rc : vcpu_apic_vmcs_setup(v, &c);
	rc = rc ? rc : fixed_fields_write(v);
	return rc ? rc : vpid_write(v, &c);
}

int vcpu_vmcs_setup(struct vcpu *v)
{
	v->misc_enable = MISC_ENABLE_RESET;
	int rc = vmx_vcpu_init(&v->vmx, vmx_bringup_caps());
	if (rc != 0) {
		hv_error("vm %s: vcpu %u: no VMCS (error %d)", v->vm->name, v->index, rc);
		return rc;
	}
	rc = controls_write(v);
	rc = rc ? rc : host_state_write();
	if (rc == 0)
		v->vmcs_ready = true;
	return rc;
}

int vcpu_set_entry_state(struct vcpu *v, const struct vmx_guest_state *gs, const struct vmx_guest_regs *regs)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	int rc = vmx_guest_state_write(caps, gs);
	uint64_t entry = 0;
	rc = rc ? rc : vmx_vmread_checked(VMCS_VM_ENTRY_CONTROLS, &entry);
	if (rc)
		return rc;
	entry = gs->ia32e_mode_guest ? entry | VM_ENTRY_IA32E_MODE_GUEST : entry & ~(uint64_t)VM_ENTRY_IA32E_MODE_GUEST;
	rc = vmx_vmwrite_checked(VMCS_VM_ENTRY_CONTROLS, entry);
	/* The host owns every CR4 bit the guest may not set, so MOV to CR4 with one exits and
	 * core/vm/exit_cr.c raises #GP (SDM Vol. 3C 25.1.3, 25.6.6). */
	struct cr_cpuid c;
	vcpu_cpuid(v, 1, 0, c.leaf1);
	vcpu_cpuid(v, 7, 0, c.leaf7);
	v->cr4_reserved = cr4_reserved_bits(&c, caps->cr4_fixed1);
	rc = rc ? rc : vmx_vmwrite_checked(VMCS_CR4_GUEST_HOST_MASK, gs->cr4_guest_host_mask | v->cr4_reserved);
	if (regs)
		v->vmx.regs = *regs;
	return rc;
}

/* SDM Vol. 3A 8.4.3: a STARTUP IPI starts the AP in real mode at CS = vector << 8, IP = 0. */
int vcpu_start_at_sipi(struct vcpu *v, uint8_t vector)
{
	struct vmx_guest_state gs;
	int rc = vmx_guest_preset_real(vmx_bringup_caps(), (uint16_t)(vector << 8), 0, &gs);
	if (rc)
		return rc;
	struct vmx_guest_regs regs = { 0 };
	return vcpu_set_entry_state(v, &gs, &regs);
}
