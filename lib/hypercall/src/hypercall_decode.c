/* SPDX-License-Identifier: BSD-3-Clause */
/* Checking one hypercall's registers and structures before a handler sees them. */
#include <hypercall/hypercall.h>
#include <string.h>

#define PAGE 4096u

size_t hc_struct_size(enum hc_struct type)
{
	switch (type) {
	case HC_STRUCT_HV_INFO:
		return sizeof(struct hvkit_hv_info);
	case HC_STRUCT_VM_CREATE:
		return sizeof(struct hvkit_vm_create);
	case HC_STRUCT_VM_MEMORY:
		return sizeof(struct hvkit_vm_memory);
	case HC_STRUCT_VCPU_STATE:
		return sizeof(struct hvkit_vcpu_state);
	case HC_STRUCT_VM_STATUS:
		return sizeof(struct hvkit_vm_status);
	default:
		return 0;
	}
}

/* The register kinds checked against an upper bound: a value below `limit`, else `err`. */
static const struct {
	bool bounded;
	uint64_t limit;
	int err;
} bounds[] = {
	[HC_ARG_VM_ID] = { true, HC_VM_ID_LIMIT, -HVKIT_ENOENT },
	[HC_ARG_VCPU] = { true, HVKIT_IOREQ_SLOTS, -HVKIT_ENOENT },
	[HC_ARG_PIN] = { true, HC_PIN_LIMIT, -HVKIT_EINVAL },
	[HC_ARG_IRQ_LEVEL] = { true, HVKIT_IRQ_PULSE + 1ull, -HVKIT_EINVAL },
	[HC_ARG_MSI_DATA] = { true, 0x10000u, -HVKIT_EINVAL }, /* SDM Vol. 3A 11.11.2: bits 31:16 reserved */
};

static int check_register(enum hc_arg kind, uint64_t v)
{
	switch (kind) {
	case HC_ARG_NONE:
	case HC_ARG_STRUCT:
	case HC_ARG_PAGE:
		return 0;
	case HC_ARG_MSI_ADDR:
		/* SDM Vol. 3A 11.11.1: the address is 0xFEExxxxx; bits 1:0 are reserved. */
		return (v >> 20) == 0xfeeu && (v & 3u) == 0 ? 0 : -HVKIT_EINVAL;
	default:
		break;
	}
	if ((unsigned int)kind >= sizeof(bounds) / sizeof(bounds[0]) || !bounds[kind].bounded)
		return -HVKIT_EINVAL;
	return v < bounds[kind].limit ? 0 : bounds[kind].err;
}

/* A VM name: 1..31 characters, printable ASCII without spaces, NUL-terminated, zero after the NUL. */
static bool name_valid(const char *name)
{
	size_t n = 0;
	while (n < HVKIT_VM_NAME_MAX && name[n] != '\0') {
		if (name[n] <= ' ' || name[n] > '~')
			return false;
		n++;
	}
	if (n == 0 || n == HVKIT_VM_NAME_MAX)
		return false;
	for (size_t i = n; i < HVKIT_VM_NAME_MAX; i++)
		if (name[i] != '\0')
			return false;
	return true;
}

/* A 4 KiB aligned, non-empty range that does not wrap and lies below 2^52 (MAXPHYADDR's limit). */
static bool range_valid(uint64_t base, uint64_t size)
{
	return size != 0 && ((base | size) & (PAGE - 1)) == 0 && base + size > base && base + size <= (1ull << 52);
}

