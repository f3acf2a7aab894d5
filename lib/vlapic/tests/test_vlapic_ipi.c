/* SPDX-License-Identifier: BSD-3-Clause */
/* IPIs and destinations: SDM Vol. 3A 11.6, 11.12.9-11.12.11. */
#include "vlapic_fake_core.h"

static const uint32_t ids4[] = { 0, 1, 2, 3 };
static const uint32_t ids_x2[] = { 0x10, 0x11, 0x21, 0x105 };

static int setup(void **s) { (void)s; fc_setup(4, ids4, true); return 0; }
static int setup_x2(void **s)
{
	(void)s;
	fc_setup(4, ids_x2, true);
	for (unsigned int i = 0; i < 4; i++)
		fc_to_x2apic(&fc.vl[i]);
	return 0;
}
static int teardown(void **s) { (void)s; fc_teardown(); return 0; }
#define VL(i) (&fc.vl[i])

static void send(unsigned int from, uint32_t dest8, uint32_t low)
{
	fc_write(VL(from), APIC_OFF_ICR_HIGH, dest8 << 24);
	fc_write(VL(from), APIC_OFF_ICR_LOW, low);
}

static unsigned int receivers(uint8_t vector)
{
	unsigned int mask = 0;
	for (unsigned int i = 0; i < fc.n; i++)
		if (fc_irr(VL(i), vector))
			mask |= 1u << i;
	return mask;
}

static void test_fixed_physical_ipi_reaches_one_apic_11_6_2_1(void **s)
{
	(void)s;
	send(0, 2, 0x45);
	assert_int_equal(receivers(0x45), 1u << 2);
	assert_int_equal(fc.vcpu[2].kicks, 1);
	assert_int_equal(fc.vcpu[1].kicks, 0);
	assert_int_equal(fc_read(VL(0), APIC_OFF_ICR_LOW) & APIC_ICR_DELIVERY_STATUS, 0);
}

static void test_physical_broadcast_0xff_reaches_all_11_6_2_1(void **s)
{
	(void)s;
	send(1, 0xFF, 0x46);
	assert_int_equal(receivers(0x46), 0xF);
}

static void test_destination_outside_vm_goes_nowhere_and_is_reported(void **s)
{
	(void)s;
	send(0, 9, 0x47);
	assert_int_equal(receivers(0x47), 0);
	assert_int_equal(fc.unroutables, 1);
	assert_ptr_equal(fc.unroutable_src, VL(0));
	assert_int_equal(fc.unroutable_dest, 9);
	assert_int_equal(fc.unroutable_icr & 0xFF, 0x47);
	struct vlapic_irq irq = { .dest = 0x40, .vector = 0x50, .delivery_mode = APIC_DM_FIXED };
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOENT);
	assert_int_equal(fc.unroutables, 2);
	assert_null(fc.unroutable_src);
}

static void test_logical_flat_model_matches_ldr_bitmap_11_6_2_2(void **s)
{
	(void)s;
	for (unsigned int i = 0; i < 4; i++)
		fc_write(VL(i), APIC_OFF_LDR, (1u << i) << 24);
	send(0, 0x06, APIC_ICR_DEST_LOGICAL | 0x48);
	assert_int_equal(receivers(0x48), 0x6);
	send(0, 0xFF, APIC_ICR_DEST_LOGICAL | 0x49);
	assert_int_equal(receivers(0x49), 0xF);
	send(0, 0x10, APIC_ICR_DEST_LOGICAL | 0x4A);
	assert_int_equal(receivers(0x4A), 0);
	assert_int_equal(fc.unroutables, 1);
}

static void test_logical_cluster_model_matches_cluster_and_member_11_6_2_2(void **s)
{
	(void)s;
	const uint32_t ldr[] = { 0x18, 0x11, 0x12, 0x21 };
	for (unsigned int i = 0; i < 4; i++) {
		fc_write(VL(i), APIC_OFF_DFR, 0x0FFFFFFFu);
		fc_write(VL(i), APIC_OFF_LDR, ldr[i] << 24);
	}
	send(0, 0x13, APIC_ICR_DEST_LOGICAL | 0x48);
	assert_int_equal(receivers(0x48), 0x6);
	send(0, 0x21, APIC_ICR_DEST_LOGICAL | 0x49);
	assert_int_equal(receivers(0x49), 0x8);
	send(0, 0x31, APIC_ICR_DEST_LOGICAL | 0x4A); /* cluster 3 is empty */
	assert_int_equal(receivers(0x4A), 0);
}

