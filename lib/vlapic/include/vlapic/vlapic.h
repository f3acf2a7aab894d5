/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vlapic: a virtual local APIC (xAPIC and x2APIC) as a pure library.
 *
 * The register state is one 4 KiB page in the architectural xAPIC layout, so the
 * page can also serve as the VMCS virtual-APIC page (SDM Vol. 3C 29.1). The library
 * never touches hardware or the VMCS: everything outside goes through the ops
 * table the core supplies.
 *
 * Concurrency: vlapic_accept_intr() and vlapic_vm_deliver() may run on any CPU (they
 * only set IRR/TMR/PIR bits atomically and call kick/pi_notify). Every other
 * function on a vlapic must run on the CPU that runs its vCPU, or with that vCPU
 * stopped.
 *
 * Return values: 0 or a negative HV_E* code. Guest register accesses return
 * VLAPIC_GP when the guest's instruction must raise #GP(0) and change nothing.
 */
#ifndef VLAPIC_VLAPIC_H
#define VLAPIC_VLAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hvkit/errno.h>
#include <vlapic/vlapic_regs.h>

/* The guest access must fault with #GP(0). */
#define VLAPIC_GP (-HV_EPERM)

#define VLAPIC_VM_MAX_VCPUS 64u

struct vlapic;

/* What the core implements. Every member must be non-NULL. */
struct vlapic_ops {
	/* An interrupt became pending for vcpu (running, runnable or halted). */
	void (*kick)(void *vcpu);
	/* Arm the host timer for vl at host TSC deadline; replaces any earlier one.
	 * When it passes, the core calls vlapic_timer_expired(vl). */
	void (*timer_arm)(struct vlapic *vl, uint64_t deadline_tsc);
	void (*timer_cancel)(struct vlapic *vl);
	/* EOI of a level-triggered vector: forward to the virtual IOAPIC. */
	void (*eoi_level)(struct vlapic *vl, uint8_t vector);
	/* INIT and start-up IPIs (the core resets/starts the vCPU, and calls
	 * vlapic_init_reset() for INIT). */
	void (*init)(void *vcpu);
	void (*sipi)(void *vcpu, uint8_t vector);
	void (*inject_nmi)(void *vcpu);
	/* An interrupt from src (NULL: from a device) matched no vCPU of the VM. */
	void (*unroutable)(void *vm_ctx, struct vlapic *src, uint32_t dest, uint32_t icr_low);
	/* Posted interrupts: ask the core to send physical IPI nv to the CPU with APIC
	 * ID ndst (SDM Vol. 3C 29.6). */
	void (*pi_notify)(void *vcpu, uint8_t nv, uint32_t ndst);
};

/* Per-VM configuration shared by its vlapics. */
struct vlapic_vm_config {
	const struct vlapic_ops *ops; /* the core's callbacks, for every vlapic of the VM */
	void *ctx;                 /* the core's VM; passed to ops->unroutable */
	unsigned int maxphyaddr;   /* guest MAXPHYADDR: IA32_APIC_BASE reserved bits (36..52) */
	uint32_t tsc_per_bus_tick; /* APIC timer input clock = TSC / this (1..65536) */
	uint64_t tsc_offset;       /* guest TSC = host TSC + tsc_offset (mod 2^64), each vCPU's at start */
	uint64_t min_period_tsc;   /* a periodic timer's shortest period in TSC ticks (0: none) */
	bool no_x2apic;            /* an xAPIC-only CPU: IA32_APIC_BASE.EXTD is reserved (#GP) */
};

/* A VM's vlapics, for destination resolution: IPIs reach only these. */
struct vlapic_vm {
	struct vlapic_vm_config cfg;
	struct vlapic *vcpu[VLAPIC_VM_MAX_VCPUS];
	unsigned int nr;
	unsigned int lowest_rr; /* round-robin cursor for lowest-priority ties */
	uint8_t dm_logged;      /* delivery modes already reported as not emulated (bit per mode) */
};

/* Timer state (private to the library). */
struct vlapic_timer {
	uint32_t lvt;        /* last accepted LVT timer value */
	uint64_t start;      /* host TSC at the start of the current count/period */
	uint64_t deadline;   /* host TSC of the next expiry when armed */
	uint64_t period;     /* TSC ticks of one full count */
	uint32_t divide;     /* 1..128 */
	uint64_t tsc_deadline; /* IA32_TSC_DEADLINE as the guest wrote it */
	bool armed;
};

/* One virtual local APIC. Embed it in the vCPU; fields are private. */
/* Posted interrupts: <vlapic/vlapic_pi.h> (vlapic_pi.c, which images that never attach a descriptor leave out). */
struct vlapic_pi_desc;

