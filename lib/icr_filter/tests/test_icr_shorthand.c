/* SPDX-License-Identifier: BSD-3-Clause */
/* Destination shorthands (SDM 11.6.1): expanded to the VM's vCPUs, never sent as the
 * hardware all-* shorthand, which would reach every CPU of the platform. */
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

static void sdm_11_6_1_self_shorthand_is_sent_as_self(void **state)
{
	(void)state;
	/* the destination field is ignored with a shorthand */
	uint64_t icr = SHORT(APIC_SH_SELF, APIC_DM_FIXED, 0xe0) | (7ull << 32);
	assert_int_equal(icr_filter(&m, 9, icr, &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.targets, 1ull << 9);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(a.sends[0].vcpu, 9);
	assert_int_equal(a.sends[0].icr,
			 ((uint64_t)APIC_SH_SELF << ICR_SHORTHAND_SHIFT) | ICR_LEVEL_ASSERT | 0xe0);
	assert_sends_stay_in_vm(&m, 9, &a);
}

static void sdm_11_6_1_all_including_self_is_expanded_to_every_vcpu(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 9, SHORT(APIC_SH_ALL_INCL_SELF, APIC_DM_FIXED, 0xe1), &a), 0);
	assert_int_equal(a.targets, (1ull << TEST_NR_VCPUS) - 1);
	assert_int_equal(a.nr_sends, TEST_NR_VCPUS);
	assert_sends_stay_in_vm(&m, 9, &a);
	for (unsigned int i = 0; i < a.nr_sends; i++)
		assert_int_equal(icr_shorthand(a.sends[i].icr), APIC_SH_NONE);
}

static void sdm_11_6_1_all_excluding_self_is_expanded_to_every_other_vcpu(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 9, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_FIXED, 0xe2), &a), 0);
	assert_int_equal(a.targets, ((1ull << TEST_NR_VCPUS) - 1) & ~(1ull << 9));
	assert_int_equal(a.nr_sends, TEST_NR_VCPUS - 1);
	assert_sends_stay_in_vm(&m, 9, &a);
	for (unsigned int i = 0; i < a.nr_sends; i++) {
		assert_int_not_equal(a.sends[i].vcpu, 9);
		assert_int_equal(icr_shorthand(a.sends[i].icr), APIC_SH_NONE);
	}
}

static void all_excluding_self_in_one_vcpu_vm_sends_nothing(void **state)
{
	(void)state;
	struct icr_vm_map one;
	test_map(&one, 1);
	assert_int_equal(icr_filter(&one, 0, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_NMI, 0), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.targets, 0);
	assert_int_equal(a.nr_sends, 0);
	assert_int_equal(a.nr_dropped, 0);
}

static void sdm_11_6_1_self_and_all_including_self_are_valid_with_fixed_only(void **state)
{
	(void)state;
	const enum apic_delivery_mode bad[] = { APIC_DM_LOWEST, APIC_DM_NMI, APIC_DM_INIT,
					       APIC_DM_STARTUP };
	const enum apic_shorthand shs[] = { APIC_SH_SELF, APIC_SH_ALL_INCL_SELF };
	for (unsigned int s = 0; s < 2; s++)
		for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			memset(&a, 0xa5, sizeof(a));
			assert_int_equal(icr_filter(&m, 1, SHORT(shs[s], bad[i], 0x30), &a),
					 ICR_FILTER_REFUSED);
			assert_int_equal(a.nr_sends, 0xa5a5a5a5u); /* unchanged */
		}
}

static void sdm_11_6_1_all_excluding_self_carries_nmi_init_and_sipi(void **state)
{
	(void)state;
	uint64_t others = ((1ull << TEST_NR_VCPUS) - 1) & ~1ull;
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_NMI, 0), &a), 0);
	assert_int_equal(a.targets, others);
	assert_sends_stay_in_vm(&m, 0, &a);
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_INIT, 0), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_INIT);
	assert_int_equal(a.targets, others);
	assert_int_equal(a.nr_sends, 0);
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_ALL_EXCL_SELF, APIC_DM_STARTUP, 0x9a), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_EMULATE_SIPI);
	assert_int_equal(a.vector, 0x9a);
	assert_int_equal(a.targets, others);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sdm_11_6_1_self_shorthand_is_sent_as_self, setup),
		cmocka_unit_test_setup(sdm_11_6_1_all_including_self_is_expanded_to_every_vcpu, setup),
		cmocka_unit_test_setup(sdm_11_6_1_all_excluding_self_is_expanded_to_every_other_vcpu, setup),
		cmocka_unit_test_setup(all_excluding_self_in_one_vcpu_vm_sends_nothing, setup),
		cmocka_unit_test_setup(sdm_11_6_1_self_and_all_including_self_are_valid_with_fixed_only, setup),
		cmocka_unit_test_setup(sdm_11_6_1_all_excluding_self_carries_nmi_init_and_sipi, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
