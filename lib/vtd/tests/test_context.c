/* SPDX-License-Identifier: BSD-3-Clause */
/* Root and context tables: assignment, refusals, caching mode, coherency, widths. */
#include "vtd_test.h"

#define DEVFN(d, f) ((uint8_t)(((d) << 3) | (f)))
#define SLPT 0x12345000ull

static void test_assign_makes_only_that_device_present(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, DEVFN(3, 0), 5, SLPT, 39), 0);
	uint64_t lo, hi;
	assert_true(sim_context(&sim, 0, DEVFN(3, 0), &lo, &hi));
	assert_int_equal(lo, SLPT | VTD_CTX_P); /* TT = 00: second-level translation */
	assert_int_equal(hi & 7, VTD_CTX_HI_AW_39);
	assert_int_equal((hi >> 8) & 0xFFFF, 5);
	/* Unassigned devices reach no memory: no present context entry. */
	assert_false(sim_context(&sim, 0, DEVFN(3, 1), &lo, &hi));
	assert_false(sim_context(&sim, 1, DEVFN(3, 0), &lo, &hi));
	assert_int_equal(vtd_device_domain(&unit, 0, 0, DEVFN(3, 0)), 5);
	assert_int_equal(vtd_device_domain(&unit, 0, 0, DEVFN(3, 1)), -HV_ENOENT);
	assert_int_equal(vtd_device_domain(&unit, 0, 7, 0), -HV_ENOENT);
}

static void test_assign_refuses_busy_device_and_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, DEVFN(3, 0), 5, SLPT, 39), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, DEVFN(3, 0), 6, 0x7000, 39), -HV_EBUSY);
	assert_int_equal(vtd_device_domain(&unit, 0, 0, DEVFN(3, 0)), 5);
}

static void test_assign_refuses_bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_assign_device(&unit, 1, 0, 0, 5, SLPT, 39), -HV_EINVAL); /* other segment */
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 0, 5, SLPT | 0x800, 39), -HV_EINVAL);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 0, 5, 0, 39), -HV_EINVAL);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 0, 5, 1ull << 60, 39), -HV_EINVAL);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 0, 5, SLPT, 40), -HV_EINVAL);
	assert_int_equal(vtd_unassign_device(&unit, 1, 0, 0), -HV_EINVAL);
	assert_int_equal(host_platform_pages_in_use, 1); /* the root table only: no context table was created */
}

static void test_assign_honours_sagaw_3_level_only(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0); /* SAGAW: 39 bits only */
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 5, SLPT, 48), -HV_ENODEV);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 5, SLPT, 39), 0);
}

static void test_assign_honours_sagaw_4_level_only(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_48, false, true, 9, 1, 48), make_ecap(true, true, true, false, true)), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 5, SLPT, 39), -HV_ENODEV);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 5, SLPT, 48), 0);
	uint64_t lo, hi;
	assert_true(sim_context(&sim, 0, 8, &lo, &hi));
	assert_int_equal(hi & 7, VTD_CTX_HI_AW_48);
}

static void test_domain_ids_beyond_nd_are_refused(void **state)
{
	(void)state;
	/* ND = 0: 16 domain ids. */
	assert_int_equal(up(make_cap(0, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, true, true, false, true)), 0);
	assert_int_equal(unit.caps.nd_count, 16);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 16, SLPT, 39), -HV_ERANGE);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 15, SLPT, 39), 0);
	assert_int_equal(vtd_inv_context_domain(&unit, 16), -HV_ERANGE);
	assert_int_equal(vtd_inv_context_device(&unit, 16, 8), -HV_ERANGE);
	assert_int_equal(vtd_inv_iotlb_domain(&unit, 16), -HV_ERANGE);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 16, 0, 0), -HV_ERANGE);
	assert_int_equal(vtd_assign_device_passthrough(&unit, 0, 0, 9, 16), -HV_ERANGE);
	/* Without caching mode, domain 0 is an ordinary id. */
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 9, 0, SLPT, 39), 0);
}

static void test_caching_mode_invalidates_on_not_present_to_present(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, true, true, 9, 1, 39), make_ecap(false, true, true, false, true)), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	/* Domain 0 is what hardware tags not-present entries with: refused. */
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 0, SLPT, 39), -HV_EINVAL);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_assign_device(&unit, 0, 2, DEVFN(1, 2), 7, SLPT, 39), 0);
	assert_int_equal(sim.inv_count, before + 2);
	assert_int_equal(sim.inv[before].kind, SIM_INV_CC);
	assert_int_equal(sim.inv[before].gran, VTD_GRAN_DEVICE);
	assert_int_equal(sim.inv[before].did, 0);
	assert_int_equal(sim.inv[before].sid, 0x020A);
	assert_int_equal(sim.inv[before + 1].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.inv[before + 1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[before + 1].did, 7);
}

static void test_no_caching_mode_needs_no_invalidation_on_assign(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_assign_device(&unit, 0, 2, DEVFN(1, 2), 7, SLPT, 39), 0);
	assert_int_equal(sim.inv_count, before);
}

static void test_caching_mode_assign_reports_invalidation_timeout(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, true, true, 9, 1, 39), make_ecap(false, true, true, false, true)), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	sim.stall_queue = true;
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 3, SLPT, 39), -HV_ETIMEDOUT);
	sim.stall_queue = false;
}

