/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Who may make which hypercall. The table is compared with the ABI restated here (numbers, names,
 * kinds, arguments), then every entry is called by every kind of VM at every CPL with arguments that
 * pass every other check: -HVKIT_EPERM exactly when the kind is not in the entry or CPL > 0, and a
 * refused call reads nothing. Numbers outside the table are -HVKIT_ENOSYS for anyone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

#define ARGS(a, b, c) { HC_ARG_##a, HC_ARG_##b, HC_ARG_##c }
#define ANY HC_KIND_ANY
#define SVC HC_KIND_SERVICE

/* The ABI (include/hvkit/abi/hypercall.h, docs/hypercalls.md), independently of hypercall_table.c. */
static const struct hc_desc expected[] = {
	{ 0x000, "version", ANY, ARGS(NONE, NONE, NONE), HC_STRUCT_NONE },
	{ 0x001, "exit_count", ANY, ARGS(NONE, NONE, NONE), HC_STRUCT_NONE },
	{ 0x002, "watchdog", ANY, ARGS(NONE, NONE, NONE), HC_STRUCT_NONE },
	{ 0x003, "self_id", ANY, ARGS(NONE, NONE, NONE), HC_STRUCT_NONE },
	{ 0x004, "hv_info", SVC, ARGS(STRUCT, NONE, NONE), HC_STRUCT_HV_INFO },
	{ 0x100, "vm_create", SVC, ARGS(STRUCT, NONE, NONE), HC_STRUCT_VM_CREATE },
	{ 0x101, "vm_start", SVC, ARGS(VM_ID, NONE, NONE), HC_STRUCT_NONE },
	{ 0x102, "vm_pause", SVC, ARGS(VM_ID, NONE, NONE), HC_STRUCT_NONE },
	{ 0x103, "vm_reset", SVC, ARGS(VM_ID, NONE, NONE), HC_STRUCT_NONE },
	{ 0x104, "vm_destroy", SVC, ARGS(VM_ID, NONE, NONE), HC_STRUCT_NONE },
	{ 0x105, "vm_set_memory", SVC, ARGS(STRUCT, NONE, NONE), HC_STRUCT_VM_MEMORY },
	{ 0x106, "vcpu_set_state", SVC, ARGS(STRUCT, NONE, NONE), HC_STRUCT_VCPU_STATE },
	{ 0x107, "ioreq_setup", SVC, ARGS(VM_ID, PAGE, NONE), HC_STRUCT_NONE },
	{ 0x108, "ioreq_complete", SVC, ARGS(VM_ID, VCPU, NONE), HC_STRUCT_NONE },
	{ 0x109, "inject_irq", SVC, ARGS(VM_ID, PIN, IRQ_LEVEL), HC_STRUCT_NONE },
	{ 0x10a, "inject_msi", SVC, ARGS(VM_ID, MSI_ADDR, MSI_DATA), HC_STRUCT_NONE },
	{ 0x10b, "vm_status", SVC, ARGS(STRUCT, NONE, NONE), HC_STRUCT_VM_STATUS },
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

static const uint8_t kinds[] = { HC_KIND_PRE_LAUNCHED, HC_KIND_SERVICE, HC_KIND_POST_LAUNCHED };

static void table_is_the_abi(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	assert_int_equal(n, N_EXPECTED);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].nr, expected[i].nr);
		assert_string_equal(t[i].name, expected[i].name);
		assert_int_equal(t[i].kinds, expected[i].kinds);
		for (unsigned int a = 0; a < 3; a++)
			assert_int_equal(t[i].arg[a], expected[i].arg[a]);
		assert_int_equal(t[i].type, expected[i].type);
	}
	/* The ABI's own macros name the same numbers. */
	static const uint32_t abi[] = {
		HVKIT_HC_VERSION, HVKIT_HC_EXIT_COUNT, HVKIT_HC_WATCHDOG, HVKIT_HC_SELF_ID, HVKIT_HC_HV_INFO,
		HVKIT_HC_VM_CREATE, HVKIT_HC_VM_START, HVKIT_HC_VM_PAUSE, HVKIT_HC_VM_RESET, HVKIT_HC_VM_DESTROY,
		HVKIT_HC_VM_SET_MEMORY, HVKIT_HC_VCPU_SET_STATE, HVKIT_HC_IOREQ_SETUP, HVKIT_HC_IOREQ_COMPLETE,
		HVKIT_HC_INJECT_IRQ, HVKIT_HC_INJECT_MSI, HVKIT_HC_VM_STATUS,
	};
	assert_int_equal(sizeof(abi) / sizeof(abi[0]), N_EXPECTED);
	for (size_t i = 0; i < N_EXPECTED; i++)
		assert_int_equal(abi[i], expected[i].nr);
}

