/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shape a hybrid-mode scenario must have, beyond scenario_validate()'s rules (which already keep a
 * pre-launched VM's CPUs its own and its RAM out of the Service VM's identity map): one Service VM, one or
 * more pre-launched VMs, every real-time one owning its LAPICs and not on CPU 0, and post-launched VMs only on
 * the Service VM's CPUs (the CPUs that run the shared side's scheduler). CPU 0 is the boot CPU: it takes the
 * platform's forwarded device interrupts and the hypervisor's own work (every VM stop is reported to it with
 * an IPI), so it belongs to the shared side.
 */
#include <hvkit/errno.h>
#include <scenario/scenario_shared.h>
#include "sc_msg.h"
#include "sc_validate.h"

static const struct vm_config *service_of(const struct scenario *sc)
{
	for (uint32_t i = 0; i < sc->vm_count; i++)
		if (sc->vms[i].load_order == SCENARIO_SERVICE)
			return &sc->vms[i];
	return NULL;
}

static int has_cpu(const struct vm_config *vm, uint32_t cpu)
{
	for (uint32_t i = 0; i < vm->cpu_count; i++)
		if (vm->cpus[i] == cpu)
			return 1;
	return 0;
}

static void check_post_cpus(const struct vm_config *vm, const struct vm_config *service, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < vm->cpu_count; i++) {
		if (has_cpu(service, vm->cpus[i]))
			continue;
		sc_fail(rep, vm->node, NULL, "cpus",
			"CPU %u is not one of the Service VM's (" SCENARIO_NODE_PATH "/%s): in hybrid mode a "
			"post-launched VM runs on the shared side's CPUs only",
			vm->cpus[i], service->node);
	}
}

/* One VM's hybrid rules: real-time means LAPIC pass-through, off CPU 0; post-launched on the Service VM's CPUs. */
static void check_hybrid_vm(const struct vm_config *vm, const struct vm_config *service, struct scenario_report *rep)
{
	if (vm->real_time && !vm->lapic_passthrough)
		sc_fail(rep, vm->node, NULL, "real-time",
			"a real-time VM needs lapic-passthrough in hybrid mode: an emulated LAPIC's timer "
			"and IPIs go through the hypervisor the shared side also uses");
	if (vm->lapic_passthrough && has_cpu(vm, 0))
		sc_fail(rep, vm->node, NULL, "cpus",
			"CPU 0 cannot be a real-time VM's in hybrid mode: it is the boot CPU, which takes the "
			"platform's interrupts and the hypervisor's own work for the shared side");
	if (vm->load_order == SCENARIO_POST_LAUNCHED && service != NULL)
		check_post_cpus(vm, service, rep);
}

int scenario_validate_hybrid(const struct scenario *sc, struct scenario_report *rep)
{
	struct scenario_report quiet = { NULL, NULL, 0 };
	const struct vm_config *service = service_of(sc);
	uint32_t pre = 0, before;

	if (rep == NULL)
		rep = &quiet;
	before = rep->errors;
	if (service == NULL)
		sc_fail(rep, NULL, NULL, NULL,
			"hybrid mode needs a Service VM (a vm node with load-order = \"service\") and has none");
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		pre += sc->vms[i].load_order == SCENARIO_PRE_LAUNCHED;
		check_hybrid_vm(&sc->vms[i], service, rep);
	}
	if (pre == 0)
		sc_fail(rep, NULL, NULL, NULL,
			"hybrid mode needs at least one pre-launched VM (without one, the scenario is share mode's)");
	return rep->errors == before ? 0 : -HV_EINVAL;
}
