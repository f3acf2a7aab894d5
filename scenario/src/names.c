/* SPDX-License-Identifier: BSD-3-Clause */
/* The enum values of struct vm_config as the DTS spells them: read by the parser, printed in messages. */
#include "sc_names.h"

const char *const sc_load_order_names[SC_LOAD_ORDER_COUNT] = { "pre-launched", "service", "post-launched" };
const char *const sc_kernel_type_names[SC_KERNEL_TYPE_COUNT] = { "multiboot-elf", "raw", "bzimage", "pvh" };

const char *scenario_load_order_name(enum scenario_load_order o)
{
	return (unsigned int)o < SC_LOAD_ORDER_COUNT ? sc_load_order_names[o] : "?";
}

const char *scenario_kernel_type_name(enum scenario_kernel_type t)
{
	return (unsigned int)t < SC_KERNEL_TYPE_COUNT ? sc_kernel_type_names[t] : "?";
}
