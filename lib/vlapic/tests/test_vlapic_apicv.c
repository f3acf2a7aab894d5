/* SPDX-License-Identifier: BSD-3-Clause */
/* APICv assists and posted interrupts: SDM Vol. 3C 29.1, 29.4, 29.5, 29.6. */
#include "vlapic_fake_core.h"

#include <vlapic/vlapic_pi.h>

#include <stdalign.h>
#include <string.h>

static const uint32_t ids3[] = { 0, 1, 2 };

static int setup(void **s) { (void)s; fc_setup(3, ids3, true); return 0; }
static int teardown(void **s) { (void)s; fc_teardown(); return 0; }
#define A (&fc.vl[0])

/* What the processor does to the virtual-APIC page on a virtualized write. */
static void hw_write(struct vlapic *vl, uint32_t off, uint32_t val)
{
	memcpy((uint8_t *)vlapic_page(vl) + off, &val, 4);
}

static uint32_t page_read(struct vlapic *vl, uint32_t off)
{
	uint32_t v;
	memcpy(&v, (uint8_t *)vlapic_page(vl) + off, 4);
	return v;
}

static void test_virtualized_reads_29_4_2(void **s)
{
	(void)s;
	const uint32_t yes[] = { 0x20, 0x30, 0x80, 0xB0, 0xD0, 0xE0, 0xF0, 0x100, 0x170, 0x180, 0x1F0, 0x200,
				 0x270, 0x280, 0x300, 0x310, 0x320, 0x370, 0x380, 0x3E0 };
	const uint32_t no[] = { 0x00, 0x40, 0x90, 0xA0, 0xC0, 0x2F0, 0x390, 0x3F0, 0x104, 0x400 };
	for (unsigned int i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(vlapic_apicv_read_virtualized(yes[i]));
	for (unsigned int i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(vlapic_apicv_read_virtualized(no[i]));
}

static void test_virtualized_writes_29_4_3_1(void **s)
{
	(void)s;
	assert_true(vlapic_apicv_write_virtualized(APIC_OFF_TPR, false, false));
	assert_false(vlapic_apicv_write_virtualized(APIC_OFF_EOI, false, false));
	assert_true(vlapic_apicv_write_virtualized(APIC_OFF_EOI, false, true));
	assert_true(vlapic_apicv_write_virtualized(APIC_OFF_ICR_LOW, false, true));
	assert_false(vlapic_apicv_write_virtualized(APIC_OFF_ICR_HIGH, false, true));
	const uint32_t yes[] = { 0x20, 0x80, 0xB0, 0xD0, 0xE0, 0xF0, 0x280, 0x300, 0x310, 0x320, 0x370, 0x380, 0x3E0 };
	const uint32_t no[] = { 0x30, 0xA0, 0x100, 0x200, 0x2F0, 0x390, 0x3F0 };
	for (unsigned int i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(vlapic_apicv_write_virtualized(yes[i], true, false));
	for (unsigned int i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(vlapic_apicv_write_virtualized(no[i], true, true));
}

static void test_x2apic_msr_passthrough_29_5(void **s)
{
	(void)s;
	const uint32_t rd_yes[] = { 0x802, 0x803, 0x808, 0x80D, 0x80F, 0x810, 0x818, 0x827, 0x828, 0x82F,
				    0x832, 0x837, 0x838, 0x83E };
	const uint32_t rd_no[] = { 0x1B, 0x800, 0x809, 0x80B, 0x80C, 0x80E, 0x830, 0x831, 0x839, 0x83F, 0x840, 0x8FF };
	for (unsigned int i = 0; i < sizeof(rd_yes) / sizeof(rd_yes[0]); i++)
		assert_true(vlapic_apicv_x2apic_read_passthrough(rd_yes[i], false));
	for (unsigned int i = 0; i < sizeof(rd_no) / sizeof(rd_no[0]); i++)
		assert_false(vlapic_apicv_x2apic_read_passthrough(rd_no[i], true));
	assert_false(vlapic_apicv_x2apic_read_passthrough(0x80A, false)); /* PPR: only with VID */
	assert_true(vlapic_apicv_x2apic_read_passthrough(0x80A, true));
	assert_true(vlapic_apicv_x2apic_write_passthrough(0x808, false));
	assert_false(vlapic_apicv_x2apic_write_passthrough(0x80B, false));
	assert_true(vlapic_apicv_x2apic_write_passthrough(0x80B, true));
	assert_true(vlapic_apicv_x2apic_write_passthrough(0x83F, true));
	assert_false(vlapic_apicv_x2apic_write_passthrough(0x830, true));
	assert_false(vlapic_apicv_x2apic_write_passthrough(0x838, true));
}

static void test_eoi_exit_bitmap_holds_level_vectors_29_1_3(void **s)
{
	(void)s;
	uint64_t bm[4];
	vlapic_apicv_eoi_exit_bitmap(A, bm);
	assert_true(bm[0] == 0 && bm[1] == 0 && bm[2] == 0 && bm[3] == 0);
	assert_int_equal(vlapic_accept_intr(A, 0x61, true), 0);
	assert_int_equal(vlapic_accept_intr(A, 0x62, false), 0);
	vlapic_apicv_set_level_vector(A, 0xA5, true);
	vlapic_apicv_eoi_exit_bitmap(A, bm);
	assert_int_equal(bm[0], 0);
	assert_int_equal(bm[1], 1ull << (0x61 - 64));
	assert_int_equal(bm[2], 1ull << (0xA5 - 128));
	assert_int_equal(bm[3], 0);
	vlapic_apicv_set_level_vector(A, 0xA5, false);
	vlapic_apicv_eoi_exit_bitmap(A, bm);
	assert_int_equal(bm[2], 0);
}

/* The EOI-exit bits entry_state adds beyond the level-triggered ones. */
static void unblocking_bits(struct vlapic *vl, uint64_t bm[4])
{
	struct vlapic_apicv_entry e;
	uint64_t level[4];
	vlapic_apicv_entry_state(vl, &e);
	vlapic_apicv_eoi_exit_bitmap(vl, level);
	for (unsigned int i = 0; i < 4; i++)
		bm[i] = e.eoi_exit[i] & ~level[i];
}

static void test_eoi_exits_while_two_vectors_held_11_8_3_1(void **s)
{
	(void)s;
	uint64_t bm[4];
	unblocking_bits(A, bm);
	assert_true(bm[0] == 0 && bm[1] == 0 && bm[2] == 0 && bm[3] == 0);
	/* one vector pending: nothing waits behind anything */
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	unblocking_bits(A, bm);
	assert_true(bm[0] == 0 && bm[1] == 0 && bm[2] == 0 && bm[3] == 0);
	/* in service with one pending: both */
	assert_int_equal(vlapic_ack(A, 0x45), 0x45);
	assert_int_equal(vlapic_accept_intr(A, 0xC1, false), 0);
	unblocking_bits(A, bm);
	assert_int_equal(bm[1], 1ull << (0x45 - 64));
	assert_int_equal(bm[3], 1ull << (0xC1 - 192));
	assert_true(bm[0] == 0 && bm[2] == 0);
	/* in service alone: none */
	assert_int_equal(vlapic_ack(A, 0xC1), 0xC1);
	assert_int_equal(vlapic_eoi(A), 0xC1); /* 0x45 stays in service, alone */
	unblocking_bits(A, bm);
	assert_true(bm[0] == 0 && bm[1] == 0 && bm[2] == 0 && bm[3] == 0);
	/* the same vector again while in service: it waits for its own EOI */
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	unblocking_bits(A, bm);
	assert_int_equal(bm[1], 1ull << (0x45 - 64));
}

/* Reference for the property test: count IRR and ISR bits one by one. */
static void unblocking_reference(struct vlapic *vl, uint64_t bm[4])
{
	unsigned int held = 0;
	for (unsigned int v = 0; v < 256; v++) {
		uint32_t irr = page_read(vl, APIC_OFF_IRR0 + (v / 32) * 16), isr = page_read(vl, APIC_OFF_ISR0 + (v / 32) * 16);
		held += ((irr >> (v % 32)) & 1) + ((isr >> (v % 32)) & 1);
	}
	for (unsigned int i = 0; i < 4; i++) {
		bm[i] = 0;
		for (unsigned int w = 0; held >= 2 && w < 2; w++)
			bm[i] |= (uint64_t)(page_read(vl, APIC_OFF_IRR0 + (2 * i + w) * 16) |
					    page_read(vl, APIC_OFF_ISR0 + (2 * i + w) * 16)) << (32 * w);
	}
}

/* The one-pass entry state equals the separate rules, over many IRR/ISR/TMR/TPR mixes. */
static void test_entry_state_matches_the_separate_rules_29_1(void **s)
{
	(void)s;
	uint32_t seed = 12345;
	unsigned int deliverable = 0, blocked = 0, unblocking = 0, level_seen = 0;
	for (unsigned int round = 0; round < 2000; round++) {
		fc_teardown();
		fc_setup(3, ids3, (round % 17) != 0);
		for (unsigned int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			unsigned int pick = (seed >> 8) % 5;
			uint8_t vec = (uint8_t)(16 + (seed >> 16) % 240);
			if (pick == 0 || pick == 1)
				vlapic_accept_intr(A, vec, pick == 1);
			else if (pick == 2 && vlapic_pending_vector(A) >= 0)
				vlapic_ack(A, (uint8_t)vlapic_pending_vector(A));
			else if (pick == 3)
				vlapic_apicv_set_level_vector(A, vec, true);
			else
				hw_write(A, APIC_OFF_TPR, (seed >> 20) & 0xFF);
			if (round % 3 == 0)
				break;
		}
		struct vlapic_apicv_entry e;
		vlapic_apicv_entry_state(A, &e);
		uint64_t level[4], unblock[4];
		vlapic_apicv_eoi_exit_bitmap(A, level);
		unblocking_reference(A, unblock);
		for (unsigned int i = 0; i < 4; i++)
			assert_int_equal(e.eoi_exit[i], level[i] | unblock[i]);
		assert_int_equal(e.intr_status, vlapic_apicv_guest_intr_status(A));
		assert_int_equal(e.deliverable, vlapic_pending_vector(A) >= 0);
		deliverable += e.deliverable;
		blocked += !e.deliverable && (e.intr_status & 0xFF) != 0;
		unblocking += (unblock[0] | unblock[1] | unblock[2] | unblock[3]) != 0;
		level_seen += (level[0] | level[1] | level[2] | level[3]) != 0;
	}
	/* the mixes cover each case */
	assert_true(deliverable > 100 && blocked > 100 && unblocking > 100 && level_seen > 100);
}

static void test_rvi_svi_and_guest_interrupt_status_29_1_1(void **s)
{
	(void)s;
	assert_int_equal(vlapic_apicv_guest_intr_status(A), 0);
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	assert_int_equal(vlapic_accept_intr(A, 0x80, false), 0);
	assert_int_equal(vlapic_apicv_rvi(A), 0x80);
	assert_int_equal(vlapic_ack(A, 0x80), 0x80);
	assert_int_equal(vlapic_apicv_rvi(A), 0x45);
	assert_int_equal(vlapic_apicv_svi(A), 0x80);
	assert_int_equal(vlapic_apicv_guest_intr_status(A), 0x8045);
}

static void test_apic_write_exit_completes_side_effects_29_4_3_3(void **s)
{
	(void)s;
	hw_write(A, APIC_OFF_TPR, 0x50);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_TPR), 0);
	assert_int_equal(page_read(A, APIC_OFF_PPR), 0x50);
	hw_write(A, APIC_OFF_TPR, 0);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_TPR), 0);
	/* ICR: the IPI is sent and the delivery-status bit the guest wrote is cleared */
	hw_write(A, APIC_OFF_ICR_HIGH, 2u << 24);
	hw_write(A, APIC_OFF_ICR_LOW, APIC_ICR_DELIVERY_STATUS | 0x45);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_ICR_LOW), 0);
	assert_true(fc_irr(&fc.vl[2], 0x45));
	assert_int_equal(page_read(A, APIC_OFF_ICR_LOW), 0x45);
	/* LVT: reserved bits the guest wrote are dropped */
	hw_write(A, APIC_OFF_LVT_LINT0, 0xFFFFFFFFu);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_LVT_LINT0), 0);
	assert_int_equal(page_read(A, APIC_OFF_LVT_LINT0), APIC_LVT_LINT_WMASK);
	/* EOI without virtual-interrupt delivery */
	assert_int_equal(vlapic_accept_intr(A, 0x66, true), 0);
	assert_int_equal(vlapic_ack(A, 0x66), 0x66);
	hw_write(A, APIC_OFF_EOI, 0);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_EOI), 0);
	assert_false(fc_isr(A, 0x66));
	assert_int_equal(fc.eoi_levels, 1);
	/* initial count starts the timer */
	fc_write(A, APIC_OFF_LVT_TIMER, 0x40);
	hw_write(A, APIC_OFF_TIMER_ICR, 10);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_TIMER_ICR), 0);
	assert_int_equal(fc.arms, 1);
	/* SVR clear: software disable masks the LVT */
	hw_write(A, APIC_OFF_SVR, 0xFF);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_SVR), 0);
	assert_int_equal(page_read(A, APIC_OFF_LVT_TIMER), APIC_LVT_MASKED | 0x40);
	/* offsets that never cause APIC-write exits are refused */
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_VERSION), -HV_EINVAL);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_ISR0), -HV_EINVAL);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_TIMER_CCR), -HV_EINVAL);
}

