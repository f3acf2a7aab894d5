/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The register arguments: each kind of argument at its edges, in every entry that takes it (the
 * other arguments valid), with the exact code the decoder gives. Registers a call does not use are
 * ignored; the arguments come back in the request as given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

/* Decode every entry that has an argument of this kind with value v there; each must give rc.
 * Returns the number of entries tried. */
static unsigned int try_arg(enum hc_arg kind, uint64_t v, int rc)
{
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	unsigned int tried = 0;
	for (size_t i = 0; i < n; i++) {
		for (unsigned int pos = 0; pos < 3; pos++) {
			if (t[i].arg[pos] != kind)
				continue;
			struct fake_guest g;
			struct hc_request out;
			uint64_t a[3];
			fake_guest_init(&g, 0x200000, HC_TEST_RAM, 0);
			hc_test_valid_args(&t[i], &g, a);
			a[pos] = v;
			int got = hc_test_service(&g, t[i].nr, a[0], a[1], a[2], &out);
			if (got != rc)
				fail_msg("%s: argument %u = 0x%llx: expected %d, got %d", t[i].name, pos,
					 (unsigned long long)v, rc, got);
			if (rc == 0) {
				assert_ptr_equal(out.desc, &t[i]);
				for (unsigned int j = 0; j < 3; j++)
					assert_int_equal(out.arg[j], a[j]);
			}
			fake_guest_free(&g);
			tried++;
		}
	}
	assert_true(tried > 0);
	return tried;
}

static void vm_id(void **state)
{
	(void)state;
	/* vm_start, vm_pause, vm_reset, vm_destroy, ioreq_setup, ioreq_complete, inject_irq, inject_msi */
	assert_int_equal(try_arg(HC_ARG_VM_ID, 0, 0), 8);
	try_arg(HC_ARG_VM_ID, 1, 0);
	try_arg(HC_ARG_VM_ID, HC_VM_ID_LIMIT - 1, 0);
	try_arg(HC_ARG_VM_ID, HC_VM_ID_LIMIT, -HVKIT_ENOENT);
	try_arg(HC_ARG_VM_ID, HC_VM_ID_LIMIT + 1, -HVKIT_ENOENT);
	try_arg(HC_ARG_VM_ID, 0xffffffffu, -HVKIT_ENOENT);
	try_arg(HC_ARG_VM_ID, 0x100000000ull, -HVKIT_ENOENT); /* 0 in the low 32 bits */
	try_arg(HC_ARG_VM_ID, 0x8000000000000001ull, -HVKIT_ENOENT);
	try_arg(HC_ARG_VM_ID, ~0ull, -HVKIT_ENOENT);
}

static void vcpu_index(void **state)
{
	(void)state;
	assert_int_equal(try_arg(HC_ARG_VCPU, 0, 0), 1); /* ioreq_complete */
	try_arg(HC_ARG_VCPU, HVKIT_IOREQ_SLOTS - 1, 0);
	try_arg(HC_ARG_VCPU, HVKIT_IOREQ_SLOTS, -HVKIT_ENOENT);
	try_arg(HC_ARG_VCPU, 0x100000000ull, -HVKIT_ENOENT);
	try_arg(HC_ARG_VCPU, ~0ull, -HVKIT_ENOENT);
}

static void ioapic_pin(void **state)
{
	(void)state;
	assert_int_equal(try_arg(HC_ARG_PIN, 0, 0), 1); /* inject_irq */
	try_arg(HC_ARG_PIN, HC_PIN_LIMIT - 1, 0);
	try_arg(HC_ARG_PIN, HC_PIN_LIMIT, -HVKIT_EINVAL);
	try_arg(HC_ARG_PIN, 255, -HVKIT_EINVAL);
	try_arg(HC_ARG_PIN, 0x100000000ull, -HVKIT_EINVAL);
	try_arg(HC_ARG_PIN, ~0ull, -HVKIT_EINVAL);
}

static void irq_level(void **state)
{
	(void)state;
	assert_int_equal(try_arg(HC_ARG_IRQ_LEVEL, HVKIT_IRQ_LOW, 0), 1); /* inject_irq */
	try_arg(HC_ARG_IRQ_LEVEL, HVKIT_IRQ_HIGH, 0);
	try_arg(HC_ARG_IRQ_LEVEL, HVKIT_IRQ_PULSE, 0);
	try_arg(HC_ARG_IRQ_LEVEL, 3, -HVKIT_EINVAL);
	try_arg(HC_ARG_IRQ_LEVEL, 0x100000001ull, -HVKIT_EINVAL);
	try_arg(HC_ARG_IRQ_LEVEL, ~0ull, -HVKIT_EINVAL);
}

