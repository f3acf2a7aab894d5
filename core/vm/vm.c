/* SPDX-License-Identifier: BSD-3-Clause */
/* Creating VMs from the scenario, translating their addresses, and stopping them. */
#include <boot/boot_info.h>
#include <core/boot.h>
#include <core/console.h>
#include <core/lapic.h>
#include <core/mm.h>
#include <core/percpu.h>
#include <core/vm_internal.h>
#include <core/vm_irqchip.h>
#include <core/x86.h>
#include <guest_loader/pvh.h>
#include <guest_loader/layout.h>
#include <vacpi/vacpi.h>
#include <hvkit/errno.h>
#include <vmx/vmx_bitmap.h>
#include <stdarg.h>
#include <string.h>

struct vm vms[VM_MAX];
#define VCPU_POOL_SIZE (2 * HV_MAX_CPUS)
static struct vcpu vcpu_pool[VCPU_POOL_SIZE];

/* A VM's exit counts by reason, e.g. "vm a: exits by reason: CPUID=1000 I/O instruction=80" (in partition and
 * lapic_pt by number, SDM Vol. 3D appendix C: "10=1000 30=80"), continued on more
 * lines ("exits by reason, continued:") when they do not fit in one log line. */
void vm_log_exit_counters(const struct vm *vm)
{
	char line[200];
	int n = hv_snprintf(line, sizeof(line), "vm %s: exits by reason:", vm->name);
	for (unsigned int r = 0; r < VMX_EXIT_REASON_COUNT; r++) {
		uint64_t count = 0;
		for (unsigned int i = 0; i < vm->vcpu_count; i++)
			count += vm->vcpus[i]->exits_by_reason[r];
		if (count == 0)
			continue;
		char item[64];
		const char *name = vmx_exit_reason_name(r); /* NULL in partition and lapic_pt: the number */
		int len = name ? hv_snprintf(item, sizeof(item), " %s=%lu", name, count)
			       : hv_snprintf(item, sizeof(item), " %u=%lu", r, count);
		if (n + len >= (int)sizeof(line)) {
			hv_info("%s", line);
			n = hv_snprintf(line, sizeof(line), "vm %s: exits by reason, continued:", vm->name);
		}
		n += hv_snprintf(line + n, sizeof(line) - (size_t)n, "%s", item);
	}
	hv_info("%s", line);
}

void vm_stop(struct vm *vm, uint32_t status, const char *fmt, ...)
{
	char why[sizeof(vm->stop_reason)];
	va_list ap;
	va_start(ap, fmt);
	hv_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	plat_lock(&vm->lock);
	if (vm->state != VM_RUNNING) {
		plat_unlock(&vm->lock);
		return;
	}
	memcpy(vm->stop_reason, why, sizeof(why));
	vm->exit_status = status;
	vm->stop_tsc = rdtsc();
	vm->state = VM_STOPPING;
	plat_unlock(&vm->lock);
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		vm->vcpus[i]->state = VCPU_STOPPED;
	if (status == VM_STATUS_FAULT)
		hv_error("vm %s: stopping: %s", vm->name, why);
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		vcpu_kick(vm->vcpus[i]);
	/* The boot CPU waits for every VM to stop: tell it. */
	if (this_cpu()->index != 0)
		vcpu_apic_force_exit(0);
}

static void vm_report_stopped(struct vm *vm, bool all_left)
{
	uint64_t exits = 0;
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		exits += vm->vcpus[i]->exits;
	bool fault = vm->exit_status == VM_STATUS_FAULT;
	plat_log(fault ? PLAT_LOG_ERROR : PLAT_LOG_INFO, "vm %s: stopped: %s (%lu VM exits)%s", vm->name, vm->stop_reason,
		 exits, fault ? "; the other VMs run on" : "");
	vm_log_exit_counters(vm);
	__atomic_store_n(&vm->state, VM_STOPPED, __ATOMIC_RELEASE);
	if (vm->on_stopped)
		vm->on_stopped(vm, all_left);
	if (this_cpu()->index != 0)
		vcpu_apic_force_exit(0);
}

void vm_vcpu_left(struct vcpu *v)
{
	v->left = true;
	hv_info("vm %s: vcpu %u has left cpu %u", v->vm->name, v->index, v->pcpu);
	if (__atomic_add_fetch(&v->vm->vcpus_left, 1, __ATOMIC_ACQ_REL) == v->vm->vcpu_count)
		vm_report_stopped(v->vm, true);
}

