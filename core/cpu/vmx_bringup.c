/* SPDX-License-Identifier: BSD-3-Clause */
/* Every CPU probes VMX for itself (IA32_FEATURE_CONTROL is per CPU) and enters VMX root operation. */
#include <core/console.h>
#include <core/vmx_bringup.h>
#include <core/x86.h>
#include <vmx/vmx.h>
#include <vmx/vmx_vpid.h>

static struct vmx_cpu vmx_cpus[HV_MAX_CPUS];
static unsigned int vmx_on_cpus;
static struct vmx_caps boot_cpu_caps;
static struct vmx_vpid_pool vpid_pool;

const struct vmx_caps *vmx_bringup_caps(void)
{
	return &boot_cpu_caps;
}

struct vmx_vpid_pool *vmx_bringup_vpid_pool(void)
{
	return &vpid_pool;
}

bool vmx_bringup_cpu(struct percpu *cpu)
{
	struct vmx_caps caps;
	if (vmx_probe(&caps) != 0) {
		hv_error("cpu %u: VMX unavailable: %s", cpu->index, caps.failure ? caps.failure : "unknown reason");
		return false;
	}
	/* Guests may use XSETBV, which the hypervisor executes for them: it needs CR4.OSXSAVE. */
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 26))
		write_cr4(read_cr4() | (1ull << 18));
	if (cpu->index == 0) {
		boot_cpu_caps = caps;
		vmx_caps_log(&caps);
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

bool vmx_required(void)
{
	return true;
}
