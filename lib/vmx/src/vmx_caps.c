/* SPDX-License-Identifier: BSD-3-Clause */
/* Capability discovery: CPUID, IA32_FEATURE_CONTROL and the IA32_VMX_* MSRs. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vmx/vmx.h>
#include <vmx/vmx_hw.h>

static int probe_fail(struct vmx_caps *caps, int rc, const char *why)
{
	memset(caps, 0, sizeof(*caps));
	caps->failure = why;
	plat_log(PLAT_LOG_ERROR, "vmx: cpu %u: %s", plat_cpu_index(), why);
	return rc;
}

/* SDM Vol. 3C 23.7: VMXON outside SMX needs IA32_FEATURE_CONTROL lock + bit 2. */
static int enable_feature_control(struct vmx_caps *caps)
{
	uint64_t fc = vmx_hw_rdmsr(IA32_FEATURE_CONTROL);

	if (fc & IA32_FEATURE_CONTROL_LOCK) {
		if (!(fc & IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX))
			return probe_fail(caps, -HV_EPERM,
				"VMX disabled by firmware (IA32_FEATURE_CONTROL locked)");
		return 0;
	}
	fc |= IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX;
	vmx_hw_wrmsr(IA32_FEATURE_CONTROL, fc);
	uint64_t check = vmx_hw_rdmsr(IA32_FEATURE_CONTROL);
	uint64_t need = IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX;
	if ((check & need) != need)
		return probe_fail(caps, -HV_EIO,
			"could not enable VMX in IA32_FEATURE_CONTROL");
	return 0;
}

/* IA32_VMX_BASIC (SDM Vol. 3D A.1): the VMCS region is at most 4096 bytes (we allocate one page) and write-back. */
static int read_basic(struct vmx_caps *caps)
{
	uint64_t b = vmx_hw_rdmsr(IA32_VMX_BASIC);
	uint64_t size = (b >> VMX_BASIC_VMCS_SIZE_SHIFT) & VMX_BASIC_VMCS_SIZE_MASK;

	caps->basic = b;
	caps->vmcs_revision_id = (uint32_t)(b & VMX_BASIC_REVISION_MASK);
	caps->phys_addr_32bit = (b & VMX_BASIC_PHYS_ADDR_32BIT) != 0;
	caps->ins_outs_info = (b & VMX_BASIC_INS_OUTS_INFO) != 0;
	if (size == 0 || size > PLAT_PAGE_SIZE)
		return probe_fail(caps, -HV_ENODEV, "VMCS size in IA32_VMX_BASIC not supported");
	if (((b >> VMX_BASIC_MEMORY_TYPE_SHIFT) & VMX_BASIC_MEMORY_TYPE_MASK) != VMX_MEMORY_TYPE_WB)
		return probe_fail(caps, -HV_ENODEV, "VMCS memory type is not write-back");
	return 0;
}

/* SDM Vol. 3D A.2: with BASIC bit 55 the TRUE MSRs report the default1 controls exactly. */
static void read_primary_controls(struct vmx_caps *caps)
{
	bool t = (caps->basic & VMX_BASIC_TRUE_CTLS) != 0;

	caps->pinbased_ctls = vmx_hw_rdmsr(t ? IA32_VMX_TRUE_PINBASED_CTLS : IA32_VMX_PINBASED_CTLS);
	caps->procbased_ctls = vmx_hw_rdmsr(t ? IA32_VMX_TRUE_PROCBASED_CTLS : IA32_VMX_PROCBASED_CTLS);
	caps->exit_ctls = vmx_hw_rdmsr(t ? IA32_VMX_TRUE_EXIT_CTLS : IA32_VMX_EXIT_CTLS);
	caps->entry_ctls = vmx_hw_rdmsr(t ? IA32_VMX_TRUE_ENTRY_CTLS : IA32_VMX_ENTRY_CTLS);
}

static void read_controls(struct vmx_caps *caps)
{
	read_primary_controls(caps);

	/* SDM A.3.3: IA32_VMX_PROCBASED_CTLS2 exists only if secondary controls can be 1. */
	if (vmx_allowed1(caps->procbased_ctls, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		caps->procbased_ctls2 = vmx_hw_rdmsr(IA32_VMX_PROCBASED_CTLS2);

	caps->misc = vmx_hw_rdmsr(IA32_VMX_MISC);
	caps->cr0_fixed0 = vmx_hw_rdmsr(IA32_VMX_CR0_FIXED0);
	caps->cr0_fixed1 = vmx_hw_rdmsr(IA32_VMX_CR0_FIXED1);
	caps->cr4_fixed0 = vmx_hw_rdmsr(IA32_VMX_CR4_FIXED0);
	caps->cr4_fixed1 = vmx_hw_rdmsr(IA32_VMX_CR4_FIXED1);

	/* SDM A.10: IA32_VMX_EPT_VPID_CAP exists only if EPT or VPID can be enabled. */
	uint64_t p2 = caps->procbased_ctls2;
	if (vmx_allowed1(p2, SECONDARY_ENABLE_EPT) || vmx_allowed1(p2, SECONDARY_ENABLE_VPID))
		caps->ept_vpid_cap = vmx_hw_rdmsr(IA32_VMX_EPT_VPID_CAP);
}

static void derive_flags(struct vmx_caps *c)
{
	uint64_t pin = c->pinbased_ctls, p2 = c->procbased_ctls2;

	c->preemption_timer_rate = (uint8_t)(c->misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);

	c->preemption_timer = vmx_allowed1(pin, PIN_BASED_ACTIVATE_PREEMPTION_TIMER);
	c->virtual_nmis = vmx_allowed1(pin, PIN_BASED_VIRTUAL_NMIS);

	c->ept = vmx_allowed1(p2, SECONDARY_ENABLE_EPT);
	c->vpid = vmx_allowed1(p2, SECONDARY_ENABLE_VPID);
	c->unrestricted_guest = vmx_allowed1(p2, SECONDARY_UNRESTRICTED_GUEST);

	c->load_efer = vmx_allowed1(c->entry_ctls, VM_ENTRY_LOAD_IA32_EFER) &&
		vmx_allowed1(c->exit_ctls, VM_EXIT_LOAD_IA32_EFER);
	c->load_pat = vmx_allowed1(c->entry_ctls, VM_ENTRY_LOAD_IA32_PAT) &&
		vmx_allowed1(c->exit_ctls, VM_EXIT_LOAD_IA32_PAT);
}

int vmx_probe(struct vmx_caps *caps)
{
	struct vmx_cpuid_regs r;

	if (caps == NULL)
		return -HV_EINVAL;
	memset(caps, 0, sizeof(*caps));

	vmx_hw_cpuid(1, 0, &r);
	if (!(r.ecx & CPUID_1_ECX_VMX))
		return probe_fail(caps, -HV_ENODEV, "VMX not supported (CPUID.1:ECX.VMX=0)");

	int rc = enable_feature_control(caps);
	if (rc == 0)
		rc = read_basic(caps);
	if (rc)
		return rc;

	read_controls(caps);
	derive_flags(caps);
	return 0;
}
