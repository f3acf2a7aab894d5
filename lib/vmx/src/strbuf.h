/* SPDX-License-Identifier: BSD-3-Clause */
/* A bounded string builder (the image has no snprintf): internal to lib/vmx. */
#ifndef VMX_SRC_STRBUF_H
#define VMX_SRC_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;
	size_t len;  /* capacity including the NUL */
	size_t pos;  /* length the full text would have */
};

void sb_init(struct strbuf *sb, char *buf, size_t len);
void sb_str(struct strbuf *sb, const char *s);
void sb_hex(struct strbuf *sb, uint64_t v);  /* "0x" + lower-case hex */
void sb_dec(struct strbuf *sb, uint64_t v);
void sb_yesno(struct strbuf *sb, const char *name, int v); /* " name=yes|no" */

#endif
