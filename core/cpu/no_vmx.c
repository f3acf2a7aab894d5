/* SPDX-License-Identifier: BSD-3-Clause */
/* For images that link no lib/vmx (the VT-d test image): VMX is simply not part of them. */
#include <core/console.h>
#include <core/vmx_bringup.h>

bool vmx_bringup_cpu(struct percpu *cpu)
{
	if (cpu->index == 0)
		hv_info("vmx: not linked into this image");
	return false;
}

unsigned int vmx_bringup_count(void)
{
	return 0;
}

bool vmx_required(void)
{
	return false;
}
