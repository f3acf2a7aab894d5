/* Every CPU probes VMX for itself (IA32_FEATURE_CONTROL is per CPU) and enters VMX root operation. */
#include <core/console.h>
#include <core/vmx_bringup.h>
#include <vmx/vmx.h>

static struct vmx_cpu vmx_cpus[HV_MAX_CPUS];
static unsigned int vmx_on_cpus;

bool vmx_bringup_cpu(struct percpu *cpu)
{
	struct vmx_caps caps;
	if (vmx_probe(&caps) != 0) {
		hv_error("cpu %u: VMX unavailable: %s", cpu->index, caps.failure ? caps.failure : "unknown reason");
		return false;
	}
	if (cpu->index == 0) {
		char line[240];
		vmx_caps_summary(&caps, line, sizeof(line));
		hv_info("%s", line);
	}
	int rc = vmx_cpu_on(&vmx_cpus[cpu->index], &caps);
	if (rc != 0) {
		hv_error("cpu %u: VMXON failed (error %d)", cpu->index, rc);
		return false;
	}
	cpu->vmx_on = true;
	__atomic_add_fetch(&vmx_on_cpus, 1, __ATOMIC_SEQ_CST);
	hv_info("cpu %u: VMXON done", cpu->index);
	return true;
}

unsigned int vmx_bringup_count(void)
{
	return __atomic_load_n(&vmx_on_cpus, __ATOMIC_SEQ_CST);
}
