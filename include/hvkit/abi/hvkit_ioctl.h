/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * /dev/hvkit, the Service VM driver's interface (hvkit.ko) to the device model (hvkit-dm).
 * Root only. One open file manages at most one post-launched VM: HVKIT_VM_CREATE binds it, and
 * closing the file destroys that VM (so a device model that dies leaves nothing behind).
 * Every ioctl returns 0 or -1 with errno (EINVAL, EFAULT, ENOENT, EBUSY, EPERM, ENOMEM, ...);
 * the hypervisor's HVKIT_E* codes are handed on as the errno of the same value.
 *
 * The VM's RAM (HVKIT_VM_CREATE's mem_size at guest-physical 0) is mapped into the device model
 * with mmap(fd, offset 0, length mem_size).
 */
#ifndef HVKIT_ABI_HVKIT_IOCTL_H
#define HVKIT_ABI_HVKIT_IOCTL_H

#include <linux/ioctl.h>
#include "hypercall.h"

#define HVKIT_DEVICE "/dev/hvkit"
#define HVKIT_IOCTL_MAGIC 'H'

/* The hypervisor's info (abi_version, the Service VM's id, free pages). */
#define HVKIT_HV_INFO _IOR(HVKIT_IOCTL_MAGIC, 0x00, struct hvkit_hv_info)

struct hvkit_create {
	char name[HVKIT_VM_NAME_MAX]; /* a post-launched VM of the scenario */
	uint32_t vcpus;
	uint32_t id;                  /* out */
	uint64_t mem_size;            /* RAM at guest-physical 0, 4 KiB multiple */
};
/* Create the VM, give it its RAM and register its ioreq slots; it does not run yet. */
#define HVKIT_VM_CREATE _IOWR(HVKIT_IOCTL_MAGIC, 0x10, struct hvkit_create)
#define HVKIT_VM_START _IO(HVKIT_IOCTL_MAGIC, 0x11)
#define HVKIT_VM_PAUSE _IO(HVKIT_IOCTL_MAGIC, 0x12)
#define HVKIT_VM_RESET _IO(HVKIT_IOCTL_MAGIC, 0x13)
#define HVKIT_VM_DESTROY _IO(HVKIT_IOCTL_MAGIC, 0x14)
/* The BSP's start state (struct hvkit_vcpu_state; its id is filled in by the driver). */
#define HVKIT_VCPU_SET_STATE _IOW(HVKIT_IOCTL_MAGIC, 0x15, struct hvkit_vcpu_state)
/* The VM's state (struct hvkit_vm_status; its id is filled in by the driver). */
#define HVKIT_VM_STATUS _IOR(HVKIT_IOCTL_MAGIC, 0x16, struct hvkit_vm_status)

/*
 * Wait (interruptibly) until one of the VM's vCPUs has a PENDING request, mark it PROCESSING and
 * copy it out. Returns with errno EINTR on a signal, and with ESRCH once the VM has stopped (its
 * state then tells why).
 */
#define HVKIT_IOREQ_WAIT _IOR(HVKIT_IOCTL_MAGIC, 0x20, struct hvkit_ioreq)
/* Complete the PROCESSING request of vCPU req.vcpu with req.value (for a read). (Not named
 * HVKIT_IOREQ_COMPLETE: that is the slot state of hypercall.h, which this header includes.) */
#define HVKIT_IOREQ_DONE _IOW(HVKIT_IOCTL_MAGIC, 0x21, struct hvkit_ioreq)

struct hvkit_irq {
	uint32_t pin;    /* vIOAPIC pin */
	uint32_t level;  /* HVKIT_IRQ_LOW, _HIGH or _PULSE */
};
#define HVKIT_INJECT_IRQ _IOW(HVKIT_IOCTL_MAGIC, 0x22, struct hvkit_irq)

struct hvkit_msi {
	uint64_t address;
	uint32_t data;
	uint32_t reserved;
};
#define HVKIT_INJECT_MSI _IOW(HVKIT_IOCTL_MAGIC, 0x23, struct hvkit_msi)

#endif
