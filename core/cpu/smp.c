/* SPDX-License-Identifier: BSD-3-Clause */
/* AP start-up: one AP at a time through the trampoline in arch/entry.S. Each AP enters VMX root operation
 * (core/cpu/vmx_bringup.c, or no_vmx.c in an image without lib/vmx), then runs its mode's AP loop. */
#include <core/console.h>
#include <core/lapic.h>
#include <core/mm.h>
#include <core/mode.h>
#include <core/percpu.h>
#include <core/selftest.h>
#include <core/smp.h>
#include <core/trap.h>
#include <core/tsc.h>
#include <core/vmx_bringup.h>
#include <core/x86.h>
#include <string.h>

extern char ap_trampoline_start[], ap_trampoline_end[];
extern uint64_t ap_boot_stack;

static volatile unsigned int ap_boot_index;
static volatile uint32_t ap_boot_apic_id;

static void ap_main(struct percpu *cpu)
{
	paging_load();
	cpu_tables_init(cpu);
	lapic_init();
	lapic_timer_init(VECTOR_HOST_TIMER); /* every CPU times its own vCPUs' virtual timers */
	cpu->apic_id = lapic_id();
	vmx_bringup_cpu(cpu);
	__atomic_store_n(&cpu->online, true, __ATOMIC_RELEASE);
	selftest_maybe_fault(cpu);
	if (mode_ap_loop)
		mode_ap_loop();
	for (;;)
		wait_for_interrupt();
}

__attribute__((no_stack_protector)) void hv_c_entry_ap(void)
{
	unsigned int index = ap_boot_index;
	percpu_early_init(index, ap_boot_apic_id);
	ap_main(&percpu_blocks[index]);
}

void lapic_kick_cpu(unsigned int index)
{
	struct percpu *cpu = &percpu_blocks[index];
	if (index >= cpu_count || !cpu->online)
		return;
	if (cpu->kick_with_nmi) {
		/* One kick NMI in flight at most: the flag tells the target that the next NMI is ours, and a
		 * second NMI sent before the first was taken would reach the guest as its own. A kick merged
		 * into one in flight is not lost: the target clears the flag, then looks at its state. */
		if (!__atomic_exchange_n(&cpu->nmi_kick, true, __ATOMIC_ACQ_REL))
			lapic_send_ipi(cpu->apic_id, APIC_DM_NMI, 0);
	} else {
		lapic_send_ipi(cpu->apic_id, APIC_DM_FIXED, VECTOR_HOST_IPI);
	}
}

static bool wait_online(struct percpu *cpu, uint64_t us)
{
	uint64_t t0 = rdtsc(), span = tsc_hz() / 1000000u * us;
	while (rdtsc() - t0 < span)
		if (__atomic_load_n(&cpu->online, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

unsigned int smp_start_aps(const struct boot_info *bi, const uint32_t *apic_ids, unsigned int n)
{
	uint64_t tramp = page_alloc_low_page(bi);
	if (tramp == 0) {
		hv_error("smp: no free page below 640 KiB for the AP trampoline; running on the boot CPU only");
		return 0;
	}
	memcpy((void *)(uintptr_t)tramp, ap_trampoline_start, (size_t)(ap_trampoline_end - ap_trampoline_start));

	unsigned int started = 0;
	uint32_t self = lapic_id();
	for (unsigned int i = 0; i < n; i++) {
		if (apic_ids[i] == self)
			continue;
		if (cpu_count >= HV_MAX_CPUS) {
			hv_warn("smp: more than %d CPUs; APIC id %u and later stay off", HV_MAX_CPUS, apic_ids[i]);
			break;
		}
		unsigned int index = cpu_count;
		struct percpu *cpu = &percpu_blocks[index];
		ap_boot_index = index;
		ap_boot_apic_id = apic_ids[i];
		ap_boot_stack = percpu_stack_top(index);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		/* SDM Vol. 3A 8.4.4.1: INIT, 10 ms, STARTUP, 200 us, STARTUP if it is not up yet. */
		lapic_send_ipi(apic_ids[i], APIC_DM_INIT, 0);
		tsc_delay_us(10000);
		lapic_send_ipi(apic_ids[i], APIC_DM_STARTUP, (uint8_t)(tramp >> 12));
		if (!wait_online(cpu, 200)) {
			lapic_send_ipi(apic_ids[i], APIC_DM_STARTUP, (uint8_t)(tramp >> 12));
			if (!wait_online(cpu, 1000000)) {
				/* Its index is burnt: a late start must not share the next AP's stack. */
				hv_error("smp: CPU with APIC id %u did not come online", apic_ids[i]);
				cpu_count++;
				continue;
			}
		}
		cpu_count++;
		started++;
		hv_info("cpu %u online (apic %u)", index, cpu->apic_id);
	}
	return started;
}