static void msi_address(void **state)
{
	(void)state;
	assert_int_equal(try_arg(HC_ARG_MSI_ADDR, 0xfee00000u, 0), 1); /* inject_msi */
	try_arg(HC_ARG_MSI_ADDR, 0xfee00004u, 0);
	try_arg(HC_ARG_MSI_ADDR, 0xfee0f00cu, 0);
	try_arg(HC_ARG_MSI_ADDR, 0xfeeffffcu, 0);
	/* Bits 1:0 reserved. */
	try_arg(HC_ARG_MSI_ADDR, 0xfee00001u, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfee00002u, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfee00003u, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfeefffffu, -HVKIT_EINVAL);
	/* Just outside 0xFEExxxxx. */
	try_arg(HC_ARG_MSI_ADDR, 0xfedffffcu, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfef00000u, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfee, -HVKIT_EINVAL);
	/* 0xFEE00000 with bits above 31 set. */
	try_arg(HC_ARG_MSI_ADDR, 0x1fee00000ull, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0xfffffffffee00000ull, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_ADDR, 0x00100000fee00000ull, -HVKIT_EINVAL); /* 0xFEE in bits 51:20 too */
	try_arg(HC_ARG_MSI_ADDR, 0xfff00000fee00000ull, -HVKIT_EINVAL);
}

static void msi_data(void **state)
{
	(void)state;
	assert_int_equal(try_arg(HC_ARG_MSI_DATA, 0, 0), 1); /* inject_msi */
	try_arg(HC_ARG_MSI_DATA, 0x4030, 0);
	try_arg(HC_ARG_MSI_DATA, 0xffff, 0);
	try_arg(HC_ARG_MSI_DATA, 0x10000, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_DATA, 0x80000030u, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_DATA, 0x100000030ull, -HVKIT_EINVAL);
	try_arg(HC_ARG_MSI_DATA, ~0ull, -HVKIT_EINVAL);
}

/* Registers a call does not take may hold anything. */
static void unused_registers_are_ignored(void **state)
{
	(void)state;
	static const uint64_t junk[] = { 0, 1, HC_VM_ID_LIMIT, 0xfee00003u, 0x123, ~0ull };
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < sizeof(junk) / sizeof(junk[0]); j++) {
			struct fake_guest g;
			struct hc_request out;
			uint64_t a[3];
			fake_guest_init(&g, 0, HC_TEST_RAM, 0);
			hc_test_valid_args(&t[i], &g, a);
			for (unsigned int pos = 0; pos < 3; pos++)
				if (t[i].arg[pos] == HC_ARG_NONE)
					a[pos] = junk[j];
			assert_int_equal(hc_test_service(&g, t[i].nr, a[0], a[1], a[2], &out), 0);
			for (unsigned int pos = 0; pos < 3; pos++)
				assert_int_equal(out.arg[pos], a[pos]);
			fake_guest_free(&g);
		}
	}
}

/* Arguments are checked in register order: RDI's refusal wins, and an ioreq page is not looked at
 * for a call whose VM id is already refused. */
static void arguments_are_checked_in_order(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request out;
	fake_guest_init(&g, 0, HC_TEST_RAM, 0);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_INJECT_IRQ, HC_VM_ID_LIMIT, HC_PIN_LIMIT, 7, &out),
			 -HVKIT_ENOENT);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_INJECT_IRQ, 0, HC_PIN_LIMIT, 7, &out), -HVKIT_EINVAL);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_INJECT_MSI, 64, 1, 1u << 16, &out), -HVKIT_ENOENT);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_IOREQ_COMPLETE, 64, 64, 0, &out), -HVKIT_ENOENT);
	assert_int_equal(hc_test_service(&g, HVKIT_HC_IOREQ_SETUP, 64, 0x1000, 0, &out), -HVKIT_ENOENT);
	assert_int_equal(g.checks + g.reads + g.writes, 0);
	fake_guest_free(&g);
}

/* The request carries the entry and the registers; a call without a structure has none. */
static void request_of_a_register_call(void **state)
{
	(void)state;
	struct fake_guest g;
	struct hc_request out, zero;
	fake_guest_init(&g, 0, HC_TEST_RAM, 0);
	memset(&out, 0x77, sizeof(out));
	assert_int_equal(hc_test_service(&g, HVKIT_HC_INJECT_MSI, 63, 0xfee0100cu, 0x4041, &out), 0);
	assert_ptr_equal(out.desc, hc_lookup(HVKIT_HC_INJECT_MSI));
	assert_int_equal(out.arg[0], 63);
	assert_int_equal(out.arg[1], 0xfee0100cu);
	assert_int_equal(out.arg[2], 0x4041);
	assert_int_equal(out.struct_gpa, 0);
	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(&out.in, &zero.in, sizeof(out.in));
	assert_int_equal(g.checks + g.reads + g.writes, 0);
	fake_guest_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vm_id),
		cmocka_unit_test(vcpu_index),
		cmocka_unit_test(ioapic_pin),
		cmocka_unit_test(irq_level),
		cmocka_unit_test(msi_address),
		cmocka_unit_test(msi_data),
		cmocka_unit_test(unused_registers_are_ignored),
		cmocka_unit_test(arguments_are_checked_in_order),
		cmocka_unit_test(request_of_a_register_call),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