/* A canonical 48-bit linear address: bits 63:47 all equal (SDM Vol. 1 3.3.7.1). */
static bool canonical(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

static int check_vm_create(const struct hvkit_vm_create *c)
{
	if (!name_valid(c->name) || c->vcpus == 0 || c->vcpus > HVKIT_IOREQ_SLOTS)
		return -HVKIT_EINVAL;
	return 0;
}

static int check_vm_memory(const struct hvkit_vm_memory *m)
{
	if (m->id >= HC_VM_ID_LIMIT)
		return -HVKIT_ENOENT;
	return m->reserved != 0 || !range_valid(m->gpa, m->size) ? -HVKIT_EINVAL : 0;
}

/* A 32-bit entry point and stack for protected mode; canonical ones and a page-aligned CR3 for long mode. */
static bool entry_state_valid(const struct hvkit_vcpu_state *s)
{
	if (s->mode == HVKIT_VCPU_MODE_PROTECTED32)
		return ((s->rip | s->rsp) >> 32) == 0;
	if (s->mode == HVKIT_VCPU_MODE_LONG64)
		return canonical(s->rip) && canonical(s->rsp) && (s->cr3 & (PAGE - 1)) == 0;
	return false; /* no other mode */
}

static int check_vcpu_state(const struct hvkit_vcpu_state *s)
{
	if (s->id >= HC_VM_ID_LIMIT)
		return -HVKIT_ENOENT;
	if (s->vcpu != 0 || s->reserved != 0 || !entry_state_valid(s))
		return -HVKIT_EINVAL;
	return 0;
}

static int check_struct(struct hc_request *r)
{
	switch (r->desc->type) {
	case HC_STRUCT_VM_CREATE:
		return check_vm_create(&r->in.vm_create);
	case HC_STRUCT_VM_MEMORY:
		return check_vm_memory(&r->in.vm_memory);
	case HC_STRUCT_VCPU_STATE:
		return check_vcpu_state(&r->in.vcpu_state);
	case HC_STRUCT_VM_STATUS:
		return r->in.vm_status.id < HC_VM_ID_LIMIT ? 0 : -HVKIT_ENOENT;
	default:
		return 0;
	}
}

/* The VM id the structure names, or HC_VM_ID_LIMIT for none (check_struct has bounded it). */
static uint32_t struct_vm_id(const struct hc_request *r)
{
	switch (r->desc->type) {
	case HC_STRUCT_VM_MEMORY:
		return r->in.vm_memory.id;
	case HC_STRUCT_VCPU_STATE:
		return r->in.vcpu_state.id;
	case HC_STRUCT_VM_STATUS:
		return r->in.vm_status.id;
	default:
		return HC_VM_ID_LIMIT;
	}
}

static int refuse_protected(struct hc_request *r, uint32_t id)
{
	r->names_protected = true;
	r->protected_id = id;
	return -HVKIT_EPERM;
}

/* A call that names a protected VM (hybrid mode's real-time VMs) is refused whoever makes it. */
static int check_protected(const struct hc_call *call, struct hc_request *r)
{
	if (call->protected_vms == 0)
		return 0;
	for (unsigned int i = 0; i < 3; i++)
		if (r->desc->arg[i] == HC_ARG_VM_ID && (call->protected_vms >> call->arg[i]) & 1u)
			return refuse_protected(r, (uint32_t)call->arg[i]);
	uint32_t id = struct_vm_id(r);
	if (id < HC_VM_ID_LIMIT && (call->protected_vms >> id) & 1u)
		return refuse_protected(r, id);
	return 0;
}

int hc_decode(const struct hc_call *call, const struct hc_guest *guest, struct hc_request *out)
{
	memset(out, 0, sizeof(*out));
	const struct hc_desc *d = hc_lookup(call->nr);
	if (d == NULL)
		return -HVKIT_ENOSYS;
	/* Only the kernel of a VM allowed to make the call gets through. */
	if (call->cpl != 0 || (d->kinds & call->caller_kind) == 0)
		return -HVKIT_EPERM;
	out->desc = d;
	for (unsigned int i = 0; i < 3; i++) {
		out->arg[i] = call->arg[i];
		int rc = check_register(d->arg[i], call->arg[i]);
		if (rc)
			return rc;
		if (d->arg[i] == HC_ARG_PAGE &&
		    ((call->arg[i] & (PAGE - 1)) != 0 || guest->check(guest->ctx, call->arg[i], PAGE) != 0))
			return -HVKIT_EFAULT;
		if (d->arg[i] == HC_ARG_STRUCT) {
			size_t size = hc_struct_size(d->type);
			if (guest->read(guest->ctx, call->arg[i], &out->in, size) != 0)
				return -HVKIT_EFAULT;
			out->struct_gpa = call->arg[i];
		}
	}
	int rc = check_struct(out);
	return rc ? rc : check_protected(call, out);
}

int hc_write_back(const struct hc_request *req, const struct hc_guest *guest)
{
	size_t size = hc_struct_size(req->desc->type);
	if (size == 0 || req->desc->type == HC_STRUCT_VCPU_STATE)
		return 0;
	return guest->write(guest->ctx, req->struct_gpa, &req->in, size);
}
