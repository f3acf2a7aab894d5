/* SPDX-License-Identifier: BSD-3-Clause */
/* VMREAD of the guest-state area (SDM Vol. 3C 24.4): a file of its own, so that an image that never re-checks
 * the guest state after a failed VM entry (vmx_checks_none.c) does not link it. */
#include <stddef.h>
#include <string.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vmcs.h>
#include <vmx/vmx_ext.h>

#include "vmx_guest_fields.h"

/* A 64-bit value into a member of 2, 4 or 8 bytes: x86 is little-endian, so its low bytes come first. */
static void put(struct vmx_guest_state *gs, const struct vmx_guest_field *m, uint64_t v)
{
	memcpy((char *)gs + m->offset, &v, m->width);
}

static int read_guest_msrs(const struct vmx_caps *caps, struct vmx_guest_state *gs)
{
	if (caps->load_efer && vmx_hw_vmread(VMCS_GUEST_IA32_EFER, &gs->efer) != VMX_SUCCEED)
		return -HV_EIO;
	if (caps->load_pat && vmx_hw_vmread(VMCS_GUEST_IA32_PAT, &gs->pat) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}

/* IA-32e mode comes from the entry controls (SDM 24.8.1); without CR0.PE or CR0.PG the guest needs
 * "unrestricted guest" (SDM 26.3.1.1). */
static int read_guest_mode(struct vmx_guest_state *gs)
{
	uint64_t v;
	if (vmx_hw_vmread(VMCS_VM_ENTRY_CONTROLS, &v) != VMX_SUCCEED)
		return -HV_EIO;
	gs->ia32e_mode_guest = (v & VM_ENTRY_IA32E_MODE_GUEST) != 0;
	gs->needs_unrestricted_guest = !(gs->cr0 & CR0_PE) || !(gs->cr0 & CR0_PG);
	return 0;
}

int vmx_guest_state_read(const struct vmx_caps *caps, struct vmx_guest_state *gs)
{
	uint64_t v;

	if (caps == NULL || gs == NULL)
		return -HV_EINVAL;
	memset(gs, 0, sizeof(*gs));
	for (unsigned int i = 0; i < vmx_guest_field_count; i++) {
		if (vmx_hw_vmread(vmx_guest_fields[i].field, &v) != VMX_SUCCEED)
			return -HV_EIO;
		put(gs, &vmx_guest_fields[i], v);
	}
	if (read_guest_msrs(caps, gs) != 0)
		return -HV_EIO;
	return read_guest_mode(gs);
}
