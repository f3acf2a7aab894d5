/* SPDX-License-Identifier: BSD-3-Clause */
/* SDM 11.12.1.3 + Figure 11-28: a WRMSR to the ICR with a reserved bit set (13, 17:16,
 * 31:20) raises #GP and sends nothing; bit 12 (the old Delivery Status) is ignored. */
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

static void sdm_11_12_1_3_each_reserved_icr_bit_raises_gp(void **state)
{
	(void)state;
	unsigned int faults = 0;
	for (unsigned int bit = 0; bit < 32; bit++) {
		bool reserved = bit == 13 || bit == 16 || bit == 17 || bit >= 20;
		uint64_t icr = PHYS(1, APIC_DM_FIXED, 0x30) | (1ull << bit);
		if (!reserved)
			continue;
		memset(&a, 0xa5, sizeof(a));
		assert_int_equal(icr_filter(&m, 0, icr, &a), ICR_FILTER_GP);
		assert_int_equal(a.nr_sends, 0xa5a5a5a5u); /* *out unchanged */
		faults++;
	}
	assert_int_equal(faults, 15);
	/* the mask itself */
	assert_int_equal(ICR_RESERVED_BITS, 0xfff32000ull);
	/* #GP wins over every other verdict: SMI, invalid shorthand, illegal vector */
	assert_int_equal(icr_filter(&m, 0, PHYS(1, APIC_DM_SMI, 0x30) | (1ull << 31), &a), ICR_FILTER_GP);
	assert_int_equal(icr_filter(&m, 0, SHORT(APIC_SH_SELF, APIC_DM_INIT, 0) | (1ull << 16), &a), ICR_FILTER_GP);
	assert_int_equal(icr_filter(&m, 0, PHYS(1, APIC_DM_FIXED, 3) | (1ull << 13), &a), ICR_FILTER_GP);
}

static void sdm_11_12_9_destination_bits_63_32_are_not_reserved(void **state)
{
	(void)state;
	/* every destination value is accepted (it may be dropped, never faults) */
	const uint32_t dests[] = { 0, 1, 0x80000000u, 0xfffffffeu };
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(icr_filter(&m, 0, PHYS(dests[i], APIC_DM_FIXED, 0x30), &a), 0);
}

static void sdm_11_12_9_delivery_status_bit_12_is_ignored(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 0, PHYS(2, APIC_DM_FIXED, 0x30) | ICR_DELIVERY_STATUS, &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(a.sends[0].icr & ICR_DELIVERY_STATUS, 0);
	assert_sends_stay_in_vm(&m, 0, &a);
}

static void source_vcpu_outside_the_map_is_a_caller_error(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, TEST_NR_VCPUS, PHYS(1, APIC_DM_FIXED, 0x30), &a), -HV_ERANGE);
	assert_int_equal(icr_filter(NULL, 0, PHYS(1, APIC_DM_FIXED, 0x30), &a), -HV_ERANGE);
	assert_int_equal(icr_filter(&m, 0, PHYS(1, APIC_DM_FIXED, 0x30), NULL), -HV_ERANGE);
	assert_int_equal(a.nr_sends, 0xa5a5a5a5u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sdm_11_12_1_3_each_reserved_icr_bit_raises_gp, setup),
		cmocka_unit_test_setup(sdm_11_12_9_destination_bits_63_32_are_not_reserved, setup),
		cmocka_unit_test_setup(sdm_11_12_9_delivery_status_bit_12_is_ignored, setup),
		cmocka_unit_test_setup(source_vcpu_outside_the_map_is_a_caller_error, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