static void test_x2apic_apic_write_exit_self_ipi_29_5(void **s)
{
	(void)s;
	fc_to_x2apic(A);
	hw_write(A, APIC_OFF_SELF_IPI, 0x77);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_SELF_IPI), 0);
	assert_true(fc_irr(A, 0x77));
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_LDR), -HV_EINVAL);
	assert_int_equal(vlapic_apicv_write_exit(A, APIC_OFF_TPR), -HV_EINVAL);
}

static void test_eoi_induced_exit_forwards_level_eoi_29_1_3(void **s)
{
	(void)s;
	assert_int_equal(vlapic_accept_intr(A, 0x61, true), 0);
	assert_int_equal(vlapic_ack(A, 0x61), 0x61);
	/* EOI virtualization cleared the ISR bit before the exit */
	uint32_t w = page_read(A, APIC_OFF_ISR0 + 0x30) & ~(1u << 1);
	hw_write(A, APIC_OFF_ISR0 + 0x30, w);
	assert_int_equal(vlapic_apicv_eoi_exit(A, 0x61), 0);
	assert_int_equal(fc.eoi_levels, 1);
	assert_int_equal(fc.last_eoi_vector, 0x61);
	assert_int_equal(page_read(A, APIC_OFF_PPR), 0);
	assert_int_equal(vlapic_apicv_eoi_exit(A, 0x62), 0); /* edge: nothing to forward */
	assert_int_equal(fc.eoi_levels, 1);
	assert_int_equal(vlapic_apicv_eoi_exit(A, 5), -HV_EINVAL);
}

