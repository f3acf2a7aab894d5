/* SPDX-License-Identifier: BSD-3-Clause */
/* Dispatching a VM exit on its basic exit reason. */
#include <stddef.h>

#include <hvkit/errno.h>
#include <vmx/vmx_exit.h>

int vmx_exit_dispatch(const struct vmx_exit_table *table, const struct vmx_exit_info *exit, void *ctx)
{
	if (table == NULL || exit == NULL)
		return -HV_EINVAL;
	vmx_exit_handler_t h = exit->basic_reason < VMX_EXIT_REASON_COUNT ? table->handlers[exit->basic_reason] : NULL;
	if (h == NULL)
		h = table->default_handler;
	if (h == NULL)
		return -HV_ENOSYS;
	return h(exit, ctx);
}
