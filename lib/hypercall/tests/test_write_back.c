/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hc_write_back: an out or in/out structure (hv_info, vm_create, vm_set_memory, vm_status) goes back
 * to the address it came from, exactly its size, with what the handler put in the request; the
 * bytes around it stay as they were. vcpu_set_state (in only) and calls without a structure write
 * nothing. A write the caller's RAM refuses is -HVKIT_EFAULT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

#define BASE 0x200000ull

/* Decode the valid call t with its structure (if any) at BASE + HC_TEST_STRUCT_OFFSET. */
static void decode_valid(const struct hc_desc *t, struct fake_guest *g, struct hc_request *out)
{
	uint64_t a[3];
	fake_guest_init(g, BASE, HC_TEST_RAM, 0x3c);
	hc_test_valid_args(t, g, a);
	assert_int_equal(hc_test_service(g, t->nr, a[0], a[1], a[2], out), 0);
	fake_guest_reset_counts(g);
}

static void written_back_where_it_came_from(void **state)
{
	(void)state;
	static const uint64_t calls[] = { HVKIT_HC_HV_INFO, HVKIT_HC_VM_CREATE, HVKIT_HC_VM_SET_MEMORY,
					  HVKIT_HC_VM_STATUS };
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct hc_desc *t = hc_lookup(calls[i]);
		struct fake_guest g;
		struct hc_request req;
		decode_valid(t, &g, &req);
		size_t size = hc_struct_size(t->type);
		uint64_t gpa = BASE + HC_TEST_STRUCT_OFFSET;
		assert_int_equal(req.struct_gpa, gpa);
		/* What a handler does: fill the out fields. */
		switch (t->type) {
		case HC_STRUCT_HV_INFO:
			req.in.hv_info = (struct hvkit_hv_info){ .abi_version = HVKIT_ABI_VERSION, .self_id = 0,
								 .free_pages = 123456, .cpu_count = 4 };
			break;
		case HC_STRUCT_VM_CREATE:
			req.in.vm_create.id = 3;
			break;
		case HC_STRUCT_VM_MEMORY:
			req.in.vm_memory.host_address = 0x12340000;
			break;
		case HC_STRUCT_VM_STATUS:
			req.in.vm_status.state = HVKIT_VM_STATE_STOPPED;
			req.in.vm_status.exits = 987654321;
			break;
		default:
			fail();
		}
		uint8_t before[HC_TEST_RAM];
		memcpy(before, g.ram, sizeof(before));
		assert_int_equal(hc_write_back(&req, &g.ops), 0);
		assert_int_equal(g.writes, 1);
		assert_int_equal(g.last_gpa, gpa);
		assert_int_equal(g.last_len, size);
		assert_int_equal(g.reads + g.checks, 0);
		/* The structure as the handler left it; not a byte more. */
		assert_memory_equal(g.ram + (gpa - BASE), &req.in, size);
		assert_memory_equal(g.ram, before, gpa - BASE);
		assert_memory_equal(g.ram + (gpa - BASE) + size, before + (gpa - BASE) + size,
				    HC_TEST_RAM - (gpa - BASE) - size);
		fake_guest_free(&g);
	}
}

/* Decoded from the end of RAM, written back to the end of RAM. */
static void written_back_at_the_end_of_ram(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request req;
	struct hvkit_vm_status st = { .id = 9 };
	fake_guest_init(&g, BASE, 0x1000, 0);
	uint64_t gpa = BASE + 0x1000 - sizeof(st);
	fake_guest_put(&g, gpa, &st, sizeof(st));
	assert_int_equal(hc_test_service(&g, HVKIT_HC_VM_STATUS, gpa, 0, 0, &req), 0);
	req.in.vm_status.state = HVKIT_VM_STATE_RUNNING;
	req.in.vm_status.exits = 5;
	assert_int_equal(hc_write_back(&req, &g.ops), 0);
	struct hvkit_vm_status back;
	memcpy(&back, fake_guest_at(&g, gpa, sizeof(back)), sizeof(back));
	assert_int_equal(back.id, 9);
	assert_int_equal(back.state, HVKIT_VM_STATE_RUNNING);
	assert_int_equal(back.exits, 5);
	fake_guest_free(&g);
}

static void never_for_vcpu_state_or_register_calls(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	unsigned int silent = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].type != HC_STRUCT_NONE && t[i].type != HC_STRUCT_VCPU_STATE)
			continue;
		struct fake_guest g;
		struct hc_request req;
		decode_valid(&t[i], &g, &req);
		uint8_t before[HC_TEST_RAM];
		memcpy(before, g.ram, sizeof(before));
		/* Even if a handler scribbled on the request. */
		memset(&req.in, 0x99, sizeof(req.in));
		assert_int_equal(hc_write_back(&req, &g.ops), 0);
		assert_int_equal(g.writes + g.reads + g.checks, 0);
		assert_memory_equal(g.ram, before, sizeof(before));
		fake_guest_free(&g);
		silent++;
	}
	assert_int_equal(silent, 13); /* 12 register-only calls and vcpu_set_state */
}

/* The caller's RAM can refuse the write (the handler changed it meanwhile): the code comes back. */
static void refused_write_is_efault(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request req;
	decode_valid(hc_lookup(HVKIT_HC_VM_CREATE), &g, &req);
	g.size = HC_TEST_STRUCT_OFFSET + 8; /* RAM now ends inside the structure */
	assert_int_equal(hc_write_back(&req, &g.ops), -HVKIT_EFAULT);
	assert_int_equal(g.writes, 1);
	g.size = HC_TEST_RAM;
	fake_guest_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(written_back_where_it_came_from),
		cmocka_unit_test(written_back_at_the_end_of_ram),
		cmocka_unit_test(never_for_vcpu_state_or_register_calls),
		cmocka_unit_test(refused_write_is_efault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
