/* SPDX-License-Identifier: BSD-3-Clause */
/* Physical destination mode (SDM 11.12.9, 11.6.2.1): virtual ID -> physical ID. */
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

static void sdm_11_6_2_1_physical_dest_of_a_vcpu_is_sent_to_its_physical_id(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 0, PHYS(17, APIC_DM_FIXED, 0x31), &a), 0);
	assert_int_equal(a.kind, ICR_ACT_SEND);
	assert_int_equal(a.targets, 1ull << 17);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(a.sends[0].vcpu, 17);
	/* fixed, vector 0x31, level assert kept, physical mode, destination translated */
	assert_int_equal(a.sends[0].icr,
			 ((uint64_t)test_phys_id(17) << 32) | ICR_LEVEL_ASSERT | 0x31);
	assert_int_equal(a.nr_dropped, 0);
	assert_sends_stay_in_vm(&m, 0, &a);
}

static void physical_dest_to_self_id_goes_to_own_physical_id(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 5, PHYS(5, APIC_DM_FIXED, 0xec), &a), 0);
	assert_int_equal(a.nr_sends, 1);
	assert_int_equal(icr_destination(a.sends[0].icr), test_phys_id(5));
	assert_sends_stay_in_vm(&m, 5, &a);
}

static void physical_dest_outside_vm_is_dropped_and_reported(void **state)
{
	(void)state;
	/* 20 is the first ID past the VM; 0x43 is vCPU 1's *physical* ID, which the guest
	 * must not be able to reach by name either. */
	const uint32_t foreign[] = { TEST_NR_VCPUS, test_phys_id(1), 0xfffffffe };
	for (unsigned int i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
		assert_int_equal(icr_filter(&m, 2, PHYS(foreign[i], APIC_DM_FIXED, 0x40), &a), 0);
		assert_int_equal(a.kind, ICR_ACT_SEND);
		assert_int_equal(a.nr_sends, 0);
		assert_int_equal(a.targets, 0);
		assert_int_equal(a.nr_dropped, 1);
		assert_int_equal(a.dropped_ids[0], foreign[i]);
	}
}

static void sdm_11_12_9_physical_ffffffff_reaches_every_vcpu_including_sender(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 3, PHYS(X2APIC_BROADCAST_ID, APIC_DM_FIXED, 0xfd), &a), 0);
	assert_int_equal(a.targets, (1ull << TEST_NR_VCPUS) - 1);
	assert_int_equal(a.nr_sends, TEST_NR_VCPUS);
	assert_int_equal(a.nr_dropped, 0);
	assert_sends_stay_in_vm(&m, 3, &a);
	for (unsigned int i = 0; i < a.nr_sends; i++) {
		/* never the hardware broadcast ID */
		assert_int_not_equal(icr_destination(a.sends[i].icr), X2APIC_BROADCAST_ID);
		assert_int_equal(icr_vector(a.sends[i].icr), 0xfd);
	}
}

static void sdm_11_6_1_trigger_and_level_bits_are_passed_on(void **state)
{
	(void)state;
	uint64_t icr = (PHYS(1, APIC_DM_FIXED, 0x50) | ICR_TRIGGER_LEVEL) & ~ICR_LEVEL_ASSERT;
	assert_int_equal(icr_filter(&m, 0, icr, &a), 0);
	assert_int_equal(a.sends[0].icr & (ICR_TRIGGER_LEVEL | ICR_LEVEL_ASSERT), ICR_TRIGGER_LEVEL);
}

static void sixty_four_vcpu_vm_broadcast_covers_all(void **state)
{
	(void)state;
	struct icr_vm_map big;
	test_map(&big, ICR_MAX_VCPUS);
	assert_int_equal(icr_filter(&big, 63, PHYS(X2APIC_BROADCAST_ID, APIC_DM_FIXED, 0x22), &a), 0);
	assert_int_equal(a.targets, ~0ull);
	assert_int_equal(a.nr_sends, ICR_MAX_VCPUS);
	assert_sends_stay_in_vm(&big, 63, &a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sdm_11_6_2_1_physical_dest_of_a_vcpu_is_sent_to_its_physical_id, setup),
		cmocka_unit_test_setup(physical_dest_to_self_id_goes_to_own_physical_id, setup),
		cmocka_unit_test_setup(physical_dest_outside_vm_is_dropped_and_reported, setup),
		cmocka_unit_test_setup(sdm_11_12_9_physical_ffffffff_reaches_every_vcpu_including_sender, setup),
		cmocka_unit_test_setup(sdm_11_6_1_trigger_and_level_bits_are_passed_on, setup),
		cmocka_unit_test_setup(sixty_four_vcpu_vm_broadcast_covers_all, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
