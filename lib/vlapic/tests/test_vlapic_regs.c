/* SPDX-License-Identifier: BSD-3-Clause */
/* Registers and modes: SDM Vol. 3A 11.4, 11.5.1, 11.5.3, 11.12. */
#include "vlapic_fake_core.h"

static const uint32_t ids2[] = { 0x05, 0x35 };
#define BASE APIC_BASE_DEFAULT

static int setup_enabled(void **s) { (void)s; fc_setup(2, ids2, true); return 0; }
static int setup_reset(void **s) { (void)s; fc_setup(2, ids2, false); return 0; }
static int teardown(void **s) { (void)s; fc_teardown(); return 0; }

static uint64_t rd(struct vlapic *vl, uint32_t msr)
{
	uint64_t v = 0xDEAD;
	assert_int_equal(vlapic_rdmsr(vl, msr, &v), 0);
	return v;
}

static void test_power_up_state_11_4_7_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0], *b = &fc.vl[1];
	assert_int_equal(rd(a, IA32_APIC_BASE), BASE | APIC_BASE_EN | APIC_BASE_BSP);
	assert_int_equal(rd(b, IA32_APIC_BASE), BASE | APIC_BASE_EN);
	assert_int_equal(fc_read(a, APIC_OFF_ID), 0x05000000u);
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x35000000u);
	assert_int_equal(vlapic_id(b), 0x35);
	assert_int_equal(fc_read(a, APIC_OFF_DFR), 0xFFFFFFFFu);
	assert_int_equal(fc_read(a, APIC_OFF_SVR), 0xFF);
	assert_false(vlapic_sw_enabled(a));
	assert_int_equal(fc_read(a, APIC_OFF_TPR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_LDR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TIMER_ICR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TIMER_DCR), 0);
	const uint32_t lvts[] = { APIC_OFF_LVT_CMCI, APIC_OFF_LVT_TIMER, APIC_OFF_LVT_THERMAL, APIC_OFF_LVT_PMC,
				  APIC_OFF_LVT_LINT0, APIC_OFF_LVT_LINT1, APIC_OFF_LVT_ERROR };
	for (unsigned int i = 0; i < 7; i++)
		assert_int_equal(fc_read(a, lvts[i]), APIC_LVT_MASKED);
	assert_ptr_equal(vlapic_page(a), (void *)(uintptr_t)vlapic_page_pa(a));
	assert_int_equal(((uintptr_t)vlapic_page(a)) & 0xFFF, 0);
}

static void test_version_reports_max_lvt_and_eoi_broadcast_suppression_11_4_8(void **s)
{
	(void)s;
	uint32_t v = fc_read(&fc.vl[0], APIC_OFF_VERSION);
	assert_int_equal(v & 0xFF, 0x14);
	assert_int_equal((v >> 16) & 0xFF, 6); /* 7 LVT entries */
	assert_true(v & APIC_VERSION_EOI_SUPPRESS);
}

static void test_create_and_vm_init_refusals(void **s)
{
	(void)s;
	struct vlapic extra;
	assert_int_equal(vlapic_create(&extra, &fc.vm, 0x35, false, NULL), -HV_EEXIST);
	assert_int_equal(vlapic_create(&extra, &fc.vm, 0xFFFFFFFFu, false, NULL), -HV_EINVAL);
	assert_int_equal(vlapic_create(NULL, &fc.vm, 7, false, NULL), -HV_EINVAL);
	host_platform_fail_after = 0;
	assert_int_equal(vlapic_create(&extra, &fc.vm, 7, false, NULL), -HV_ENOMEM);
	host_platform_fail_after = -1;
	assert_int_equal(fc.vm.nr, 2);

	struct vlapic_vm vm;
	struct vlapic_vm_config cfg = { .ops = &fc_ops, .maxphyaddr = 39, .tsc_per_bus_tick = 1 };
	assert_int_equal(vlapic_vm_init(&vm, &cfg), 0);
	cfg.maxphyaddr = 35;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
	cfg.maxphyaddr = 53;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
	cfg.maxphyaddr = 39;
	cfg.tsc_per_bus_tick = 0;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
	cfg.tsc_per_bus_tick = 65537;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
	cfg.tsc_per_bus_tick = 1;
	struct vlapic_ops partial = fc_ops;
	partial.sipi = NULL;
	cfg.ops = &partial;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
	cfg.ops = NULL;
	assert_int_equal(vlapic_vm_init(&vm, &cfg), -HV_EINVAL);
}

