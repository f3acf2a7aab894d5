/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Post-launched VMs: created, given memory and a boot state, started, paused and destroyed by the
 * Service VM (docs/hypercalls.md). Each lives in a slot the scenario declares (its name, CPUs and
 * largest RAM); the slot's RAM is reserved at boot and returns zeroed when the VM is destroyed.
 */
#include "share_internal.h"

#include <core/console.h>
#include <core/mm.h>
#include <guest_loader/guest_entry.h>
#include <guest_loader/layout.h>
#include <string.h>

static struct post_slot slots[VM_MAX];
static void post_vm_stopped(struct vm *vm, bool all_left);
static const struct scenario *scenario;

struct post_slot *share_slot(unsigned int id)
{
	return id < VM_MAX && slots[id].decl ? &slots[id] : NULL;
}

int share_slots_init(const struct scenario *sc, struct vm *service)
{
	scenario = sc;
	for (uint32_t i = 0; i < sc->vm_count && i < VM_MAX; i++) {
		const struct vm_config *decl = &sc->vms[i];
		if (decl->load_order != SCENARIO_POST_LAUNCHED)
			continue;
		uint64_t total = 0;
		for (uint32_t r = 0; r < decl->mem_count; r++)
			total += decl->mem[r].size;
		void *ram = plat_page_alloc(total / PAGE_SIZE);
		if (ram == NULL) {
			hv_error("share: no %lu MiB of contiguous RAM for post-launched VM %s", total >> 20, decl->name);
			return -HV_ENOMEM;
		}
		struct post_slot *s = &slots[i];
		s->decl = decl;
		s->ram_hpa = plat_virt_to_phys(ram);
		s->ram_size = total;
		int rc = vm_memory_map_identity(service, s->ram_hpa, total);
		if (rc) {
			hv_error("share: mapping post-launched VM %s's RAM into the Service VM failed (%d)", decl->name, rc);
			return rc;
		}
		hv_info("share: post-launched VM %s: up to %u vCPU(s), %lu MiB reserved at host 0x%lx", decl->name,
			decl->cpu_count, total >> 20, s->ram_hpa);
	}
	return 0;
}

struct vm *post_vm_get(unsigned int id, int *err)
{
	struct post_slot *s = share_slot(id);
	if (s == NULL) {
		/* The Service VM itself, a pre-launched VM: never the Service VM's to manage. */
		*err = id < VM_MAX && vms[id].state != VM_EMPTY ? -HVKIT_EPERM : -HVKIT_ENOENT;
		return NULL;
	}
	plat_lock(&s->lock);
	if (!s->in_use) {
		plat_unlock(&s->lock);
		*err = -HVKIT_ENOENT;
		return NULL;
	}
	return &vms[id];
}

void post_vm_put(unsigned int id)
{
	plat_unlock(&slots[id].lock);
}

/* Called with the slot's lock held, once no vCPU of the VM can run again. */
static void post_vm_teardown(struct post_slot *s, struct vm *vm)
{
	vm_teardown(vm);
	memset(plat_phys_to_virt(s->ram_hpa), 0, s->ram_size);
	s->in_use = false;
	s->paused = false;
	s->destroy_requested = false;
	s->reset_requested = false;
	s->all_left = false;
	s->ioreq = NULL;
	hv_info("share: vm %s destroyed, its %lu MiB zeroed; hypervisor free pages: %lu", s->decl->name,
		s->ram_size >> 20, page_alloc_free_pages());
}

/*
 * Reset (called with the slot's lock held, once no vCPU of the VM can run again): the VM is built again in
 * its slot, in state created, with its RAM mapped as before and kept (as a machine's RAM survives a reset),
 * its vCPUs in their reset state and its I/O request slots free. The device model sets the boot vCPU's state
 * and starts it again.
 */
