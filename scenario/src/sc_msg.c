/* SPDX-License-Identifier: BSD-3-Clause */
/* Error lines: fixed buffer, truncated (never overrun) when too long. */
#include <stdarg.h>
#include <stdbool.h>
#include "sc_msg.h"

struct sc_msg {
	char buf[SC_MSG_MAX];
	uint32_t len;
};

static void sc_msg_str(struct sc_msg *m, const char *s)
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

/* %u, %lu in decimal; %#x, %#lx in hexadecimal with 0x. */
static void sc_msg_number(struct sc_msg *m, uint64_t v, bool hex)
{
	if (hex)
		sc_msg_str(m, "0x");
	sc_msg_digits(m, v, hex ? 16 : 10);
}

static void sc_msg_vadd(struct sc_msg *m, const char *fmt, va_list ap)
{
	char one[2] = { 0, 0 };

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			one[0] = *fmt;
			fmt += *fmt == '%';
			sc_msg_str(m, one);
			continue;
		}
		bool hex = fmt[1] == '#', wide = fmt[1 + hex] == 'l';
		fmt += 1 + hex + wide; /* at the conversion letter: s, u or x */
		if (*fmt == 's') {
			sc_msg_str(m, va_arg(ap, const char *));
			continue;
		}
		sc_msg_number(m, wide ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), hex);
	}
}

static void sc_msg_add(struct sc_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sc_msg_add(struct sc_msg *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sc_msg_vadd(m, fmt, ap);
	va_end(ap);
}

static void sc_msg_start(struct sc_msg *m, const char *node, const char *sub, const char *prop)
{
	m->len = 0;
	m->buf[0] = '\0';
	if (node != NULL && node[0] == '/')
		sc_msg_add(m, "scenario: %s: ", node);
	else if (node == NULL)
		sc_msg_add(m, "scenario: " SCENARIO_NODE_PATH ": ");
	else
		sc_msg_add(m, "scenario: " SCENARIO_NODE_PATH "/%s%s%s: ", node, sub ? "/" : "", sub ? sub : "");
	if (prop != NULL)
		sc_msg_add(m, "property \"%s\": ", prop);
}

void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...)
{
	struct sc_msg m;
	va_list ap;

	sc_msg_start(&m, node, sub, prop);
	va_start(ap, fmt);
	sc_msg_vadd(&m, fmt, ap);
	va_end(ap);
	rep->errors++;
	if (rep->report != NULL)
		rep->report(rep->ctx, m.buf);
}