struct vlapic {
	uint8_t *page;          /* 4 KiB register page (plat_page_alloc) */
	struct vlapic_vm *vm;
	void *vcpu;
	const struct vlapic_ops *ops;
	uint32_t apic_id;       /* initial (x2)APIC ID */
	uint64_t apic_base;     /* IA32_APIC_BASE */
	uint32_t esr_pending;   /* errors since the last ESR write (SDM 11.5.3) */
	uint32_t svr;           /* last accepted SVR */
	struct vlapic_timer timer;
	uint32_t eoi_exit_extra[8]; /* vectors the core declared level-triggered */
	uint64_t tsc_offset;    /* this vCPU's guest TSC = host TSC + tsc_offset (from the VM's config) */
	struct vlapic_pi_desc *pi;  /* posted-interrupt descriptor, or NULL */
	uint32_t gen;           /* bumped by every software change (vlapic_generation) */
};

/* A message for vlapic_vm_deliver (ICR fields, or an MSI/IOAPIC decoded by the core). */
struct vlapic_irq {
	uint32_t dest;          /* 8-bit (xAPIC) or 32-bit (x2APIC) destination */
	uint8_t vector;
	uint8_t delivery_mode;  /* enum apic_delivery_mode */
	uint8_t shorthand;      /* enum apic_shorthand; NONE for device interrupts */
	bool dest_logical;
	bool level;             /* trigger mode: level */
	bool assert;            /* ICR level bit (INIT de-assert when false) */
	bool x2apic_dest;       /* dest is 32-bit (x2APIC format) */
};

/* ---- VM ---- */
/* Set up vm. -HV_EINVAL: a NULL op, maxphyaddr outside 36..52 or tsc_per_bus_tick
 * outside 1..65536. */
int vlapic_vm_init(struct vlapic_vm *vm, const struct vlapic_vm_config *cfg);
/* Resolve and deliver irq from src (NULL for a device). Returns the number of
 * vCPUs reached, or -HV_ENOENT when none matched (ops->unroutable was called). */
int vlapic_vm_deliver(struct vlapic_vm *vm, struct vlapic *src, const struct vlapic_irq *irq);

/* ---- life cycle (vlapic_core.c) ---- */
/* Allocate the register page, reset to the power-up state in xAPIC mode and add vl
 * to vm; vl uses vm's ops. bsp sets IA32_APIC_BASE.BSP. -HV_EINVAL (NULL argument,
 * or apic_id 0xFFFFFFFF, the x2APIC broadcast), -HV_EEXIST (apic_id already in vm),
 * -HV_ENOMEM (vm full or no page). */
int vlapic_create(struct vlapic *vl, struct vlapic_vm *vm, uint32_t apic_id, bool bsp, void *vcpu);
/* Remove from the VM, cancel the timer, free the page. */
void vlapic_destroy(struct vlapic *vl);
/* INIT (SDM 11.4.7.3): every register to its reset value except ID and IA32_APIC_BASE. */
void vlapic_init_reset(struct vlapic *vl);
/* The register page (the virtual-APIC page for APICv) and its host physical address. */
void *vlapic_page(struct vlapic *vl);
uint64_t vlapic_page_pa(struct vlapic *vl);
bool vlapic_x2apic_mode(const struct vlapic *vl);
bool vlapic_enabled(const struct vlapic *vl);     /* IA32_APIC_BASE.EN */
bool vlapic_sw_enabled(const struct vlapic *vl);  /* and SVR.EN */
uint64_t vlapic_mmio_base(const struct vlapic *vl); /* guest-physical base of the xAPIC page */
/* Current APIC ID as software sees it (xAPIC: ID[31:24]; x2APIC: 32-bit). */
uint32_t vlapic_id(const struct vlapic *vl);

/* ---- guest register access (vlapic_regs.c, vlapic_msr.c) ---- */
/* xAPIC MMIO at guest-physical gpa. -HV_ENOENT: not in the APIC page or the APIC is
 * not in xAPIC mode (the core treats it as ordinary memory); -HV_EINVAL: not an
 * aligned 4-byte access at a 16-byte register boundary (SDM 11.4.1). */
int vlapic_mmio_read(struct vlapic *vl, uint64_t gpa, unsigned int size, uint32_t *val);
int vlapic_mmio_write(struct vlapic *vl, uint64_t gpa, unsigned int size, uint32_t val);
/* RDMSR/WRMSR of IA32_APIC_BASE, IA32_TSC_DEADLINE and 0x800-0x8FF. -HV_ENOENT: not an
 * MSR of the vlapic; VLAPIC_GP: the guest gets #GP(0). */
int vlapic_rdmsr(struct vlapic *vl, uint32_t msr, uint64_t *val);
int vlapic_wrmsr(struct vlapic *vl, uint32_t msr, uint64_t val);

/* ---- interrupts (vlapic_irq.c) ---- */
/* Accept a fixed interrupt into IRR (TMR set when level). Vectors 0-15 set ESR
 * "received illegal vector" instead. Returns 0, -HV_EINVAL (illegal vector) or
 * -HV_EPERM (APIC disabled: dropped). May run on any CPU. */