static void post_vm_rebuild(struct post_slot *s, struct vm *vm)
{
	unsigned int id = vm->id;
	struct vm_region keep[VM_MAX_REGIONS];
	unsigned int n = 0;
	for (unsigned int i = 0; i < vm->region_count; i++)
		if (vm->regions[i].kind == VM_REGION_FIXED)
			keep[n++] = vm->regions[i];
	vm_teardown(vm);
	s->reset_requested = false;
	s->paused = false;
	s->all_left = false;
	int rc = vm_build(vm, NULL, &s->cfg, id);
	for (unsigned int i = 0; rc == 0 && i < n; i++)
		rc = vm_memory_map_fixed(vm, keep[i].gpa, keep[i].hpa, keep[i].size);
	if (rc) {
		vm_teardown(vm);
		memset(plat_phys_to_virt(s->ram_hpa), 0, s->ram_size);
		s->in_use = false;
		s->ioreq = NULL;
		hv_error("share: vm %s: rebuilding it after its reset failed (%d): it is gone", s->decl->name, rc);
		return;
	}
	vm->state = VM_CREATED;
	vm->ioreq = &share_ioreq_hooks;
	vm->on_stopped = post_vm_stopped;
	vm->mode_data = s;
	for (unsigned int i = 0; s->ioreq && i < HVKIT_IOREQ_SLOTS; i++)
		__atomic_store_n(&s->ioreq->slot[i].state, HVKIT_IOREQ_FREE, __ATOMIC_RELEASE);
	hv_info("share: vm %s reset: its vCPUs are back in their reset state, its RAM kept", vm->name);
}

static void post_vm_stopped(struct vm *vm, bool all_left)
{
	struct post_slot *s = vm->mode_data;
	plat_lock(&s->lock);
	s->all_left = all_left;
	if (s->destroy_requested && all_left)
		post_vm_teardown(s, vm);
	else if (s->reset_requested && all_left)
		post_vm_rebuild(s, vm);
	plat_unlock(&s->lock);
	share_upcall(); /* its device model learns that the VM stopped */
}

int post_vm_create(struct hvkit_vm_create *req)
{
	unsigned int id = VM_MAX;
	for (unsigned int i = 0; i < VM_MAX; i++)
		if (slots[i].decl && strcmp(slots[i].decl->name, req->name) == 0)
			id = i;
	if (id == VM_MAX) {
		for (uint32_t i = 0; scenario && i < scenario->vm_count; i++)
			if (strcmp(scenario->vms[i].name, req->name) == 0)
				return -HVKIT_EPERM; /* a pre-launched VM or the Service VM */
		return -HVKIT_ENOENT;
	}
	struct post_slot *s = &slots[id];
	plat_lock(&s->lock);
	int rc = 0;
	if (s->in_use)
		rc = -HVKIT_EEXIST;
	else if (req->vcpus > s->decl->cpu_count || req->vcpus > VM_MAX_VCPUS)
		rc = -HVKIT_ERANGE;
	if (rc == 0) {
		s->cfg = *s->decl;
		s->cfg.cpu_count = req->vcpus;
		s->cfg.has_vuart = false;      /* its devices are the device model's */
		s->cfg.has_debug_exit = false;
		s->cfg.pio_count = 0;
		s->cfg.pci_count = 0;
		struct vm *vm = &vms[id];
		if (vm_build(vm, NULL, &s->cfg, id) != 0) {
			vm_teardown(vm);
			rc = -HVKIT_ENOMEM;
		} else {
			vm->state = VM_CREATED;
			vm->ioreq = &share_ioreq_hooks;
			vm->on_stopped = post_vm_stopped;
			vm->mode_data = s;
			s->in_use = true;
			req->id = id;
			hv_info("share: vm %s created: %u vCPU(s) on CPU(s) %u%s", vm->name, req->vcpus, s->cfg.cpus[0],
				req->vcpus > 1 ? " and more" : "");
		}
	}
	plat_unlock(&s->lock);
	return rc == 0 ? (int)id : rc; /* the VM id, also in req->id */
}

