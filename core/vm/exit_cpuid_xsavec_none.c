/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * partition and lapic_pt never offer XSAVEC (CPUID.(0DH,1):EAX[1]): they link no probe of the CPU's
 * (exit_cpuid_xsavec.c: Bochs 2.7's writes the extended region 160 bytes early). Their guests save and
 * restore their state with XSAVE/XSAVEOPT in the standard format, as under Bochs 2.7 they did anyway.
 */
#include <core/vm_internal.h>
#include <guest_rules/cpuid_xsave.h>

void xsavec_check(struct xsave_layout *x, uint32_t max_leaf)
{
	(void)max_leaf;
	x->hide_xsavec = true;
}