static void test_x2apic_logical_cluster_destination_11_12_10_1(void **s)
{
	(void)s;
	/* 0x10 -> cluster 1 bit 0; 0x11 -> cluster 1 bit 1; 0x21 -> cluster 2 bit 1 */
	assert_int_equal(vlapic_wrmsr(VL(3), MSR_X2APIC_ICR, ((1ull << 16 | 0x3) << 32) | APIC_ICR_DEST_LOGICAL | 0x51), 0);
	assert_int_equal(receivers(0x51), 0x3);
	assert_int_equal(vlapic_wrmsr(VL(0), MSR_X2APIC_ICR, ((2ull << 16 | 0x1) << 32) | APIC_ICR_DEST_LOGICAL | 0x52), 0);
	assert_int_equal(receivers(0x52), 0); /* cluster 2 has bit 1 only */
	assert_int_equal(fc.unroutables, 1);
	assert_int_equal(vlapic_wrmsr(VL(0), MSR_X2APIC_ICR, (0xFFFFFFFFull << 32) | APIC_ICR_DEST_LOGICAL | 0x53), 0);
	assert_int_equal(receivers(0x53), 0xF);
}

static void test_x2apic_physical_32bit_destination_11_12_9(void **s)
{
	(void)s;
	assert_int_equal(vlapic_wrmsr(VL(0), MSR_X2APIC_ICR, (0x105ull << 32) | 0x54), 0);
	assert_int_equal(receivers(0x54), 0x8);
	assert_int_equal(vlapic_wrmsr(VL(0), MSR_X2APIC_ICR, (0x05ull << 32) | 0x55), 0);
	assert_int_equal(receivers(0x55), 0); /* 0x105 is not 0x05 in x2APIC mode */
	assert_int_equal(vlapic_wrmsr(VL(0), MSR_X2APIC_ICR, (0xFFFFFFFFull << 32) | 0x56), 0);
	assert_int_equal(receivers(0x56), 0xF);
	assert_ptr_equal(vlapic_vm_find(&fc.vm, 0x105), VL(3));
	assert_null(vlapic_vm_find(&fc.vm, 0x05));
}

static void test_destination_shorthands_11_6_1(void **s)
{
	(void)s;
	send(1, 0, (APIC_SH_SELF << 18) | 0x61);
	assert_int_equal(receivers(0x61), 0x2);
	send(1, 0, (APIC_SH_ALL_INCL_SELF << 18) | 0x62);
	assert_int_equal(receivers(0x62), 0xF);
	send(1, 0, (APIC_SH_ALL_EXCL_SELF << 18) | 0x63);
	assert_int_equal(receivers(0x63), 0xD);
	struct vlapic_irq irq = { .vector = 0x64, .shorthand = APIC_SH_SELF };
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_EINVAL);
}

static void test_self_ipi_register_11_12_11(void **s)
{
	(void)s;
	assert_int_equal(vlapic_wrmsr(VL(2), MSR_X2APIC_SELF_IPI, 0x71), 0);
	assert_int_equal(receivers(0x71), 0x4);
	assert_false(fc_tmr(VL(2), 0x71));
	assert_int_equal(vlapic_wrmsr(VL(2), MSR_X2APIC_SELF_IPI, 0x0E), 0);
	assert_int_equal(vlapic_wrmsr(VL(2), X2APIC_MSR(APIC_OFF_ESR), 0), 0);
	assert_int_equal(fc_read(VL(2), APIC_OFF_ESR), APIC_ESR_SEND_ILLEGAL_VECTOR);
}

static void test_ipi_with_illegal_vector_sets_send_illegal_vector_11_5_3(void **s)
{
	(void)s;
	send(0, 0xFF, 0x05);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(fc_read(VL(i), APIC_OFF_IRR0), 0);
	assert_int_equal(fc.unroutables, 0);
	fc_write(VL(0), APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(VL(0), APIC_OFF_ESR), APIC_ESR_SEND_ILLEGAL_VECTOR);
	fc_write(VL(1), APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(VL(1), APIC_OFF_ESR), 0);
}

static void test_lowest_priority_picks_lowest_ppr_round_robin_11_6_2_4(void **s)
{
	(void)s;
	const uint32_t tpr[] = { 0x30, 0x20, 0x10, 0x10 };
	for (unsigned int i = 0; i < 4; i++) {
		fc_write(VL(i), APIC_OFF_TPR, tpr[i]);
		fc_write(VL(i), APIC_OFF_LDR, 0x01000000u);
	}
	const uint32_t lowest = (APIC_DM_LOWEST << 8) | APIC_ICR_DEST_LOGICAL;
	send(0, 0x01, lowest | 0x81);
	assert_int_equal(receivers(0x81), 0x4);
	send(0, 0x01, lowest | 0x82);
	assert_int_equal(receivers(0x82), 0x8);
	send(0, 0x01, lowest | 0x83);
	assert_int_equal(receivers(0x83), 0x4);
	fc_write(VL(1), APIC_OFF_TPR, 0);
	send(0, 0x01, lowest | 0x84);
	assert_int_equal(receivers(0x84), 0x2);
}

