// SPDX-License-Identifier: GPL-2.0-only
/*
 * Typed hypercall wrappers (include/hvkit/abi/hypercall.h) over hvkit_vmcall (vmcall.c).
 *
 * A pointer argument is a guest-physical address in the Service VM's RAM. Argument blocks therefore
 * live in kmalloc memory (the direct map, so virt_to_phys is right: never the stack, which is vmalloc'd
 * with CONFIG_VMAP_STACK), allocated at a power-of-two size, which kmalloc aligns to that size, so a
 * block never straddles a page boundary.
 */
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvkit.h"

/* A hypervisor result as a kernel return value: errors keep their value (HVKIT_E* are Linux errnos). */
static long hvkit_result(long ret)
{
	if (ret >= 0)
		return ret;
	if (ret < -MAX_ERRNO)
		return -EIO;
	return ret;
}

static long hvkit_call(unsigned int nr, u64 a1, u64 a2, u64 a3)
{
	return hvkit_result(hvkit_vmcall(nr, a1, a2, a3));
}

/* A zeroed argument block of at least size bytes that does not cross a page boundary. */
static void *hvkit_arg_alloc(size_t size)
{
	return kzalloc(roundup_pow_of_two(size), GFP_KERNEL);
}

static u64 hvkit_arg_gpa(void *block)
{
	return virt_to_phys(block);
}

long hvkit_hc_version(void)
{
	return hvkit_call(HVKIT_HC_VERSION, 0, 0, 0);
}

long hvkit_hc_self_id(void)
{
	return hvkit_call(HVKIT_HC_SELF_ID, 0, 0, 0);
}

int hvkit_hc_hv_info(struct hvkit_hv_info *out)
{
	struct hvkit_hv_info *a;
	long ret;

	BUILD_BUG_ON(sizeof(*a) > PAGE_SIZE);
	a = hvkit_arg_alloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	ret = hvkit_call(HVKIT_HC_HV_INFO, hvkit_arg_gpa(a), 0, 0);
	if (ret >= 0)
		*out = *a;
	kfree(a);
	return ret < 0 ? ret : 0;
}

long hvkit_hc_vm_create(const char *name, u32 vcpus)
{
	struct hvkit_vm_create *a;
	long ret;

	BUILD_BUG_ON(sizeof(*a) > PAGE_SIZE);
	a = hvkit_arg_alloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	strscpy(a->name, name, sizeof(a->name));
	a->vcpus = vcpus;
	ret = hvkit_call(HVKIT_HC_VM_CREATE, hvkit_arg_gpa(a), 0, 0);
	if (ret >= 0)
		ret = a->id; /* the result is 0; the id is written back (docs/hypercalls.md) */
	kfree(a);
	return ret;
}

int hvkit_hc_vm_set_memory(u32 id, u64 gpa, u64 size, u64 *host_address)
{
	struct hvkit_vm_memory *a;
	long ret;

	BUILD_BUG_ON(sizeof(*a) > PAGE_SIZE);
	a = hvkit_arg_alloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->id = id;
	a->gpa = gpa;
	a->size = size;
	ret = hvkit_call(HVKIT_HC_VM_SET_MEMORY, hvkit_arg_gpa(a), 0, 0);
	if (ret >= 0)
		*host_address = a->host_address;
	kfree(a);
	return ret < 0 ? ret : 0;
}

/* HVKIT_HC_VM_START, _PAUSE, _RESET, _DESTROY: the VM id is the only argument. The result as the
 * hypervisor gives it (HVKIT_HC_VM_DESTROY: 0 gone, 1 stopping). */
int hvkit_hc_vm_op(unsigned int nr, u32 id)
{
	return hvkit_call(nr, id, 0, 0);
}

int hvkit_hc_vcpu_set_state(const struct hvkit_vcpu_state *state)
{
	struct hvkit_vcpu_state *a;
	long ret;

	BUILD_BUG_ON(sizeof(*a) > PAGE_SIZE);
	a = hvkit_arg_alloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = *state;
	ret = hvkit_call(HVKIT_HC_VCPU_SET_STATE, hvkit_arg_gpa(a), 0, 0);
	kfree(a);
	return ret < 0 ? ret : 0;
}

int hvkit_hc_vm_status(u32 id, struct hvkit_vm_status *out)
{
	struct hvkit_vm_status *a;
	long ret;

	BUILD_BUG_ON(sizeof(*a) > PAGE_SIZE);
	a = hvkit_arg_alloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->id = id;
	ret = hvkit_call(HVKIT_HC_VM_STATUS, hvkit_arg_gpa(a), 0, 0);
	if (ret >= 0)
		*out = *a;
	kfree(a);
	return ret < 0 ? ret : 0;
}

int hvkit_hc_ioreq_setup(u32 id, struct hvkit_ioreq_page *page)
{
	long ret = hvkit_call(HVKIT_HC_IOREQ_SETUP, id, hvkit_arg_gpa(page), 0);

	return ret < 0 ? ret : 0;
}

int hvkit_hc_ioreq_complete(u32 id, u32 vcpu)
{
	long ret = hvkit_call(HVKIT_HC_IOREQ_COMPLETE, id, vcpu, 0);

	return ret < 0 ? ret : 0;
}

int hvkit_hc_inject_irq(u32 id, u32 pin, u32 level)
{
	long ret = hvkit_call(HVKIT_HC_INJECT_IRQ, id, pin, level);

	return ret < 0 ? ret : 0;
}

int hvkit_hc_inject_msi(u32 id, u64 address, u32 data)
{
	long ret = hvkit_call(HVKIT_HC_INJECT_MSI, id, address, data);

	return ret < 0 ? ret : 0;
}
