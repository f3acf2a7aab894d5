/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where the ticks of one VM exit go, for the benchmark (hypervisor command line "bench=exit-breakdown"):
 * the run loop stamps the TSC at the boundaries of its stages (core/vm/run.c), and for each round trip
 * that began with a CPUID exit the stages are summed; when the vCPU stops, their averages are printed as
 * "<mode>.exit_breakdown.<stage>: N". Under Bochs the TSC counts instructions, so a stage's figure is the
 * number of instructions it executed. Off (the default), each stamp costs a load and a branch.
 */
#include <core/console.h>
#include <core/mode.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <string.h>

bool exit_breakdown_on;
bool vm_check_invariants;

static const char *const stage_names[EB_STAGES] = {
	[EB_HANDLER] = "handler", [EB_LOOP] = "loop_checks", [EB_APIC_SYNC] = "apic_sync",
	[EB_INJECT] = "event_injection", [EB_TIMERS] = "exit_timers", [EB_GUEST] = "entry_guest_exit",
	[EB_EXIT_INFO] = "exit_info_read",
};

void exit_breakdown_setup(const char *cmdline)
{
	exit_breakdown_on = strstr(cmdline, "bench=exit-breakdown") != NULL;
}

void exit_breakdown_exit(struct exit_breakdown *b, uint16_t reason)
{
	if (b->counting) {
		/* VM entry, the guest's instructions up to the next exit, the exit and reading its information. */
		b->sum[EB_GUEST] += b->stamp[EB_T_EXIT] - b->stamp[EB_T_ENTER];
		b->n[EB_GUEST]++;
	}
	b->counting = reason == VMX_EXIT_CPUID;
	if (b->counting) {
		/* The exit-information reads alone, done once more to be timed. */
		struct vmx_exit_info info;
		uint64_t t0 = rdtsc();
		vmx_read_exit_info(&info);
		b->sum[EB_EXIT_INFO] += rdtsc() - t0;
		b->n[EB_EXIT_INFO]++;
		b->stamp[EB_T_EXIT] = rdtsc();
	}
}

void exit_breakdown_entry(struct exit_breakdown *b)
{
	if (!b->counting)
		return;
	for (unsigned int s = EB_HANDLER; s <= EB_TIMERS; s++) {
		b->sum[s] += b->stamp[s + 1] - b->stamp[s];
		b->n[s]++;
	}
}

void exit_breakdown_report(const struct exit_breakdown *b)
{
	uint64_t total = 0;
	for (unsigned int s = 0; s < EB_STAGES; s++) {
		if (b->n[s] == 0)
			continue;
		uint64_t avg = b->sum[s] / b->n[s];
		if (s != EB_EXIT_INFO)
			total += avg;
		hv_info("%s.exit_breakdown.%s: %lu", hv_mode_name, stage_names[s], avg);
	}
	hv_info("%s.exit_breakdown.cpuid_round_trips: %lu", hv_mode_name, b->n[EB_GUEST]);
	hv_info("%s.exit_breakdown.total: %lu", hv_mode_name, total);
}
