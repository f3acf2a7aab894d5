/* SPDX-License-Identifier: BSD-3-Clause */
/* Control-field adjustment from the allowed-0/allowed-1 settings (SDM Vol. 3D A.3-A.5). */
#include <hvkit/errno.h>
#include <vmx/vmx.h>

int vmx_adjust_controls(uint64_t allowed, uint32_t desired, uint32_t required, uint32_t *result)
{
	uint32_t allowed0 = (uint32_t)allowed;        /* 1: the control must be 1 */
	uint32_t allowed1 = (uint32_t)(allowed >> 32); /* 0: the control must be 0 */

	if (result == NULL)
		return -HV_EINVAL;
	if (allowed0 & ~allowed1)
		return -HV_EIO; /* a control both forced to 1 and forbidden: a corrupt MSR value */
	if (required & ~allowed1)
		return -HV_ENODEV;
	*result = ((desired | required) | allowed0) & allowed1;
	return 0;
}

uint64_t vmx_apply_fixed(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value | fixed0) & fixed1;
}
