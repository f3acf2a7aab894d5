/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading instruction bytes one at a time, never past the bytes given nor past 15. */
#ifndef INSN_DECODE_INSN_CURSOR_H
#define INSN_DECODE_INSN_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

struct insn_cursor {
	const uint8_t *bytes;
	size_t avail; /* min(bytes given, MMIO_INSN_MAX_LEN) */
	size_t pos;   /* bytes consumed so far */
};

static inline void insn_cursor_init(struct insn_cursor *c, const uint8_t *bytes, size_t avail)
{
	c->bytes = bytes;
	c->avail = avail < MMIO_INSN_MAX_LEN ? avail : MMIO_INSN_MAX_LEN;
	c->pos = 0;
}

/* The next byte: 0; -HV_EINVAL past byte 15 (SDM Vol. 2A 2.3.11: #GP); -HV_ERANGE past the bytes given. */
static inline int insn_cursor_next(struct insn_cursor *c, uint8_t *b)
{
	if (c->pos >= c->avail)
		return c->pos >= MMIO_INSN_MAX_LEN ? -HV_EINVAL : -HV_ERANGE;
	*b = c->bytes[c->pos++];
	return 0;
}

/* The next n (<= 8) bytes as a little-endian number. 0 or insn_cursor_next's error. */
static inline int insn_cursor_le(struct insn_cursor *c, unsigned int n, uint64_t *val)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++) {
		uint8_t b;
		int rc = insn_cursor_next(c, &b);

		if (rc != 0)
			return rc;
		v |= (uint64_t)b << (8 * i);
	}
	*val = v;
	return 0;
}

#endif
