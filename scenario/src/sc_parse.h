/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the parser's pieces, one per node kind. */
#ifndef SCENARIO_SC_PARSE_H
#define SCENARIO_SC_PARSE_H

#include <scenario/scenario.h>
#include "sc_props.h"

/* Parse one VM node (n->node is its name) into *vm. */
void sc_parse_vm(const struct sc_node *n, struct vm_config *vm);
/* Sub-nodes of a VM node: "kernel" (required), "ramdisk", "vuart", "debug-exit". */
void sc_parse_vm_subnodes(const struct sc_node *vmn, struct vm_config *vm);

/* The scheduling properties: the hypervisor node's "sched-policy" and a VM's "sched-weight", "sched-priority"
 * and "sched-warp-us" (parse_sched.c). */
void sc_parse_sched_policy(const struct sc_node *n, struct scenario *out);
void sc_parse_sched_params(const struct sc_node *n, struct vm_config *vm);

#endif
