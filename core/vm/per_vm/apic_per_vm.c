/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One interrupt platform per VM (the hybrid image): core/include/core/vcpu_apic.h, vm_irqchip.h and
 * vcpu_mmio_exit, each function passed on to the model the VM's scenario node chose. A VM flagged
 * `lapic-passthrough` gets vm/apic_passthrough.c, vm/irqchip_none.c and vm/mmio_none.c (its vCPUs drive
 * their physical x2APICs); every other VM vm/apic_emulated.c, vm/irqchip_pc.c and vm/mmio.c. The
 * hybrid image links both models' archives with these functions renamed pt_NAME and emu_NAME
 * (core/rename_symbols.py, per_vm/model_symbols.txt), so the two units stay what the lapic_pt and
 * share images link, unchanged. The choice is made when the VM is built and never changes.
 */
#include <core/percpu.h>
#include <core/vcpu_apic.h>
#include <core/vm.h>
#include <core/vm_emulated.h>
#include <core/vm_shared.h>
#include <core/vm_irqchip.h>
#include <hvkit/errno.h>

/* Both models' definitions under their link-time names. */
#define MODEL_DECLS(p)                                                                                              \
	int p##vm_apic_setup(struct vm *vm);                                                                         \
	void p##vm_apic_msr_bitmap(struct vm *vm, void *msr_bitmap);                                                 \
	void p##vm_apic_controls(const struct vm *vm, struct vmx_controls *required, struct vmx_controls *desired);   \
	void p##vm_apic_teardown(struct vm *vm);                                                                     \
	int p##vcpu_apic_vmcs_setup(struct vcpu *v, const struct vmx_controls *final);                               \
	bool p##vcpu_apic_pre_entry(struct vcpu *v);                                                                 \
	uint64_t p##vcpu_apic_exit_deadline(struct vcpu *v);                                                         \
	void p##vcpu_apic_inject(struct vcpu *v, bool busy, bool virtual_pending);                                   \
	int p##vcpu_apic_pending(struct vcpu *v);                                                                    \
	int p##vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);                                         \
	int p##vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);                                          \
	int p##vcpu_apic_mov_cr8(struct vcpu *v, const struct vmx_cr_access *a);                                     \
	int p##vcpu_apic_set_tsc_offset(struct vcpu *v, uint64_t offset);                                            \
	uint64_t p##vcpu_apic_timer_hz(struct vcpu *v);                                                              \
	bool p##vcpu_apic_enabled(struct vcpu *v);                                                                   \
	uint64_t p##vcpu_apic_poll(struct vcpu *v);                                                                  \
	void p##vcpu_apic_force_exit(unsigned int pcpu);                                                             \
	void p##vcpu_apic_release(struct vcpu *v);                                                                   \
	int p##exit_apic_model(const struct vmx_exit_info *exit, void *ctx);                                         \
	int p##vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock);                         \
	void p##vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted);                                  \
	void p##vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi);                                     \
	int p##vcpu_mmio_exit(struct vcpu *v, uint64_t gpa);
MODEL_DECLS(emu_)
MODEL_DECLS(pt_)
int emu_vm_apic_deliver(struct vm *vm, uint8_t vector, uint32_t dest, bool dest_logical, unsigned int delivery_mode,
			bool level);

static bool pt(const struct vm *vm)
{
	return vm->cfg->lapic_passthrough;
}

#define BY_VM(vm, call) (pt(vm) ? pt_##call : emu_##call)

int vm_apic_setup(struct vm *vm)
{
	return BY_VM(vm, vm_apic_setup(vm));
}

void vm_apic_msr_bitmap(struct vm *vm, void *msr_bitmap)
{
	BY_VM(vm, vm_apic_msr_bitmap(vm, msr_bitmap));
}

void vm_apic_controls(const struct vm *vm, struct vmx_controls *required, struct vmx_controls *desired)
{
	BY_VM(vm, vm_apic_controls(vm, required, desired));
}

void vm_apic_teardown(struct vm *vm)
{
	BY_VM(vm, vm_apic_teardown(vm));
}

/* A VM that owns its LAPICs has no emulated interrupt controller to take a device's message. */
int vm_apic_deliver(struct vm *vm, uint8_t vector, uint32_t dest, bool dest_logical, unsigned int delivery_mode,
		    bool level)
{
	if (pt(vm))
		return -HV_ENODEV;
	return emu_vm_apic_deliver(vm, vector, dest, dest_logical, delivery_mode, level);
}

int vcpu_apic_vmcs_setup(struct vcpu *v, const struct vmx_controls *final)
{
	return BY_VM(v->vm, vcpu_apic_vmcs_setup(v, final));
}

bool vcpu_apic_pre_entry(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_pre_entry(v));
}

uint64_t vcpu_apic_exit_deadline(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_exit_deadline(v));
}

void vcpu_apic_inject(struct vcpu *v, bool busy, bool virtual_pending)
{
	BY_VM(v->vm, vcpu_apic_inject(v, busy, virtual_pending));
}

int vcpu_apic_pending(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_pending(v));
}

int vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	return BY_VM(v->vm, vcpu_apic_rdmsr(v, msr, val));
}

int vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	return BY_VM(v->vm, vcpu_apic_wrmsr(v, msr, val));
}

int vcpu_apic_mov_cr8(struct vcpu *v, const struct vmx_cr_access *a)
{
	return BY_VM(v->vm, vcpu_apic_mov_cr8(v, a));
}

/* A VM that owns its LAPICs drives the physical TSC-deadline timer with the host's TSC: its TSC does not move
 * (as lapic_pt's exit_msr_tsc_host.c; the pass-through model has no TSC offset to follow). */
int vcpu_apic_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	if (pt(v->vm))
		return offset == 0 ? 0 : -HV_ENOSYS;
	return emu_vcpu_apic_set_tsc_offset(v, offset);
}

uint64_t vcpu_apic_timer_hz(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_timer_hz(v));
}

bool vcpu_apic_enabled(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_enabled(v));
}

uint64_t vcpu_apic_poll(struct vcpu *v)
{
	return BY_VM(v->vm, vcpu_apic_poll(v));
}

/* By CPU, not VM: a CPU whose LAPIC a guest owns is kicked with an NMI (apic_passthrough.c marks it). */
void vcpu_apic_force_exit(unsigned int pcpu)
{
	if (percpu_blocks[pcpu].kick_with_nmi)
		pt_vcpu_apic_force_exit(pcpu);
	else
		emu_vcpu_apic_force_exit(pcpu);
}

void vcpu_apic_release(struct vcpu *v)
{
	BY_VM(v->vm, vcpu_apic_release(v));
}

int exit_apic_model(const struct vmx_exit_info *exit, void *ctx)
{
	const struct vcpu *v = ctx;
	return BY_VM(v->vm, exit_apic_model(exit, ctx));
}

int vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock)
{
	return BY_VM(vm, vm_irqchip_setup(vm, table, lock));
}

void vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted)
{
	BY_VM(vm, vm_irqchip_set_irq(vm, irq, asserted));
}

void vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi)
{
	BY_VM(vm, vm_irqchip_acpi(vm, acpi));
}

int vcpu_mmio_exit(struct vcpu *v, uint64_t gpa)
{
	return BY_VM(v->vm, vcpu_mmio_exit(v, gpa));
}