static void test_vm_full_refuses_create(void **s)
{
	(void)s;
	static struct vlapic many[VLAPIC_VM_MAX_VCPUS];
	unsigned int made = 0;
	for (uint32_t id = 100; fc.vm.nr < VLAPIC_VM_MAX_VCPUS; id++, made++)
		assert_int_equal(vlapic_create(&many[made], &fc.vm, id, false, NULL), 0);
	struct vlapic one;
	assert_int_equal(vlapic_create(&one, &fc.vm, 999, false, NULL), -HV_ENOMEM);
	for (unsigned int i = 0; i < made; i++)
		vlapic_destroy(&many[i]);
}

static void test_mmio_refuses_misaligned_or_wrong_size_11_4_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	uint32_t v;
	const unsigned int sizes[] = { 1, 2, 8 };
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(vlapic_mmio_write(a, BASE + APIC_OFF_TPR, sizes[i], 0x20), -HV_EINVAL);
		assert_int_equal(vlapic_mmio_read(a, BASE + APIC_OFF_TPR, sizes[i], &v), -HV_EINVAL);
	}
	assert_int_equal(vlapic_mmio_write(a, BASE + APIC_OFF_TPR + 4, 4, 0x20), -HV_EINVAL);
	assert_int_equal(vlapic_mmio_write(a, BASE + APIC_OFF_TPR + 1, 4, 0x20), -HV_EINVAL);
	assert_int_equal(vlapic_mmio_read(a, BASE + 0x1000, 4, &v), -HV_ENOENT);
	assert_int_equal(vlapic_mmio_read(a, BASE - 0x10, 4, &v), -HV_ENOENT);
	assert_int_equal(fc_read(a, APIC_OFF_TPR), 0);
	/* The refused accesses left no error behind. */
	fc_write(a, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(a, APIC_OFF_ESR), 0);
}

static void test_apic_base_relocation_11_4_4(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	uint32_t v;
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, 0xFEB00000ull | APIC_BASE_EN), 0);
	assert_int_equal(vlapic_mmio_base(a), 0xFEB00000ull);
	assert_int_equal(rd(a, IA32_APIC_BASE), 0xFEB00000ull | APIC_BASE_EN | APIC_BASE_BSP);
	assert_int_equal(vlapic_mmio_read(a, BASE + APIC_OFF_ID, 4, &v), -HV_ENOENT);
	assert_int_equal(vlapic_mmio_write(a, 0xFEB00000ull + APIC_OFF_TPR, 4, 0x30), 0);
	assert_int_equal(vlapic_mmio_read(a, 0xFEB00000ull + APIC_OFF_TPR, 4, &v), 0);
	assert_int_equal(v, 0x30);
}

static void test_apic_base_reserved_bits_raise_gp(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[1];
	const uint64_t ok = BASE | APIC_BASE_EN;
	const uint64_t bad[] = { ok | 1, ok | 0x80, ok | (1ull << 9), ok | (1ull << 39), ok | (1ull << 63) };
	for (unsigned int i = 0; i < 5; i++)
		assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, bad[i]), VLAPIC_GP);
	assert_int_equal(rd(a, IA32_APIC_BASE), ok);
	/* Bit 38 is a legal address bit at MAXPHYADDR 39; BSP cannot be set by software. */
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, (1ull << 38) | ok | APIC_BASE_BSP), 0);
	assert_int_equal(rd(a, IA32_APIC_BASE), (1ull << 38) | ok);
}

