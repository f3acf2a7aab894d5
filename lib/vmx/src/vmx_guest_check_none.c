/* SPDX-License-Identifier: BSD-3-Clause */
/* What an image without the guest-state re-check (src/vmx_guest_check.c) says after a failed VM entry: the
 * exit reason and qualification the caller logs stay; no rule of SDM Vol. 3C 26.3.1 is named. */
#include <vmx/vmx_vmcs.h>

const char *vmx_guest_state_diagnose(const struct vmx_caps *caps)
{
	(void)caps;
	return "not re-checked in this image (the share and hybrid images name the rule)";
}
