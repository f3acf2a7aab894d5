/* SPDX-License-Identifier: BSD-3-Clause */
/* The images with one vCPU per CPU (partition, lapic_pt) schedule nothing: they refuse the scheduling properties
 * by name instead of parsing them (parse_sched.c, share and hybrid). */
#include "sc_fdt.h"
#include "sc_msg.h"
#include "sc_parse.h"

static void refuse(const struct sc_node *n, const char *prop)
{
	int len;

	if (fdt_getprop(n->fdt, n->offset, prop, &len) != NULL)
		sc_fail(n->rep, n->node, n->sub, prop,
			"is not supported by this image (it runs one vCPU per CPU; the share and hybrid images schedule)");
}

void sc_parse_sched_policy(const struct sc_node *n, struct scenario *out)
{
	(void)out;
	refuse(n, "sched-policy");
}

void sc_parse_sched_params(const struct sc_node *n, struct vm_config *vm)
{
	(void)vm;
	refuse(n, "sched-weight");
	refuse(n, "sched-priority");
	refuse(n, "sched-warp-us");
}