/* SDM 11.12.1: without CPUID.1:ECX.x2APIC, EXTD is reserved. */
static void test_no_x2apic_makes_extd_reserved_11_12_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[1];
	const uint64_t ok = BASE | APIC_BASE_EN;
	fc.vm.cfg.no_x2apic = true;
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, ok | APIC_BASE_EXTD), VLAPIC_GP);
	assert_int_equal(rd(a, IA32_APIC_BASE), ok);
	fc.vm.cfg.no_x2apic = false;
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, ok | APIC_BASE_EXTD), 0);
}

static void test_x2apic_state_transitions_11_12_5_1(void **s)
{
	(void)s;
	struct vlapic *b = &fc.vl[1];
	const uint64_t xapic = BASE | APIC_BASE_EN, x2 = xapic | APIC_BASE_EXTD, off = BASE;
	/* EN=0, EXTD=1 is invalid from any state. */
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, off | APIC_BASE_EXTD), VLAPIC_GP);
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, x2), 0);
	assert_true(vlapic_x2apic_mode(b));
	assert_int_equal(rd(b, X2APIC_MSR(APIC_OFF_ID)), 0x35);
	/* x2APIC -> xAPIC directly faults. */
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, xapic), VLAPIC_GP);
	assert_true(vlapic_x2apic_mode(b));
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, off | APIC_BASE_EXTD), VLAPIC_GP);
	/* x2APIC -> disabled is allowed. */
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, off), 0);
	assert_false(vlapic_enabled(b));
	/* disabled -> x2APIC directly faults; disabled -> xAPIC is fine. */
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, x2), VLAPIC_GP);
	assert_false(vlapic_enabled(b));
	assert_int_equal(vlapic_wrmsr(b, IA32_APIC_BASE, xapic), 0);
	assert_true(vlapic_enabled(b));
	assert_false(vlapic_x2apic_mode(b));
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x35000000u);
}

static void test_disable_resets_registers_and_refuses_mmio_11_4_3(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_write(a, APIC_OFF_TPR, 0x40);
	assert_int_equal(vlapic_accept_intr(a, 0x50, false), 0);
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, BASE), 0);
	uint32_t v;
	assert_int_equal(vlapic_mmio_read(a, BASE + APIC_OFF_TPR, 4, &v), -HV_ENOENT);
	assert_int_equal(vlapic_accept_intr(a, 0x50, false), -HV_EPERM);
	assert_int_equal(vlapic_wrmsr(a, IA32_APIC_BASE, BASE | APIC_BASE_EN), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TPR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_SVR), 0xFF);
	assert_false(fc_irr(a, 0x50));
	assert_int_equal(fc_read(a, APIC_OFF_LVT_TIMER), APIC_LVT_MASKED);
}

static void test_x2apic_msrs_raise_gp_outside_x2apic_mode_11_12_2(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	uint64_t v;
	assert_int_equal(vlapic_rdmsr(a, X2APIC_MSR(APIC_OFF_ID), &v), VLAPIC_GP);
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_TPR), 0), VLAPIC_GP);
	assert_int_equal(vlapic_rdmsr(a, 0x7FF, &v), -HV_ENOENT);
	assert_int_equal(vlapic_rdmsr(a, 0x900, &v), -HV_ENOENT);
	assert_int_equal(vlapic_wrmsr(a, 0x10, 0), -HV_ENOENT);
	/* and in x2APIC mode the MMIO interface is gone */
	fc_to_x2apic(a);
	uint32_t w;
	assert_int_equal(vlapic_mmio_read(a, BASE + APIC_OFF_ID, 4, &w), -HV_ENOENT);
	assert_int_equal(vlapic_mmio_write(a, BASE + APIC_OFF_TPR, 4, 0x10), -HV_ENOENT);
}

