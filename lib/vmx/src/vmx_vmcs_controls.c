/* SPDX-License-Identifier: BSD-3-Clause */
/* Control fields of a VMCS from desired and required controls. */
#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vmcs.h>

/* SDM 31.5.1 / A.3-A.5: each control field adjusted to its capability MSR's allowed-0 and allowed-1 settings. */
static int adjust_fields(const struct vmx_caps *caps, const struct vmx_controls *d, const struct vmx_controls *r,
	struct vmx_controls *res)
{
	const struct {
		uint64_t allowed;
		uint32_t desired, required;
		uint32_t *result;
	} field[] = {
		{ caps->pinbased_ctls, d->pin, r->pin, &res->pin },
		{ caps->procbased_ctls, d->proc, r->proc, &res->proc },
		{ caps->exit_ctls, d->exit, r->exit, &res->exit },
		{ caps->entry_ctls, d->entry, r->entry, &res->entry },
		{ caps->procbased_ctls2, d->proc2, r->proc2, &res->proc2 },
	};
	res->proc2 = 0;
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		/* The secondary controls (last) only when the adjusted primary controls activate them. */
		if (field[i].result == &res->proc2 && !(res->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
			break;
		int rc = vmx_adjust_controls(field[i].allowed, field[i].desired, field[i].required, field[i].result);
		if (rc)
			return rc;
	}
	return 0;
}

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
	/* SDM 25.6.2: the secondary controls apply only with "activate secondary controls", asked for (desired or
	 * required) with them. A CPU without secondary controls cannot set it: adjusting the primary controls then
	 * drops it when desired (and adjust_fields the desired secondary controls with it), refuses it when required. */
	d.proc |= d.proc2 ? CPU_BASED_ACTIVATE_SECONDARY_CONTROLS : 0;
	r.proc |= r.proc2 ? CPU_BASED_ACTIVATE_SECONDARY_CONTROLS : 0;
	if ((rc = adjust_fields(caps, &d, &r, &res)) != 0)
		return rc;
	*out = res;
	return 0;
}

int vmx_controls_write(const struct vmx_controls *c)
{
	if (c == NULL)
		return -HV_EINVAL;
	const struct {
		uint32_t field;
		uint32_t value;
	} w[] = {
		{ VMCS_PIN_BASED_VM_EXEC_CONTROL, c->pin },
		{ VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL, c->proc },
		{ VMCS_VM_EXIT_CONTROLS, c->exit },
		{ VMCS_VM_ENTRY_CONTROLS, c->entry },
		{ VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, c->proc2 },
	};
	/* The secondary controls are written only when the primary controls activate them. */
	size_t n = (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ? 5 : 4;
	for (size_t i = 0; i < n; i++)
		if (vmx_hw_vmwrite(w[i].field, w[i].value) != VMX_SUCCEED)
			return -HV_EIO;
	return 0;
}