/* A VM past its stop grace period: name the vCPUs that have not left their CPU, then report it stopped. */
static void vm_stop_overdue(struct vm *vm)
{
	for (unsigned int k = 0; k < vm->vcpu_count; k++)
		if (!vm->vcpus[k]->left)
			hv_error("vm %s: vcpu %u has not left cpu %u %u ms after the stop", vm->name, k,
				 vm->vcpus[k]->pcpu, VM_STOP_GRACE_MS);
	vm_report_stopped(vm, false);
}

/* Has vm stopped for good? A stopping VM counts as stopped once its vCPUs left or its grace period ran out. */
static bool vm_is_stopped(struct vm *vm, uint64_t grace)
{
	enum vm_state st = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);
	if (st == VM_RUNNING)
		return false;
	if (st != VM_STOPPING)
		return true;
	if (rdtsc() - vm->stop_tsc < grace) {
		/* Look again then, should nothing else wake us (unless a guest owns this LAPIC). */
		if (!this_cpu()->kick_with_nmi)
			lapic_timer_arm_tsc(vm->stop_tsc + grace);
		return false;
	}
	vm_stop_overdue(vm);
	return true;
}

/* Called by the boot CPU only (pcpu_run_until(vm_all_stopped)). */
bool vm_all_stopped(void)
{
	bool all = true;
	uint64_t grace = plat_tsc_hz() / 1000 * VM_STOP_GRACE_MS;
	for (unsigned int i = 0; i < VM_MAX; i++)
		all &= vm_is_stopped(&vms[i], grace);
	return all;
}

void vm_guest_log(struct vm *vm, enum plat_log_level level, const char *fmt, ...)
{
	uint32_t held = 0;
	if (!ratelimit_allow(&vm->log_limit, &held))
		return;
	char line[200];
	va_list ap;
	va_start(ap, fmt);
	hv_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (held)
		plat_log(level, "vm %s: %s (%u lines of this VM held back before this one)", vm->name, line, held);
	else
		plat_log(level, "vm %s: %s", vm->name, line);
}

static int vm_bitmaps_setup(struct vm *vm)
{
	vm->msr_bitmap = plat_page_alloc(1);
	vm->io_bitmap_a = plat_page_alloc(1);
	vm->io_bitmap_b = plat_page_alloc(1);
	if (!vm->msr_bitmap || !vm->io_bitmap_a || !vm->io_bitmap_b)
		return -HV_ENOMEM;
	msr_bitmap_build(vm->msr_bitmap);
	vm_apic_msr_bitmap(vm, vm->msr_bitmap);
	memset(vm->io_bitmap_a, 0xff, PAGE_SIZE);
	memset(vm->io_bitmap_b, 0xff, PAGE_SIZE);
	if (vm_setup_ext && vm_setup_ext->io_bitmap)
		vm_setup_ext->io_bitmap(vm);
	/* Ports the scenario gives the VM go straight to the hardware (SDM Vol. 3C 24.6.4). */
	for (uint32_t i = 0; i < vm->cfg->pio_count; i++)
		vmx_io_bitmap_set(vm->io_bitmap_a, vm->io_bitmap_b, vm->cfg->pio[i].base, vm->cfg->pio[i].count, false);
	return 0;
}

/*
 * ACPI tables for the VM (lib/vacpi): RSDP in the BIOS area, XSDT, MADT with its vCPUs and the
 * interrupt controllers the image emulates (core/include/core/vm_irqchip.h), a hardware-reduced FADT,
 * a DSDT with the vUART and the RTC. Kernels find their CPUs, interrupt controllers, serial port and clock there.
 */