static void test_x2apic_id_is_read_only_and_ldr_derived_11_12_10_2(void **s)
{
	(void)s;
	struct vlapic *b = &fc.vl[1];
	fc_write(b, APIC_OFF_LDR, 0x12345678u);
	assert_int_equal(fc_read(b, APIC_OFF_LDR), 0x12000000u); /* xAPIC: bits 31:24 */
	fc_write(b, APIC_OFF_ID, 0x77123456u);
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x77000000u); /* xAPIC: ID[31:24] writable */
	fc_write(b, APIC_OFF_ID, 0x35000000u);
	fc_to_x2apic(b);
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x35);
	/* 0x35: cluster 3, member bit 5 */
	assert_int_equal(fc_read(b, APIC_OFF_LDR), (3u << 16) | (1u << 5));
	assert_int_equal(vlapic_wrmsr(b, X2APIC_MSR(APIC_OFF_ID), 0x99), VLAPIC_GP);
	assert_int_equal(vlapic_wrmsr(b, X2APIC_MSR(APIC_OFF_LDR), 0x1), VLAPIC_GP);
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x35);
	assert_int_equal(fc_read(b, APIC_OFF_LDR), (3u << 16) | (1u << 5));
}

static void test_x2apic_reserved_and_xapic_only_msrs_raise_gp_11_12_1_2(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_to_x2apic(a);
	const uint32_t rsvd[] = { 0x800, 0x801, 0x804, 0x807, 0x809 /* APR */, 0x80C /* RRD */,
				  0x80E /* DFR */, 0x829, 0x831 /* ICR high */, 0x83A, 0x840, 0x8FF };
	for (unsigned int i = 0; i < sizeof(rsvd) / sizeof(rsvd[0]); i++) {
		uint64_t v;
		assert_int_equal(vlapic_rdmsr(a, rsvd[i], &v), VLAPIC_GP);
		assert_int_equal(vlapic_wrmsr(a, rsvd[i], 0), VLAPIC_GP);
	}
	/* Read-only registers fault on write. */
	const uint32_t ro[] = { 0x802, 0x803, 0x80A, 0x80D, 0x810, 0x817, 0x818, 0x820, 0x827, 0x839 };
	for (unsigned int i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint64_t v;
		assert_int_equal(vlapic_rdmsr(a, ro[i], &v), 0);
		assert_int_equal(vlapic_wrmsr(a, ro[i], 0), VLAPIC_GP);
	}
	/* Write-only registers fault on read. */
	uint64_t v;
	assert_int_equal(vlapic_rdmsr(a, 0x80B, &v), VLAPIC_GP);
	assert_int_equal(vlapic_rdmsr(a, MSR_X2APIC_SELF_IPI, &v), VLAPIC_GP);
}

static void test_x2apic_reserved_bit_writes_raise_gp_11_12_1_3(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_to_x2apic(a);
	struct { uint32_t off; uint64_t val; } bad[] = {
		{ APIC_OFF_TPR, 0x100 },
		{ APIC_OFF_TPR, 1ull << 32 },
		{ APIC_OFF_SVR, 0x1FF | (1u << 9) },
		{ APIC_OFF_LVT_TIMER, 1u << 20 },
		{ APIC_OFF_LVT_TIMER, 3u << 17 }, /* reserved timer mode */
		{ APIC_OFF_LVT_LINT0, 1u << 11 }, /* reserved */
		{ APIC_OFF_LVT_TIMER, 1u << 14 }, /* remote IRR exists only in LINT0/1 */
		{ APIC_OFF_LVT_ERROR, 1u << 8 },
		{ APIC_OFF_LVT_CMCI, 1u << 15 },
		{ APIC_OFF_TIMER_DCR, 1u << 2 },
		{ APIC_OFF_ESR, 1 },
		{ APIC_OFF_EOI, 1 },
		{ APIC_OFF_SELF_IPI, 0x100 },
	};
	uint32_t before_svr = fc_read(a, APIC_OFF_SVR), before_lvt = fc_read(a, APIC_OFF_LVT_TIMER);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(bad[i].off), bad[i].val), VLAPIC_GP);
	assert_int_equal(vlapic_wrmsr(a, MSR_X2APIC_ICR, APIC_ICR_DELIVERY_STATUS | 0x40), VLAPIC_GP);
	assert_int_equal(vlapic_wrmsr(a, MSR_X2APIC_ICR, 1u << 16), VLAPIC_GP);
	assert_int_equal(fc_read(a, APIC_OFF_SVR), before_svr);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_TIMER), before_lvt);
	assert_int_equal(fc_read(a, APIC_OFF_TPR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TIMER_DCR), 0);
	assert_int_equal(fc.vcpu[0].kicks, 0);
	/* The legal forms are accepted. */
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_EOI), 0), 0);
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_ESR), 0), 0);
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_TPR), 0xFF), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TPR), 0xFF);
}

