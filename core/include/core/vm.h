/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMs and vCPUs: the one model every mode uses. A VM owns host RAM, an EPT, MSR and I/O
 * bitmaps, its virtual devices and its vCPUs; a vCPU is what a physical CPU's scheduler runs.
 */
#ifndef HVKIT_CORE_VM_H
#define HVKIT_CORE_VM_H

#include <ept/pt.h>
#include <hvkit/platform.h>
#include <ratelimit/ratelimit.h>
#include <scenario/scenario.h>
#include <stdbool.h>
#include <stdint.h>
#include <core/vcpu_apic.h>
#include <core/vmx_bringup.h>
#include <vmx/vmx.h>
#include <vmx/vmx_event.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_run.h>
#include <vmx/vmx_vmcs.h>

#define VM_MAX SCENARIO_MAX_VMS
#define VM_MAX_VCPUS 16

/* RUNNING -> STOPPING (vm_stop: the reason is recorded, every vCPU is told to leave) -> STOPPED (the
 * last vCPU has left guest mode; only then is the VM reported stopped). */
enum vm_state { VM_EMPTY = 0, VM_RUNNING, VM_STOPPING, VM_STOPPED, VM_CREATED /* built, not started yet */ };

enum vcpu_state {
	VCPU_WAIT_FOR_SIPI = 0, /* an AP after INIT: started by its VM's own INIT-SIPI-SIPI */
	VCPU_RUNNABLE,
	VCPU_HALTED,            /* HLT with nothing pending: woken by an interrupt for it */
	VCPU_STOPPED,
	VCPU_WAIT_IOREQ,        /* its I/O request is with the device model: woken by the completion */
};

struct vm;
struct sched_entity;

/* Where a VM's guest-physical range lives in host memory, and who gave it (core/vm/vm_memory.c). */
enum vm_region_kind {
	VM_REGION_FIXED = 0,    /* the scenario's host-base: reserved for good */
	VM_REGION_OWNED,        /* allocated for the VM, freed (zeroed) when it is destroyed */
	VM_REGION_OWNED_TAIL,   /* a later range of the same allocation (freed with the first) */
	VM_REGION_IDENTITY,     /* the Service VM's RAM, guest-physical = host-physical */
	VM_REGION_FOREIGN,      /* another VM's RAM mapped in for its device model (not this VM's RAM) */
};
struct vm_region {
	uint64_t gpa, hpa, size;
	enum vm_region_kind kind;
};
#define VM_MAX_REGIONS (SCENARIO_MAX_MEM_RANGES + 2 * SCENARIO_MAX_VMS)

struct vcpu {
	struct vm *vm;
	unsigned int index;        /* in its VM: vCPU i has APIC ID i */
	unsigned int pcpu;         /* physical CPU index it runs on */
	volatile enum vcpu_state state;
	volatile uint8_t sipi_vector;
	volatile bool sipi_pending;
	struct vmx_vcpu vmx;
	struct sched_entity *sched;    /* what its physical CPU's scheduler runs (share, hybrid: core/vm/run_pcpu.c) */
	bool vmcs_ready;
	/* An exception a handler wants delivered at the next VM entry. */
	bool pending_exception;
	struct vmx_event exception;
	/* The state to enter with, set by the loader on the boot CPU and written into the VMCS
	 * by the vCPU's own physical CPU (a VMCS is built on the CPU that runs it). */
	bool entry_pending;
	struct vmx_guest_state entry_gs;
	struct vmx_guest_regs entry_regs;
	uint64_t exits;
	uint64_t exits_by_reason[VMX_EXIT_REASON_COUNT];
	bool left;                     /* it has left its CPU for good (its VM is stopping) */
	volatile bool nmi_pending;     /* an NMI for the guest, injected when it does not block NMIs */
	bool preemption_timer_on;      /* the VMCS has "activate VMX-preemption timer" set */
	bool proc_ctls_known;          /* proc_ctls is the VMCS's primary processor-based controls */
	uint32_t proc_ctls;
	/* Architectural state hvkit emulates per vCPU (core/vm/exit_msr.c, exit_cr.c). */
	uint64_t cr4_reserved;     /* CR4 bits the guest may not set (lib/guest_rules) */
	uint64_t misc_enable;      /* IA32_MISC_ENABLE */
	uint64_t tsc_offset;       /* guest TSC = host TSC + tsc_offset (the VMCS TSC offset) */
	uint64_t tsc_adjust;       /* IA32_TSC_ADJUST (SDM 17.17.3) */
	void *fpu_area;            /* its x87/SSE/AVX state while another vCPU runs on its CPU (fpu_switch.c) */
	uint64_t xcr0;             /* its XCR0 (XSETBV) */
#define VCPU_SWITCHED_MSRS 6
	uint64_t switched_msr[VCPU_SWITCHED_MSRS]; /* STAR, LSTAR, CSTAR, SFMASK, KERNEL_GS_BASE, SPEC_CTRL */
	uint64_t dr[5];            /* DR0-DR3, DR6 */
};

