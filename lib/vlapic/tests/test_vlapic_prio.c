/* SPDX-License-Identifier: BSD-3-Clause */
/* Acceptance, priorities, acknowledge and EOI: SDM Vol. 3A 11.8, 11.9. */
#include "vlapic_fake_core.h"

static const uint32_t ids1[] = { 0 };

static int setup(void **s) { (void)s; fc_setup(1, ids1, true); return 0; }
static int teardown(void **s) { (void)s; fc_teardown(); return 0; }
#define A (&fc.vl[0])

static void test_accept_sets_irr_and_tmr_by_trigger_mode_11_8_4(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x41, false), 0);
	assert_true(fc_irr(A, 0x41));
	assert_false(fc_tmr(A, 0x41));
	assert_int_equal(fc.vcpu[0].kicks, 1);
	assert_int_equal(vlapic_accept_intr(A, 0x92, true), 0);
	assert_true(fc_irr(A, 0x92));
	assert_true(fc_tmr(A, 0x92));
	assert_int_equal(fc.vcpu[0].kicks, 2);
	/* The register view shows the same bits at their architectural offsets. */
	assert_int_equal(fc_read(A, APIC_OFF_IRR0 + 0x20), 1u << 1);
	assert_int_equal(fc_read(A, APIC_OFF_IRR0 + 0x40), 1u << 18);
	assert_int_equal(fc_read(A, APIC_OFF_TMR0 + 0x40), 1u << 18);
}

static void test_vectors_0_to_15_are_illegal_11_5_2(void **s)
{
	(void)s;
	for (unsigned int v = 0; v < 16; v++)
		assert_int_equal(vlapic_accept_intr(A, (uint8_t)v, false), -HV_EINVAL);
	assert_int_equal(fc_read(A, APIC_OFF_IRR0), 0);
	assert_int_equal(fc.vcpu[0].kicks, 0);
	assert_int_equal(vlapic_accept_intr(A, 16, false), 0);
	assert_true(fc_irr(A, 16));
	fc_write(A, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(A, APIC_OFF_ESR), APIC_ESR_RECEIVE_ILLEGAL_VECTOR);
}

static void test_ppr_is_tpr_or_isr_class_11_8_3_1(void **s)
{
	(void)s;
	fc_write(A, APIC_OFF_TPR, 0x35);
	assert_int_equal(fc_read(A, APIC_OFF_PPR), 0x35);
	assert_int_equal(vlapic_accept_intr(A, 0x52, false), 0);
	assert_int_equal(vlapic_ack(A, 0x52), 0x52);
	assert_int_equal(fc_read(A, APIC_OFF_PPR), 0x50); /* ISRV class wins, low bits 0 */
	fc_write(A, APIC_OFF_TPR, 0x55);
	assert_int_equal(fc_read(A, APIC_OFF_PPR), 0x55); /* equal class: TPR */
	fc_write(A, APIC_OFF_TPR, 0x65);
	assert_int_equal(vlapic_ppr(A), 0x65);
	fc_write(A, APIC_OFF_TPR, 0);
	assert_int_equal(vlapic_eoi(A), 0x52);
	assert_int_equal(fc_read(A, APIC_OFF_PPR), 0);
}

static void test_generation_counts_every_change(void **s)
{
	(void)s;
	uint32_t g = vlapic_generation(A);
	assert_int_equal(vlapic_generation(A), g); /* reading changes nothing */
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT);
	assert_int_equal(vlapic_generation(A), g);
	assert_int_equal(vlapic_accept_intr(A, 0x52, false), 0); /* IRR */
	assert_true(vlapic_generation(A) != g);
	g = vlapic_generation(A);
	assert_int_equal(vlapic_ack(A, 0x52), 0x52);             /* IRR -> ISR */
	assert_true(vlapic_generation(A) != g);
	g = vlapic_generation(A);
	vlapic_set_cr8(A, 3);                                     /* TPR */
	assert_true(vlapic_generation(A) != g);
	g = vlapic_generation(A);
	vlapic_apicv_set_level_vector(A, 0x60, true);            /* the EOI-exit extras */
	assert_true(vlapic_generation(A) != g);
	g = vlapic_generation(A);
	assert_int_equal(vlapic_eoi(A), 0x52);                    /* ISR */
	assert_true(vlapic_generation(A) != g);
}

