/* SPDX-License-Identifier: BSD-3-Clause */
/* Delivery modes (SDM 11.6.1, Figure 11-28): what passes, what the core emulates, what is
 * refused, and the illegal-vector rule (SDM 11.5.3). */
#include "icr_test.h"

static struct icr_vm_map m;
static struct icr_action a;

static int setup(void **state)
{
	(void)state;
	test_map(&m, TEST_NR_VCPUS);
	memset(&a, 0xa5, sizeof(a));
	return 0;
}

static void sdm_11_6_1_nmi_passes_through_translated(void **state)
{
	(void)state;
	/* NMI ignores the vector; 0 is not an illegal vector for it */
	assert_int_equal(icr_filter(&m, 0, PHYS(3, APIC_DM_NMI, 0), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(icr_delivery_mode(a.sends[0].icr), APIC_DM_NMI);
	assert_int_equal(icr_destination(a.sends[0].icr), test_phys_id(3));
	assert_sends_stay_in_vm(&m, 0, &a);
}

static void sdm_11_6_1_init_is_reported_for_emulation_not_sent(void **state)
{
	(void)state;
	uint64_t icr = PHYS(4, APIC_DM_INIT, 0) | ICR_TRIGGER_LEVEL; /* Linux: level, assert */
	assert_int_equal(icr_filter(&m, 0, icr, &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_INIT);
	assert_int_equal(a.targets, 1ull << 4);
	assert_int_equal(a.nr_sends, 0);

	/* INIT to an ID outside the VM: reported, no target */
	assert_int_equal(icr_filter(&m, 0, PHYS(40, APIC_DM_INIT, 0), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_INIT);
	assert_int_equal(a.targets, 0);
	assert_int_equal(a.nr_dropped, 1);
	assert_int_equal(a.dropped_ids[0], 40);
}

static void sdm_11_6_1_init_level_deassert_is_reported_as_such(void **state)
{
	(void)state;
	uint64_t icr = (PHYS(4, APIC_DM_INIT, 0) | ICR_TRIGGER_LEVEL) & ~ICR_LEVEL_ASSERT;
	assert_int_equal(icr_filter(&m, 0, icr, &a), 0);
	assert_int_equal(a.kind, ICR_ACT_INIT_DEASSERT);
	assert_int_equal(a.nr_sends, 0);
}

static void sdm_11_6_1_startup_ipi_is_reported_with_its_vector(void **state)
{
	(void)state;
	/* logical destination: cluster 0, bits 1 and 2 */
	assert_int_equal(icr_filter(&m, 0, LOGICAL(0x6, APIC_DM_STARTUP, 0x9f), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_SIPI);
	assert_int_equal(a.vector, 0x9f);
	assert_int_equal(a.targets, (1ull << 1) | (1ull << 2));
	assert_int_equal(a.nr_sends, 0);
	/* the SIPI vector is a page number: 0..15 are legal */
	assert_int_equal(icr_filter(&m, 0, PHYS(1, APIC_DM_STARTUP, 0x08), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_SIPI);
	assert_int_equal(a.vector, 0x08);
}

static void sdm_11_6_1_note_1_lowest_priority_picks_the_first_target_and_sends_fixed(void **state)
{
	(void)state;
	/* logical cluster 1, bits 1 and 3: vCPUs 17 and 19 -> 17 */
	assert_int_equal(icr_filter(&m, 0, LOGICAL((1u << 16) | 0xa, APIC_DM_LOWEST, 0x60), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.targets, 1ull << 17);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(a.sends[0].icr, ((uint64_t)test_phys_id(17) << 32) | ICR_LEVEL_ASSERT | 0x60);
	assert_sends_stay_in_vm(&m, 0, &a);

	/* broadcast: vCPU 0, even when it is the sender */
	assert_int_equal(icr_filter(&m, 0, PHYS(X2APIC_BROADCAST_ID, APIC_DM_LOWEST, 0x60), &a), 0);
	assert_int_equal(a.targets, 1ull);
	assert_sends_stay_in_vm(&m, 0, &a);

	/* all excluding self from vCPU 0: vCPU 1 */
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_LOWEST, 0x60), &a), 0);
	assert_int_equal(a.targets, 1ull << 1);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(icr_delivery_mode(a.sends[0].icr), APIC_DM_FIXED);

	/* nobody in the VM: nothing sent, the ID reported */
	assert_int_equal(icr_filter(&m, 0, PHYS(99, APIC_DM_LOWEST, 0x60), &a), 0);
	assert_int_equal(a.nr_sends, 0);
	assert_int_equal(a.nr_dropped, 1);
	assert_int_equal(a.dropped_ids[0], 99);
}

static void sdm_fig_11_28_smi_and_reserved_delivery_modes_are_refused(void **state)
{
	(void)state;
	const enum apic_delivery_mode refused[] = { APIC_DM_SMI, APIC_DM_RESERVED_3, APIC_DM_EXTINT };
	for (unsigned int i = 0; i < 3; i++) {
		memset(&a, 0xa5, sizeof(a));
		assert_int_equal(icr_filter(&m, 0, PHYS(1, refused[i], 0x30), &a), ICR_FILTER_REFUSED);
		assert_int_equal(a.nr_sends, 0xa5a5a5a5u); /* *out unchanged */
		assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_EXCL_SELF, refused[i], 0x30), &a),
				 ICR_FILTER_REFUSED);
	}
}

static void sdm_11_5_3_vector_below_16_sets_send_illegal_vector_and_sends_nothing(void **state)
{
	(void)state;
	const enum apic_delivery_mode dms[] = { APIC_DM_FIXED, APIC_DM_LOWEST };
	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int v = 0; v < 16; v++) {
			memset(&a, 0xa5, sizeof(a));
			assert_int_equal(icr_filter(&m, 0, PHYS(1, dms[d], (uint8_t)v), &a), 0);
			assert_int_equal(a.kind, ICR_ACT_ILLEGAL_VECTOR);
			assert_int_equal(a.vector, v);
			assert_int_equal(a.nr_sends, 0);
			assert_int_equal(a.targets, 0);
		}
	/* with a shorthand too */
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_INCL_SELF, APIC_DM_FIXED, 15), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_ILLEGAL_VECTOR);
	/* 16 is the first legal vector */
	assert_int_equal(icr_filter(&m, 0, PHYS(1, APIC_DM_FIXED, 16), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.nr_sends, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sdm_11_6_1_nmi_passes_through_translated, setup),
		cmocka_unit_test_setup(sdm_11_6_1_init_is_reported_for_emulation_not_sent, setup),
		cmocka_unit_test_setup(sdm_11_6_1_init_level_deassert_is_reported_as_such, setup),
		cmocka_unit_test_setup(sdm_11_6_1_startup_ipi_is_reported_with_its_vector, setup),
		cmocka_unit_test_setup(sdm_11_6_1_note_1_lowest_priority_picks_the_first_target_and_sends_fixed, setup),
		cmocka_unit_test_setup(sdm_fig_11_28_smi_and_reserved_delivery_modes_are_refused, setup),
		cmocka_unit_test_setup(sdm_11_5_3_vector_below_16_sets_send_illegal_vector_and_sends_nothing, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