struct vmx_io_access;
/* A post-launched VM's accesses that no virtual device of the hypervisor claims go to its device model
 * (core/share/ioreq.c); a VM without hooks reads all ones and drops writes. */
struct vm_ioreq_hooks {
	/* Port I/O: returns what an exit handler returns (EXIT_STOP_VCPU with the vCPU in WAIT_IOREQ). */
	int (*pio)(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io);
	/* MMIO at a guest-physical address that is neither RAM nor a device of the hypervisor's (NULL: the
	 * VM is stopped for it). */
	int (*mmio)(struct vcpu *v, const struct vmx_exit_info *exit);
	/* Any CPU: has the device model completed this vCPU's request? */
	bool (*completed)(const struct vcpu *v);
	/* The vCPU's CPU, its VMCS current: finish the completed instruction. */
	void (*finish)(struct vcpu *v);
};

struct vm {
	unsigned int id;
	char name[SCENARIO_NAME_MAX];
	const struct vm_config *cfg;
	volatile enum vm_state state;
	uint32_t exit_status;
	unsigned int region_count;
	struct vm_region regions[VM_MAX_REGIONS];
	struct pt_table ept;
	uint64_t eptp;
	plat_lock_t lock;
	void *msr_bitmap;
	void *io_bitmap_a, *io_bitmap_b;
	void *apic;                  /* the local APIC model's per-VM state (core/vcpu_apic.h) */
	unsigned int vcpu_count;
	struct vcpu *vcpus[VM_MAX_VCPUS];
	void *vdevs;                 /* the VM's virtual devices (lib/vdev) */
	uint64_t first_entry_tsc;
	struct ratelimit log_limit;  /* every log line the guest can trigger (vm_guest_log) */
	char stop_reason[192];       /* why vm_stop was called, reported once the last vCPU has left */
	uint64_t stop_tsc;           /* when vm_stop was called */
	uint32_t vcpus_left;         /* vCPUs that have left guest mode since the stop */
	volatile uint64_t watchdog_deadline; /* host TSC; 0: no watchdog (scenario "watchdog-ms") */
	uint64_t watchdog_ticks;     /* its period */
	const struct vm_ioreq_hooks *ioreq; /* NULL but for post-launched VMs */
	/* Called once the VM is reported stopped (core/share: the shared side reacts); all_left is false
	 * when a vCPU had still not left its CPU after the grace period. */
	void (*on_stopped)(struct vm *vm, bool all_left);
	void *mode_data;             /* the mode's own per-VM state (core/share) */
	/* An EOI of the VM's vIOAPIC pin (core/share: a forwarded device line); true: the line drops. Called
	 * with the VM's device lock held. */
	bool (*gsi_eoi)(struct vm *vm, unsigned int pin);
};

/* Hypercalls beyond the core's own (core/vm/exit_misc.c): share and hybrid modes set this to their
 * table's dispatcher (core/share); it returns false for a number it does not know. */
extern bool (*vm_hypercall_ext)(struct vcpu *v, uint64_t nr, uint64_t *ret);

struct boot_info;
/* Create and load every VM of the scenario whose load order is `order`; returns how many. */
unsigned int vm_create_all(const struct boot_info *bi, const struct scenario *sc, enum scenario_load_order order);
/* Start the scenario's pre-launched VMs, one vCPU per CPU, and run until all have stopped. */
void vm_run_partitioned(const struct boot_info *bi, const struct scenario *sc);
/* Run vCPUs on the calling physical CPU until done() says so. */
void pcpu_run_until(bool (*done)(void));
/* The loop an AP enters once it is online: run what the scheduler gives it. */
_Noreturn void pcpu_idle_loop(void);

