/* SPDX-License-Identifier: BSD-3-Clause */
/* Access rights of a translation (SDM Vol. 3A 4.6). */
#include "walk_internal.h"

void walk_rights_init(struct walk_rights *r)
{
	r->user = true;
	r->writable = true;
	r->xd = false;
}

/* SDM 4.6: the rights are those of every entry that controls the translation (PAE PDPTEs
 * control none, so they are never added). */
void walk_rights_add(struct walk_rights *r, const struct walk_format *f, uint64_t e)
{
	r->user = r->user && (e & PTE_US);
	r->writable = r->writable && (e & PTE_RW);
	r->xd = r->xd || (f->nxe && (e & PTE_XD));
}

/* CPL 3 needs R/W everywhere; supervisor writes need it only with CR0.WP (SDM 4.6.1). */
static bool write_allowed(const struct walk_rights *r, const struct guest_paging *p, bool user_access)
{
	return r->writable || (!user_access && !(p->cr0 & CR0_WP));
}

/* No fetch from an XD page, nor (with SMEP) a supervisor fetch from a user page (SDM 4.6.1). */
static bool fetch_allowed(const struct walk_rights *r, const struct guest_paging *p, bool user_access)
{
	if (r->xd)
		return false;
	return user_access || !r->user || !(p->cr4 & CR4_SMEP);
}

/* SDM 4.6.1. SMAP is not modelled: supervisor data accesses to user addresses are allowed. */
bool walk_rights_allow(const struct walk_rights *r, const struct guest_paging *p,
		       enum guest_access access)
{
	bool user_access = p->cpl == 3;

	if (user_access && !r->user)
		return false;
	switch (access) {
	case GUEST_ACCESS_READ:
		return true;
	case GUEST_ACCESS_WRITE:
		return write_allowed(r, p, user_access);
	case GUEST_ACCESS_FETCH:
		return fetch_allowed(r, p, user_access);
	}
	return false;
}