int vlapic_accept_intr(struct vlapic *vl, uint8_t vector, bool level);
/* Highest IRR vector whose priority class beats PPR (SDM 11.8.3.1), or -HV_ENOENT. */
int vlapic_pending_vector(struct vlapic *vl);
/* Interrupt acknowledge for vector (from vlapic_pending_vector): IRR -> ISR, PPR
 * updated. If vector is no longer deliverable returns the SVR spurious vector and
 * changes nothing (SDM 11.9). */
uint8_t vlapic_ack(struct vlapic *vl, uint8_t vector);
/* EOI: clear the highest ISR bit; level-triggered vectors go to ops->eoi_level unless
 * EOI-broadcast suppression is on (SDM 11.8.5). Returns the vector or -HV_ENOENT. */
int vlapic_eoi(struct vlapic *vl);
/* Processor priority (recomputed). */
uint32_t vlapic_ppr(struct vlapic *vl);
/* CR8, the task-priority register's upper nibble (SDM Vol. 3A 11.8.6.1), for a core that makes MOV
 * CR8 exit (no TPR shadow): read, and write (TPR[3:0] becomes 0). */
uint8_t vlapic_cr8(const struct vlapic *vl);
/*
 * A count that every change this library makes to the vLAPIC's state bumps (registers, IRR/ISR/TMR,
 * IA32_APIC_BASE, level-triggered vectors), after the change. A core that derives VMCS state from the
 * vLAPIC (APICv) may keep what it derived while the count, and what the CPU itself changes on the
 * register page (RVI/SVI, the virtual TPR), stay the same.
 */
uint32_t vlapic_generation(const struct vlapic *vl);
void vlapic_set_cr8(struct vlapic *vl, uint8_t cr8);
/* Raise a local interrupt source through its LVT entry (offset APIC_OFF_LVT_*):
 * masked -> 0 and nothing; fixed -> IRR; NMI -> ops->inject_nmi. ExtINT/SMI/INIT
 * -> -HV_ENOSYS (the core handles them). */
int vlapic_raise_lvt(struct vlapic *vl, uint32_t lvt_off);
/* Latch an error into the ESR and signal LVT error (SDM 11.5.3). */
void vlapic_set_error(struct vlapic *vl, uint32_t esr_bits);

/* ---- timer (vlapic_timer.c) ---- */
/* The armed host deadline passed: raise LVT timer, re-arm if periodic.
 * -HV_ENOENT if not armed; -HV_EBUSY (and re-armed) if called before the deadline. */
int vlapic_timer_expired(struct vlapic *vl);
/* Timer input clock in Hz (plat_tsc_hz() / tsc_per_bus_tick), for CPUID 0x15/0x16. */
uint64_t vlapic_timer_hz(const struct vlapic *vl);
/* The vCPU's TSC offset changed (the guest wrote IA32_TSC or IA32_TSC_ADJUST): an armed
 * TSC-deadline timer keeps its guest-TSC deadline and is re-armed at the new host TSC. */
void vlapic_set_tsc_offset(struct vlapic *vl, uint64_t tsc_offset);

/* ---- APICv assists (vlapic_apicv.c; what no image calls: <vlapic/vlapic_query.h>) ---- */
/* SDM 29.4.3.1: write of this offset is virtualized (arv: APIC-register virtualization,
 * vid: virtual-interrupt delivery). */
bool vlapic_apicv_write_virtualized(uint32_t offset, bool arv, bool vid);
/* SDM 29.5: RDMSR/WRMSR of this x2APIC MSR may run without a VM exit (clear in the MSR
 * bitmap) given these controls. */
bool vlapic_apicv_x2apic_read_passthrough(uint32_t msr, bool vid);
bool vlapic_apicv_x2apic_write_passthrough(uint32_t msr, bool vid);
/* What a core writes to the VMCS before a VM entry with virtual-interrupt delivery, from
 * one pass over IRR, ISR and TMR. */
struct vlapic_apicv_entry {
	uint64_t eoi_exit[4];   /* vlapic_apicv_eoi_exit_bitmap, plus every IRR and ISR vector while
				 * the two hold two or more together: an EOI that could make one of
				 * them deliverable then exits */
	uint16_t intr_status;   /* vlapic_apicv_guest_intr_status: SVI << 8 | RVI */
	bool deliverable;       /* RVI passes PPR (and the APIC is software-enabled): the CPU would
				 * deliver it as soon as RFLAGS.IF allows */
};
void vlapic_apicv_entry_state(const struct vlapic *vl, struct vlapic_apicv_entry *e);
/* APIC-write VM exit (SDM 29.4.3.3): the guest already wrote offset on the page; do
 * its side effects. For x2APIC the write was to MSR 0x800 + offset/16. -HV_EINVAL for
 * an offset that cannot cause an APIC-write exit. */
int vlapic_apicv_write_exit(struct vlapic *vl, uint32_t offset);
/* EOI-induced VM exit (SDM 29.1.3): hardware cleared ISR[vector] already. */
int vlapic_apicv_eoi_exit(struct vlapic *vl, uint8_t vector);

#endif
