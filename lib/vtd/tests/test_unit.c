/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit discovery, GCMD handshakes, translation enable/disable order and timeouts. */
#include "vtd_test.h"

static void test_init_decodes_qemu_cap_and_ecap(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	const struct vtd_caps *c = &unit.caps;
	assert_int_equal(c->nd_count, 65536);
	assert_int_equal(c->sagaw, VTD_SAGAW_39);
	assert_int_equal(VTD_CAP_MGAW(c->cap), 39);
	assert_int_equal(VTD_CAP_SLLPS(c->cap), 3);
	assert_int_equal(c->nfr, 1);
	assert_int_equal(c->fro_off, 0x220);
	assert_int_equal(c->iro_off, 0xF0);
	assert_int_equal(VTD_CAP_MAMV(c->cap), 18);
	assert_true(c->cap & VTD_CAP_PSI);
	assert_false(c->cm);
	assert_false(c->coherent);
	assert_true(c->qi);
	assert_true(c->ir);
	assert_false(c->ecap & VTD_ECAP_EIM);
	assert_true(c->ecap & VTD_ECAP_PT);
	assert_true((c->cap & VTD_CAP_DRD) && (c->cap & VTD_CAP_DWD));
	assert_non_null(unit.root);
	assert_int_equal(host_platform_pages_in_use, 1); /* root: the queue's pages come when it is turned on */
	assert_int_equal(sim_gsts(&sim), 0);              /* init enables nothing */
}

static void test_init_without_qi_allocates_no_queue_and_ignores_ir(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(2, VTD_SAGAW_48, false, false, 0, 1, 48), make_ecap(true, false, true, true, false)),
		0);
	assert_int_equal(unit.caps.nd_count, 256);
	assert_false(unit.caps.qi);
	assert_false(unit.caps.ir); /* IR requires QI */
	assert_null(unit.iq);
	assert_int_equal(host_platform_pages_in_use, 1);
}

static void test_init_refuses_unit_without_39_or_48_bit_tables(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(2, 1u << 3, false, false, 0, 1, 57), make_ecap(true, true, false, false, false)),
		-HV_ENODEV);
	assert_int_equal(host_platform_pages_in_use, 0);
}

static void test_init_out_of_memory_frees_everything(void **state)
{
	(void)state;
	host_platform_reset();
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP);
	host_platform_fail_after = 0; /* the root table fails */
	assert_int_equal(vtd_unit_init(&unit, &sim, 0), -HV_ENOMEM);
	assert_int_equal(host_platform_pages_in_use, 0);
	host_platform_fail_after = -1;
	assert_int_equal(vtd_unit_init(&unit, &sim, 0), 0);
	host_platform_fail_after = 1; /* the queue succeeds, its status page fails: the queue stays off */
	assert_int_equal(vtd_qi_enable(&unit), -HV_ENOMEM);
	assert_false(unit.qi_enabled);
	assert_int_equal(sim_gsts(&sim) & VTD_GSTS_QIES, 0);
	vtd_unit_fini(&unit);
	assert_int_equal(host_platform_pages_in_use, 0);
}

static void test_init_turns_off_what_firmware_left_enabled(void **state)
{
	(void)state;
	host_platform_reset();
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP);
	uint32_t on = VTD_GSTS_TES | VTD_GSTS_QIES | VTD_GSTS_IRES;
	memcpy(&sim.reg[VTD_GSTS_REG], &on, 4);
	assert_int_equal(vtd_unit_init(&unit, &sim, 0), 0);
	assert_int_equal(sim_gsts(&sim) & on, 0);
	assert_int_equal(sim.gcmd_violations, 0);
	assert_true(host_platform_log_count[PLAT_LOG_WARN] >= 1);
}

static unsigned int find_gcmd(uint32_t bit, bool set)
{
	for (unsigned int i = 0; i < sim.gcmd_writes && i < 32; i++)
		if (((sim.gcmd_log[i] & bit) != 0) == set && (i == 0 || ((sim.gcmd_log[i - 1] & bit) != 0) != set))
			return i;
	return 1000;
}

static void test_enable_translation_sets_root_then_invalidates_then_te(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	uint32_t g = sim_gsts(&sim);
	assert_true(g & VTD_GSTS_TES);
	assert_true(g & VTD_GSTS_RTPS);
	assert_true(g & VTD_GSTS_QIES);
	assert_int_equal(sim.root_latched, (uint64_t)(uintptr_t)unit.root); /* legacy mode: TTM = 0 */
	assert_int_equal(sim.gcmd_violations, 0);
	assert_int_equal(sim.reg_inv_while_qi, 0);
	/* QIE, then SRTP, then TE. */
	unsigned int qie = find_gcmd(VTD_GCMD_QIE, true), srtp = find_gcmd(VTD_GCMD_SRTP, true),
		     te = find_gcmd(VTD_GCMD_TE, true);
	assert_true(qie < srtp);
	assert_true(srtp < te);
	assert_int_equal(sim.gcmd_writes, te + 1);
	/* Global context cache, then global IOTLB, both queued. */
	assert_int_equal(sim.inv_count, 2);
	assert_int_equal(sim.inv[0].kind, SIM_INV_CC);
	assert_int_equal(sim.inv[0].gran, VTD_GRAN_GLOBAL);
	assert_true(sim.inv[0].queued);
	assert_int_equal(sim.inv[1].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.inv[1].gran, VTD_GRAN_GLOBAL);
	assert_true(sim.inv[1].queued);
	assert_int_equal(sim.wait_descs, 2);
	assert_int_equal(vtd_enable_translation(&unit), -HV_EBUSY);
}