static void test_pi_descriptor_layout_29_6(void **s)
{
	(void)s;
	assert_int_equal(sizeof(struct vlapic_pi_desc), 64);
	assert_int_equal(alignof(struct vlapic_pi_desc), 64);
	assert_int_equal(offsetof(struct vlapic_pi_desc, control), 32);
	assert_int_equal(offsetof(struct vlapic_pi_desc, nv), 34);
	assert_int_equal(offsetof(struct vlapic_pi_desc, ndst), 36);
}

static void test_pi_post_sets_pir_and_on_and_notifies_once_29_6(void **s)
{
	(void)s;
	static struct vlapic_pi_desc d;
	assert_int_equal(vlapic_pi_attach(A, &d, 0xF2, 3, false), 0);
	assert_int_equal(d.ndst, 0x300); /* xAPIC: NDST[15:8] */
	assert_int_equal(vlapic_accept_intr(A, 0x45, false), 0);
	assert_true(d.pir[1] & (1ull << 5));
	assert_true(d.control & PI_CONTROL_ON);
	assert_false(fc_irr(A, 0x45));
	assert_int_equal(fc.vcpu[0].pi_notifies, 1);
	assert_int_equal(fc.vcpu[0].pi_nv, 0xF2);
	assert_int_equal(fc.vcpu[0].pi_ndst, 0x300);
	assert_int_equal(vlapic_accept_intr(A, 0x46, false), 0);
	assert_int_equal(fc.vcpu[0].pi_notifies, 1); /* ON was already set */
	assert_int_equal(vlapic_pending_vector(A), 0x46); /* syncs PIR into IRR */
	assert_true(fc_irr(A, 0x45));
	assert_false(vlapic_pi_pending(&d));
	assert_int_equal(d.pir[1], 0);
	assert_int_equal(vlapic_pi_sync(A), 0);
	assert_int_equal(vlapic_accept_intr(A, 0x47, false), 0);
	assert_int_equal(fc.vcpu[0].pi_notifies, 2);
	assert_int_equal(vlapic_pi_sync(A), 1);
	vlapic_pi_detach(A);
}

