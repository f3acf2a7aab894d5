/* SPDX-License-Identifier: BSD-3-Clause */
/* Logical (cluster) destinations, SDM 11.12.10.2: cluster in 31:16, bitmap in 15:0; each
 * match leaves as a physical IPI, never as a logical IPI on the physical bus. */
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

static uint32_t ldest(uint32_t cluster, uint32_t bits)
{
	return (cluster << 16) | bits;
}

static void sdm_11_12_10_2_virtual_ldr_is_cluster_and_bit_of_virtual_id(void **state)
{
	(void)state;
	assert_int_equal(x2apic_ldr_of_id(0), 0x00000001);
	assert_int_equal(x2apic_ldr_of_id(15), 0x00008000);
	assert_int_equal(x2apic_ldr_of_id(16), 0x00010001);
	assert_int_equal(x2apic_ldr_of_id(19), 0x00010008);
	/* the physical LDR follows the physical ID: vCPU 19 runs on 0x40 + 57 = 0x79 */
	assert_int_equal(x2apic_ldr_of_id(m.phys_id[19]), 0x00070200);
}

static void sdm_11_12_10_2_cluster_match_selects_bits_in_that_cluster_only(void **state)
{
	(void)state;
	/* cluster 1, bits 0 and 2: vCPUs 16 and 18, not vCPUs 0 and 2 of cluster 0 */
	assert_int_equal(icr_filter(&m, 0, LOGICAL(ldest(1, 0x5), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, (1ull << 16) | (1ull << 18));
	assert_int_equal(a.nr_sends, 2);
	assert_int_equal(a.nr_dropped, 0);
	assert_sends_stay_in_vm(&m, 0, &a);
	assert_int_equal(icr_destination(a.sends[0].icr), test_phys_id(16));
	assert_int_equal(icr_destination(a.sends[1].icr), test_phys_id(18));

	/* the same bits in cluster 0: vCPUs 0 and 2 */
	assert_int_equal(icr_filter(&m, 0, LOGICAL(ldest(0, 0x5), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, (1ull << 0) | (1ull << 2));
	assert_sends_stay_in_vm(&m, 0, &a);
}

static void sdm_11_12_10_2_full_cluster_bitmap_reaches_sixteen_vcpus(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 19, LOGICAL(ldest(0, 0xffff), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, 0xffffull);
	assert_int_equal(a.nr_sends, 16);
	assert_sends_stay_in_vm(&m, 19, &a);
}

static void logical_bit_for_nonexistent_vcpu_is_dropped_with_its_id(void **state)
{
	(void)state;
	/* cluster 1 bits 3 (vCPU 19) and 4, 9 (IDs 20 and 25: not in the VM) */
	uint32_t bits = (1u << 3) | (1u << 4) | (1u << 9);
	assert_int_equal(icr_filter(&m, 0, LOGICAL(ldest(1, bits), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, 1ull << 19);
	assert_int_equal(a.nr_sends, 1);
	assert_sends_stay_in_vm(&m, 0, &a);
	assert_int_equal(a.nr_dropped, 2);
	assert_int_equal(a.dropped_ids[0], 20);
	assert_int_equal(a.dropped_ids[1], 25);
}

static void logical_cluster_outside_vm_drops_every_id(void **state)
{
	(void)state;
	/* cluster 0x1234 bits 0 and 15: IDs 0x12340 and 0x1234f */
	assert_int_equal(icr_filter(&m, 0, LOGICAL(ldest(0x1234, 0x8001), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, 0);
	assert_int_equal(a.nr_sends, 0);
	assert_int_equal(a.nr_dropped, 2);
	assert_int_equal(a.dropped_ids[0], 0x12340);
	assert_int_equal(a.dropped_ids[1], 0x1234f);
}

static void logical_empty_bitmap_reaches_nobody_and_drops_nothing(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 0, LOGICAL(ldest(1, 0), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, 0);
	assert_int_equal(a.nr_sends, 0);
	assert_int_equal(a.nr_dropped, 0);
}

static void sdm_11_12_9_logical_ffffffff_is_broadcast(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 4, LOGICAL(X2APIC_BROADCAST_ID, APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, (1ull << TEST_NR_VCPUS) - 1);
	assert_int_equal(a.nr_dropped, 0);
	assert_sends_stay_in_vm(&m, 4, &a);
}

static void logical_cluster_ffff_without_full_bitmap_is_not_broadcast(void **state)
{
	(void)state;
	assert_int_equal(icr_filter(&m, 4, LOGICAL(ldest(0xffff, 0x7fff), APIC_DM_FIXED, 0x41), &a), 0);
	assert_int_equal(a.targets, 0);
	assert_int_equal(a.nr_dropped, 15);
	assert_int_equal(a.dropped_ids[0], 0xffff0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sdm_11_12_10_2_virtual_ldr_is_cluster_and_bit_of_virtual_id, setup),
		cmocka_unit_test_setup(sdm_11_12_10_2_cluster_match_selects_bits_in_that_cluster_only, setup),
		cmocka_unit_test_setup(sdm_11_12_10_2_full_cluster_bitmap_reaches_sixteen_vcpus, setup),
		cmocka_unit_test_setup(logical_bit_for_nonexistent_vcpu_is_dropped_with_its_id, setup),
		cmocka_unit_test_setup(logical_cluster_outside_vm_drops_every_id, setup),
		cmocka_unit_test_setup(logical_empty_bitmap_reaches_nobody_and_drops_nothing, setup),
		cmocka_unit_test_setup(sdm_11_12_9_logical_ffffffff_is_broadcast, setup),
		cmocka_unit_test_setup(logical_cluster_ffff_without_full_bitmap_is_not_broadcast, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
