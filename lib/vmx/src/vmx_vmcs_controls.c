/* SPDX-License-Identifier: BSD-3-Clause */
/* Control fields of a VMCS from desired and required controls. */
#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vmcs.h>

int vmx_controls_compute(const struct vmx_caps *caps, const struct vmx_controls *desired,
	const struct vmx_controls *required, struct vmx_controls *out)
{
	static const struct vmx_controls none;
	struct vmx_controls d, r, res;
	int rc;

	if (caps == NULL || desired == NULL || out == NULL)
		return -HV_EINVAL;
	d = *desired;
	r = required ? *required : none;
	if (r.proc2)
		r.proc |= CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	if (d.proc2)
		d.proc |= CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	if (!caps->secondary_controls) {
		if (r.proc2)
			return -HV_ENODEV;
		d.proc &= ~CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
		d.proc2 = 0;
	}

	if ((rc = vmx_adjust_controls(caps->pinbased_ctls, d.pin, r.pin, &res.pin)) ||
	    (rc = vmx_adjust_controls(caps->procbased_ctls, d.proc, r.proc, &res.proc)) ||
	    (rc = vmx_adjust_controls(caps->exit_ctls, d.exit, r.exit, &res.exit)) ||
	    (rc = vmx_adjust_controls(caps->entry_ctls, d.entry, r.entry, &res.entry)))
		return rc;
	res.proc2 = 0;
	if (res.proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		rc = vmx_adjust_controls(caps->procbased_ctls2, d.proc2, r.proc2, &res.proc2);
		if (rc)
			return rc;
	}
	*out = res;
	return 0;
}

int vmx_controls_write(const struct vmx_controls *c)
{
	if (c == NULL)
		return -HV_EINVAL;
	if (vmx_hw_vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL, c->pin) != VMX_SUCCEED ||
	    vmx_hw_vmwrite(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL, c->proc) != VMX_SUCCEED ||
	    vmx_hw_vmwrite(VMCS_VM_EXIT_CONTROLS, c->exit) != VMX_SUCCEED ||
	    vmx_hw_vmwrite(VMCS_VM_ENTRY_CONTROLS, c->entry) != VMX_SUCCEED)
		return -HV_EIO;
	if ((c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	    vmx_hw_vmwrite(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, c->proc2) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}
