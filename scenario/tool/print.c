/* SPDX-License-Identifier: BSD-3-Clause */
/* Readable views of a parsed scenario. */
#include <inttypes.h>
#include "tool.h"

static uint64_t total_ram(const struct vm_config *vm)
{
	uint64_t t = 0;

	for (uint32_t i = 0; i < vm->mem_count; i++)
		t += vm->mem[i].size;
	return t;
}

static void print_cpus(FILE *out, const struct vm_config *vm)
{
	for (uint32_t i = 0; i < vm->cpu_count; i++)
		fprintf(out, "%s%u", i ? "," : "", vm->cpus[i]);
}

void tool_print_valid(FILE *out, const struct scenario *sc)
{
	fprintf(out, "valid: %u VM%s (", sc->vm_count, sc->vm_count == 1 ? "" : "s");
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		fprintf(out, "%s%s: CPU%s ", i ? "; " : "", vm->name, vm->cpu_count == 1 ? "" : "s");
		print_cpus(out, vm);
		fprintf(out, ", %" PRIu64 " MiB", total_ram(vm) >> 20);
	}
	fprintf(out, ")\n");
}

void tool_print_summary(FILE *out, const struct scenario *sc)
{
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		fprintf(out, "%s \"%s\": %s, cpus ", vm->node, vm->name, scenario_load_order_name(vm->load_order));
		print_cpus(out, vm);
		fprintf(out, ", %" PRIu64 " KiB RAM", total_ram(vm) >> 10);
		if (vm->load_order == SCENARIO_SERVICE)
			fprintf(out, " identity-mapped");
		else if (vm->host_base != SCENARIO_HOST_BASE_ANY)
			fprintf(out, " at host 0x%" PRIx64, vm->host_base);
		if (vm->kernel[0] == '\0')
			fprintf(out, ", kernel from its device model");
		else
			fprintf(out, ", kernel \"%s\" (%s)", vm->kernel, scenario_kernel_type_name(vm->kernel_type));
		fprintf(out, "%s%s\n", vm->lapic_passthrough ? ", lapic-passthrough" : "",
			vm->real_time ? ", real-time" : "");
	}
}

static void dump_memory(FILE *out, const struct vm_config *vm)
{
	for (uint32_t i = 0; i < vm->mem_count; i++)
		fprintf(out, "  guest RAM 0x%" PRIx64 "-0x%" PRIx64 "\n", vm->mem[i].base,
			vm->mem[i].base + vm->mem[i].size - 1);
	if (vm->load_order == SCENARIO_SERVICE)
		fprintf(out, "  host RAM identity-mapped (guest-physical = host-physical)\n");
	else if (vm->host_base == SCENARIO_HOST_BASE_ANY)
		fprintf(out, "  host RAM allocated by the hypervisor\n");
	else
		fprintf(out, "  host RAM 0x%" PRIx64 "-0x%" PRIx64 "\n", vm->host_base,
			vm->host_base + total_ram(vm) - 1);
}

static void dump_modules(FILE *out, const struct vm_config *vm)
{
	if (vm->kernel[0] == '\0') {
		fprintf(out, "  no kernel node: its device model loads the kernel\n");
	} else {
		fprintf(out, "  kernel module \"%s\", %s", vm->kernel, scenario_kernel_type_name(vm->kernel_type));
		if (vm->kernel_type == SCENARIO_KERNEL_RAW)
			fprintf(out, ", load 0x%" PRIx64 ", entry 0x%" PRIx64, vm->kernel_load_addr,
				vm->kernel_entry_addr);
		fprintf(out, "\n  bootargs \"%s\"\n", vm->bootargs);
	}
	if (vm->has_ramdisk)
		fprintf(out, "  ramdisk module \"%s\"\n", vm->ramdisk);
}

static void dump_flags(FILE *out, const struct vm_config *vm)
{
	fprintf(out, "  lapic-passthrough %s, real-time %s, apicv %s\n", vm->lapic_passthrough ? "yes" : "no",
		vm->real_time ? "yes" : "no", vm->apicv ? "on" : "off");
	fprintf(out, "  x2apic %s, ", vm->no_x2apic ? "off" : "on");
	if (vm->watchdog_ms)
		fprintf(out, "watchdog %u ms", vm->watchdog_ms);
	else
		fprintf(out, "no watchdog");
	fprintf(out, "\n  sched-weight %u, sched-priority %u, sched-warp-us %u\n",
		vm->sched_weight ? vm->sched_weight : 1u, vm->sched_priority, vm->sched_warp_us);
}

static void dump_devices(FILE *out, const struct vm_config *vm)
{
	if (vm->has_vuart)
		fprintf(out, "  vuart port 0x%x irq %u\n", vm->vuart_port, vm->vuart_irq);
	if (vm->has_debug_exit)
		fprintf(out, "  debug-exit port 0x%x\n", vm->debug_exit_port);
	for (uint32_t i = 0; i < vm->pio_count; i++)
		fprintf(out, "  pass-through ports 0x%x-0x%x\n", vm->pio[i].base,
			vm->pio[i].base + vm->pio[i].count - 1u);
	for (uint32_t i = 0; i < vm->pci_count; i++)
		fprintf(out, "  pass-through PCI %04x:%02x:%02x.%u\n", vm->pci[i].segment, vm->pci[i].bus,
			vm->pci[i].device, vm->pci[i].function);
}

static void dump_vm(FILE *out, const struct vm_config *vm)
{
	fprintf(out, "%s/%s\n  id %u, name \"%s\", %s\n  cpus ", SCENARIO_NODE_PATH, vm->node, vm->id, vm->name,
		scenario_load_order_name(vm->load_order));
	print_cpus(out, vm);
	fprintf(out, " (vCPU i runs on the i-th)\n");
	dump_memory(out, vm);
	dump_modules(out, vm);
	dump_flags(out, vm);
	dump_devices(out, vm);
}

void tool_print_dump(FILE *out, const struct scenario *sc)
{
	static const char *const sched[] = { "the mode's default", "bvt", "rr", "prio" };

	fprintf(out, "scenario version %u, %u VM(s)\n", sc->version, sc->vm_count);
	if (sc->sched_policy_count <= 1)
		fprintf(out, "sched-policy %s on every CPU\n", sched[scenario_cpu_sched(sc, 0) & 3u]);
	for (uint32_t c = 0; sc->sched_policy_count > 1 && c < sc->sched_policy_count; c++)
		fprintf(out, "sched-policy CPU %u: %s\n", c, sched[scenario_cpu_sched(sc, c) & 3u]);
	if (sc->sched_policy_count > 1 && sc->sched_policy_count < SCENARIO_MAX_CPUS)
		fprintf(out, "sched-policy CPUs %u and above: %s\n", sc->sched_policy_count, sched[0]);
	for (uint32_t i = 0; i < sc->vm_count; i++)
		dump_vm(out, &sc->vms[i]);
}