/* Each entry is well formed: one number and one name each, a non-empty kind mask, a structure
 * type exactly when one argument is a structure, at most one structure or page argument. */
static void table_entries_are_consistent(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		assert_true(t[i].kinds != 0 && (t[i].kinds & ~HC_KIND_ANY) == 0);
		unsigned int structs = 0, pages = 0;
		for (unsigned int a = 0; a < 3; a++) {
			structs += t[i].arg[a] == HC_ARG_STRUCT;
			pages += t[i].arg[a] == HC_ARG_PAGE;
		}
		assert_true(structs <= 1 && pages <= 1);
		assert_int_equal(structs == 1, t[i].type != HC_STRUCT_NONE);
		assert_int_equal(structs == 1, hc_struct_size(t[i].type) != 0);
		assert_ptr_equal(hc_lookup(t[i].nr), &t[i]);
		for (size_t j = 0; j < i; j++) {
			assert_int_not_equal(t[i].nr, t[j].nr);
			assert_true(strcmp(t[i].name, t[j].name) != 0);
		}
	}
}

static void struct_sizes_are_the_abi_layouts(void **state)
{
	(void)state;
	assert_int_equal(hc_struct_size(HC_STRUCT_NONE), 0);
	assert_int_equal(hc_struct_size(HC_STRUCT_HV_INFO), 24);
	assert_int_equal(hc_struct_size(HC_STRUCT_VM_CREATE), 40);
	assert_int_equal(hc_struct_size(HC_STRUCT_VM_MEMORY), 32);
	assert_int_equal(hc_struct_size(HC_STRUCT_VCPU_STATE), 128);
	assert_int_equal(hc_struct_size(HC_STRUCT_VM_STATUS), 16);
	assert_int_equal(hc_struct_size((enum hc_struct)99), 0);
	/* One slot per vCPU fills exactly the page HVKIT_HC_IOREQ_SETUP registers. */
	assert_int_equal(sizeof(struct hvkit_ioreq), 64);
	assert_int_equal(sizeof(struct hvkit_ioreq_page), 4096);
}

/* Every entry x every kind x CPL 0..3. */
static void permission_matrix(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	unsigned int allowed = 0, refused = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(kinds); k++) {
			for (unsigned int cpl = 0; cpl < 4; cpl++) {
				struct fake_guest g;
				struct hc_request out;
				uint64_t a[3];
				fake_guest_init(&g, 0x40000000u, HC_TEST_RAM, 0);
				hc_test_valid_args(&t[i], &g, a);
				struct hc_call c = hc_test_call(t[i].nr, a[0], a[1], a[2], cpl, kinds[k]);
				memset(&out, 0x5a, sizeof(out));
				int rc = hc_decode(&c, &g.ops, &out);
				bool may = cpl == 0 && (expected[i].kinds & kinds[k]) != 0;
				if (may) {
					allowed++;
					assert_int_equal(rc, 0);
					assert_ptr_equal(out.desc, &t[i]);
				} else {
					refused++;
					assert_int_equal(rc, -HVKIT_EPERM);
					/* Refused before anything of the caller's was looked at. */
					assert_null(out.desc);
					assert_int_equal(g.reads + g.checks + g.writes, 0);
				}
				fake_guest_free(&g);
			}
		}
	}
	/* 4 calls for anyone (3 kinds at CPL 0), 13 for the Service VM alone (at CPL 0). */
	assert_int_equal(allowed, 4 * 3 + 13);
	assert_int_equal(refused, n * 3 * 4 - allowed);
}

