/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Share mode's start (and hybrid's shared side): each CPU's scheduler as the scenario says, the
 * pre-launched VMs, then the Service VM with its identity-mapped RAM, its view of the platform and the
 * post-launched slots mapped in; then every CPU runs what its scheduler picks until the Service VM has
 * stopped, which stops the shared side with it.
 */
#include "share_internal.h"

#include <core/share.h>
#include <scenario/scenario_shared.h>

#include <boot/boot_info.h>
#include <core/console.h>
#include <core/mode.h>
#include <core/percpu.h>
#include <sched/sched_bvt.h>
#include <sched/sched_prio.h>
#include <sched/sched_rr.h>

struct vm *share_service_vm;

static const struct sched_ops *policy_ops(enum scenario_sched s)
{
	switch (s) {
	case SCENARIO_SCHED_RR:
		return &sched_rr_ops;
	case SCENARIO_SCHED_PRIO:
		return &sched_prio_ops;
	default:
		return &sched_bvt_ops;
	}
}

static const char *const policy_names[] = { "bvt", "bvt", "rr", "prio" };

int share_sched_init_cpu(const struct scenario *sc, unsigned int cpu)
{
	enum scenario_sched s = scenario_cpu_sched(sc, cpu);
	if (vm_sched_init_cpu(cpu, policy_ops(s), NULL) != 0) {
		hv_error("%s mode: scheduler set-up failed on CPU %u", hv_mode_name, cpu);
		return -HV_EINVAL;
	}
	hv_info("%s mode: CPU %u schedules with %s", hv_mode_name, cpu, policy_names[s]);
	return 0;
}

/* The shared side ends with the Service VM: every post-launched VM is stopped with it, and the log says
 * which; pre-launched VMs run on. */
static void service_stopped(struct vm *vm, bool all_left)
{
	(void)all_left;
	unsigned int n = 0;
	for (unsigned int i = 0; i < VM_MAX; i++)
		if (share_slot(i) && vms[i].state == VM_RUNNING) {
			vm_stop(&vms[i], VM_STATUS_FAULT, "the Service VM (%s) has stopped", vm->name);
			n++;
		}
	hv_info("share: the shared side has stopped with the Service VM %s (%s): %u post-launched VM(s) stopped "
		"with it; pre-launched VMs run on", vm->name, vm->stop_reason, n);
}

static struct vm *service_vm_create(const struct boot_info *bi, const struct scenario *sc)
{
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *cfg = &sc->vms[i];
		if (cfg->load_order != SCENARIO_SERVICE)
			continue;
		struct vm *vm = &vms[i];
		int rc = vm_build(vm, bi, cfg, i);
		if (rc == 0) {
			/* Set before the kernel load builds its ACPI tables; used by the upcall. */
			share_service_vm = vm;
			vm->ioreq = &service_io_hooks;
			vm->on_stopped = service_stopped;
		}
		/* The MMIO map first: its lower end is the PCI root bridge's window in the ACPI tables the load writes. */
		rc = rc ? rc : service_map_mmio(vm, bi);
		rc = rc ? rc : vm_load_kernel(vm, bi);
		rc = rc ? rc : share_slots_init(sc, vm);
		if (rc) {
			hv_error("vm %s: the Service VM was not started", vm->name);
			share_service_vm = NULL;
			return NULL;
		}
		irq_forward_init(vm);
		vm_start(vm);
		hv_info("vm %s: started as the Service VM: %u vCPU(s), %lu MiB of identity-mapped RAM, kernel \"%s\"",
			vm->name, vm->vcpu_count, vm_ram_size(vm) >> 20, cfg->kernel);
		return vm;
	}
	hv_error("%s mode: the scenario has no Service VM", hv_mode_name);
	return NULL;
}

static bool shared_side_done(void)
{
	return vm_all_stopped();
}

void share_start(const struct boot_info *bi, const struct scenario *sc)
{
	vm_sched_ready();
	vm_setup_ext = &share_setup_hooks;
	vm_hypercall_ext = share_hypercall;
	unsigned int pre = vm_create_all(bi, sc, SCENARIO_PRE_LAUNCHED);
	if (pre)
		hv_info("%s mode: %u pre-launched VM(s) started", hv_mode_name, pre);
	if (service_vm_create(bi, sc) == NULL && pre == 0)
		return;
	pcpu_run_until(shared_side_done);
	hv_info("%s mode: every VM has stopped", hv_mode_name);
}

void share_run(const struct boot_info *bi, const struct scenario *sc)
{
	for (unsigned int cpu = 0; cpu < cpu_count; cpu++)
		if (share_sched_init_cpu(sc, cpu) != 0)
			return;
	share_start(bi, sc);
}