int post_vm_set_memory(struct hvkit_vm_memory *req)
{
	int err = 0;
	struct vm *vm = post_vm_get(req->id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = -HVKIT_ERANGE;
	uint64_t offset = 0;
	/* The range must lie in one of the ranges the scenario declares; the slot's RAM holds them back to back. */
	for (uint32_t i = 0; i < s->decl->mem_count; i++) {
		const struct scenario_range *r = &s->decl->mem[i];
		if (req->gpa >= r->base && req->size <= r->size && req->gpa - r->base <= r->size - req->size) {
			uint64_t hpa = s->ram_hpa + offset + (req->gpa - r->base);
			rc = vm->state != VM_CREATED ? -HVKIT_EBUSY : vm_memory_map_fixed(vm, req->gpa, hpa, req->size);
			if (rc == -HV_EEXIST)
				rc = -HVKIT_EEXIST;
			else if (rc < 0 && rc != -HVKIT_EBUSY)
				rc = -HVKIT_ENOMEM;
			req->host_address = hpa;
			break;
		}
		offset += r->size;
	}
	post_vm_put(req->id);
	return rc;
}

int post_vcpu_set_state(const struct hvkit_vcpu_state *req)
{
	int err = 0;
	struct vm *vm = post_vm_get(req->id, &err);
	if (vm == NULL)
		return err;
	struct guest_entry e = {
		.rip = req->rip, .rsp = req->rsp, .rflags = req->rflags | RFLAGS_FIXED,
		.rax = req->rax, .rbx = req->rbx, .rcx = req->rcx, .rdx = req->rdx, .rsi = req->rsi, .rdi = req->rdi,
		.rbp = req->rbp, .cr0 = req->cr0 | CR0_PE, .cr3 = req->cr3, .cr4 = req->cr4, .efer = req->efer,
		.cs = { GUEST_SEL_CODE, 0, 0xffffffffu, GUEST_AR_CODE32 },
		.ds = { GUEST_SEL_DATA, 0, 0xffffffffu, GUEST_AR_DATA },
	};
	if (req->mode == HVKIT_VCPU_MODE_LONG64) {
		/* The device model's loader wrote the boot GDT (lib/guest_loader, layout.h). */
		e.mode = GUEST_ENTRY_LONG64;
		e.cs.ar = GUEST_AR_CODE64;
		e.cr0 |= CR0_PG;
		e.cr4 |= CR4_PAE;
		e.efer |= IA32_EFER_LME | IA32_EFER_LMA;
		e.gdtr_base = GUEST_GDT_GPA;
		e.gdtr_limit = GUEST_GDT_SIZE - 1;
	}
	int rc = -HVKIT_EBUSY;
	if (vm->state == VM_CREATED) {
		struct vcpu *v = vm->vcpus[0];
		rc = guest_entry_to_vmx(&e, &v->entry_gs, &v->entry_regs) == 0 ? 0 : -HVKIT_EINVAL;
	}
	post_vm_put(req->id);
	return rc;
}

int post_vm_start(unsigned int id)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = 0;
	if (vm->state == VM_CREATED) {
		if (vm->region_count == 0) {
			rc = -HVKIT_EINVAL; /* no RAM yet */
		} else {
			vm_start(vm);
			hv_info("share: vm %s started", vm->name);
		}
	} else if (vm->state == VM_RUNNING && s->paused) {
		for (unsigned int i = 0; i < vm->vcpu_count; i++) {
			bool kick = false;
			sched_resume(vm->vcpus[i]->sched, &kick);
			vcpu_kick(vm->vcpus[i]);
		}
		s->paused = false;
	} else {
		rc = -HVKIT_EBUSY;
	}
	post_vm_put(id);
	return rc;
}