static void test_cr8_is_tpr_upper_nibble_11_8_6_1(void **s)
{
	(void)s;
	fc_write(A, APIC_OFF_TPR, 0x9C);
	assert_int_equal(vlapic_cr8(A), 0x9);
	vlapic_set_cr8(A, 0xF);
	assert_int_equal(fc_read(A, APIC_OFF_TPR), 0xF0); /* TPR[3:0] cleared by a MOV to CR8 */
	assert_int_equal(vlapic_ppr(A), 0xF0);
	assert_int_equal(vlapic_accept_intr(A, 0xEE, false), 0);
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT); /* CR8 = 15 masks every class */
	vlapic_set_cr8(A, 0xD);
	assert_int_equal(vlapic_pending_vector(A), 0xEE);
	vlapic_set_cr8(A, 0);
	assert_int_equal(vlapic_cr8(A), 0);
}

static void test_pending_needs_class_above_ppr_11_8_3_1(void **s)
{
	(void)s;
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT);
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	fc_write(A, APIC_OFF_TPR, 0x40);
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT); /* same class is blocked */
	fc_write(A, APIC_OFF_TPR, 0x3F);
	assert_int_equal(vlapic_pending_vector(A), 0x45);
	fc_write(A, APIC_OFF_TPR, 0);
	/* An in-service vector blocks its own class and lower ones. */
	assert_int_equal(vlapic_accept_intr(A, 0x48, false), 0);
	assert_int_equal(vlapic_ack(A, 0x48), 0x48);
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT);
	assert_int_equal(vlapic_accept_intr(A, 0x50, false), 0);
	assert_int_equal(vlapic_pending_vector(A), 0x50);
}

static void test_highest_vector_delivered_first_11_8_3(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x31, false), 0);
	assert_int_equal(vlapic_accept_intr(A, 0xE7, false), 0);
	assert_int_equal(vlapic_accept_intr(A, 0x80, false), 0);
	assert_int_equal(vlapic_pending_vector(A), 0xE7);
	assert_int_equal(vlapic_ack(A, 0xE7), 0xE7);
	assert_false(fc_irr(A, 0xE7));
	assert_true(fc_isr(A, 0xE7));
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT);
	assert_int_equal(vlapic_eoi(A), 0xE7);
	assert_int_equal(vlapic_pending_vector(A), 0x80);
}

static void test_ack_of_undeliverable_vector_returns_spurious_11_9(void **s)
{
	(void)s;
	fc_write(A, APIC_OFF_SVR, 0x12F);
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	assert_int_equal(vlapic_pending_vector(A), 0x45);
	fc_write(A, APIC_OFF_TPR, 0x50); /* raised between pending and acknowledge */
	assert_int_equal(vlapic_ack(A, 0x45), 0x2F);
	assert_true(fc_irr(A, 0x45));
	assert_false(fc_isr(A, 0x45));
	/* a vector that was never requested is spurious too */
	fc_write(A, APIC_OFF_TPR, 0);
	assert_int_equal(vlapic_ack(A, 0x99), 0x2F);
	assert_false(fc_isr(A, 0x99));
}

static void test_eoi_clears_highest_isr_bit_11_8_5(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x40, false), 0);
	assert_int_equal(vlapic_ack(A, 0x40), 0x40);
	assert_int_equal(vlapic_accept_intr(A, 0x80, false), 0); /* nests above 0x40 */
	assert_int_equal(vlapic_ack(A, 0x80), 0x80);
	fc_write(A, APIC_OFF_EOI, 0x12345); /* xAPIC ignores the value */
	assert_false(fc_isr(A, 0x80));
	assert_true(fc_isr(A, 0x40));
	assert_int_equal(fc_read(A, APIC_OFF_PPR), 0x40);
	fc_write(A, APIC_OFF_EOI, 0);
	assert_false(fc_isr(A, 0x40));
	assert_int_equal(vlapic_eoi(A), -HV_ENOENT);
	assert_int_equal(fc.eoi_levels, 0);
}

static void test_level_eoi_forwarded_unless_broadcast_suppressed_11_8_5(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x61, true), 0);
	assert_int_equal(vlapic_ack(A, 0x61), 0x61);
	assert_int_equal(vlapic_eoi(A), 0x61);
	assert_int_equal(fc.eoi_levels, 1);
	assert_int_equal(fc.last_eoi_vector, 0x61);
	/* edge: no forward */
	assert_int_equal(vlapic_accept_intr(A, 0x62, false), 0);
	assert_int_equal(vlapic_ack(A, 0x62), 0x62);
	assert_int_equal(vlapic_eoi(A), 0x62);
	assert_int_equal(fc.eoi_levels, 1);
	/* SVR bit 12 suppresses the broadcast */
	fc_write(A, APIC_OFF_SVR, 0x1FF | APIC_SVR_EOI_SUPPRESS);
	assert_int_equal(vlapic_accept_intr(A, 0x63, true), 0);
	assert_int_equal(vlapic_ack(A, 0x63), 0x63);
	assert_int_equal(vlapic_eoi(A), 0x63);
	assert_int_equal(fc.eoi_levels, 1);
}

