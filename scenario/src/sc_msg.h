/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: building one error line without a libc formatter, and sending it. */
#ifndef SCENARIO_SC_MSG_H
#define SCENARIO_SC_MSG_H

#include <stdint.h>
#include <scenario/scenario.h>

#define SC_MSG_MAX 400u

struct sc_msg {
	char buf[SC_MSG_MAX];
	uint32_t len;
};

/*
 * Start "scenario: <path>: property "<prop>": ". The path is /chosen/hypervisor
 * when node is NULL, node itself when it starts with '/', otherwise
 * /chosen/hypervisor/<node>[/<sub>]. prop may be NULL (no property part).
 */
void sc_msg_start(struct sc_msg *m, const char *node, const char *sub, const char *prop);
void sc_msg_str(struct sc_msg *m, const char *s);
void sc_msg_dec(struct sc_msg *m, uint64_t v);
void sc_msg_hex(struct sc_msg *m, uint64_t v);
/* Append the path of a VM node ("/chosen/hypervisor/vm@0"). */
void sc_msg_vm_path(struct sc_msg *m, const struct vm_config *vm);
/* Count the error and hand the line to rep->report. */
void sc_msg_send(struct sc_msg *m, struct scenario_report *rep);
/* The common case: start, one piece of text, send. */
void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *text);

#endif
