/* SPDX-License-Identifier: BSD-3-Clause */
/* hv_main: the one C entry every boot path reaches, and the order in which the core comes up. */
#include <boot/boot_info.h>
#include <core/acpi.h>
#include <core/boot.h>
#include <core/console.h>
#include <core/lapic.h>
#include <core/mm.h>
#include <core/mode.h>
#include <core/percpu.h>
#include <core/pic.h>
#include <core/scenario_boot.h>
#include <core/selftest.h>
#include <core/power.h>
#include <core/smp.h>
#include <core/trap.h>
#include <core/tsc.h>
#include <core/vmx_bringup.h>
#include <core/x86.h>
#include <iommu/iommu.h>
#include <string.h>

#define MIN_FREE_PAGES 1024 /* 4 MiB: page tables, VMCS and VMXON regions, vCPU state */

extern void switch_stack_call(uint64_t stack_top, void (*fn)(void *), void *arg);

static void timer_irq(struct trap_frame *frame)
{
	(void)frame;
	this_cpu()->timer_irqs++;
}

/* Prove the host timer works: one interrupt from the LAPIC timer, measured in TSC ticks. */
static void host_timer_check(void)
{
	irq_register(VECTOR_HOST_TIMER, timer_irq);
	lapic_timer_init(VECTOR_HOST_TIMER);
	uint64_t period = tsc_hz() / 1000; /* 1 ms */
	uint64_t t0 = rdtsc();
	lapic_timer_arm_tsc(t0 + period);
	irq_enable();
	while (this_cpu()->timer_irqs == 0 && rdtsc() - t0 < 100 * period)
		cpu_relax();
	irq_disable();
	uint64_t waited = rdtsc() - t0;
	if (this_cpu()->timer_irqs)
		hv_info("lapic timer: %s mode, input clock %lu kHz, 1 ms timer fired after %lu us", lapic_timer_mode(),
			lapic_timer_hz() / 1000, waited * 1000000u / tsc_hz());
	else
		hv_error("lapic timer: %s mode, no interrupt within 100 ms", lapic_timer_mode());
}

/* A kick only has to end a HLT; the woken CPU looks for work itself. */
static void kick_irq(struct trap_frame *frame)
{
	(void)frame;
}

static unsigned int discover_cpus(const struct boot_info *bi, uint32_t *ids)
{
	if (bi->fw_cpu_count) {
		unsigned int n = bi->fw_cpu_count < BOOT_MAX_CPUS ? bi->fw_cpu_count : BOOT_MAX_CPUS;
		memcpy(ids, bi->fw_apic_ids, n * sizeof(ids[0]));
		hv_info("cpus: %u reported by the firmware (UEFI MP services)", n);
		return n;
	}
	struct acpi_madt_info madt;
	if (acpi_parse_madt(&madt)) {
		memcpy(ids, madt.apic_ids, madt.cpu_count * sizeof(ids[0]));
		hv_info("cpus: %u in the ACPI MADT", madt.cpu_count);
		return madt.cpu_count;
	}
	hv_warn("cpus: neither the firmware nor ACPI lists CPUs; using the boot CPU only");
	ids[0] = lapic_id();
	return 1;
}

static void acpi_setup(const struct boot_info *bi)
{
	uint64_t rsdp = acpi_find_rsdp(bi->acpi_rsdp, strcmp(bi->loader, "uefi") != 0);
	if (rsdp == 0 || !acpi_init(rsdp))
		hv_warn("acpi: no usable ACPI tables (RSDP %s)", rsdp ? "invalid" : "not found");
}

/* VMX on the boot CPU, then the APs started; stops here when no CPU can run a VM and the mode needs one. */
static void bring_up_cpus(struct boot_info *bi, struct percpu *bsp)
{
	static uint32_t apic_ids[BOOT_MAX_CPUS];
	unsigned int n = discover_cpus(bi, apic_ids);
	host_timer_check();
	vmx_bringup_cpu(bsp);
	bsp->online = true;
	irq_register(VECTOR_HOST_IPI, kick_irq);
	smp_start_aps(bi, apic_ids, n);

	unsigned int online = 0;
	for (unsigned int i = 0; i < cpu_count; i++)
		online += percpu_blocks[i].online;
	hv_info("boot complete: %u/%u CPUs online, VMX on %u", online, n, vmx_bringup_count());
	if (vmx_bringup_count() == 0 && vmx_required()) {
		hv_error("VMX unavailable on every CPU: no VM can run; stopping cleanly");
		power_off_if_asked(bi, 1);
		cpu_stop("no VMX");
	}
}

static _Noreturn void hv_main_on_own_stack(void *arg)
{
	struct boot_info *bi = arg;
	struct percpu *bsp = this_cpu();
	cpu_tables_init(bsp);
	pic_disable();
	tsc_calibrate();
	lapic_init();
	bsp->apic_id = lapic_id();
	hv_info("cpu 0 online (apic %u), tsc %lu kHz, %s", bsp->apic_id, tsc_hz() / 1000,
		lapic_is_x2apic() ? "x2APIC" : "xAPIC");

	acpi_setup(bi);
	bring_up_cpus(bi, bsp);
	const struct scenario *sc = scenario_boot_load(bi, cpu_count);
	if (sc == NULL) {
		power_off_if_asked(bi, 1);
		cpu_stop("invalid scenario");
	}
	iommu_init(bi, sc);
	mode_run(bi, sc);
	hv_info("%s mode: nothing left to run", hv_mode_name);
	power_off_if_asked(bi, 0);
	for (;;)
		wait_for_interrupt();
}

_Noreturn void hv_main(struct boot_info *bi)
{
	hv_info("hvkit %s image, booted by %s, command line \"%s\"", hv_mode_name, bi->loader, bi->cmdline);
	selftest_set_cmdline(bi->cmdline);
	if (strstr(bi->cmdline, "loglevel=debug"))
		log_set_level(PLAT_LOG_DEBUG);
	hv_info("boot: %u memory ranges, %u modules", bi->mem_range_count, bi->module_count);
	for (uint32_t i = 0; i < bi->module_count; i++)
		hv_info("boot: module %u \"%s\" at 0x%lx-0x%lx", i, bi->modules[i].name, bi->modules[i].start,
			bi->modules[i].end);

	uint64_t free_pages = page_alloc_init(bi);
	if (free_pages < MIN_FREE_PAGES) {
		hv_error("boot: no usable RAM for the hypervisor: %lu KiB free after the image and modules, "
			 "%u KiB needed", free_pages * 4, MIN_FREE_PAGES * 4);
		power_off_if_asked(bi, 1);
		cpu_stop("not enough memory");
	}
	hv_info("memory: %lu MiB free for the hypervisor and its VMs", free_pages >> 8);
	if (boot_modules_check(bi) != 0) {
		hv_error("boot stopped: a boot module is not what it claims to be");
		power_off_if_asked(bi, 1);
		cpu_stop("bad boot module");
	}
	paging_init(bi);
	switch_stack_call(this_cpu()->stack_top, (void (*)(void *))hv_main_on_own_stack, bi);
	cpu_stop("unreachable");
}
