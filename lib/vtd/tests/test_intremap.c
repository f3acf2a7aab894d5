/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt remapping: enable handshake, IRTE allocation and format, IEC invalidation, MSI format. */
#include "vtd_test.h"

static void up_ir(void)
{
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_ir_enable(&unit, 8, false), 0);
}

static const struct vtd_irte_cfg fixed40 = { .vector = 0x40, .dest = 3, .svt = 1, .sid = 0x0018 };

static void test_ir_enable_sets_table_then_invalidates_iec_then_ire(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(sim.irta_latched, (uint64_t)(uintptr_t)unit.irt | 7); /* S = 7: 256 entries, EIME = 0 */
	uint32_t g = sim_gsts(&sim);
	assert_true(g & VTD_GSTS_IRTPS);
	assert_true(g & VTD_GSTS_IRES);
	assert_true(g & VTD_GSTS_QIES);
	assert_false(g & VTD_GSTS_CFIS); /* compatibility-format interrupts stay blocked */
	assert_int_equal(sim.gcmd_violations, 0);
	/* QIE, SIRTP, IRE in that order, with a global IEC invalidation between the last two. */
	assert_int_equal(sim.gcmd_writes, 3);
	assert_true(sim.gcmd_log[0] & VTD_GCMD_QIE);
	assert_true(sim.gcmd_log[1] & VTD_GCMD_SIRTP);
	assert_true(sim.gcmd_log[2] & VTD_GCMD_IRE);
	assert_int_equal(sim.inv_count, 1);
	assert_int_equal(sim.inv[0].kind, SIM_INV_IEC);
	assert_true(sim.inv[0].iec_global);
	assert_int_equal(host_platform_pages_in_use, 4);
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_EBUSY);
}

static void test_ir_enable_refusals(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_ir_enable(&unit, 7, false), -HV_EINVAL);
	assert_int_equal(vtd_ir_enable(&unit, 17, false), -HV_EINVAL);
	assert_int_equal(vtd_ir_enable(&unit, 8, true), -HV_ENODEV); /* QEMU: no EIM */
	vtd_unit_fini(&unit);
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, true, false, false, true)), 0);
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_ENODEV); /* no ECAP.IR */
	vtd_unit_fini(&unit);
	assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, 1, 39), make_ecap(true, false, true, false, true)), 0);
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_ENODEV); /* IR without QI */
	assert_int_equal(sim.gcmd_writes, 0);
	assert_int_equal(host_platform_pages_in_use, 1);
}

static void test_ir_enable_times_out_on_sirtp_and_on_ire(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	sim.stall_gsts = VTD_GCMD_SIRTP;
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_ETIMEDOUT);
	assert_false(sim_gsts(&sim) & VTD_GSTS_IRES);
	assert_null(unit.irt);
	assert_int_equal(host_platform_pages_in_use, 3);
	sim.stall_gsts = VTD_GCMD_IRE;
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_ETIMEDOUT);
	assert_null(unit.irt);
	sim.stall_gsts = 0;
}

static void test_ir_enable_times_out_on_iec_invalidation(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_qi_enable(&unit), 0);
	sim.stall_queue = true;
	assert_int_equal(vtd_ir_enable(&unit, 8, false), -HV_ETIMEDOUT);
	assert_false(sim_gsts(&sim) & VTD_GSTS_IRES); /* IRE never set over a stale cache */
	sim.stall_queue = false;
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP);
}

static void test_irte_alloc_hands_out_free_runs_until_full(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(vtd_irte_alloc(&unit, 1), 0);
	assert_int_equal(vtd_irte_alloc(&unit, 4), 1);
	assert_int_equal(vtd_irte_alloc(&unit, 1), 5);
	assert_int_equal(vtd_irte_free(&unit, 1, 4), 0);
	assert_int_equal(vtd_irte_alloc(&unit, 2), 1);
	assert_int_equal(vtd_irte_alloc(&unit, 3), 6); /* 3 and 4 are only two long */
	assert_int_equal(vtd_irte_alloc(&unit, 0), -HV_EINVAL);
	assert_int_equal(vtd_irte_alloc(&unit, 300), -HV_ENOMEM);
	int n = 0;
	while (vtd_irte_alloc(&unit, 1) >= 0)
		n++;
	assert_int_equal(n, 256 - 7); /* 0, 1-2, 5, 6-8 were taken */
	assert_int_equal(vtd_irte_free(&unit, 250, 10), -HV_ERANGE);
	/* Nothing is present until set. */
	for (unsigned int i = 0; i < 256; i++)
		assert_int_equal(unit.irt[i * 2] & VTD_IRTE_P, 0);
}

