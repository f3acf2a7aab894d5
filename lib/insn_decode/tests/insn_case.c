/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "insn_case.h"

int decode_exact(const uint8_t *bytes, size_t n, enum mmio_cpu_mode mode, struct mmio_insn *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, bytes, n);
	rc = mmio_insn_decode(copy, n, mode, out);
	free(copy);
	return rc;
}

static bool same(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->write == b->write && a->size == b->size && a->src == b->src && a->reg == b->reg &&
	       a->high8 == b->high8 && a->imm == b->imm && a->ext == b->ext && a->dst_size == b->dst_size &&
	       a->len == b->len && a->mode == b->mode;
}

static void print_insn(const char *what, const struct mmio_insn *i)
{
	print_error("  %s: write=%d size=%u src=%d reg=%u high8=%d imm=%#llx ext=%d dst_size=%u len=%u mode=%d\n",
		    what, i->write, i->size, (int)i->src, i->reg, i->high8, (unsigned long long)i->imm, (int)i->ext,
		    i->dst_size, i->len, (int)i->mode);
}

static bool check_one(const struct insn_case *c, size_t given)
{
	struct mmio_insn want = c->want, got;
	uint8_t bytes[MMIO_INSN_MAX_LEN];
	int rc;

	memset(bytes, 0x8b, sizeof(bytes)); /* trailing bytes that would decode as more instructions */
	memcpy(bytes, c->bytes, c->n);
	want.len = (unsigned int)c->n;
	want.mode = c->mode;
	memset(&got, 0, sizeof(got));
	rc = decode_exact(bytes, given, c->mode, &got);
	if (rc == 0 && same(&got, &want))
		return true;
	print_error("case \"%s\" (%zu bytes given): rc %d\n", c->name, given, rc);
	print_insn("want", &want);
	print_insn("got ", &got);
	return false;
}

void check_cases(const struct insn_case *cases, size_t count)
{
	unsigned int failed = 0;

	for (size_t i = 0; i < count; i++) {
		failed += !check_one(&cases[i], cases[i].n);
		failed += !check_one(&cases[i], MMIO_INSN_MAX_LEN);
	}
	assert_int_equal(failed, 0);
}

void check_refused(const struct insn_case *cases, size_t count, int rc)
{
	unsigned int failed = 0;

	for (size_t i = 0; i < count; i++) {
		struct mmio_insn got, untouched;
		int r;

		memset(&got, 0x5a, sizeof(got));
		untouched = got;
		r = decode_exact(cases[i].bytes, cases[i].n, cases[i].mode, &got);
		if (r != rc || memcmp(&got, &untouched, sizeof(got)) != 0) {
			print_error("case \"%s\": rc %d, want %d%s\n", cases[i].name, r, rc,
				    r == rc ? " (and *out was changed)" : "");
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}
