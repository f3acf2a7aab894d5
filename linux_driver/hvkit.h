/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvkit.ko's internal interface: one driver-wide state (the control device and its upcall), one
 * struct hvkit_file per open /dev/hvkit, and at most one struct hvkit_vm per file.
 *
 *   main.c       module init (hypervisor present, ABI version), the ACPI platform driver, the upcall IRQ
 *   vmcall.c     CPUID signature check and VMCALL (tests/fake_hv.c replaces it in the test build)
 *   hypercall.c  one typed wrapper per hypercall (argument blocks in kmalloc memory)
 *   dev.c        the misc device /dev/hvkit: open (root only), release, mmap, ioctl dispatch
 *   vm.c         the VM ioctls: create (+ memory + ioreq page), destroy, start/pause/reset, state, status, IRQs
 *   destroy.c    destroying a VM: the hypercall, waiting until it is gone, freeing its page
 *   ioreq.c      the ioreq client: wait for a PENDING slot, complete a PROCESSING one
 */
#ifndef HVKIT_DRV_H
#define HVKIT_DRV_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <hvkit/abi/hvkit_ioctl.h>

/* Driver-wide state: there is one hypervisor and one control device. */
struct hvkit_hv {
	wait_queue_head_t upcall_wq; /* every IOREQ_WAIT sleeps here */
	atomic_t upcalls;            /* upcall interrupts so far; a waiter sleeps until it moves */
	u32 self_id;                 /* the Service VM's own VM id */
};
extern struct hvkit_hv hvkit_hv;

/* A post-launched VM, owned by the open file that created it. */
struct hvkit_vm {
	u32 id;
	u32 vcpus;
	u64 mem_size;                    /* RAM at guest-physical 0 */
	u64 host_address;                /* where the hypervisor maps that RAM in the Service VM */
	struct hvkit_ioreq_page *ioreq;  /* the slots page registered with HVKIT_HC_IOREQ_SETUP */
	struct mutex complete_lock;      /* serializes IOREQ_COMPLETE */
	atomic_t maps;                   /* live mmaps of its RAM */
	atomic_t status_seen;            /* the upcall count at which its state was last read */
	atomic_t next_slot;              /* where the next WAIT starts scanning (fairness between vCPUs) */
	bool page_registered;            /* HVKIT_HC_IOREQ_SETUP was made (the hypervisor may use the page) */
	bool stopped;                    /* the hypervisor said STOPPED (until START or RESET succeeds) */
	bool destroying;                 /* HVKIT_HC_VM_DESTROY made: waits end with ESRCH, other ioctls ENOENT */
	bool destroyed;                  /* gone from the hypervisor: the page is freed at release */
	unsigned long destroy_deadline;  /* jiffies: waiting for it to go ends here */
};

/* What one open /dev/hvkit holds. */
struct hvkit_file {
	struct mutex lock;   /* protects vm (its creation and destruction) */
	struct hvkit_vm *vm; /* NULL until HVKIT_VM_CREATE */
};

/* dev.c */
int hvkit_dev_register(void);
void hvkit_dev_unregister(void);

/* vm.c */
long hvkit_vm_ioctl(struct hvkit_file *f, unsigned int cmd, void __user *arg);
struct hvkit_vm *hvkit_file_vm(struct hvkit_file *f);

/* destroy.c */
int hvkit_vm_teardown(struct hvkit_vm *vm, bool interruptible);
void hvkit_vm_free(struct hvkit_vm *vm);
void hvkit_vm_release(struct hvkit_vm *vm);

/* ioreq.c */
void hvkit_ioreq_note_state(struct hvkit_vm *vm, u32 state);
long hvkit_ioreq_wait(struct hvkit_vm *vm, struct hvkit_ioreq __user *arg);
long hvkit_ioreq_complete(struct hvkit_vm *vm, const struct hvkit_ioreq __user *arg);

/* vmcall.c (or tests/fake_hv.c) */
bool hvkit_hv_detect(void);
void hvkit_hv_cleanup(void);
long hvkit_vmcall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3);

/* hypercall.c: each returns >= 0 on success or a negative errno (a hypervisor HVKIT_E* code as the errno
 * of the same value; anything the hypervisor returns outside the errno range becomes -EIO). */
long hvkit_hc_version(void);
long hvkit_hc_self_id(void);
int hvkit_hc_hv_info(struct hvkit_hv_info *out);
long hvkit_hc_vm_create(const char *name, u32 vcpus);
int hvkit_hc_vm_set_memory(u32 id, u64 gpa, u64 size, u64 *host_address);
int hvkit_hc_vm_op(unsigned int nr, u32 id);
int hvkit_hc_vcpu_set_state(const struct hvkit_vcpu_state *state);
int hvkit_hc_vm_status(u32 id, struct hvkit_vm_status *out);
int hvkit_hc_ioreq_setup(u32 id, struct hvkit_ioreq_page *page);
int hvkit_hc_ioreq_complete(u32 id, u32 vcpu);
int hvkit_hc_inject_irq(u32 id, u32 pin, u32 level);
int hvkit_hc_inject_msi(u32 id, u64 address, u32 data);

#endif