/* SDM 11.5.1: delivery status and (LINT0/1) remote IRR are read-only, not reserved: an x2APIC write of them is
 * ignored, as Linux's disconnect_bsp_APIC (virtual wire on power-off) needs: LINT0 = ExtINT | both bits. */
static void test_x2apic_lvt_read_only_bits_are_ignored_11_5_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_to_x2apic(a);
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_LVT_LINT0), 0x5700), 0);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_LINT0), 0x0700);
	assert_int_equal(vlapic_wrmsr(a, X2APIC_MSR(APIC_OFF_LVT_ERROR), (1u << 12) | 0x40), 0);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_ERROR), 0x40);
}

static void test_lvt_writable_bits_11_5_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	struct { uint32_t off, mask; } lvt[] = {
		{ APIC_OFF_LVT_CMCI, 0x000107FF }, { APIC_OFF_LVT_THERMAL, 0x000107FF },
		{ APIC_OFF_LVT_PMC, 0x000107FF }, { APIC_OFF_LVT_LINT0, 0x0001A7FF },
		{ APIC_OFF_LVT_LINT1, 0x0001A7FF }, { APIC_OFF_LVT_ERROR, 0x000100FF },
	};
	for (unsigned int i = 0; i < 6; i++) {
		fc_write(a, lvt[i].off, 0xFFFFFFFFu);
		assert_int_equal(fc_read(a, lvt[i].off), lvt[i].mask);
		fc_write(a, lvt[i].off, 0x31);
		assert_int_equal(fc_read(a, lvt[i].off), 0x31);
	}
	/* Timer: vector, mask, mode; mode 11b is reserved and leaves the mode unchanged. */
	fc_write(a, APIC_OFF_LVT_TIMER, 0x00020040u);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_TIMER), 0x00020040u);
	fc_write(a, APIC_OFF_LVT_TIMER, 0xFFFFFFFFu);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_TIMER), 0x000300FFu);
}

static void test_xapic_read_only_registers_ignore_writes(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	uint32_t ver = fc_read(a, APIC_OFF_VERSION);
	const uint32_t ro[] = { APIC_OFF_VERSION, APIC_OFF_PPR, APIC_OFF_APR, APIC_OFF_RRD, APIC_OFF_ISR0,
				APIC_OFF_TMR0 + 0x10, APIC_OFF_IRR0 + 0x70, APIC_OFF_TIMER_CCR };
	for (unsigned int i = 0; i < 8; i++)
		fc_write(a, ro[i], 0xFFFFFFFFu);
	assert_int_equal(fc_read(a, APIC_OFF_VERSION), ver);
	assert_int_equal(fc_read(a, APIC_OFF_PPR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_RRD), 0);
	assert_int_equal(fc_read(a, APIC_OFF_ISR0), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TMR0 + 0x10), 0);
	assert_int_equal(fc_read(a, APIC_OFF_IRR0 + 0x70), 0);
	assert_int_equal(fc_read(a, APIC_OFF_TIMER_CCR), 0);
	assert_int_equal(fc_read(a, APIC_OFF_EOI), 0);
	fc_write(a, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(a, APIC_OFF_ESR), 0);
}