/* A pre-launched or post-launched VM's kernel gets nothing of the management interface, whatever
 * its arguments: even malformed ones are refused for permission first. */
static void permission_comes_before_argument_checks(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request out;
	fake_guest_init(&g, 0x40000000u, HC_TEST_RAM, 0);
	struct hc_call c = hc_test_call(HVKIT_HC_INJECT_IRQ, 999, 999, 999, 0, HC_KIND_POST_LAUNCHED);
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
	c = hc_test_call(HVKIT_HC_VM_CREATE, 0, 0, 0, 0, HC_KIND_PRE_LAUNCHED);
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
	c = hc_test_call(HVKIT_HC_IOREQ_SETUP, 1, 0x123, 0, 3, HC_KIND_SERVICE);
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
	/* CPL above 3 cannot happen, but is no more allowed. */
	c = hc_test_call(HVKIT_HC_VERSION, 0, 0, 0, 4, HC_KIND_SERVICE);
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
	assert_int_equal(g.reads + g.checks + g.writes, 0);
	fake_guest_free(&g);
}

/* A caller with no kind at all (0) is allowed nothing. */
static void no_kind_is_allowed_nothing(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++) {
		struct fake_guest g;
		struct hc_request out;
		uint64_t a[3];
		fake_guest_init(&g, 0, HC_TEST_RAM, 0);
		hc_test_valid_args(&t[i], &g, a);
		struct hc_call c = hc_test_call(t[i].nr, a[0], a[1], a[2], 0, 0);
		assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
		fake_guest_free(&g);
	}
}

static void unknown_numbers_are_enosys(void **state)
{
	(void)state;
	static const uint64_t unknown[] = {
		0x005, 0x0ff, 0x0fe, 0x10c, 0x1ff, 0x200, 0x7e57, 0x80000000ull,
		0x100000000ull,           /* HVKIT_HC_VERSION in the low 32 bits */
		0x100000100ull,           /* HVKIT_HC_VM_CREATE in the low 32 bits */
		0xffffffff00000004ull, 0x8000000000000101ull, ~0ull,
	};
	for (size_t u = 0; u < sizeof(unknown) / sizeof(unknown[0]); u++) {
		assert_null(hc_lookup(unknown[u]));
		for (size_t k = 0; k <= sizeof(kinds); k++) {
			for (unsigned int cpl = 0; cpl < 4; cpl++) {
				struct fake_guest g;
				struct hc_request out;
				fake_guest_init(&g, 0, HC_TEST_RAM, 0);
				struct hc_call c = hc_test_call(unknown[u], 0, 0x1000, 0, cpl,
								k < sizeof(kinds) ? kinds[k] : 0);
				memset(&out, 0x5a, sizeof(out));
				assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_ENOSYS);
				assert_null(out.desc);
				assert_int_equal(g.reads + g.checks + g.writes, 0);
				fake_guest_free(&g);
			}
		}
	}
}

/* Does the entry name a VM, in a register or in its structure? */
static bool names_a_vm(const struct hc_desc *d)
{
	for (unsigned int a = 0; a < 3; a++)
		if (d->arg[a] == HC_ARG_VM_ID)
			return true;
	return d->type == HC_STRUCT_VM_MEMORY || d->type == HC_STRUCT_VCPU_STATE || d->type == HC_STRUCT_VM_STATUS;
}

