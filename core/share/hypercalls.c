/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The share-mode hypercalls (docs/hypercalls.md): lib/hypercall decodes and checks each call (table,
 * CPL, the caller's VM kind, structures copied in from the caller's own RAM); the handlers here check
 * what needs the hypervisor's state. A refusal is logged through the caller's rate limit.
 */
#include "share_internal.h"

#include <core/console.h>
#include <core/mm.h>
#include <core/percpu.h>
#include <hypercall/hypercall.h>
#include <string.h>

/* The caller's own RAM only: not another VM's RAM mapped in for its device model. */
static void *own_ram(struct vm *vm, uint64_t gpa, size_t len)
{
	for (unsigned int i = 0; i < vm->region_count; i++) {
		const struct vm_region *r = &vm->regions[i];
		if (r->kind != VM_REGION_FOREIGN && gpa >= r->gpa && len <= r->size && gpa - r->gpa <= r->size - len)
			return plat_phys_to_virt(r->hpa + (gpa - r->gpa));
	}
	return NULL;
}

static int guest_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	void *src = own_ram(ctx, gpa, len);
	if (src == NULL)
		return -HVKIT_EFAULT;
	memcpy(dst, src, len);
	return 0;
}

static int guest_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	void *dst = own_ram(ctx, gpa, len);
	if (dst == NULL)
		return -HVKIT_EFAULT;
	memcpy(dst, src, len);
	return 0;
}

static int guest_check(void *ctx, uint64_t gpa, size_t len)
{
	return own_ram(ctx, gpa, len) ? 0 : -HVKIT_EFAULT;
}

static uint8_t kind_of(const struct vm *vm)
{
	switch (vm->cfg->load_order) {
	case SCENARIO_SERVICE:
		return HC_KIND_SERVICE;
	case SCENARIO_POST_LAUNCHED:
		return HC_KIND_POST_LAUNCHED;
	default:
		return HC_KIND_PRE_LAUNCHED;
	}
}

static int64_t handle(struct vcpu *v, struct hc_request *r)
{
	switch (r->desc->nr) {
	case HVKIT_HC_SELF_ID:
		return v->vm->id;
	case HVKIT_HC_HV_INFO:
		r->in.hv_info = (struct hvkit_hv_info){ .abi_version = HVKIT_ABI_VERSION, .self_id = v->vm->id,
							 .free_pages = page_alloc_free_pages(), .cpu_count = cpu_count };
		return 0;
	case HVKIT_HC_VM_CREATE:
		return post_vm_create(&r->in.vm_create);
	case HVKIT_HC_VM_START:
		return post_vm_start((unsigned int)r->arg[0]);
	case HVKIT_HC_VM_PAUSE:
		return post_vm_pause((unsigned int)r->arg[0]);
	case HVKIT_HC_VM_RESET:
		return post_vm_reset((unsigned int)r->arg[0]);
	case HVKIT_HC_VM_DESTROY:
		return post_vm_destroy((unsigned int)r->arg[0]);
	case HVKIT_HC_VM_SET_MEMORY:
		return post_vm_set_memory(&r->in.vm_memory);
	case HVKIT_HC_VCPU_SET_STATE:
		return post_vcpu_set_state(&r->in.vcpu_state);
	case HVKIT_HC_IOREQ_SETUP:
		return ioreq_setup((unsigned int)r->arg[0], r->arg[1]);
	case HVKIT_HC_IOREQ_COMPLETE:
		return ioreq_complete((unsigned int)r->arg[0], (unsigned int)r->arg[1]);
	case HVKIT_HC_INJECT_IRQ:
		return post_inject_irq((unsigned int)r->arg[0], (unsigned int)r->arg[1], (unsigned int)r->arg[2]);
	case HVKIT_HC_INJECT_MSI:
		return post_inject_msi((unsigned int)r->arg[0], r->arg[1], (uint32_t)r->arg[2]);
	case HVKIT_HC_VM_STATUS:
		return post_vm_status(&r->in.vm_status);
	default:
		return -HVKIT_ENOSYS;
	}
}

/* The VMs no hypercall may name (hybrid mode): pre-launched VMs that own their LAPICs or are real-time.
 * Their CPUs, RAM and devices are theirs alone: the scenario keeps them out of every slot, and a call's
 * memory is the caller's own RAM, so naming the VM is the one way a call could reach one. */
static uint64_t protected_vms(void)
{
	uint64_t mask = 0;
	for (unsigned int i = 0; i < VM_MAX; i++) {
		const struct vm_config *c = vms[i].cfg;
		if (vms[i].state != VM_EMPTY && c != NULL && c->load_order == SCENARIO_PRE_LAUNCHED &&
		    (c->lapic_passthrough || c->real_time))
			mask |= 1ull << vms[i].id;
	}
	return mask;
}

static const char *vm_name_of(uint32_t id)
{
	for (unsigned int i = 0; i < VM_MAX; i++)
		if (vms[i].state != VM_EMPTY && vms[i].id == id)
			return vms[i].name;
	return "?";
}

static void log_refused(struct vcpu *v, const struct hc_desc *d, uint64_t nr, int64_t rc, const struct hc_request *req)
{
	if (req->names_protected)
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: hypercall %s (0x%lx) refused: error %ld: it names the "
			     "real-time VM %s (id %u)", v->index, d->name, nr, (long)-rc, vm_name_of(req->protected_id),
			     req->protected_id);
	else
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: hypercall %s (0x%lx) refused: error %ld", v->index, d->name,
			     nr, (long)-rc);
}

/* vm_status of an id with no VM is how a device model learns that the VM it destroyed is gone (hvkit.ko's destroy
 * path, the service guest): an answer the caller asked for, not a refusal to log. */
static bool gone_vm_status(uint64_t nr, int64_t rc)
{
	return nr == HVKIT_HC_VM_STATUS && rc == -HVKIT_ENOENT;
}

bool share_hypercall(struct vcpu *v, uint64_t nr, uint64_t *ret)
{
	const struct hc_desc *d = hc_lookup(nr);
	if (d == NULL || nr <= HVKIT_HC_WATCHDOG)
		return false; /* the core's own (version, exit count, watchdog) or unknown */
	struct hc_call call = { nr, { v->vmx.regs.rdi, v->vmx.regs.rsi, v->vmx.regs.rdx }, 0, kind_of(v->vm),
				protected_vms() };
	const struct hc_guest guest = { v->vm, guest_read, guest_write, guest_check };
	struct hc_request req;
	int64_t rc = hc_decode(&call, &guest, &req);
	if (rc == 0) {
		rc = handle(v, &req);
		if (rc >= 0 && hc_write_back(&req, &guest) != 0)
			rc = -HVKIT_EFAULT;
	}
	if (rc < 0 && !gone_vm_status(nr, rc))
		log_refused(v, d, nr, rc, &req);
	*ret = (uint64_t)rc;
	return true;
}