static void test_pi_suppressed_notification_kicks_instead_29_6(void **s)
{
	(void)s;
	static struct vlapic_pi_desc d;
	assert_int_equal(vlapic_pi_attach(A, &d, 0xF2, 0x105, true), 0);
	assert_int_equal(d.ndst, 0x105);
	vlapic_pi_suppress(&d, true);
	assert_int_equal(vlapic_accept_intr(A, 0x50, false), 0);
	assert_int_equal(fc.vcpu[0].pi_notifies, 0);
	assert_int_equal(fc.vcpu[0].kicks, 1);
	assert_true(vlapic_pi_pending(&d));
	vlapic_pi_suppress(&d, false);
	assert_false(d.control & PI_CONTROL_SN);
	/* level-triggered interrupts bypass the PIR so TMR is set */
	assert_int_equal(vlapic_accept_intr(A, 0x51, true), 0);
	assert_true(fc_irr(A, 0x51));
	assert_true(fc_tmr(A, 0x51));
	vlapic_pi_detach(A);
	assert_true(fc_irr(A, 0x50)); /* detach moved what was posted */
	assert_int_equal(vlapic_accept_intr(A, 0x52, false), 0);
	assert_true(fc_irr(A, 0x52));
}

static void test_pi_attach_refusals(void **s)
{
	(void)s;
	static alignas(64) uint8_t raw[192];
	assert_int_equal(vlapic_pi_attach(A, (struct vlapic_pi_desc *)(raw + 32), 0xF2, 1, false), -HV_EINVAL);
	assert_int_equal(vlapic_pi_attach(A, (struct vlapic_pi_desc *)raw, 0x0F, 1, false), -HV_EINVAL);
	assert_int_equal(vlapic_pi_attach(A, (struct vlapic_pi_desc *)raw, 0xF2, 0x100, false), -HV_ERANGE);
	assert_int_equal(vlapic_pi_attach(A, NULL, 0xF2, 1, false), -HV_EINVAL);
	assert_null(A->pi);
	assert_int_equal(vlapic_pi_sync(A), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_virtualized_reads_29_4_2),
		T(test_virtualized_writes_29_4_3_1),
		T(test_x2apic_msr_passthrough_29_5),
		T(test_eoi_exit_bitmap_holds_level_vectors_29_1_3),
		T(test_eoi_exits_while_two_vectors_held_11_8_3_1),
		T(test_entry_state_matches_the_separate_rules_29_1),
		T(test_rvi_svi_and_guest_interrupt_status_29_1_1),
		T(test_apic_write_exit_completes_side_effects_29_4_3_3),
		T(test_x2apic_apic_write_exit_self_ipi_29_5),
		T(test_eoi_induced_exit_forwards_level_eoi_29_1_3),
		T(test_pi_descriptor_layout_29_6),
		T(test_pi_post_sets_pir_and_on_and_notifies_once_29_6),
		T(test_pi_suppressed_notification_kicks_instead_29_6),
		T(test_pi_attach_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
