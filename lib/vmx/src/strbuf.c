/* SPDX-License-Identifier: BSD-3-Clause */
/* Bounded string builder: writes what fits, counts everything, always terminates. */
#include "strbuf.h"

void sb_init(struct strbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = buf ? len : 0;
	sb->pos = 0;
	if (sb->len)
		buf[0] = '\0';
}

static void sb_char(struct strbuf *sb, char c)
{
	if (sb->pos + 1 < sb->len) {
		sb->buf[sb->pos] = c;
		sb->buf[sb->pos + 1] = '\0';
	}
	sb->pos++;
}

void sb_str(struct strbuf *sb, const char *s)
{
	while (*s)
		sb_char(sb, *s++);
}

void sb_hex(struct strbuf *sb, uint64_t v)
{
	char tmp[16];
	int n = 0;

	sb_str(sb, "0x");
	do {
		tmp[n++] = "0123456789abcdef"[v & 0xF];
		v >>= 4;
	} while (v);
	while (n)
		sb_char(sb, tmp[--n]);
}

void sb_dec(struct strbuf *sb, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		sb_char(sb, tmp[--n]);
}

void sb_yesno(struct strbuf *sb, const char *name, int v)
{
	sb_str(sb, " ");
	sb_str(sb, name);
	sb_str(sb, v ? "=yes" : "=no");
}
