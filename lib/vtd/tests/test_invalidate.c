/* SPDX-License-Identifier: BSD-3-Clause */
/* Context-cache, IOTLB and IEC invalidation through registers and the queue. */
#include "vtd_test.h"

/* A unit without queued invalidation, with PSI up to MAMV 4. */
static void up_registers(bool psi)
{
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, psi, 4, 1, 39), make_ecap(true, false, false, false, false)),
		0);
}

static void test_register_context_invalidation_all_granularities(void **state)
{
	(void)state;
	up_registers(true);
	assert_int_equal(vtd_inv_context_global(&unit), 0);
	assert_int_equal(vtd_inv_context_domain(&unit, 9), 0);
	assert_int_equal(vtd_inv_context_device(&unit, 9, 0x0318), 0);
	assert_int_equal(sim.inv_count, 3);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(sim.inv[i].kind, SIM_INV_CC);
		assert_false(sim.inv[i].queued);
	}
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_GLOBAL);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[1].did, 9);
	assert_int_equal(sim.inv[2].gran, VTD_GRAN_DEVICE);
	assert_int_equal(sim.inv[2].did, 9);
	assert_int_equal(sim.inv[2].sid, 0x0318);
	assert_int_equal(sim_reg64(&sim, VTD_CCMD_REG) & VTD_CCMD_ICC, 0);
}

static void test_register_iotlb_invalidation_all_granularities_with_drain(void **state)
{
	(void)state;
	up_registers(true);
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_int_equal(vtd_inv_iotlb_domain(&unit, 4), 0);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0x40000, 2), 0);
	assert_int_equal(sim.inv_count, 3);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_GLOBAL);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[1].did, 4);
	assert_int_equal(sim.inv[2].gran, VTD_GRAN_PAGE);
	assert_int_equal(sim.inv[2].did, 4);
	assert_int_equal(sim.inv[2].addr, 0x40000);
	assert_int_equal(sim.inv[2].am, 2);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(sim.inv[i].kind, SIM_INV_IOTLB);
		assert_false(sim.inv[i].queued);
		assert_true(sim.inv[i].dr && sim.inv[i].dw); /* CAP.DRD/DWD set */
	}
}

static void test_page_invalidation_falls_back_to_domain_without_psi(void **state)
{
	(void)state;
	up_registers(false);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0x40000, 0), 0);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[0].did, 4);
}

static void test_page_invalidation_falls_back_to_domain_beyond_mamv(void **state)
{
	(void)state;
	up_registers(true); /* MAMV 4 */
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0, 5), 0);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0, 4), 0);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_PAGE);
}

static void test_page_invalidation_refuses_misaligned_or_out_of_mgaw(void **state)
{
	(void)state;
	up_registers(true);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0x41000, 1), -HV_EINVAL);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0x40800, 0), -HV_EINVAL);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 1ull << 39, 0), -HV_ERANGE);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 1ull << 32, 21), -HV_EINVAL); /* 8 GiB range, 4 GiB aligned */
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 0, 53), -HV_EINVAL);
	assert_int_equal(sim.inv_count, 0);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 4, 1ull << 33, 21), 0); /* beyond MAMV: whole domain */
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_DOMAIN);
}

static void test_register_invalidation_refused_by_hardware_is_eio(void **state)
{
	(void)state;
	up_registers(true);
	sim.refuse_ccmd = true;
	assert_int_equal(vtd_inv_context_global(&unit), -HV_EIO);
	sim.refuse_iotlb = true;
	assert_int_equal(vtd_inv_iotlb_domain(&unit, 1), -HV_EIO);
}

static void test_register_context_invalidation_times_out(void **state)
{
	(void)state;
	up_registers(true);
	sim.stall_ccmd = true;
	uint64_t t0 = host_platform_tsc_value;
	assert_int_equal(vtd_inv_context_global(&unit), -HV_ETIMEDOUT);
	assert_true(host_platform_tsc_value - t0 >= unit.timeout_ticks);
	assert_non_null(strstr(host_platform_last_log, "context-cache invalidation"));
}

static void test_register_iotlb_invalidation_times_out(void **state)
{
	(void)state;
	up_registers(true);
	sim.stall_iotlb = true;
	assert_int_equal(vtd_inv_iotlb_global(&unit), -HV_ETIMEDOUT);
	assert_non_null(strstr(host_platform_last_log, "IOTLB invalidation"));
}

static void test_iec_invalidation_needs_queued_invalidation(void **state)
{
	(void)state;
	up_registers(true);
	assert_int_equal(vtd_inv_iec_global(&unit), -HV_ENODEV);
	assert_int_equal(vtd_inv_iec_index(&unit, 3, 0), -HV_ENODEV);
	assert_int_equal(sim.inv_count, 0);
}

