/* SPDX-License-Identifier: BSD-3-Clause */
/* The host-state rules of SDM Vol. 3C 26.2.3 checked before the host state is written (share and hybrid; the
 * partition and lapic_pt images link src/vmx_checks_none.c and leave them to the processor). */
#include <vmx/vmx_vmcs.h>

/* Canonical for 48-bit linear addresses: bits 63:47 all equal. */
static bool canonical(uint64_t a)
{
	uint64_t top = a >> 47;
	return top == 0 || top == 0x1FFFFull;
}

/* SDM 26.2.3: RPL and TI of every host selector are 0; CS and TR are not null. */
static bool selectors_ok(const struct vmx_host_state *h)
{
	const uint16_t sel[7] = { h->cs, h->ss, h->ds, h->es, h->fs, h->gs, h->tr };
	for (int i = 0; i < 7; i++)
		if (sel[i] & 0x7)
			return false;
	return h->cs != 0 && h->tr != 0;
}

/* SDM 26.2.3: host base addresses, SYSENTER ESP/EIP and RIP are canonical. */
static bool addresses_canonical(const struct vmx_host_state *h)
{
	const uint64_t addr[8] = { h->fs_base, h->gs_base, h->tr_base, h->gdtr_base, h->idtr_base,
		h->sysenter_esp, h->sysenter_eip, h->rip };
	for (int i = 0; i < 8; i++)
		if (!canonical(addr[i]))
			return false;
	return true;
}

bool vmx_host_state_valid(const struct vmx_host_state *h)
{
	return selectors_ok(h) && addresses_canonical(h);
}
