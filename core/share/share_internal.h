/* SPDX-License-Identifier: BSD-3-Clause */
/* Share and hybrid modes' pieces (core/share): the Service VM, post-launched VMs, ioreq, hypercalls. */
#ifndef HVKIT_CORE_SHARE_INTERNAL_H
#define HVKIT_CORE_SHARE_INTERNAL_H

#include <core/vm_emulated.h>
#include <core/vm_shared.h>
#include <hvkit/abi/hypercall.h>
#include <hvkit/errno.h>

/* The upcall: the Service VM's control device (its DSDT's \_SB.HVKC) raises this GSI, edge, high. */
#define SHARE_UPCALL_GSI 20u
#define SHARE_CONTROL_HID "HVKT0001"

/* A post-launched VM the scenario declares: its RAM is reserved at boot, identity-mapped into the
 * Service VM for good (so creating and destroying VMs never changes the Service VM's EPT), zeroed
 * whenever a VM that used it is destroyed. */
struct post_slot {
	const struct vm_config *decl;   /* the scenario's node */
	struct vm_config cfg;           /* what the running VM was created with */
	uint64_t ram_hpa, ram_size;     /* reserved at boot */
	plat_lock_t lock;
	bool in_use;                    /* a VM is built in this slot */
	bool paused;
	bool destroy_requested;         /* torn down as soon as its last vCPU has left */
	bool all_left;                  /* stopped, and every vCPU left its CPU */
	bool reset_requested;           /* rebuilt (RAM kept) as soon as its last vCPU has left */
	struct hvkit_ioreq_page *ioreq; /* the Service VM's page, or NULL */
	uint64_t ioreq_gpa;
};

extern struct vm *share_service_vm;
struct post_slot *share_slot(unsigned int id);
/* Raise the Service VM's upcall interrupt. */
void share_upcall(void);
/* The Service VM's hooks for every VM built (vm_setup_ext). */
extern const struct vm_setup_hooks share_setup_hooks;
/* PCI configuration space as the Service VM sees it (service_pci.c); true when port is one of 0xCF8-0xCFF. */
bool service_pci_io(struct vcpu *v, uint16_t port, unsigned int size, bool write, uint32_t *val);
/* The Service VM's view of the platform's MMIO (the holes between RAM), identity-mapped uncached. */
int service_map_mmio(struct vm *vm, const struct boot_info *bi);
/* Lifecycle hypercalls (post_launched.c) and ioreq (ioreq.c). */
int post_vm_create(struct hvkit_vm_create *req);
int post_vm_start(unsigned int id);
int post_vm_pause(unsigned int id);
int post_vm_reset(unsigned int id);
int post_vm_destroy(unsigned int id);
int post_vm_set_memory(struct hvkit_vm_memory *req);
int post_vcpu_set_state(const struct hvkit_vcpu_state *req);
int post_vm_status(struct hvkit_vm_status *req);
int post_inject_irq(unsigned int id, unsigned int pin, unsigned int level);
int post_inject_msi(unsigned int id, uint64_t address, uint32_t data);
int ioreq_setup(unsigned int id, uint64_t gpa);
int ioreq_complete(unsigned int id, unsigned int vcpu);
extern const struct vm_ioreq_hooks share_ioreq_hooks;
extern const struct vm_ioreq_hooks service_io_hooks;
/* The VM in slot id if the Service VM may act on it (a post-launched VM that is built), else NULL with
 * *err set. The slot's lock is held on success. */
struct vm *post_vm_get(unsigned int id, int *err);
void post_vm_put(unsigned int id);
/* Reserve every post-launched slot's RAM and map it into the Service VM. */
int share_slots_init(const struct scenario *sc, struct vm *service);
/* Route the platform's free IOAPIC pins to the Service VM (irq_forward.c). */
void irq_forward_init(struct vm *service);
/* Hypercall dispatch (hypercalls.c), set as vm_hypercall_ext. */
bool share_hypercall(struct vcpu *v, uint64_t nr, uint64_t *ret);

#endif
