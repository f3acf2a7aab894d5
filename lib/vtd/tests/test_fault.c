/* SPDX-License-Identifier: BSD-3-Clause */
/* Fault recording: decode, clear, report, overflow, storm rate limit, fault-event interrupt. */
#include "vtd_test.h"

#define MAX_SEEN 256
static struct vtd_fault seen[MAX_SEEN];
static unsigned int seen_count;
static void on_fault(struct vtd_unit *u, const struct vtd_fault *f)
{
	assert_ptr_equal(u, &unit);
	if (seen_count < MAX_SEEN)
		seen[seen_count] = *f;
	seen_count++;
}

static void up_faults(unsigned int nfr)
{
	if (nfr == 1)
		assert_int_equal(up_qemu(), 0);
	else
		assert_int_equal(up(make_cap(6, VTD_SAGAW_39, false, true, 9, nfr, 39), make_ecap(false, true, true, false, true)),
			0);
	seen_count = 0;
	sim_fault_report = on_fault;
}

static uint64_t frcd_hi(unsigned int idx)
{
	return sim_reg64(&sim, unit.caps.fro_off + idx * 16 + 8);
}

static void test_single_dma_write_fault_is_decoded_reported_and_cleared(void **state)
{
	(void)state;
	up_faults(1);
	sim_inject_fault(&sim, 0, 0x0018, 0x40000, 5, false); /* 00:03.0 writes a read-only page */
	assert_true(sim_reg32(&sim, VTD_FSTS_REG) & VTD_FSTS_PPF);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(seen_count, 1);
	assert_int_equal(seen[0].bus << 8 | seen[0].dev << 3 | seen[0].fn, 0x0018);
	assert_int_equal(seen[0].bus, 0);
	assert_int_equal(seen[0].dev, 3);
	assert_int_equal(seen[0].fn, 0);
	assert_int_equal(seen[0].addr, 0x40000);
	assert_int_equal(seen[0].reason, 5);
	assert_true(seen[0].is_write);
	assert_string_equal(seen[0].reason_name, "write to a page without write permission");
	assert_int_equal(frcd_hi(0) & VTD_FRCD_HI_F, 0);                 /* F written 1 to clear */
	assert_int_equal(sim_reg32(&sim, VTD_FSTS_REG) & VTD_FSTS_PPF, 0); /* so PPF dropped */
	assert_true(seen[0].log); /* the first line of the second: the callback logs it */
	/* With the record cleared, the next fault lands and is seen (QEMU has one record). */
	sim_inject_fault(&sim, 0, 0x0119, 0x7000, 6, true);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(seen[1].bus, 1);
	assert_int_equal(seen[1].dev, 3);
	assert_int_equal(seen[1].fn, 1);
	assert_false(seen[1].is_write);
	assert_int_equal(seen[1].reason, 6);
	assert_int_equal(unit.fault_total, 2);
}

static void test_no_pending_fault_reports_nothing(void **state)
{
	(void)state;
	up_faults(1);
	assert_int_equal(vtd_fault_handle(&unit), 0);
	assert_int_equal(seen_count, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 0);
}

static void test_fault_overflow_is_counted_logged_and_pfo_cleared(void **state)
{
	(void)state;
	up_faults(1);
	sim_inject_fault(&sim, 0, 0x0018, 0x1000, 2, true);
	sim_inject_fault(&sim, 0, 0x0018, 0x2000, 2, true); /* record busy: lost, PFO */
	assert_true(sim_reg32(&sim, VTD_FSTS_REG) & VTD_FSTS_PFO);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(seen[0].addr, 0x1000);
	assert_int_equal(unit.fault_overflows, 1);
	assert_int_equal(sim_reg32(&sim, VTD_FSTS_REG) & (VTD_FSTS_PFO | VTD_FSTS_PPF), 0);
	assert_non_null(strstr(host_platform_last_log, "overflow"));
}

static void test_records_are_walked_from_fri_with_wraparound(void **state)
{
	(void)state;
	up_faults(4);
	sim_inject_fault(&sim, 2, 0x0010, 0x2000, 1, true);
	sim_inject_fault(&sim, 3, 0x0011, 0x3000, 1, true);
	sim_inject_fault(&sim, 0, 0x0012, 0x4000, 1, true);
	assert_int_equal(VTD_FSTS_FRI(sim_reg32(&sim, VTD_FSTS_REG)), 2);
	assert_int_equal(vtd_fault_handle(&unit), 3);
	assert_int_equal(seen[0].addr, 0x2000);
	assert_int_equal(seen[1].addr, 0x3000);
	assert_int_equal(seen[2].addr, 0x4000);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(frcd_hi(i) & VTD_FRCD_HI_F, 0);
	assert_string_equal(seen[0].reason_name, "root entry not present");
}

static void test_interrupt_remapping_fault_reports_index(void **state)
{
	(void)state;
	up_faults(1);
	sim_inject_fault(&sim, 0, 0x00f8, (uint64_t)37 << 48, 0x22, false);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(seen[0].reason, 0x22);
	assert_int_equal(seen[0].ir_index, 37);
	assert_string_equal(seen[0].reason_name, "interrupt-remapping table entry not present");
}

