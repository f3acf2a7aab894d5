/* SPDX-License-Identifier: BSD-3-Clause */
/* Error lines: fixed buffer, truncated (never overrun) when too long. */
#include "sc_msg.h"

void sc_msg_str(struct sc_msg *m, const char *s)
{
	while (*s != '\0' && m->len + 1 < SC_MSG_MAX)
		m->buf[m->len++] = *s++;
	m->buf[m->len] = '\0';
}

static void sc_msg_digits(struct sc_msg *m, uint64_t v, unsigned int radix)
{
	char tmp[24];
	unsigned int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % radix];
		v /= radix;
	} while (v != 0);
	while (n > 0 && m->len + 1 < SC_MSG_MAX)
		m->buf[m->len++] = tmp[--n];
	m->buf[m->len] = '\0';
}

void sc_msg_dec(struct sc_msg *m, uint64_t v)
{
	sc_msg_digits(m, v, 10);
}

void sc_msg_hex(struct sc_msg *m, uint64_t v)
{
	sc_msg_str(m, "0x");
	sc_msg_digits(m, v, 16);
}

void sc_msg_start(struct sc_msg *m, const char *node, const char *sub, const char *prop)
{
	m->len = 0;
	m->buf[0] = '\0';
	sc_msg_str(m, "scenario: ");
	if (node != NULL && node[0] == '/') {
		sc_msg_str(m, node);
	} else {
		sc_msg_str(m, SCENARIO_NODE_PATH);
		if (node != NULL) {
			sc_msg_str(m, "/");
			sc_msg_str(m, node);
			if (sub != NULL) {
				sc_msg_str(m, "/");
				sc_msg_str(m, sub);
			}
		}
	}
	sc_msg_str(m, ": ");
	if (prop != NULL) {
		sc_msg_str(m, "property \"");
		sc_msg_str(m, prop);
		sc_msg_str(m, "\": ");
	}
}

void sc_msg_vm_path(struct sc_msg *m, const struct vm_config *vm)
{
	sc_msg_str(m, SCENARIO_NODE_PATH "/");
	sc_msg_str(m, vm->node);
}

void sc_msg_send(struct sc_msg *m, struct scenario_report *rep)
{
	rep->errors++;
	if (rep->report != NULL)
		rep->report(rep->ctx, m->buf);
}

void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *text)
{
	struct sc_msg m;

	sc_msg_start(&m, node, sub, prop);
	sc_msg_str(&m, text);
	sc_msg_send(&m, rep);
}
