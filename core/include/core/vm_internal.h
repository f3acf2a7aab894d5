/* SPDX-License-Identifier: BSD-3-Clause */
/* Pieces of core/vm/ that only core/vm/ uses. */
#ifndef HVKIT_CORE_VM_INTERNAL_H
#define HVKIT_CORE_VM_INTERNAL_H

#include <core/vm.h>
#include <guest_loader/guest_entry.h>

void msr_bitmap_build(void *bitmap);
/* IA32_TSC and IA32_TSC_ADJUST as exit_msr.c's emulated MSRs (true: done, the value in *val for a read; false:
 * #GP): moved through the VMCS TSC offset (vm/exit_msr_tsc.c), or the host's, fixed (vm/exit_msr_tsc_host.c). */
bool msr_tsc_emulate(struct vcpu *v, bool write, uint64_t *val);
bool msr_tsc_adjust_emulate(struct vcpu *v, bool write, uint64_t *val);
/* The image's loaders (core/vm/kernel_loaders_*.c, one linked per image; core/mode.h's mode_kernel_types
 * names the types it takes): load cfg's kernel type as p describes. */
struct guest_load_params;
int vm_load_kernel_type(const struct vm_config *cfg, const struct guest_load_params *p, struct guest_entry *entry);
/* A vCPU's own x87/SSE/AVX state and XCR0 (core/vm/fpu_switch.c, or fpu_single.c where a CPU runs one vCPU
 * for good): set up in reset state, loaded on its CPU before it runs there after another vCPU did, dropped on
 * its CPU when it leaves for good, its page (fpu_switch.c) given back by vm_teardown.c. */
int vcpu_fpu_init(struct vcpu *v);
void vcpu_fpu_load(struct vcpu *v);
void vcpu_fpu_drop(struct vcpu *v);
/* What share and hybrid modes add to every VM they build (core/share); NULL elsewhere. */
struct vacpi_config;
struct vdev_table;
struct vm_setup_hooks {
	void (*io_bitmap)(struct vm *vm);                       /* after the core's own bits */
	void (*acpi)(struct vm *vm, struct vacpi_config *acpi); /* before the tables are written */
	int (*vdevs)(struct vm *vm, struct vdev_table *t);      /* after the core's port devices */
};
extern const struct vm_setup_hooks *vm_setup_ext;
/* The VM's memory (core/vm/vm_memory.c). */
struct boot_info;
struct guest_mem;
struct guest_mem_range;
int vm_memory_setup(struct vm *vm, const struct boot_info *bi);
/* The Service VM's memory (vm/vm_memory_shared.c; vm/vm_memory_prelaunched.c refuses; the rest of
 * vm_memory_shared.c in core/vm_shared.h). */
int vm_memory_setup_shared(struct vm *vm, const struct boot_info *bi);
/* A boot module as the loader reads it (vm_load_kernel): where it lies inside the VM's own RAM (the Service
 * VM's identity-mapped RAM may cover where the boot loader put modules), a copy out of the way, so the loader
 * never reads what it has just written (vm/vm_memory_shared.c); a pre-launched VM's RAM never holds a boot
 * module (vm_memory.c refuses such a host-base), so vm/vm_memory_prelaunched.c reads it in place. */
struct boot_module;
struct module_view {
	const void *data;
	size_t size;
	void *bounce;
	size_t bounce_pages;
};
int vm_module_view(struct vm *vm, const struct boot_module *m, struct module_view *v);
void vm_module_view_done(struct module_view *v);
void vm_guest_mem(struct vm *vm, struct guest_mem *mem, struct guest_mem_range *ranges, unsigned int max);
int vm_guest_write(void *ctx, uint64_t gpa, const void *src, size_t len);
int guest_entry_to_vmx(const struct guest_entry *e, struct vmx_guest_state *gs, struct vmx_guest_regs *regs);
int vm_vdevs_setup(struct vm *vm);
/* The VM's ACPI PM timer (lib/vdev/include/vdev/pm_timer.h) sits at this port, declared in its FADT;
 * vm_pm_timer_port gives 0 when the scenario passes the port through instead. */