static void test_fault_storm_logs_are_rate_limited_but_all_reported(void **state)
{
	(void)state;
	up_faults(4);
	host_platform_tsc_value = 5000000000ull;
	for (unsigned int i = 0; i < 100; i++) {
		sim_inject_fault(&sim, i % 4, 0x0018, (uint64_t)i << 12, 5, false);
		assert_int_equal(vtd_fault_handle(&unit), 1);
	}
	assert_int_equal(seen_count, 100); /* the core hears every one */
	unsigned int logged = 0;
	for (unsigned int i = 0; i < 100; i++)
		logged += seen[i].log;
	assert_int_equal(logged, unit.fault_rl.burst);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 0); /* the callback writes the lines */
	assert_int_equal(unit.fault_rl.pending, 100 - unit.fault_rl.burst);
	/* A second later the window reopens with a count of what was suppressed. */
	host_platform_tsc_value += plat_tsc_hz();
	sim_inject_fault(&sim, 0, 0x0018, 0x9000, 5, false);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 1);
	assert_true(seen[100].log);
	assert_int_equal(unit.fault_rl.pending, 0);
	assert_int_equal(unit.fault_total, 101);
}

static void test_fault_without_callback_is_still_cleared(void **state)
{
	(void)state;
	up_faults(1);
	sim_fault_report = NULL;
	sim_inject_fault(&sim, 0, 0x0018, 0x1000, 5, false);
	assert_int_equal(vtd_fault_handle(&unit), 1);
	assert_int_equal(seen_count, 0);
	assert_int_equal(frcd_hi(0) & VTD_FRCD_HI_F, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 0); /* no callback: no line */
}

static void test_fault_event_interrupt_programming(void **state)
{
	(void)state;
	up_faults(1);
	assert_true(sim_reg32(&sim, VTD_FECTL_REG) & VTD_FECTL_IM); /* masked at reset */
	assert_int_equal(vtd_fault_irq_setup(&unit, 0xE0, 3), 0);
	assert_int_equal(sim_reg32(&sim, VTD_FEDATA_REG), 0xE0);
	assert_int_equal(sim_reg32(&sim, VTD_FEADDR_REG), 0xFEE03000u);
	assert_int_equal(sim_reg32(&sim, VTD_FEUADDR_REG), 0);
	assert_int_equal(sim_reg32(&sim, VTD_FECTL_REG) & VTD_FECTL_IM, 0);
	vtd_fault_irq_mask(&unit, true);
	assert_true(sim_reg32(&sim, VTD_FECTL_REG) & VTD_FECTL_IM);
	vtd_fault_irq_mask(&unit, false);
	assert_int_equal(sim_reg32(&sim, VTD_FECTL_REG) & VTD_FECTL_IM, 0);
}

static void test_fault_event_interrupt_refuses_bad_vector_or_destination(void **state)
{
	(void)state;
	up_faults(1);
	assert_int_equal(vtd_fault_irq_setup(&unit, 15, 0), -HV_EINVAL);
	assert_int_equal(vtd_fault_irq_setup(&unit, 0xE0, 256), -HV_EINVAL); /* xAPIC: 8-bit ids */
	assert_int_equal(sim_reg32(&sim, VTD_FEDATA_REG), 0);
	assert_true(sim_reg32(&sim, VTD_FECTL_REG) & VTD_FECTL_IM);
}

static void test_fault_reason_names_cover_dma_and_interrupt_codes(void **state)
{
	(void)state;
	assert_string_equal(vtd_fault_reason_name(2), "context entry not present");
	assert_string_equal(vtd_fault_reason_name(6), "read from a page without read permission");
	assert_string_equal(vtd_fault_reason_name(0x25), "compatibility-format interrupt blocked");
	assert_string_equal(vtd_fault_reason_name(0x99), "unknown fault reason");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_single_dma_write_fault_is_decoded_reported_and_cleared, teardown),
		cmocka_unit_test_teardown(test_no_pending_fault_reports_nothing, teardown),
		cmocka_unit_test_teardown(test_fault_overflow_is_counted_logged_and_pfo_cleared, teardown),
		cmocka_unit_test_teardown(test_records_are_walked_from_fri_with_wraparound, teardown),
		cmocka_unit_test_teardown(test_interrupt_remapping_fault_reports_index, teardown),
		cmocka_unit_test_teardown(test_fault_storm_logs_are_rate_limited_but_all_reported, teardown),
		cmocka_unit_test_teardown(test_fault_without_callback_is_still_cleared, teardown),
		cmocka_unit_test_teardown(test_fault_event_interrupt_programming, teardown),
		cmocka_unit_test_teardown(test_fault_event_interrupt_refuses_bad_vector_or_destination, teardown),
		cmocka_unit_test(test_fault_reason_names_cover_dma_and_interrupt_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