static void test_queued_invalidation_every_descriptor_type(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	assert_int_equal(vtd_inv_context_global(&unit), 0);
	assert_int_equal(vtd_inv_context_domain(&unit, 3), 0);
	assert_int_equal(vtd_inv_context_device(&unit, 3, 0x0010), 0);
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_int_equal(vtd_inv_iotlb_domain(&unit, 3), 0);
	assert_int_equal(vtd_inv_iotlb_pages(&unit, 3, 0x200000, 9), 0);
	assert_int_equal(vtd_inv_iec_global(&unit), 0);
	assert_int_equal(vtd_inv_iec_index(&unit, 17, 2), 0);
	assert_int_equal(sim.inv_count, 8);
	assert_int_equal(sim.wait_descs, 8);
	assert_int_equal(sim.reg_inv_while_qi, 0);
	for (unsigned int i = 0; i < 8; i++)
		assert_true(sim.inv[i].queued);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_GLOBAL);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[1].did, 3);
	assert_int_equal(sim.inv[2].gran, VTD_GRAN_DEVICE);
	assert_int_equal(sim.inv[2].sid, 0x0010);
	assert_int_equal(sim.inv[3].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.inv[3].gran, VTD_GRAN_GLOBAL);
	assert_int_equal(sim.inv[4].gran, VTD_GRAN_DOMAIN);
	assert_int_equal(sim.inv[5].gran, VTD_GRAN_PAGE);
	assert_int_equal(sim.inv[5].addr, 0x200000);
	assert_int_equal(sim.inv[5].am, 9);
	assert_true(sim.inv[5].dr && sim.inv[5].dw);
	assert_int_equal(sim.inv[6].kind, SIM_INV_IEC);
	assert_true(sim.inv[6].iec_global);
	assert_false(sim.inv[7].iec_global);
	assert_int_equal(sim.inv[7].iec_index, 17);
	assert_int_equal(sim.inv[7].am, 2);
	/* The queue is drained: IQH caught up with IQT. */
	assert_int_equal(sim_reg64(&sim, VTD_IQH_REG), sim_reg64(&sim, VTD_IQT_REG));
	assert_int_equal(sim_reg64(&sim, VTD_IQT_REG), 16u << 4);
}

static void test_queued_invalidation_wraps_around_the_queue(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	for (unsigned int i = 0; i < 300; i++)
		assert_int_equal(vtd_inv_iotlb_domain(&unit, (uint16_t)(i % 7)), 0);
	assert_int_equal(sim.wait_descs, 300);
	assert_int_equal(sim_reg64(&sim, VTD_IQT_REG), (600u % 256u) << 4);
}

static void test_queued_wait_times_out_when_hardware_never_consumes(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim.stall_queue = true;
	uint64_t t0 = host_platform_tsc_value;
	assert_int_equal(vtd_inv_iotlb_global(&unit), -HV_ETIMEDOUT);
	assert_true(host_platform_tsc_value - t0 >= unit.timeout_ticks);
	assert_non_null(strstr(host_platform_last_log, "wait descriptor"));
	/* Later requests still complete once hardware moves again (stale status ignored). */
	sim.stall_queue = false;
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_int_equal(sim.wait_descs, 2);
}

static void test_queue_full_is_refused_not_overwritten(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim.stall_queue = true;
	unit.timeout_ticks = 10000;
	int rc = 0;
	unsigned int n = 0;
	while (n < 200 && (rc = vtd_inv_iotlb_global(&unit)) == -HV_ETIMEDOUT)
		n++;
	assert_int_equal(rc, -HV_EBUSY);
	assert_int_equal(n, 127); /* two descriptors each, one slot always free */
	assert_non_null(strstr(host_platform_last_log, "queue full"));
	sim.stall_queue = false;
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP); /* let fini quiesce a fresh unit */
}

static void test_queue_error_is_recovered_and_reported(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim.fail_next_desc = true;
	assert_int_equal(vtd_inv_context_global(&unit), -HV_EIO);
	assert_int_equal(sim.bad_descs, 1);
	assert_int_equal(sim_reg32(&sim, VTD_FSTS_REG) & VTD_FSTS_IQE, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
	/* The queue works afterwards. */
	assert_int_equal(vtd_inv_context_global(&unit), 0);
	assert_int_equal(sim.inv[sim.inv_count - 1].kind, SIM_INV_CC);
}

static void test_qi_off_returns_to_register_invalidation(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	assert_int_equal(vtd_qi_disable(&unit), 0);
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_false(sim.inv[0].queued);
	assert_int_equal(sim.reg_inv_while_qi, 0);
	assert_int_equal(vtd_inv_iec_global(&unit), -HV_ENODEV);
}

static void test_non_coherent_queue_descriptors_are_flushed(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim_flush_reset();
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_true(sim_flushed(&unit.iq[0], 16)); /* the IOTLB descriptor, then the wait descriptor */
	assert_true(sim_flushed(&unit.iq[2], 16));
	vtd_unit_fini(&unit);
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, true, true, false, true)), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	assert_int_equal(vtd_inv_iotlb_global(&unit), 0);
	assert_int_equal(sim_flush_count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_register_context_invalidation_all_granularities, teardown),
		cmocka_unit_test_teardown(test_register_iotlb_invalidation_all_granularities_with_drain, teardown),
		cmocka_unit_test_teardown(test_page_invalidation_falls_back_to_domain_without_psi, teardown),
		cmocka_unit_test_teardown(test_page_invalidation_falls_back_to_domain_beyond_mamv, teardown),
		cmocka_unit_test_teardown(test_page_invalidation_refuses_misaligned_or_out_of_mgaw, teardown),
		cmocka_unit_test_teardown(test_register_invalidation_refused_by_hardware_is_eio, teardown),
		cmocka_unit_test_teardown(test_register_context_invalidation_times_out, teardown),
		cmocka_unit_test_teardown(test_register_iotlb_invalidation_times_out, teardown),
		cmocka_unit_test_teardown(test_iec_invalidation_needs_queued_invalidation, teardown),
		cmocka_unit_test_teardown(test_queued_invalidation_every_descriptor_type, teardown),
		cmocka_unit_test_teardown(test_queued_invalidation_wraps_around_the_queue, teardown),
		cmocka_unit_test_teardown(test_queued_wait_times_out_when_hardware_never_consumes, teardown),
		cmocka_unit_test_teardown(test_queue_full_is_refused_not_overwritten, teardown),
		cmocka_unit_test_teardown(test_queue_error_is_recovered_and_reported, teardown),
		cmocka_unit_test_teardown(test_qi_off_returns_to_register_invalidation, teardown),
		cmocka_unit_test_teardown(test_non_coherent_queue_descriptors_are_flushed, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
