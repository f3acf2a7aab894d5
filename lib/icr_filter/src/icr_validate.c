/* SPDX-License-Identifier: BSD-3-Clause */
/* Which guest ICR values fault, which are refused, which carry an illegal vector. */
#include "icr_internal.h"

int icr_validate(uint64_t icr)
{
	/* SDM 11.12.1.3: a non-zero write to a reserved bit of an x2APIC register is #GP. */
	if (icr & ICR_RESERVED_BITS)
		return ICR_FILTER_GP;

	/* SMI would enter the platform's SMM; 011b and 111b are reserved. */
	static const uint8_t allowed = 1u << APIC_DM_FIXED | 1u << APIC_DM_LOWEST | 1u << APIC_DM_NMI |
				       1u << APIC_DM_INIT | 1u << APIC_DM_STARTUP;
	enum apic_delivery_mode dm = icr_delivery_mode(icr);
	if (!((allowed >> dm) & 1u))
		return ICR_FILTER_REFUSED;

	/* SDM 11.6.1, table of valid ICR combinations: the self and all-including-self
	 * shorthands are valid with fixed delivery only. */
	enum apic_shorthand sh = icr_shorthand(icr);
	if ((sh == APIC_SH_SELF || sh == APIC_SH_ALL_INCL_SELF) && dm != APIC_DM_FIXED)
		return ICR_FILTER_REFUSED;
	return 0;
}

bool icr_has_illegal_vector(uint64_t icr)
{
	enum apic_delivery_mode dm = icr_delivery_mode(icr);
	/* SDM 11.5.3: vectors 0-15 are illegal; NMI, INIT and SIPI do not use the vector
	 * as an interrupt vector. */
	return (dm == APIC_DM_FIXED || dm == APIC_DM_LOWEST) &&
	       icr_vector(icr) < APIC_FIRST_LEGAL_VECTOR;
}
