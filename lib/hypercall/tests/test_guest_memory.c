/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Structures and pages in the caller's RAM. A structure is read once, exactly its size, at the
 * address in the register; anything not wholly in RAM (below it, past its end, straddling either
 * edge, wrapping around 2^64) is -HVKIT_EFAULT. A page argument must be 4 KiB aligned (checked
 * before the RAM is consulted) and wholly RAM; it is checked, never read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

#define BASE 0x7ff000ull
#define RAM 0x3000u

/* Decode the structure call nr with its structure at gpa in RAM of RAM bytes at BASE, whose bytes
 * are a valid structure wherever it is put (valid_at) or a pattern; expect rc. */
static void struct_at(uint64_t nr, uint64_t gpa, int rc)
{
	const struct hc_desc *d = hc_lookup(nr);
	assert_non_null(d);
	size_t size = hc_struct_size(d->type);
	struct fake_guest g;
	struct hc_request out;
	uint8_t valid[sizeof(out.in)];
	fake_guest_init(&g, BASE, RAM, 0xee);
	hc_test_valid_struct(d->type, valid);
	if (fake_guest_contains(&g, gpa, size))
		fake_guest_put(&g, gpa, valid, size);
	int got = hc_test_service(&g, nr, gpa, 0, 0, &out);
	if (got != rc)
		fail_msg("%s at 0x%llx: expected %d, got %d", d->name, (unsigned long long)gpa, rc, got);
	/* One read, of exactly the structure, wherever it was. */
	assert_int_equal(g.reads, 1);
	assert_int_equal(g.last_gpa, gpa);
	assert_int_equal(g.last_len, size);
	assert_int_equal(g.writes + g.checks, 0);
	if (rc == 0) {
		assert_int_equal(out.struct_gpa, gpa);
		assert_memory_equal(&out.in, valid, size);
		/* Nothing beyond the structure lands in the request. */
		for (size_t i = size; i < sizeof(out.in); i++)
			assert_int_equal(((const uint8_t *)&out.in)[i], 0);
	}
	fake_guest_free(&g);
}

static const uint64_t struct_calls[] = {
	HVKIT_HC_HV_INFO, HVKIT_HC_VM_CREATE, HVKIT_HC_VM_SET_MEMORY, HVKIT_HC_VCPU_SET_STATE, HVKIT_HC_VM_STATUS,
};
#define N_STRUCT_CALLS (sizeof(struct_calls) / sizeof(struct_calls[0]))

static void every_structure_call_is_listed(void **state)
{
	(void)state;
	size_t n, structs = 0;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++)
		structs += t[i].type != HC_STRUCT_NONE;
	assert_int_equal(structs, N_STRUCT_CALLS);
}

static void structure_inside_ram(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_STRUCT_CALLS; i++) {
		size_t size = hc_struct_size(hc_lookup(struct_calls[i])->type);
		struct_at(struct_calls[i], BASE, 0);                 /* RAM's first byte */
		struct_at(struct_calls[i], BASE + 0x1234, 0);        /* unaligned is fine */
		struct_at(struct_calls[i], BASE + 0xff8, 0);         /* across a page boundary in RAM */
		struct_at(struct_calls[i], BASE + RAM - size, 0);    /* its last byte RAM's last */
	}
}

static void structure_straddling_the_end_of_ram(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_STRUCT_CALLS; i++) {
		size_t size = hc_struct_size(hc_lookup(struct_calls[i])->type);
		struct_at(struct_calls[i], BASE + RAM - size + 1, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE + RAM - 1, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE + RAM, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE + RAM + 0x1000, -HVKIT_EFAULT);
	}
}

static void structure_straddling_the_start_of_ram(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_STRUCT_CALLS; i++) {
		size_t size = hc_struct_size(hc_lookup(struct_calls[i])->type);
		struct_at(struct_calls[i], BASE - 1, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE - size + 1, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE - size, -HVKIT_EFAULT);
		struct_at(struct_calls[i], 0, -HVKIT_EFAULT);
	}
}

static void structure_address_wrapping_or_huge(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_STRUCT_CALLS; i++) {
		struct_at(struct_calls[i], ~0ull, -HVKIT_EFAULT);
		struct_at(struct_calls[i], ~0ull - 7, -HVKIT_EFAULT);
		struct_at(struct_calls[i], 0xfffffffffffff000ull, -HVKIT_EFAULT);
		struct_at(struct_calls[i], 1ull << 52, -HVKIT_EFAULT);
		struct_at(struct_calls[i], BASE + (1ull << 32), -HVKIT_EFAULT); /* RAM's address + 4 GiB */
	}
}