static void test_x2apic_eoi_msr_performs_eoi_11_12_1_3(void **s)
{
	(void)s;
	fc_to_x2apic(A);
	assert_int_equal(vlapic_accept_intr(A, 0x70, true), 0);
	assert_int_equal(vlapic_ack(A, 0x70), 0x70);
	assert_int_equal(vlapic_wrmsr(A, X2APIC_MSR(APIC_OFF_EOI), 5), VLAPIC_GP);
	assert_true(fc_isr(A, 0x70));
	assert_int_equal(vlapic_wrmsr(A, X2APIC_MSR(APIC_OFF_EOI), 0), 0);
	assert_false(fc_isr(A, 0x70));
	assert_int_equal(fc.eoi_levels, 1);
}

static void test_arbitration_priority_11_8_3(void **s)
{
	(void)s;
	fc_write(A, APIC_OFF_TPR, 0x35);
	assert_int_equal(fc_read(A, APIC_OFF_APR), 0x35); /* nothing requested or in service */
	assert_int_equal(vlapic_accept_intr(A, 0x72, false), 0);
	assert_int_equal(fc_read(A, APIC_OFF_APR), 0x70); /* IRRV class above TPR */
	fc_write(A, APIC_OFF_TPR, 0x85);
	assert_int_equal(fc_read(A, APIC_OFF_APR), 0x85);
}

static void test_software_disabled_apic_holds_pending_11_4_7_2(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	fc_write(A, APIC_OFF_SVR, 0xFF);
	assert_int_equal(vlapic_pending_vector(A), -HV_ENOENT);
	assert_true(fc_irr(A, 0x45));
	fc_write(A, APIC_OFF_SVR, 0x1FF);
	assert_int_equal(vlapic_pending_vector(A), 0x45);
}

static void test_local_interrupts_follow_their_lvt_11_5_1(void **s)
{
	(void)s;
	assert_int_equal(vlapic_raise_lvt(A, APIC_OFF_LVT_LINT0), 0); /* still masked after enable */
	assert_int_equal(fc_read(A, APIC_OFF_IRR0 + 0x20), 0);
	fc_write(A, APIC_OFF_LVT_LINT0, APIC_LVT_LEVEL | 0x33);
	assert_int_equal(vlapic_raise_lvt(A, APIC_OFF_LVT_LINT0), 0);
	assert_true(fc_irr(A, 0x33));
	assert_true(fc_tmr(A, 0x33));
	fc_write(A, APIC_OFF_LVT_LINT1, (APIC_DM_NMI << 8));
	assert_int_equal(vlapic_raise_lvt(A, APIC_OFF_LVT_LINT1), 0);
	assert_int_equal(fc.vcpu[0].nmis, 1);
	fc_write(A, APIC_OFF_LVT_LINT0, (APIC_DM_EXTINT << 8));
	assert_int_equal(vlapic_raise_lvt(A, APIC_OFF_LVT_LINT0), -HV_ENOSYS);
	assert_int_equal(vlapic_raise_lvt(A, 0x300), -HV_EINVAL);
	assert_int_equal(vlapic_raise_lvt(A, 0x324), -HV_EINVAL);
	fc_write(A, APIC_OFF_LVT_THERMAL, 0x05); /* illegal vector in an LVT */
	assert_int_equal(vlapic_raise_lvt(A, APIC_OFF_LVT_THERMAL), -HV_EINVAL);
	fc_write(A, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(A, APIC_OFF_ESR), APIC_ESR_RECEIVE_ILLEGAL_VECTOR);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_accept_sets_irr_and_tmr_by_trigger_mode_11_8_4),
		T(test_vectors_0_to_15_are_illegal_11_5_2),
		T(test_ppr_is_tpr_or_isr_class_11_8_3_1),
		T(test_pending_needs_class_above_ppr_11_8_3_1),
		T(test_cr8_is_tpr_upper_nibble_11_8_6_1),
		T(test_generation_counts_every_change),
		T(test_highest_vector_delivered_first_11_8_3),
		T(test_ack_of_undeliverable_vector_returns_spurious_11_9),
		T(test_eoi_clears_highest_isr_bit_11_8_5),
		T(test_level_eoi_forwarded_unless_broadcast_suppressed_11_8_5),
		T(test_x2apic_eoi_msr_performs_eoi_11_12_1_3),
		T(test_arbitration_priority_11_8_3),
		T(test_software_disabled_apic_holds_pending_11_4_7_2),
		T(test_local_interrupts_follow_their_lvt_11_5_1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