static void test_dfr_only_model_bits_writable_11_6_2_2(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_write(a, APIC_OFF_DFR, 0);
	assert_int_equal(fc_read(a, APIC_OFF_DFR), 0x0FFFFFFFu);
	fc_write(a, APIC_OFF_DFR, 0xF0000000u);
	assert_int_equal(fc_read(a, APIC_OFF_DFR), 0xFFFFFFFFu);
}

static void test_svr_writable_bits_11_9(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_write(a, APIC_OFF_SVR, 0xFFFFFFFFu);
	assert_int_equal(fc_read(a, APIC_OFF_SVR), 0x11FF);
	assert_true(vlapic_sw_enabled(a));
}

static void test_esr_write_then_read_11_5_3(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	assert_int_equal(vlapic_accept_intr(a, 3, false), -HV_EINVAL);
	assert_int_equal(fc_read(a, APIC_OFF_ESR), 0); /* not visible before a write */
	fc_write(a, APIC_OFF_ESR, 0xFFFFFFFFu);        /* value written is irrelevant */
	assert_int_equal(fc_read(a, APIC_OFF_ESR), APIC_ESR_RECEIVE_ILLEGAL_VECTOR);
	fc_write(a, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(a, APIC_OFF_ESR), 0);
}

static void test_xapic_reserved_register_sets_illegal_register_address_11_5_3(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	assert_int_equal(fc_read(a, 0x040), 0);
	fc_write(a, APIC_OFF_SELF_IPI, 0x40); /* SELF IPI does not exist in xAPIC mode */
	assert_false(fc_irr(a, 0x40));
	fc_write(a, APIC_OFF_ESR, 0);
	assert_int_equal(fc_read(a, APIC_OFF_ESR), APIC_ESR_ILLEGAL_REGISTER);
}

static void test_error_interrupt_raised_through_lvt_error_11_5_3(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_write(a, APIC_OFF_LVT_ERROR, 0xE0);
	assert_int_equal(vlapic_accept_intr(a, 7, false), -HV_EINVAL);
	assert_true(fc_irr(a, 0xE0));
	assert_false(fc_irr(a, 7));
}

static void test_software_disable_masks_lvt_11_4_7_2(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	assert_false(vlapic_sw_enabled(a));
	fc_write(a, APIC_OFF_LVT_LINT0, 0x30); /* cannot unmask while disabled */
	assert_int_equal(fc_read(a, APIC_OFF_LVT_LINT0), APIC_LVT_MASKED | 0x30);
	assert_int_equal(vlapic_accept_intr(a, 0x40, false), -HV_EPERM);
	assert_false(fc_irr(a, 0x40));
	fc_write(a, APIC_OFF_SVR, 0x1FF);
	fc_write(a, APIC_OFF_LVT_LINT0, 0x30);
	fc_write(a, APIC_OFF_LVT_TIMER, 0x31);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_LINT0), 0x30);
	fc_write(a, APIC_OFF_SVR, 0x0FF); /* disabling masks every LVT entry */
	assert_int_equal(fc_read(a, APIC_OFF_LVT_LINT0), APIC_LVT_MASKED | 0x30);
	assert_int_equal(fc_read(a, APIC_OFF_LVT_TIMER), APIC_LVT_MASKED | 0x31);
	assert_int_equal(vlapic_raise_lvt(a, APIC_OFF_LVT_LINT0), 0);
	assert_false(fc_irr(a, 0x30));
}