/* A structure call's refusal for its memory comes before the structure's own checks (an invalid
 * structure outside RAM is EFAULT, not EINVAL). */
static void efault_before_the_contents_are_judged(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request out;
	fake_guest_init(&g, BASE, RAM, 0xff); /* all 0xff: an invalid name, id, mode... */
	assert_int_equal(hc_test_service(&g, HVKIT_HC_VM_CREATE, BASE + RAM - 8, 0, 0, &out), -HVKIT_EFAULT);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_VM_CREATE, BASE, 0, 0, &out), -HVKIT_EINVAL);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_VM_STATUS, BASE - 4, 0, 0, &out), -HVKIT_EFAULT);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_VM_STATUS, BASE, 0, 0, &out), -HVKIT_ENOENT);
	fake_guest_free(&g);
}

/* ioreq_setup's page (RSI), in RAM of ram bytes at base: expect rc, and whether RAM was consulted. */
static void page_at(uint64_t base, size_t ram, uint64_t page, int rc, bool consulted)
{
	struct fake_guest g;
	struct hc_request out;
	fake_guest_init(&g, base, ram, 0);
	int got = hc_test_service(&g, HVKIT_HC_IOREQ_SETUP, 7, page, 0, &out);
	if (got != rc)
		fail_msg("page 0x%llx in [0x%llx, +0x%zx): expected %d, got %d", (unsigned long long)page,
			 (unsigned long long)base, ram, rc, got);
	assert_int_equal(g.checks, consulted ? 1 : 0);
	if (consulted) {
		assert_int_equal(g.last_gpa, page);
		assert_int_equal(g.last_len, 4096);
	}
	assert_int_equal(g.reads + g.writes, 0);
	if (rc == 0) {
		assert_int_equal(out.arg[0], 7);
		assert_int_equal(out.arg[1], page);
		assert_int_equal(out.struct_gpa, 0);
	}
	fake_guest_free(&g);
}

static void page_inside_ram(void **state)
{
	(void)state;
	page_at(0x100000, 0x3000, 0x100000, 0, true);
	page_at(0x100000, 0x3000, 0x101000, 0, true);
	page_at(0x100000, 0x3000, 0x102000, 0, true); /* the last page */
	page_at(0, 0x2000, 0, 0, true);                 /* page 0 is a page like any other */
}

static void page_unaligned(void **state)
{
	(void)state;
	static const uint64_t off[] = { 1, 8, 0x7ff, 0x800, 0xffc, 0xfff };
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		page_at(0x100000, 0x3000, 0x101000 + off[i], -HVKIT_EFAULT, false);
	page_at(0x100000, 0x3000, ~0ull, -HVKIT_EFAULT, false);
}

static void page_outside_ram(void **state)
{
	(void)state;
	page_at(0x100000, 0x3000, 0x103000, -HVKIT_EFAULT, true);  /* just past the end */
	page_at(0x100000, 0x3000, 0x0ff000, -HVKIT_EFAULT, true);  /* just below */
	page_at(0x100000, 0x3000, 0, -HVKIT_EFAULT, true);
	page_at(0x100000, 0x3800, 0x103000, -HVKIT_EFAULT, true);  /* half of it RAM */
	page_at(0x100800, 0x3000, 0x100000, -HVKIT_EFAULT, true);  /* RAM starts inside it */
	page_at(0x100000, 0x3000, 0xfffffffffffff000ull, -HVKIT_EFAULT, true); /* wraps to 0 */
	page_at(0x100000, 0x3000, 1ull << 52, -HVKIT_EFAULT, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_structure_call_is_listed),
		cmocka_unit_test(structure_inside_ram),
		cmocka_unit_test(structure_straddling_the_end_of_ram),
		cmocka_unit_test(structure_straddling_the_start_of_ram),
		cmocka_unit_test(structure_address_wrapping_or_huge),
		cmocka_unit_test(efault_before_the_contents_are_judged),
		cmocka_unit_test(page_inside_ram),
		cmocka_unit_test(page_unaligned),
		cmocka_unit_test(page_outside_ram),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