static void test_irte_needs_ir_enabled(void **state)
{
	(void)state;
	assert_int_equal(up_qemu(), 0);
	assert_int_equal(vtd_irte_alloc(&unit, 1), -HV_ENODEV);
	assert_int_equal(vtd_irte_set(&unit, 0, &fixed40), -HV_ENODEV);
	assert_int_equal(vtd_irte_clear(&unit, 0), -HV_ENODEV);
	assert_int_equal(vtd_irte_free(&unit, 0, 1), -HV_ENODEV);
	assert_int_equal(vtd_ir_disable(&unit), -HV_ENOENT);
}

static void test_irte_set_xapic_format_and_invalidates_its_entry(void **state)
{
	(void)state;
	up_ir();
	int idx = vtd_irte_alloc(&unit, 2);
	assert_int_equal(idx, 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_irte_set(&unit, 1, &fixed40), 0);
	uint64_t lo = unit.irt[2], hi = unit.irt[3];
	assert_true(lo & VTD_IRTE_P);
	assert_int_equal((lo >> 16) & 0xFF, 0x40);
	assert_int_equal((lo >> 32) & 0xFFFFFFFF, 3u << 8); /* xAPIC: APIC id in DST[15:8] */
	assert_int_equal((lo >> 5) & 7, 0);
	assert_int_equal(lo & (VTD_IRTE_DM | VTD_IRTE_RH | VTD_IRTE_TM | VTD_IRTE_FPD), 0);
	assert_int_equal(hi & 0xFFFF, 0x0018);
	assert_int_equal((hi >> 18) & 3, 1);
	assert_int_equal(sim.inv_count, before + 1);
	assert_int_equal(sim.inv[before].kind, SIM_INV_IEC);
	assert_false(sim.inv[before].iec_global);
	assert_int_equal(sim.inv[before].iec_index, 1);
	assert_true(sim_flushed(&unit.irt[2], 16)); /* QEMU's unit is not coherent */

	struct vtd_irte_cfg c = { .vector = 0x51, .dest = 0x0F, .dest_logical = true, .redir_hint = true, .level = true,
		.delivery = 1, .svt = 2, .sq = 3, .sid = 0x0203 };
	assert_int_equal(vtd_irte_set(&unit, 1, &c), 0); /* present entry, new source fields */
	lo = unit.irt[2];
	hi = unit.irt[3];
	assert_true(lo & VTD_IRTE_P);
	assert_true(lo & VTD_IRTE_DM);
	assert_true(lo & VTD_IRTE_RH);
	assert_true(lo & VTD_IRTE_TM);
	assert_int_equal((lo >> 5) & 7, 1);
	assert_int_equal((lo >> 16) & 0xFF, 0x51);
	assert_int_equal(hi, 0x0203 | (3ull << 16) | (2ull << 18));
}

static void test_irte_set_refusals_change_nothing(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(vtd_irte_alloc(&unit, 1), 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_irte_set(&unit, 1, &fixed40), -HV_ENOENT);  /* not allocated */
	assert_int_equal(vtd_irte_set(&unit, 256, &fixed40), -HV_ERANGE);
	struct vtd_irte_cfg c = fixed40;
	c.dest = 256;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), -HV_ERANGE); /* xAPIC ids are 8 bits */
	c = fixed40;
	c.vector = 5;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), -HV_EINVAL);
	c = fixed40;
	c.delivery = 3;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), -HV_EINVAL);
	c = fixed40;
	c.svt = 3;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), -HV_EINVAL);
	assert_int_equal(vtd_irte_set(&unit, 0, NULL), -HV_EINVAL);
	assert_int_equal(sim.inv_count, before);
	assert_int_equal(unit.irt[0] & VTD_IRTE_P, 0);
	c = fixed40;
	c.delivery = 4; /* NMI: the vector is ignored */
	c.vector = 2;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), 0);
}

static void test_irte_clear_makes_entry_not_present_and_invalidates(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(vtd_irte_alloc(&unit, 1), 0);
	assert_int_equal(vtd_irte_set(&unit, 0, &fixed40), 0);
	unsigned int before = sim.inv_count;
	assert_int_equal(vtd_irte_clear(&unit, 0), 0);
	assert_int_equal(unit.irt[0] & VTD_IRTE_P, 0);
	assert_true(unit.irt[0] & VTD_IRTE_AVAIL_ALLOC); /* still allocated */
	assert_int_equal(sim.inv_count, before + 1);
	assert_int_equal(sim.inv[before].iec_index, 0);
	assert_int_equal(vtd_irte_alloc(&unit, 1), 1);
	assert_int_equal(vtd_irte_free(&unit, 0, 1), 0);
	assert_int_equal(unit.irt[0], 0);
	assert_int_equal(vtd_irte_clear(&unit, 0), -HV_ENOENT);
}

