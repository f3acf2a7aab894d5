/* The partition mode: statically partitioned pre-launched VMs with dedicated CPUs, memory and devices. */
#include <core/console.h>
#include <core/mode.h>
#include <core/vm.h>
#include <sched/sched_noop.h>

const char hv_mode_name[] = "partition";

void (*const mode_ap_loop)(void) = pcpu_idle_loop;

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	/* One vCPU per physical CPU: the noop scheduler. */
	if (vm_sched_init(&sched_noop_ops) != 0) {
		hv_error("partition mode: scheduler set-up failed");
		return;
	}
	unsigned int n = vm_create_all(bi, sc, SCENARIO_PRE_LAUNCHED);
	hv_info("partition mode: %u of %u pre-launched VM(s) started", n, sc->vm_count);
	if (n == 0)
		return;
	pcpu_run_until_all_stopped();
	hv_info("partition mode: every VM has stopped");
}