/* Hybrid mode: every call that names a protected (real-time) VM is refused with EPERM and says which;
 * the same call naming another VM, or with no VM protected, passes; calls that name no VM are not
 * affected. 11 of the Service VM's 13 calls name a VM. */
static void calls_naming_a_protected_vm_are_refused(void **state)
{
	(void)state;
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	unsigned int naming = 0;
	for (size_t i = 0; i < n; i++) {
		if ((t[i].kinds & HC_KIND_SERVICE) == 0)
			continue;
		static const uint64_t masks[] = { 0, 1ull << HC_TEST_VM, (1ull << HC_TEST_VM) | 1u, 1ull << 63,
						  ~(1ull << HC_TEST_VM) };
		for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
			struct fake_guest g;
			struct hc_request out;
			uint64_t a[3];
			fake_guest_init(&g, 0x40000000u, HC_TEST_RAM, 0);
			hc_test_valid_args(&t[i], &g, a);
			struct hc_call c = hc_test_call(t[i].nr, a[0], a[1], a[2], 0, HC_KIND_SERVICE);
			c.protected_vms = masks[m];
			int rc = hc_decode(&c, &g.ops, &out);
			if (names_a_vm(&t[i]) && ((masks[m] >> HC_TEST_VM) & 1u)) {
				assert_int_equal(rc, -HVKIT_EPERM);
				assert_true(out.names_protected);
				assert_int_equal(out.protected_id, HC_TEST_VM);
			} else {
				assert_int_equal(rc, 0);
				assert_false(out.names_protected);
			}
			fake_guest_free(&g);
		}
		naming += names_a_vm(&t[i]);
	}
	assert_int_equal(naming, 11);
}

/* The id inside a structure counts as much as one in a register: vm_status of a protected VM. */
static void protected_vm_named_in_a_structure(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request out;
	fake_guest_init(&g, 0x40000000u, HC_TEST_RAM, 0);
	struct hvkit_vm_status st = { .id = 7 };
	fake_guest_put(&g, 0x40001000u, &st, sizeof(st));
	struct hc_call c = hc_test_call(HVKIT_HC_VM_STATUS, 0x40001000u, HC_TEST_UNUSED, HC_TEST_UNUSED, 0,
					HC_KIND_SERVICE);
	c.protected_vms = 1ull << 7;
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_EPERM);
	assert_true(out.names_protected);
	assert_int_equal(out.protected_id, 7);
	st.id = 8;
	fake_guest_put(&g, 0x40001000u, &st, sizeof(st));
	assert_int_equal(hc_decode(&c, &g.ops, &out), 0);
	/* An id out of range is ENOENT before anything else, protected or not. */
	c = hc_test_call(HVKIT_HC_VM_START, 64, HC_TEST_UNUSED, HC_TEST_UNUSED, 0, HC_KIND_SERVICE);
	c.protected_vms = ~0ull;
	assert_int_equal(hc_decode(&c, &g.ops, &out), -HVKIT_ENOENT);
	assert_false(out.names_protected);
	fake_guest_free(&g);
}

static void every_table_number_is_found(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_EXPECTED; i++) {
		const struct hc_desc *d = hc_lookup(expected[i].nr);
		assert_non_null(d);
		assert_int_equal(d->nr, expected[i].nr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_the_abi),
		cmocka_unit_test(table_entries_are_consistent),
		cmocka_unit_test(struct_sizes_are_the_abi_layouts),
		cmocka_unit_test(permission_matrix),
		cmocka_unit_test(permission_comes_before_argument_checks),
		cmocka_unit_test(no_kind_is_allowed_nothing),
		cmocka_unit_test(unknown_numbers_are_enosys),
		cmocka_unit_test(every_table_number_is_found),
		cmocka_unit_test(calls_naming_a_protected_vm_are_refused),
		cmocka_unit_test(protected_vm_named_in_a_structure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