int post_vm_pause(unsigned int id)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = vm->state == VM_RUNNING ? 0 : -HVKIT_EBUSY;
	for (unsigned int i = 0; rc == 0 && !s->paused && i < vm->vcpu_count; i++) {
		bool kick = false;
		sched_pause(vm->vcpus[i]->sched, &kick);
		vcpu_kick(vm->vcpus[i]);
	}
	if (rc == 0)
		s->paused = true;
	post_vm_put(id);
	return rc;
}

/* A paused VM's vCPUs back on their schedulers, so that they can leave their CPUs for good. */
static void resume_all(struct vm *vm, struct post_slot *s)
{
	for (unsigned int i = 0; s->paused && i < vm->vcpu_count; i++) {
		bool kick = false;
		sched_resume(vm->vcpus[i]->sched, &kick);
	}
	s->paused = false;
}

/* 0: reset (or nothing to reset: not started yet); 1: stopping, rebuilt once its last vCPU has left. */
int post_vm_reset(unsigned int id)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = 0;
	if (vm->state == VM_CREATED) {
		rc = 0;
	} else if (vm->state == VM_STOPPED && s->all_left) {
		post_vm_rebuild(s, vm);
	} else if (vm->state == VM_STOPPED || s->destroy_requested) {
		rc = -HVKIT_EBUSY;
	} else {
		s->reset_requested = true;
		resume_all(vm, s);
		post_vm_put(id);
		vm_stop(vm, 0, "reset by the Service VM");
		return 1;
	}
	post_vm_put(id);
	return rc;
}

/* 0: gone; 1: stopping, its vCPUs are leaving their CPUs (it is torn down when the last has left). */
int post_vm_destroy(unsigned int id)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = 0;
	if (vm->state == VM_CREATED || (vm->state == VM_STOPPED && s->all_left)) {
		post_vm_teardown(s, vm);
	} else if (vm->state == VM_STOPPED) {
		/* A vCPU never left its CPU (the hypervisor said so): its VMCS may still be in use there, so the
		 * slot is kept, never reused (README, limits). */
		rc = -HVKIT_EBUSY;
	} else {
		s->destroy_requested = true;
		resume_all(vm, s);
		post_vm_put(id);
		vm_stop(vm, 0, "destroyed by the Service VM");
		return 1;
	}
	post_vm_put(id);
	return rc;
}

int post_vm_status(struct hvkit_vm_status *req)
{
	int err = 0;
	struct vm *vm = post_vm_get(req->id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	switch (vm->state) {
	case VM_CREATED:
		req->state = HVKIT_VM_STATE_CREATED;
		break;
	case VM_RUNNING:
		req->state = s->paused ? HVKIT_VM_STATE_PAUSED : HVKIT_VM_STATE_RUNNING;
		break;
	default:
		req->state = HVKIT_VM_STATE_STOPPED;
		break;
	}
	req->exits = 0;
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		req->exits += vm->vcpus[i]->exits;
	post_vm_put(req->id);
	return 0;
}

int post_inject_irq(unsigned int id, unsigned int pin, unsigned int level)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	int rc = vm->state == VM_RUNNING ? vm_vdev_irq(vm, pin, level) : -HVKIT_EBUSY;
	post_vm_put(id);
	return rc < 0 && rc != -HVKIT_EBUSY ? -HVKIT_EINVAL : rc;
}

/* An MSI as the VM's devices would send it (SDM Vol. 3A 11.11): destination and mode from the address,
 * vector, delivery mode and trigger from the data. */
int post_inject_msi(unsigned int id, uint64_t address, uint32_t data)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	int rc = -HVKIT_EBUSY;
	if (vm->state == VM_RUNNING) {
		uint32_t dest = (uint32_t)(address >> 12) & 0xffu;
		bool logical = (address >> 2) & 1u;
		rc = vm_apic_deliver(vm, (uint8_t)data, dest, logical, (data >> 8) & 7u, (data >> 15) & 1u);
		rc = rc < 0 ? -HVKIT_EINVAL : 0;
	}
	post_vm_put(id);
	return rc;
}