static void test_icr_delivery_status_reads_idle_11_6_1(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_write(a, APIC_OFF_ICR_HIGH, 0x05FFFFFFu);
	assert_int_equal(fc_read(a, APIC_OFF_ICR_HIGH), 0x05000000u);
	fc_write(a, APIC_OFF_ICR_LOW, 0xFFF31040u & ~(7u << 8)); /* fixed, vector 0x40, status bit set */
	uint32_t lo = fc_read(a, APIC_OFF_ICR_LOW);
	assert_int_equal(lo & APIC_ICR_DELIVERY_STATUS, 0);
	assert_int_equal(lo & ~APIC_ICR_LOW_WMASK, 0);
}

static void test_x2apic_icr_is_one_64bit_msr_11_12_9(void **s)
{
	(void)s;
	struct vlapic *a = &fc.vl[0];
	fc_to_x2apic(a);
	assert_int_equal(vlapic_wrmsr(a, MSR_X2APIC_ICR, (0x35ull << 32) | 0x41), 0);
	assert_int_equal(rd(a, MSR_X2APIC_ICR), (0x35ull << 32) | 0x41);
	assert_int_equal(vlapic_wrmsr(a, MSR_X2APIC_ICR, (0x12345678ull << 32) | 0x41), 0);
	assert_int_equal(rd(a, MSR_X2APIC_ICR) >> 32, 0x12345678u);
}

static void test_init_keeps_id_and_apic_base_11_4_7_3(void **s)
{
	(void)s;
	struct vlapic *b = &fc.vl[1];
	fc_to_x2apic(b);
	fc_write(b, APIC_OFF_TPR, 0x50);
	vlapic_init_reset(b);
	assert_true(vlapic_x2apic_mode(b));
	assert_int_equal(fc_read(b, APIC_OFF_ID), 0x35);
	assert_int_equal(fc_read(b, APIC_OFF_LDR), (3u << 16) | (1u << 5));
	assert_int_equal(fc_read(b, APIC_OFF_TPR), 0);
	assert_int_equal(fc_read(b, APIC_OFF_SVR), 0xFF);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_enabled, teardown)
#define R(f) cmocka_unit_test_setup_teardown(f, setup_reset, teardown)
	const struct CMUnitTest tests[] = {
		R(test_power_up_state_11_4_7_1),
		R(test_version_reports_max_lvt_and_eoi_broadcast_suppression_11_4_8),
		R(test_create_and_vm_init_refusals),
		R(test_vm_full_refuses_create),
		R(test_mmio_refuses_misaligned_or_wrong_size_11_4_1),
		R(test_apic_base_relocation_11_4_4),
		R(test_apic_base_reserved_bits_raise_gp),
		R(test_no_x2apic_makes_extd_reserved_11_12_1),
		R(test_x2apic_state_transitions_11_12_5_1),
		T(test_disable_resets_registers_and_refuses_mmio_11_4_3),
		R(test_x2apic_msrs_raise_gp_outside_x2apic_mode_11_12_2),
		R(test_x2apic_id_is_read_only_and_ldr_derived_11_12_10_2),
		T(test_x2apic_reserved_and_xapic_only_msrs_raise_gp_11_12_1_2),
		T(test_x2apic_reserved_bit_writes_raise_gp_11_12_1_3),
		T(test_x2apic_lvt_read_only_bits_are_ignored_11_5_1),
		T(test_lvt_writable_bits_11_5_1),
		T(test_xapic_read_only_registers_ignore_writes),
		R(test_dfr_only_model_bits_writable_11_6_2_2),
		R(test_svr_writable_bits_11_9),
		T(test_esr_write_then_read_11_5_3),
		R(test_xapic_reserved_register_sets_illegal_register_address_11_5_3),
		T(test_error_interrupt_raised_through_lvt_error_11_5_3),
		R(test_software_disable_masks_lvt_11_4_7_2),
		T(test_icr_delivery_status_reads_idle_11_6_1),
		T(test_x2apic_icr_is_one_64bit_msr_11_12_9),
		R(test_init_keeps_id_and_apic_base_11_4_7_3),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
