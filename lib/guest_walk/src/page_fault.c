/* SPDX-License-Identifier: BSD-3-Clause */
/* The page-fault error code of a failed walk (SDM Vol. 3A 4.7). */
#include "walk_internal.h"

/* SDM 4.7: cause is 0 (not present), GUEST_PF_P (protection) or GUEST_PF_P | GUEST_PF_RSVD. */
uint32_t walk_pf_error_code(const struct guest_paging *p, enum guest_access access, uint32_t cause)
{
	uint32_t code = cause;

	if (access == GUEST_ACCESS_WRITE)
		code |= GUEST_PF_W;
	if (p->cpl == 3)
		code |= GUEST_PF_U;
	/* I/D is set for fetches only with CR4.SMEP, or with CR4.PAE and EFER.NXE. */
	if (access == GUEST_ACCESS_FETCH &&
	    ((p->cr4 & CR4_SMEP) || ((p->cr4 & CR4_PAE) && (p->efer & IA32_EFER_NXE))))
		code |= GUEST_PF_I;
	return code;
}
