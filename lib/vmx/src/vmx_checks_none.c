/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition and lapic_pt images repeat none of the processor's VM-entry checks in software (share and hybrid
 * link src/vmx_guest_check.c, src/vmx_event_check.c and src/vmx_host_check.c). One object, so that the run
 * loop's call of vmx_guest_state_diagnose brings vmx_event_valid and vmx_host_state_valid with it, ahead of
 * lib/vmx's own.
 */
#include <vmx/vmx_event.h>
#include <vmx/vmx_vmcs.h>

/* After a failed VM entry the caller logs the exit reason and qualification; no rule of SDM Vol. 3C 26.3.1 is
 * named. */
const char *vmx_guest_state_diagnose(const struct vmx_caps *caps)
{
	(void)caps;
	return "not re-checked in this image (the share and hybrid images name the rule)";
}

/*
 * An event is written without checking it against SDM Vol. 3C 26.2.1.3: the processor checks the same rules on
 * the VM entry and fails it with VMfailValid, VM-instruction error 7 (invalid control fields, SDM 30.4), which
 * stops the VM like any failed entry. Every event is one the hypervisor built or one the processor reported
 * (re-injection), so a broken rule is the hypervisor's bug, not a guest's.
 */
bool vmx_event_valid(const struct vmx_event *ev, bool guest_protected_mode)
{
	(void)ev;
	(void)guest_protected_mode;
	return true;
}

/*
 * The host state is written without checking it against SDM Vol. 3C 26.2.3: the processor checks it on the VM
 * entry and fails it with VMfailValid, VM-instruction error 8 (invalid host-state field), which stops the VM.
 * The core fills the host state from its own descriptor tables and registers; no guest has a say in it.
 */
bool vmx_host_state_valid(const struct vmx_host_state *h)
{
	(void)h;
	return true;
}