/* The exit status of a VM stopped for misbehaving (not through its debug-exit port). */
#define VM_STATUS_FAULT 0xffffffffu
/* Stop a VM (and all its vCPUs, on every CPU): the VM is reported stopped, with this reason, once the
 * last of its vCPUs has left guest mode. Safe from any CPU; the first call's reason wins. */
void vm_stop(struct vm *vm, uint32_t status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A vCPU of a stopping VM has left its CPU for good: the last one reports the VM stopped. */
void vm_vcpu_left(struct vcpu *v);
/* Has every VM stopped? A VM whose vCPUs have not all left within VM_STOP_GRACE_MS of its stop is
 * reported stopped anyway, naming the vCPUs still in guest mode. */
#define VM_STOP_GRACE_MS 2000u
bool vm_all_stopped(void);
/* A log line the guest can trigger (a refused MSR, an odd port, an IPI nowhere): at most 10 a second
 * per VM; the next line allowed says how many were held back. */
void vm_guest_log(struct vm *vm, enum plat_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Log the VM's exit counters by reason (at stop, and for benchmarks). */
void vm_log_exit_counters(const struct vm *vm);
/* Guest-physical -> host-physical for the VM's RAM; 0 if [gpa, gpa + len) is not all in one region. */
uint64_t vm_gpa_to_hpa(const struct vm *vm, uint64_t gpa, uint64_t len);
/* The VM's RAM in bytes (every region but the foreign ones). */
uint64_t vm_ram_size(const struct vm *vm);

/* Something that ends a HLT: an interrupt the APIC model would deliver, or an NMI. */
static inline bool vcpu_wake_event(struct vcpu *v)
{
	return v->nmi_pending || vcpu_apic_pending(v) >= 0;
}

/* VMCS set-up of a vCPU on the CPU that will run it. */
int vcpu_vmcs_setup(struct vcpu *v);
/* Put the vCPU into the state a kernel expects (from the loader) or an AP's SIPI state. */
int vcpu_set_entry_state(struct vcpu *v, const struct vmx_guest_state *gs, const struct vmx_guest_regs *regs);
int vcpu_start_at_sipi(struct vcpu *v, uint8_t vector);
/* Queue a hardware exception (e.g. #GP(0)) for the next VM entry. */
void vcpu_inject_exception(struct vcpu *v, uint8_t vector, uint32_t error_code);
/* Wake a vCPU that may be halted or waiting on another CPU. */
void vcpu_kick(struct vcpu *v);
/* Advance the guest RIP past the exiting instruction. */
void vcpu_skip_instruction(const struct vmx_exit_info *exit);
void vcpu_dump(struct vcpu *v, const char *why);

/* The exit handlers (core/vm/exit_*.c), registered in core/vm/run.c. */
int exit_cpuid(const struct vmx_exit_info *exit, void *ctx);
int exit_rdmsr(const struct vmx_exit_info *exit, void *ctx);
int exit_wrmsr(const struct vmx_exit_info *exit, void *ctx);
int exit_io(const struct vmx_exit_info *exit, void *ctx);
int exit_cr_access(const struct vmx_exit_info *exit, void *ctx);
int exit_xsetbv(const struct vmx_exit_info *exit, void *ctx);
int exit_vmcall(const struct vmx_exit_info *exit, void *ctx);
int exit_ept_violation(const struct vmx_exit_info *exit, void *ctx);
int exit_ept_misconfig(const struct vmx_exit_info *exit, void *ctx);
int exit_triple_fault(const struct vmx_exit_info *exit, void *ctx);
int exit_vmx_instruction(const struct vmx_exit_info *exit, void *ctx);
int exit_exception_or_nmi(const struct vmx_exit_info *exit, void *ctx);
int exit_invd(const struct vmx_exit_info *exit, void *ctx);
/* Every exit the run loop's table does not name goes to the APIC model (core/vm/apic_*.c): the emulated one
 * takes HLT, external interrupts, the interrupt window vcpu_apic_inject asks for, APIC access, APIC write and
 * virtualized EOI; the pass-through model has none of its own (the guest halts and takes its interrupts
 * without exiting). Any other reason is exit_unhandled. */
int exit_apic_model(const struct vmx_exit_info *exit, void *ctx);
int exit_unhandled(const struct vmx_exit_info *exit, void *ctx);

/* What exit handlers return to the run loop. */
enum { EXIT_RESUME = 0, EXIT_STOP_VCPU = 1 };


#endif