static void test_enable_translation_without_qi_uses_registers(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(2, VTD_SAGAW_48, false, true, 9, 1, 48), make_ecap(true, false, false, false, false)),
		0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_false(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_int_equal(sim.inv_count, 2);
	assert_false(sim.inv[0].queued);
	assert_int_equal(sim.inv[0].kind, SIM_INV_CC);
	assert_false(sim.inv[1].queued);
	assert_int_equal(sim.inv[1].kind, SIM_INV_IOTLB);
	assert_int_equal(sim.gcmd_violations, 0);
}

static void test_enable_translation_times_out_when_te_never_reflects(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	sim.stall_gsts = VTD_GCMD_TE;
	assert_int_equal(vtd_enable_translation(&unit), -HV_ETIMEDOUT);
	assert_non_null(strstr(host_platform_last_log, "TE on"));
}

static void test_enable_translation_times_out_on_srtp_and_never_sets_te(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	sim.stall_gsts = VTD_GCMD_SRTP;
	assert_int_equal(vtd_enable_translation(&unit), -HV_ETIMEDOUT);
	assert_non_null(strstr(host_platform_last_log, "SRTP"));
	assert_int_equal(find_gcmd(VTD_GCMD_TE, true), 1000);
	assert_false(sim_gsts(&sim) & VTD_GSTS_TES);
}

static void test_qi_enable_times_out_when_qies_never_sets(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	sim.stall_gsts = VTD_GCMD_QIE;
	assert_int_equal(vtd_qi_enable(&unit), -HV_ETIMEDOUT);
	assert_false(unit.qi_enabled);
	assert_int_equal(vtd_enable_translation(&unit), -HV_ETIMEDOUT);
	assert_int_equal(find_gcmd(VTD_GCMD_TE, true), 1000);
}

static void test_qi_enable_refused_without_ecap_qi(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(2, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, false, false, false, false)),
		0);
	assert_int_equal(vtd_qi_enable(&unit), -HV_ENODEV);
}

static void test_disable_translation_clears_te_and_keeps_qi(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	assert_int_equal(vtd_disable_translation(&unit), 0);
	assert_false(sim_gsts(&sim) & VTD_GSTS_TES);
	assert_true(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_int_equal(vtd_qi_disable(&unit), 0);
	assert_false(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_int_equal(sim.gcmd_violations, 0);
	sim.stall_gsts = VTD_GCMD_TE;
	assert_int_equal(vtd_enable_translation(&unit), -HV_ETIMEDOUT);
}

static void test_disable_translation_times_out_when_tes_stays_set(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_enable_translation(&unit), 0);
	sim.stall_gsts = VTD_GCMD_TE;
	assert_int_equal(vtd_disable_translation(&unit), -HV_ETIMEDOUT);
	sim.stall_gsts = 0;
}

static void test_qi_disable_waits_for_queue_drain(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim.stall_queue = true;
	assert_int_equal(vtd_inv_iotlb_global(&unit), -HV_ETIMEDOUT);
	assert_int_equal(vtd_qi_disable(&unit), -HV_ETIMEDOUT); /* IQH never reaches IQT */
	assert_true(sim_gsts(&sim) & VTD_GSTS_QIES);
	assert_non_null(strstr(host_platform_last_log, "queue drain"));
	sim.stall_queue = false;
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP); /* reset so fini can quiesce */
}

static void test_write_buffer_flush_only_when_rwbf(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_flush_write_buffer(&unit), 0);
	assert_int_equal(sim.gcmd_writes, 0);
	vtd_unit_fini(&unit);
	assert_int_equal(up(make_cap(2, VTD_SAGAW_39, false, true, 9, 1, 39) | VTD_CAP_RWBF,
				 make_ecap(true, false, false, false, false)),
		0);
	assert_int_equal(vtd_flush_write_buffer(&unit), 0);
	assert_int_equal(sim.gcmd_writes, 1);
	assert_true(sim.gcmd_log[0] & VTD_GCMD_WBF);
	sim.stall_gsts = VTD_GCMD_WBF; /* WBFS stays 1 */
	assert_int_equal(vtd_flush_write_buffer(&unit), -HV_ETIMEDOUT);
	sim.stall_gsts = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_init_decodes_qemu_cap_and_ecap, teardown),
		cmocka_unit_test_teardown(test_init_without_qi_allocates_no_queue_and_ignores_ir, teardown),
		cmocka_unit_test(test_init_refuses_unit_without_39_or_48_bit_tables),
		cmocka_unit_test(test_init_out_of_memory_frees_everything),
		cmocka_unit_test_teardown(test_init_turns_off_what_firmware_left_enabled, teardown),
		cmocka_unit_test_teardown(test_enable_translation_sets_root_then_invalidates_then_te, teardown),
		cmocka_unit_test_teardown(test_enable_translation_without_qi_uses_registers, teardown),
		cmocka_unit_test_teardown(test_enable_translation_times_out_when_te_never_reflects, teardown),
		cmocka_unit_test_teardown(test_enable_translation_times_out_on_srtp_and_never_sets_te, teardown),
		cmocka_unit_test_teardown(test_qi_enable_times_out_when_qies_never_sets, teardown),
		cmocka_unit_test_teardown(test_qi_enable_refused_without_ecap_qi, teardown),
		cmocka_unit_test_teardown(test_disable_translation_clears_te_and_keeps_qi, teardown),
		cmocka_unit_test_teardown(test_disable_translation_times_out_when_tes_stays_set, teardown),
		cmocka_unit_test_teardown(test_qi_disable_waits_for_queue_drain, teardown),
		cmocka_unit_test_teardown(test_write_buffer_flush_only_when_rwbf, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