uint64_t vm_acpi_build(struct vm *vm)
{
	struct vacpi_config acpi;
	vacpi_config_init(&acpi, vm->vcpu_count);
	uint16_t pm_port = vm_pm_timer_port(vm);
	acpi.pm_timer = (struct vacpi_pm_timer){ .present = pm_port != 0, .port = pm_port };
	if (vm_setup_ext && vm_setup_ext->acpi)
		vm_setup_ext->acpi(vm, &acpi);
	if (vm->cfg->has_vuart && vm->cfg->vuart_irq <= 15)
		acpi.serial = (struct vacpi_serial){ .present = true, .port = vm->cfg->vuart_port };
	acpi.rtc = vm_has_rtc(vm);
	vm_irqchip_acpi(vm, &acpi);
	struct guest_mem_range ranges[VM_MAX_REGIONS];
	struct guest_mem mem;
	vm_guest_mem(vm, &mem, ranges, VM_MAX_REGIONS);
	uint64_t rsdp = 0;
	if (vacpi_build(&acpi, &mem, &rsdp) != 0) {
		hv_warn("vm %s: no ACPI tables (its RAM does not cover 0xE0000-0xFFFFF)", vm->name);
		return 0;
	}
	return rsdp;
}

/* The scenario's kernel module and, if it names one, its ramdisk module. */
static int find_modules(const struct vm *vm, const struct boot_info *bi, const struct boot_module **k,
			const struct boot_module **rd)
{
	const struct vm_config *cfg = vm->cfg;
	*k = boot_find_module(bi, cfg->kernel);
	*rd = cfg->has_ramdisk ? boot_find_module(bi, cfg->ramdisk) : NULL;
	if (*k == NULL || (cfg->has_ramdisk && *rd == NULL)) {
		hv_error("vm %s: boot module \"%s\" is missing", vm->name, *k == NULL ? cfg->kernel : cfg->ramdisk);
		return -HV_ENOENT;
	}
	return 0;
}

/* PVH hands the RSDP over in start_info (rsdp_paddr), so the tables come first; pvh_load leaves their area alone. */
static bool acpi_before_load(const struct vm_config *cfg)
{
	return cfg->kernel_type == SCENARIO_KERNEL_PVH;
}

/* Load the kernel and ramdisk (already mapped) into the VM's memory; *rsdp when the tables came first. */
static int load_views(struct vm *vm, const struct guest_mem *mem, const struct module_view *kv,
		      const struct module_view *rv, bool has_rd, struct guest_entry *entry, uint64_t *rsdp)
{
	const struct vm_config *cfg = vm->cfg;
	struct guest_load_params p = {
		.mem = mem,
		.kernel = { kv->data, kv->size },
		.ramdisk = { rv->data, rv->size },
		.cmdline = cfg->bootargs,
		.ramdisk_name = has_rd ? cfg->ramdisk : NULL,
	};
	/* What vm_acpi_build writes after the load is reserved before the kernel is checked. */
	const struct reserved_range acpi = { "ACPI tables", VACPI_AREA_GPA, VACPI_AREA_SIZE };
	if (guest_mem_contains(mem, VACPI_AREA_GPA, VACPI_AREA_SIZE)) {
		p.reserved = &acpi;
		p.reserved_count = 1;
	}
	if (acpi_before_load(cfg))
		p.rsdp_gpa = vm_acpi_build(vm);
	*rsdp = p.rsdp_gpa;
	return vm_load_kernel_type(cfg, &p, entry);
}

/* The ACPI tables (unless they came first); Linux boot protocol 2.14+: boot_params.acpi_rsdp_addr at 0x070
 * (older kernels scan the BIOS area). */
static void hand_over_rsdp(struct vm *vm, uint64_t early_rsdp)
{
	const struct vm_config *cfg = vm->cfg;
	uint64_t rsdp = acpi_before_load(cfg) ? early_rsdp : vm_acpi_build(vm);
	if (rsdp && cfg->kernel_type == SCENARIO_KERNEL_BZIMAGE)
		vm_guest_write(vm, GUEST_BOOTINFO_GPA + 0x70, &rsdp, sizeof(rsdp));
}

int vm_load_kernel(struct vm *vm, const struct boot_info *bi)
{
	const struct boot_module *k, *rd;
	int rc = find_modules(vm, bi, &k, &rd);
	if (rc)
		return rc;
	struct guest_mem_range ranges[VM_MAX_REGIONS];
	struct guest_mem mem;
	vm_guest_mem(vm, &mem, ranges, VM_MAX_REGIONS);
	struct module_view kv, rv = { 0 };
	if (vm_module_view(vm, k, &kv) != 0 || (rd && vm_module_view(vm, rd, &rv) != 0))
		return -HV_ENOMEM;
	struct guest_entry entry;
	uint64_t early_rsdp;
	rc = load_views(vm, &mem, &kv, &rv, rd != NULL, &entry, &early_rsdp);
	vm_module_view_done(&kv);
	vm_module_view_done(&rv);
	if (rc) {
		hv_error("vm %s: loading \"%s\" failed (error %d)", vm->name, vm->cfg->kernel, rc);
		return rc;
	}
	hand_over_rsdp(vm, early_rsdp);
	return guest_entry_to_vmx(&entry, &vm->vcpus[0]->entry_gs, &vm->vcpus[0]->entry_regs);
}

