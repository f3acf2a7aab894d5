/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: attribute changes of a mapped range (pt_protect, pt_set_perm, pt_set_memtype), run by
 * pt_change.c's machinery. A file of its own so that an image that never changes attributes does not link it. */
#include "pt_op.h"
#include <ept/pt_ext.h>

/* Entry bits that hold a leaf's attributes (permissions, memory type, flags). */
static uint64_t attr_mask(const struct pt_format *fmt)
{
	uint64_t m = PT_PERM_RWX;
	if (fmt->has_memtype)
		m |= 7ull << 3;
	for (unsigned int i = 0; i < PT_FLAG_COUNT; i++)
		if (fmt->flags_allowed & (1u << i))
			m |= fmt->flag_bits[i];
	return m;
}

int pt_protect(struct pt_table *t, uint64_t gpa, uint64_t size, const struct pt_prot *prot)
{
	if (!pt_table_ok(t) || prot == NULL)
		return -HV_EINVAL;
	int rc = pt_check_prot(t, prot);
	if (rc != 0)
		return rc;
	return pt_change(t, gpa, size, false, pt_encode_attrs(t->fmt, prot), attr_mask(t->fmt));
}

int pt_set_perm(struct pt_table *t, uint64_t gpa, uint64_t size, uint8_t perm)
{
	if (!pt_table_ok(t))
		return -HV_EINVAL;
	int rc = pt_check_perm(t, perm);
	if (rc != 0)
		return rc;
	return pt_change(t, gpa, size, false, perm, PT_PERM_RWX);
}

int pt_set_memtype(struct pt_table *t, uint64_t gpa, uint64_t size, uint8_t memtype, bool ipat)
{
	if (!pt_table_ok(t) || !t->fmt->has_memtype || !(t->fmt->flags_allowed & PT_FLAG_IPAT))
		return -HV_EINVAL;
	struct pt_prot p = {.perm = 0, .memtype = memtype, .flags = ipat ? PT_FLAG_IPAT : 0};
	int rc = pt_check_memtype(t, p.memtype, p.flags);
	if (rc != 0)
		return rc;
	const struct pt_prot all = {.perm = 0, .memtype = 7, .flags = PT_FLAG_IPAT};
	return pt_change(t, gpa, size, false, pt_encode_attrs(t->fmt, &p), pt_encode_attrs(t->fmt, &all));
}
