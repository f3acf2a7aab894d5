/* SPDX-License-Identifier: BSD-3-Clause */
/* The VM map and the APIC ID / LDR read exits: the guest sees a dense 0..n-1 topology. */
#include "icr_test.h"

static void map_rejects_bad_layouts_and_stays_unchanged(void **state)
{
	(void)state;
	struct icr_vm_map m, before;
	uint32_t ids[ICR_MAX_VCPUS + 1] = { 4, 8, 4 };

	memset(&m, 0x5a, sizeof(m));
	before = m;
	assert_int_equal(icr_vm_map_init(&m, ids, 0), -HV_ERANGE);
	assert_int_equal(icr_vm_map_init(&m, ids, ICR_MAX_VCPUS + 1), -HV_ERANGE);
	assert_int_equal(icr_vm_map_init(&m, NULL, 1), -HV_ERANGE);
	assert_int_equal(icr_vm_map_init(&m, ids, 3), -HV_EEXIST); /* two vCPUs on CPU 4 */
	ids[2] = X2APIC_BROADCAST_ID;
	assert_int_equal(icr_vm_map_init(&m, ids, 3), -HV_EINVAL);
	assert_memory_equal(&m, &before, sizeof(m));
	ids[2] = 12;
	assert_int_equal(icr_vm_map_init(&m, ids, 3), 0);
	assert_int_equal(m.nr_vcpus, 3);
	assert_int_equal(m.phys_id[2], 12);
}

static void sdm_11_12_10_2_ldr_read_is_derived_from_the_virtual_id(void **state)
{
	(void)state;
	struct icr_vm_map m;
	test_map(&m, ICR_MAX_VCPUS);
	for (unsigned int i = 0; i < ICR_MAX_VCPUS; i++) {
		uint32_t ldr = x2apic_ldr_of_id(i);
		assert_int_equal(ldr >> 16, i >> 4);            /* cluster = ID[19:4] */
		assert_int_equal(ldr & 0xffff, 1u << (i & 15)); /* one bit = ID[3:0] */
	}
	assert_int_equal(x2apic_ldr_of_id(63), 0x00038000);
	/* ID bits above 19 are not part of the cluster */
	assert_int_equal(x2apic_ldr_of_id(0x00123456), 0x23450040);
	assert_int_equal(x2apic_ldr_of_id(0xfffffffe), 0xffff4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_rejects_bad_layouts_and_stays_unchanged),
		cmocka_unit_test(sdm_11_12_10_2_ldr_read_is_derived_from_the_virtual_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