static void test_nmi_init_and_startup_ipis_11_6_1(void **s)
{
	(void)s;
	send(0, 1, APIC_DM_NMI << 8);
	assert_int_equal(fc.vcpu[1].nmis, 1);
	assert_int_equal(receivers(0), 0);
	/* INIT assert, then INIT level de-assert (ignored), then two SIPIs */
	send(0, 2, (APIC_DM_INIT << 8) | APIC_ICR_LEVEL_ASSERT | APIC_ICR_TRIGGER_LEVEL);
	send(0, 2, (APIC_DM_INIT << 8) | APIC_ICR_TRIGGER_LEVEL);
	assert_int_equal(fc.vcpu[2].inits, 1);
	send(0, 2, (APIC_DM_STARTUP << 8) | APIC_ICR_LEVEL_ASSERT | 0x9A);
	assert_int_equal(fc.vcpu[2].sipis, 1);
	assert_int_equal(fc.vcpu[2].sipi_vector, 0x9A);
	send(0, 0, (APIC_SH_ALL_EXCL_SELF << 18) | (APIC_DM_INIT << 8) | APIC_ICR_LEVEL_ASSERT);
	assert_int_equal(fc.vcpu[0].inits, 0);
	assert_int_equal(fc.vcpu[1].inits + fc.vcpu[2].inits + fc.vcpu[3].inits, 4);
}

static void test_software_disabled_apic_takes_init_nmi_not_fixed_11_4_7_2(void **s)
{
	(void)s;
	fc_write(VL(3), APIC_OFF_SVR, 0xFF);
	send(0, 3, 0x90);
	assert_false(fc_irr(VL(3), 0x90));
	send(0, 3, APIC_DM_NMI << 8);
	send(0, 3, (APIC_DM_INIT << 8) | APIC_ICR_LEVEL_ASSERT);
	assert_int_equal(fc.vcpu[3].nmis, 1);
	assert_int_equal(fc.vcpu[3].inits, 1);
}

static void test_globally_disabled_apic_receives_nothing_11_4_3(void **s)
{
	(void)s;
	assert_int_equal(vlapic_wrmsr(VL(3), IA32_APIC_BASE, APIC_BASE_DEFAULT), 0);
	struct vlapic_irq irq = { .dest = 0xFF, .vector = 0x91, .delivery_mode = APIC_DM_FIXED };
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), 3);
	assert_int_equal(receivers(0x91), 0x7);
	irq.dest = 3;
	irq.delivery_mode = APIC_DM_NMI;
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOENT);
	assert_int_equal(fc.vcpu[3].nmis, 0);
}

static void test_device_interrupt_and_unsupported_modes(void **s)
{
	(void)s;
	struct vlapic_irq irq = { .dest = 1, .vector = 0x92, .delivery_mode = APIC_DM_FIXED, .level = true };
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), 1);
	assert_true(fc_irr(VL(1), 0x92));
	assert_true(fc_tmr(VL(1), 0x92));
	irq.delivery_mode = APIC_DM_SMI;
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOSYS);
	irq.delivery_mode = 3;
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOSYS);
	/* A guest can repeat them at will: one log line per mode and VM, not one per message. */
	unsigned int warns = host_platform_log_count[PLAT_LOG_WARN];
	for (int i = 0; i < 100; i++)
		assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOSYS);
	irq.delivery_mode = APIC_DM_SMI;
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), -HV_ENOSYS);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], warns);
	/* a device's illegal vector is refused by the receiver */
	irq.delivery_mode = APIC_DM_FIXED;
	irq.vector = 2;
	assert_int_equal(vlapic_vm_deliver(&fc.vm, NULL, &irq), 1);
	fc_write(VL(1), APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(VL(1), APIC_OFF_ESR), APIC_ESR_RECEIVE_ILLEGAL_VECTOR);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define X(f) cmocka_unit_test_setup_teardown(f, setup_x2, teardown)
	const struct CMUnitTest tests[] = {
		T(test_fixed_physical_ipi_reaches_one_apic_11_6_2_1),
		T(test_physical_broadcast_0xff_reaches_all_11_6_2_1),
		T(test_destination_outside_vm_goes_nowhere_and_is_reported),
		T(test_logical_flat_model_matches_ldr_bitmap_11_6_2_2),
		T(test_logical_cluster_model_matches_cluster_and_member_11_6_2_2),
		X(test_x2apic_logical_cluster_destination_11_12_10_1),
		X(test_x2apic_physical_32bit_destination_11_12_9),
		T(test_destination_shorthands_11_6_1),
		X(test_self_ipi_register_11_12_11),
		T(test_ipi_with_illegal_vector_sets_send_illegal_vector_11_5_3),
		T(test_lowest_priority_picks_lowest_ppr_round_robin_11_6_2_4),
		T(test_nmi_init_and_startup_ipis_11_6_1),
		T(test_software_disabled_apic_takes_init_nmi_not_fixed_11_4_7_2),
		T(test_globally_disabled_apic_receives_nothing_11_4_3),
		T(test_device_interrupt_and_unsupported_modes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