static void test_unassign_clears_entry_then_invalidates_device_and_domain(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, DEVFN(3, 0), 5, SLPT, 39), 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_unassign_device(&unit, 0, 0, DEVFN(3, 0)), 0);
	uint64_t lo, hi;
	assert_false(sim_context(&sim, 0, DEVFN(3, 0), &lo, &hi));
	assert_int_equal(sim.inv_count, before + 2);
	assert_int_equal(sim.inv[before].kind, SIM_INV_CC);
	assert_int_equal(sim.inv[before].gran, VTD_GRAN_DEVICE);
	assert_int_equal(sim.inv[before].did, 5);
	assert_int_equal(sim.inv[before].sid, DEVFN(3, 0));
	assert_int_equal(sim.inv[before + 1].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.inv[before + 1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[before + 1].did, 5);
	assert_int_equal(vtd_unassign_device(&unit, 0, 0, DEVFN(3, 0)), -HV_ENOENT);
	assert_int_equal(vtd_unassign_device(&unit, 0, 9, 0), -HV_ENOENT);
	/* The slot can be reused. */
	assert_int_equal(vtd_assign_device(&unit, 0, 0, DEVFN(3, 0), 6, SLPT, 39), 0);
}

static void test_unassign_reports_invalidation_timeout(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, false, false, false, false)),
		0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 0, 8, 5, SLPT, 39), 0);
	sim.stall_ccmd = true;
	assert_int_equal(vtd_unassign_device(&unit, 0, 0, 8), -HV_ETIMEDOUT);
	uint64_t lo, hi;
	assert_false(sim_context(&sim, 0, 8, &lo, &hi)); /* the entry is gone regardless */
}

static void test_non_coherent_unit_gets_table_writes_flushed(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0); /* ECAP.C = 0 */
	assert_int_equal(vtd_enable_translation(&unit), 0);
	sim_flush_reset();
	assert_int_equal(vtd_assign_device(&unit, 0, 4, DEVFN(2, 0), 5, SLPT, 39), 0);
	assert_true(sim_flushed(&unit.root[4 * 2], 16));
	assert_true(sim_flushed(&unit.ctx[4][DEVFN(2, 0) * 2], 16));
	sim_flush_reset();
	assert_int_equal(vtd_unassign_device(&unit, 0, 4, DEVFN(2, 0)), 0);
	assert_true(sim_flushed(&unit.ctx[4][DEVFN(2, 0) * 2], 16));
}

static void test_coherent_unit_gets_no_cache_flushes(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, true, true, false, true)), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device(&unit, 0, 4, DEVFN(2, 0), 5, SLPT, 39), 0);
	assert_int_equal(vtd_unassign_device(&unit, 0, 4, DEVFN(2, 0)), 0);
	assert_int_equal(sim_flush_count, 0);
}

static void test_assign_out_of_memory_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	host_platform_fail_after = 0;
	assert_int_equal(vtd_assign_device(&unit, 0, 9, 0, 5, SLPT, 39), -HV_ENOMEM);
	host_platform_fail_after = -1;
	assert_int_equal(unit.root[9 * 2], 0);
	assert_null(unit.ctx[9]);
}

static void test_passthrough_needs_ecap_pt(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_assign_device_passthrough(&unit, 0, 0, 8, 2), 0);
	uint64_t lo, hi;
	assert_true(sim_context(&sim, 0, 8, &lo, &hi));
	assert_int_equal((lo >> 2) & 3, 2);
	assert_int_equal((hi >> 8) & 0xFFFF, 2);
	vtd_unit_fini(&unit);
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, true, true, false, false)), 0);
	assert_int_equal(vtd_assign_device_passthrough(&unit, 0, 0, 8, 2), -HV_ENODEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_assign_makes_only_that_device_present, teardown),
		cmocka_unit_test_teardown(test_assign_refuses_busy_device_and_changes_nothing, teardown),
		cmocka_unit_test_teardown(test_assign_refuses_bad_arguments, teardown),
		cmocka_unit_test_teardown(test_assign_honours_sagaw_3_level_only, teardown),
		cmocka_unit_test_teardown(test_assign_honours_sagaw_4_level_only, teardown),
		cmocka_unit_test_teardown(test_domain_ids_beyond_nd_are_refused, teardown),
		cmocka_unit_test_teardown(test_caching_mode_invalidates_on_not_present_to_present, teardown),
		cmocka_unit_test_teardown(test_no_caching_mode_needs_no_invalidation_on_assign, teardown),
		cmocka_unit_test_teardown(test_caching_mode_assign_reports_invalidation_timeout, teardown),
		cmocka_unit_test_teardown(test_unassign_clears_entry_then_invalidates_device_and_domain, teardown),
		cmocka_unit_test_teardown(test_unassign_reports_invalidation_timeout, teardown),
		cmocka_unit_test_teardown(test_non_coherent_unit_gets_table_writes_flushed, teardown),
		cmocka_unit_test_teardown(test_coherent_unit_gets_no_cache_flushes, teardown),
		cmocka_unit_test_teardown(test_assign_out_of_memory_changes_nothing, teardown),
		cmocka_unit_test_teardown(test_passthrough_needs_ecap_pt, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
