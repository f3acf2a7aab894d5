/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vtd as partition and lapic_pt link it (src/invalidate_reg_only.c): a unit that offers queued invalidation
 * (QEMU's, ECAP.QI and IR) is brought up without it: no queue allocated, QIE never set, every invalidation
 * through CCMD_REG and IOTLB_REG (VT-d 6.5.1), and a queue firmware left on is turned off first (registers must
 * not be used while it is on, 6.5.2).
 */
#include "vtd_test.h"

#define SLPT 0x200000ull
#define DEVFN(d, f) ((uint8_t)((d) << 3 | (f)))

static void test_unit_with_qi_is_reported_without_it(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_true(unit.caps.ecap & VTD_ECAP_QI);
	assert_false(unit.caps.qi);
	assert_false(unit.caps.ir);
	assert_null(unit.iq);
}

static void test_translation_on_through_registers(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_true(sim_gsts(&sim) & VTD_GSTS_TES);
	assert_false(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_int_equal(sim.inv_count, 2);
	assert_int_equal(sim.inv[0].kind, SIM_INV_CC);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_GLOBAL);
	assert_int_equal(sim.inv[1].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_GLOBAL);
	for (unsigned int i = 0; i < sim.inv_count; i++)
		assert_false(sim.inv[i].queued);
	assert_int_equal(sim.wait_descs, 0);
	assert_int_equal(sim.gcmd_violations, 0);
}

/* Caching mode (QEMU's caching-mode=on): a new context entry is invalidated by device, then the domain's IOTLB. */
static void test_caching_mode_assignment_through_registers(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, true, true, 9, 1, 39), make_ecap(false, true, true, false, true)), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_assign_device(&unit, 0, 2, DEVFN(1, 2), 7, SLPT, 39), 0);
	assert_int_equal(sim.inv_count, before + 2);
	assert_int_equal(sim.inv[before].gran, VTD_GRAN_DEVICE);
	assert_false(sim.inv[before].queued);
	assert_int_equal(sim.inv[before + 1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[before + 1].did, 7);
	assert_false(sim.inv[before + 1].queued);
	assert_int_equal(vtd_inv_iotlb_domain(&unit, 7), 0);
	assert_false(sim.inv[before + 2].queued);
}

static void test_queue_left_on_by_firmware_is_turned_off(void **state)
{
	(void)state;
	host_platform_reset();
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP);
	sim_flush_reset();
	uint32_t on = VTD_GSTS_QIES;
	memcpy(&sim.reg[VTD_GSTS_REG], &on, 4);
	assert_int_equal(vtd_unit_init(&unit, &sim, 0), 0);
	unit.timeout_ticks = 1000000;
	assert_false(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_int_equal(sim.gcmd_violations, 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_false(sim_gsts(&sim) & VTD_GSTS_QIES);
}

/* The registers-only flavour logs a fault reason by its number: no names table (src/fault_names_none.c). */
static void test_fault_reasons_by_number(void **state)
{
	(void)state;
	assert_string_equal(vtd_fault_reason_name(5), "see VT-d 7.1.3");
	assert_string_equal(vtd_fault_reason_name(2), "see VT-d 7.1.3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_unit_with_qi_is_reported_without_it, teardown),
		cmocka_unit_test_teardown(test_translation_on_through_registers, teardown),
		cmocka_unit_test_teardown(test_caching_mode_assignment_through_registers, teardown),
		cmocka_unit_test_teardown(test_queue_left_on_by_firmware_is_turned_off, teardown),
		cmocka_unit_test(test_fault_reasons_by_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