#define VM_PM_TIMER_PORT 0x608u
uint16_t vm_pm_timer_port(const struct vm *vm);
/* Does the VM have the virtual CMOS RTC at ports 0x70-0x71 (not when the scenario passes them through)? */
bool vm_has_rtc(const struct vm *vm);
/* Claim ports 0x70-0x71 for the VM's RTC (vm_rtc.c, or vm_rtc_host.c in the small images). */
int vm_rtc_add(struct vm *vm, struct vdev_table *t);
/* The host's TSC, as lib/vdev's clock callbacks ask for it. */
uint64_t vm_host_tsc(void *ctx);
/* Port I/O to the VM's virtual devices: true when one handled it. With unclaimed_too, an unclaimed port
 * reads all ones and ignores writes (logged) and counts as handled. */
bool vm_vdev_io(struct vm *vm, uint16_t port, unsigned int size, bool write, uint32_t *val, bool unclaimed_too);
/* An EPT violation at gpa: emulated when a virtual device claims gpa (vm/mmio.c), returning what an exit
 * handler returns; MMIO_UNCLAIMED when none does (always, with vm/mmio_none.c). */
#define MMIO_UNCLAIMED (-1)
int vcpu_mmio_exit(struct vcpu *v, uint64_t gpa);
/* INS/OUTS at an emulated port (exit_io_string.c); returns what an exit handler returns. */
struct vmx_io_access;
int vcpu_emulate_string_io(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io);
/* Build the VM's ACPI tables in its memory; returns the RSDP's guest-physical address or 0. */
uint64_t vm_acpi_build(struct vm *vm);
void vcpu_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* Once, on the host's XSAVE layout: hide XSAVEC from guests where the CPU's own is not trusted
 * (exit_cpuid_xsavec.c probes it; exit_cpuid_xsavec_none.c, in partition and lapic_pt, always hides it). */
struct xsave_layout;
void xsavec_check(struct xsave_layout *x, uint32_t max_leaf);
/* CR0 and CR4 as the guest of the current VMCS sees them (SDM Vol. 3C 25.3): the read shadow's
 * bit where the host owns it (guest/host mask set), the real register's bit elsewhere. */
uint64_t vcpu_guest_cr0(void);
uint64_t vcpu_guest_cr4(void);
/* Put a vCPU on its physical CPU's scheduler (blocked), and make it runnable. */
int vcpu_sched_attach(struct vcpu *v);
void vcpu_wake(struct vcpu *v);

/*
 * The run loop's stages for the exit-breakdown benchmark (core/vm/exit_breakdown.c). Stamps, in loop
 * order: EB_T_EXIT (the exit is back and read), then one after each stage up to EB_T_ENTER (just
 * before VM entry); stage s runs from stamp s to stamp s + 1.
 */
enum { EB_T_EXIT = 0, EB_T_HANDLED, EB_T_CHECKED, EB_T_APIC, EB_T_INJECTED, EB_T_ENTER, EB_STAMPS };
enum { EB_HANDLER = 0, EB_LOOP, EB_APIC_SYNC, EB_INJECT, EB_TIMERS, EB_GUEST, EB_EXIT_INFO, EB_STAGES };
struct exit_breakdown {
	uint64_t stamp[EB_STAMPS];
	bool counting;               /* this round trip began with a CPUID exit */
	uint64_t sum[EB_STAGES], n[EB_STAGES];
};
extern bool exit_breakdown_on;
/* "debug=invariants" on the hypervisor's command line: shortcuts on the exit path that rely on an
 * invariant (state kept while nothing changed) check it on every use and log an ERROR when it fails. */
extern bool vm_check_invariants;
static inline void exit_breakdown_stamp(struct exit_breakdown *b, unsigned int i)
{
	if (__builtin_expect(exit_breakdown_on, 0)) {
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		b->stamp[i] = ((uint64_t)hi << 32) | lo;
	}
}
/* Turns the breakdown on when the command line asks for it ("bench=exit-breakdown"). An image that does not
 * time the stages (core/vm/exit_breakdown_none.c) says so and leaves it off. */
void exit_breakdown_setup(const char *cmdline);
void exit_breakdown_exit(struct exit_breakdown *b, uint16_t reason);
void exit_breakdown_entry(struct exit_breakdown *b);
void exit_breakdown_report(const struct exit_breakdown *b);

#endif
