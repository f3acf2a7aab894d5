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

#endif