const struct vm_setup_hooks *vm_setup_ext;

static struct vcpu *vcpu_alloc(void)
{
	for (unsigned int i = 0; i < VCPU_POOL_SIZE; i++)
		if (vcpu_pool[i].vm == NULL)
			return &vcpu_pool[i];
	return NULL;
}

/* vCPU i of vm from the pool: the boot vCPU runnable, the others waiting for a SIPI; its FPU state page. */
static int vcpu_create(struct vm *vm, unsigned int i)
{
	struct vcpu *v = vcpu_alloc();
	if (v == NULL) {
		hv_error("vm %s: more vCPUs than hvkit has room for (%u in all)", vm->name, VCPU_POOL_SIZE);
		vm->vcpu_count = i;
		return -HV_ENOMEM;
	}
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->index = i;
	v->pcpu = vm->cfg->cpus[i];
	v->state = i == 0 ? VCPU_RUNNABLE : VCPU_WAIT_FOR_SIPI;
	vm->vcpus[i] = v;
	if (vcpu_fpu_init(v) != 0) {
		hv_error("vm %s: no page for vCPU %u's FPU state", vm->name, i);
		vm->vcpu_count = i + 1;
		return -HV_ENOMEM;
	}
	return 0;
}

static int vcpus_attach(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->vcpu_count; i++) {
		int rc = vcpu_sched_attach(vm->vcpus[i]);
		if (rc) {
			hv_error("vm %s: CPU %u is not online or has no room for another vCPU", vm->name,
				 vm->vcpus[i]->pcpu);
			return rc;
		}
	}
	return 0;
}

int vm_build(struct vm *vm, const struct boot_info *bi, const struct vm_config *cfg, unsigned int id)
{
	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->cfg = cfg;
	memcpy(vm->name, cfg->name, sizeof(vm->name));
	vm->vcpu_count = cfg->cpu_count;
	ratelimit_init(&vm->log_limit, 10, 1000);
	for (unsigned int i = 0; i < cfg->cpu_count; i++) {
		int rc = vcpu_create(vm, i);
		if (rc)
			return rc;
	}
	int rc = vm_memory_setup(vm, bi);
	rc = rc ? rc : vm_bitmaps_setup(vm);
	rc = rc ? rc : vm_apic_setup(vm);
	rc = rc ? rc : vm_vdevs_setup(vm);
	return rc ? rc : vcpus_attach(vm);
}

void vm_start(struct vm *vm)
{
	vm->vcpus[0]->entry_pending = true;
	if (vm->cfg->watchdog_ms) {
		vm->watchdog_ticks = plat_tsc_hz() / 1000 * vm->cfg->watchdog_ms;
		vm->watchdog_deadline = rdtsc() + vm->watchdog_ticks;
	}
	vm->state = VM_RUNNING;
	vcpu_wake(vm->vcpus[0]);
}

static struct vm *vm_create(const struct boot_info *bi, const struct vm_config *cfg, unsigned int id)
{
	struct vm *vm = &vms[id];
	int rc = vm_build(vm, bi, cfg, id);
	rc = rc ? rc : vm_load_kernel(vm, bi);
	if (rc) {
		hv_error("vm %s: not started", vm->name);
		return NULL;
	}
	vm_start(vm);
	hv_info("vm %s: started: %u vCPU(s), RAM %lu MiB at host 0x%lx%s, kernel \"%s\"", vm->name, vm->vcpu_count,
		vm_ram_size(vm) >> 20, vm->regions[0].hpa,
		vm->regions[0].kind == VM_REGION_IDENTITY ? " (identity-mapped)" : "", cfg->kernel);
	return vm;
}

unsigned int vm_create_all(const struct boot_info *bi, const struct scenario *sc, enum scenario_load_order order)
{
	unsigned int n = 0;
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		if (sc->vms[i].load_order != order)
			continue;
		if (vm_create(bi, &sc->vms[i], i))
			n++;
	}
	return n;
}