static void test_irte_set_reports_iec_timeout(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(vtd_irte_alloc(&unit, 1), 0);
	sim.stall_queue = true;
	assert_int_equal(vtd_irte_set(&unit, 0, &fixed40), -HV_ETIMEDOUT);
	sim.stall_queue = false;
	sim_init(&sim, SIM_QEMU_CAP, SIM_QEMU_ECAP);
}

static void test_x2apic_mode_needs_eim_and_uses_32_bit_destinations(void **state)
{
	(void)state;
	assert_int_equal(up(make_cap(6, VTD_SAGAW_48, false, true, 9, 1, 48), make_ecap(true, true, true, true, true)), 0);
	assert_int_equal(vtd_ir_enable(&unit, 12, true), 0);
	assert_int_equal(sim.irta_latched, (uint64_t)(uintptr_t)unit.irt | VTD_IRTA_EIME | 11);
	assert_int_equal(unit.irt_entries, 4096);
	assert_int_equal(host_platform_pages_in_use, 3 + 16);
	assert_int_equal(vtd_irte_alloc(&unit, 1), 0);
	struct vtd_irte_cfg c = fixed40;
	c.dest = 0x12345;
	assert_int_equal(vtd_irte_set(&unit, 0, &c), 0);
	assert_int_equal(unit.irt[0] >> 32, 0x12345);
	assert_int_equal(vtd_fault_irq_setup(&unit, 0xE1, 0x12345), 0);
	assert_int_equal(sim_reg32(&sim, VTD_FEADDR_REG), 0xFEE45000u);
	assert_int_equal(sim_reg32(&sim, VTD_FEUADDR_REG), 0x12300u);
	assert_int_equal(sim_flush_count, 0); /* coherent unit */
}

static void test_ir_disable_clears_ire_and_frees_table(void **state)
{
	(void)state;
	up_ir();
	assert_int_equal(vtd_ir_disable(&unit), 0);
	assert_false(sim_gsts(&sim) & VTD_GSTS_IRES);
	assert_null(unit.irt);
	assert_int_equal(host_platform_pages_in_use, 3);
	assert_int_equal(sim.gcmd_violations, 0);
	assert_int_equal(vtd_ir_enable(&unit, 8, false), 0);
}

static void test_msi_compose_remappable_format(void **state)
{
	(void)state;
	uint32_t lo = 1, hi = 1, data = 1;
	assert_int_equal(vtd_msi_compose(0, &lo, &hi, &data), 0);
	assert_int_equal(lo, 0xFEE00010u);
	assert_int_equal(hi, 0);
	assert_int_equal(data, 0);
	assert_int_equal(vtd_msi_compose(5, &lo, &hi, &data), 0);
	assert_int_equal(lo, 0xFEE00000u | (5u << 5) | 0x10u);
	assert_int_equal(vtd_msi_compose(0x8001, &lo, &hi, &data), 0); /* handle[15] goes to bit 2 */
	assert_int_equal(lo, 0xFEE00000u | (1u << 5) | 0x10u | 0x4u);
	assert_int_equal(vtd_msi_compose(0xFFFF, &lo, &hi, &data), 0);
	assert_int_equal(lo, 0xFEEFFFF4u | 0x10u);
	assert_int_equal(vtd_msi_compose(0x10000, &lo, &hi, &data), -HV_ERANGE);
	assert_int_equal(vtd_msi_compose(1, NULL, &hi, &data), -HV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_ir_enable_sets_table_then_invalidates_iec_then_ire, teardown),
		cmocka_unit_test_teardown(test_ir_enable_refusals, teardown),
		cmocka_unit_test_teardown(test_ir_enable_times_out_on_sirtp_and_on_ire, teardown),
		cmocka_unit_test_teardown(test_ir_enable_times_out_on_iec_invalidation, teardown),
		cmocka_unit_test_teardown(test_irte_alloc_hands_out_free_runs_until_full, teardown),
		cmocka_unit_test_teardown(test_irte_needs_ir_enabled, teardown),
		cmocka_unit_test_teardown(test_irte_set_xapic_format_and_invalidates_its_entry, teardown),
		cmocka_unit_test_teardown(test_irte_set_refusals_change_nothing, teardown),
		cmocka_unit_test_teardown(test_irte_clear_makes_entry_not_present_and_invalidates, teardown),
		cmocka_unit_test_teardown(test_irte_set_reports_iec_timeout, teardown),
		cmocka_unit_test_teardown(test_x2apic_mode_needs_eim_and_uses_32_bit_destinations, teardown),
		cmocka_unit_test_teardown(test_ir_disable_clears_ire_and_frees_table, teardown),
		cmocka_unit_test(test_msi_compose_remappable_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
