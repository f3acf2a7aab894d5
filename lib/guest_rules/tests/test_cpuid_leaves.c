/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The leaves the guest's CPUID computes rather than passes on: 0DH (XSAVE sizes and offsets
 * consistent with the components offered, SDM Vol. 1 13.2-13.4) and 15H/16H (the rates of the
 * guest's TSC and APIC timer, SDM Vol. 2A CPUID and Vol. 3A 11.5.4). The host answers below are
 * Bochs 2.7's (cpu/cpuid.cc, cpudb/intel/corei7_skylake-x.cc and tigerlake.cc), whose leaf 0DH is
 * what made Linux report "XSAVE consistency problem: size 2432 != kernel_size 2688".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <guest_rules/cpuid_filter.h>
#include <guest_rules/cpuid_tsc.h>
#include <guest_rules/cpuid_xsave.h>

#define BIT(n) (1u << (n))

struct host_component {
	unsigned int i;
	uint32_t eax, ebx, ecx;
};

/* Bochs's corei7_skylake_x: x87, SSE, AVX, AVX-512 (0xe7), standard offsets, no alignment bits. */
static const struct host_component skylake_x[] = {
	{ 2, 256, 576, 0 }, { 5, 64, 1088, 0 }, { 6, 512, 1152, 0 }, { 7, 1024, 1664, 0 },
};

static void build(struct xsave_layout *l, uint64_t host_mask, const struct host_component *c, size_t n)
{
	xsave_layout_init(l, host_mask);
	for (size_t k = 0; k < n; k++)
		if ((host_mask >> c[k].i) & 1)
			xsave_layout_add(l, c[k].i, c[k].eax, c[k].ebx, c[k].ecx);
	xsave_layout_finish(l);
}

static void leaf_d(const struct xsave_layout *l, uint64_t xcr0, uint32_t sub, uint32_t host_eax, uint32_t r[4])
{
	r[0] = host_eax, r[1] = 0xa80, r[2] = 0xa80, r[3] = 0x12345678; /* the host's, to be replaced */
	cpuid_xsave_leaf(l, xcr0, sub, r);
}

/* What Linux's paranoid_xstate_size_valid() does: sum the components the sub-leaves describe
 * (compacted: in order, each after the last; standard: the end of the last) and compare with
 * sub-leaf 1 EBX or sub-leaf 0 EBX. */
static uint32_t guest_sum(const struct xsave_layout *l, uint64_t xcr0, int compacted)
{
	uint32_t size = 576;
	for (unsigned int i = 2; i < 64; i++) {
		if (!((xcr0 >> i) & 1))
			continue;
		uint32_t r[4];
		leaf_d(l, xcr0, i, 0, r);
		if (compacted)
			size = ((r[2] & 2) ? ((size + 63) & ~63u) : size) + r[0];
		else
			size = r[1] + r[0];
	}
	return size;
}

static void test_bochs_skylake_x_leaf_0d_is_made_consistent(void **state)
{
	(void)state;
	struct xsave_layout l;
	build(&l, 0xe7, skylake_x, 4);
	assert_int_equal(l.guest_mask, 0xe7);
	uint32_t r[4];
	leaf_d(&l, 0xe7, 0, 0xe7, r);
	assert_int_equal(r[0], 0xe7);
	assert_int_equal(r[1], 2688); /* Hi16_ZMM ends at 1664 + 1024 */
	assert_int_equal(r[2], 2688);
	assert_int_equal(r[3], 0);
	leaf_d(&l, 0xe7, 1, 0xf, r); /* the host: XSAVEOPT, XSAVEC, XGETBV1, XSAVES */
	assert_int_equal(r[0], 0x7);  /* XSAVES hidden */
	assert_int_equal(r[1], 2432); /* the compacted size, not Bochs's 2688 */
	assert_int_equal(r[2] | r[3], 0);
	assert_int_equal(guest_sum(&l, 0xe7, 1), 2432);
	assert_int_equal(guest_sum(&l, 0xe7, 0), 2688);
	/* the offsets are the CPU's own, where its XSAVE puts each component */
	leaf_d(&l, 0xe7, 7, 0, r);
	assert_int_equal(r[0], 1024);
	assert_int_equal(r[1], 1664);
	assert_int_equal(r[2], 0);
}

static void test_sizes_follow_the_guests_xcr0(void **state)
{
	(void)state;
	struct xsave_layout l;
	build(&l, 0xe7, skylake_x, 4);
	uint32_t r[4];
	leaf_d(&l, 0x3, 0, 0xe7, r);
	assert_int_equal(r[1], 576);
	assert_int_equal(r[2], 2688); /* ECX: every component the guest may enable */
	leaf_d(&l, 0x7, 0, 0xe7, r);
	assert_int_equal(r[1], 832);
	leaf_d(&l, 0x7, 1, 0x3, r);
	assert_int_equal(r[1], 832);
	leaf_d(&l, 0x1, 1, 0x1, r); /* no XSAVEC: no compacted size */
	assert_int_equal(r[0], 0x1);
	assert_int_equal(r[1], 0);
	l.hide_xsavec = true;         /* a CPU whose XSAVEC is not to be trusted: as if it had none */
	leaf_d(&l, 0xe7, 1, 0xf, r);
	assert_int_equal(r[0], 0x5);
	assert_int_equal(r[1], 0);
}

static void test_a_listed_component_without_description_is_not_offered(void **state)
{
	(void)state;
	/* Bochs's tigerlake lists PKRU (bit 9) in sub-leaf 0 but its sub-leaf 9 reads all zero. */
	struct xsave_layout l;
	build(&l, 0x2e7, skylake_x, 4);
	assert_int_equal(l.guest_mask, 0xe7);
	uint32_t r[4];
	leaf_d(&l, 0xe7, 9, 0, r);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	/* ... and PKU and OSPKE disappear from leaf 7 with it */
	struct cpuid_view v = { .vcpu_count = 1, .host_max_leaf = 0x1b, .xsave = &l, .guest_cr4 = 1ull << 22 };
	uint32_t s[4] = { 0, ~0u, ~0u, ~0u };
	cpuid_filter(&v, 7, 0, s);
	assert_int_equal(s[2] & (BIT(3) | BIT(4)), 0);
	/* described, it is offered, and PKU stays */
	const struct host_component with_pkru[] = { { 2, 256, 576, 0 }, { 5, 64, 1088, 0 }, { 6, 512, 1152, 0 },
						    { 7, 1024, 1664, 0 }, { 9, 8, 2688, 0 } };
	build(&l, 0x2e7, with_pkru, 5);
	assert_int_equal(l.guest_mask, 0x2e7);
	leaf_d(&l, 0x2e7, 0, 0x2e7, r);
	assert_int_equal(r[1], 2696);
	uint32_t t[4] = { 0, ~0u, ~0u, ~0u };
	cpuid_filter(&v, 7, 0, t);
	assert_int_equal(t[2] & (BIT(3) | BIT(4)), BIT(3) | BIT(4));
}

static void test_mpx_amx_and_supervisor_components_are_never_offered(void **state)
{
	(void)state;
	const struct host_component c[] = {
		{ 2, 256, 576, 0 }, { 3, 64, 960, 0 }, { 4, 64, 1024, 0 }, { 5, 64, 1088, 0 }, { 6, 512, 1152, 0 },
		{ 7, 1024, 1664, 0 }, { 8, 128, 0, 1 }, { 9, 8, 2688, 0 }, { 11, 16, 0, 1 }, { 17, 64, 2752, 0 },
		{ 18, 8192, 2816, 2 },
	};
	struct xsave_layout l;
	build(&l, 0x602ff | (1ull << 11) | (1ull << 8), c, sizeof(c) / sizeof(c[0]));
	assert_int_equal(l.guest_mask, 0x2e7);
	uint32_t r[4];
	for (unsigned int i = 3; i <= 18; i++) {
		if (i == 5 || i == 6 || i == 7 || i == 9)
			continue;
		leaf_d(&l, l.guest_mask, i, 0, r);
		assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	}
	leaf_d(&l, ~0ull, 0, 0x602ff, r); /* an XCR0 with more than the guest may have counts only its own */
	assert_int_equal(r[0], 0x2e7);
	assert_int_equal(r[1], 2696);
	leaf_d(&l, l.guest_mask, 64, 0, r);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	/* XSAVES and XFD are hidden with their MSRs */
	leaf_d(&l, l.guest_mask, 1, 0x1f, r);
	assert_int_equal(r[0], 0x7);
}

static void test_avx512_is_offered_whole_or_not_at_all(void **state)
{
	(void)state;
	const struct host_component c[] = { { 2, 256, 576, 0 }, { 5, 64, 1088, 0 }, { 6, 512, 1152, 0 } };
	struct xsave_layout l;
	build(&l, 0xe7, c, 3); /* Hi16_ZMM listed, never described */
	assert_int_equal(l.guest_mask, 0x7);
	build(&l, 0xe3, skylake_x, 4); /* AVX-512 without AVX */
	assert_int_equal(l.guest_mask, 0x3);
}

static void test_compacted_size_honours_64_byte_alignment(void **state)
{
	(void)state;
	const struct host_component c[] = { { 2, 256, 576, 0 }, { 5, 8, 1088, 0 }, { 6, 512, 1152, 2 },
					    { 7, 1024, 1664, 0 } };
	struct xsave_layout l;
	build(&l, 0xe7, c, 4);
	/* 576 + 256 = 832, + 8 = 840, aligned to 896, + 512 = 1408, + 1024 = 2432 */
	assert_int_equal(xsave_size_compacted(&l, 0xe7), 2432);
	assert_int_equal(xsave_size_compacted(&l, 0x27), 840);
	uint32_t r[4];
	leaf_d(&l, 0xe7, 6, 0, r);
	assert_int_equal(r[2], 2);
	assert_int_equal(guest_sum(&l, 0xe7, 1), 2432);
}

/* Linux's native_calibrate_tsc(): 32-bit unsigned arithmetic throughout. */
static uint32_t linux_tsc_khz(const uint32_t r[4])
{
	uint32_t crystal_khz = r[2] / 1000;
	return crystal_khz * r[1] / r[0];
}

static void test_leaf_15_states_the_tsc_and_timer_rates(void **state)
{
	(void)state;
	uint32_t r[4];
	/* hvkit under Bochs: the vLAPIC timer counts at the TSC's rate */
	cpuid_tsc_leaf(49999400, 49999400, 0x15, r);
	assert_int_equal(r[0], 1);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 49999000);
	assert_int_equal(linux_tsc_khz(r), 49999);
	/* a 2.1 GHz TSC and a 24 MHz crystal */
	cpuid_tsc_leaf(2100000000, 24000000, 0x15, r);
	assert_int_equal(r[0], 2);
	assert_int_equal(r[1], 175);
	assert_int_equal(r[2], 24000000);
	assert_int_equal(linux_tsc_khz(r), 2100000);
	/* rates with no small ratio: the fraction is bounded so that crystal kHz * EBX fits 32 bits */
	cpuid_tsc_leaf(3000001000ull, 24001000, 0x15, r);
	assert_true(r[0] != 0 && r[1] != 0);
	assert_true((uint64_t)(r[2] / 1000) * r[1] <= UINT32_MAX);
	uint32_t khz = linux_tsc_khz(r);
	assert_true(khz >= 3000001 - 3 && khz <= 3000001 + 3);
	/* unknown rates: not enumerated */
	cpuid_tsc_leaf(0, 24000000, 0x15, r);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	cpuid_tsc_leaf(2100000000, 0, 0x16, r);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
}

static void test_leaf_16_states_base_max_and_bus_mhz(void **state)
{
	(void)state;
	uint32_t r[4];
	cpuid_tsc_leaf(2100000000, 24000000, 0x16, r);
	assert_int_equal(r[0], 2100);
	assert_int_equal(r[1], 2100);
	assert_int_equal(r[2], 24);
	assert_int_equal(r[3], 0);
}

static void test_ratio_is_exact_when_it_fits(void **state)
{
	(void)state;
	uint32_t num, den;
	cpuid_tsc_ratio(50000, 50005, &num, &den);
	assert_int_equal(num, 10000);
	assert_int_equal(den, 10001);
	cpuid_tsc_ratio(50000, 0, &num, &den);
	assert_int_equal(num | den, 0);
}

static void test_filter_adds_leaves_15_and_16_below_the_hosts_maximum(void **state)
{
	(void)state;
	struct cpuid_view v = { .vcpu_count = 1, .host_max_leaf = 0xd, .tsc_hz = 50000000, .timer_hz = 50000000 };
	uint32_t r[4] = { 0xd, 0, 0, 0 };
	cpuid_filter(&v, 0, 0, r);
	assert_int_equal(r[0], CPUID_TSC_MIN_MAX_LEAF);
	/* a leaf above the host's last one is not that leaf's data repeated */
	uint32_t s[4] = { 1, 2, 3, 4 };
	cpuid_filter(&v, 0x10, 0, s);
	assert_int_equal(s[0] | s[1] | s[2] | s[3], 0);
	uint32_t t[4] = { 1, 2, 3, 4 };
	cpuid_filter(&v, 0x15, 0, t);
	assert_int_equal(t[0], 1);
	assert_int_equal(t[1], 1);
	assert_int_equal(t[2], 50000000);
	/* a host with more leaves keeps its maximum */
	v.host_max_leaf = 0x1b;
	uint32_t u[4] = { 0x1b, 0, 0, 0 };
	cpuid_filter(&v, 0, 0, u);
	assert_int_equal(u[0], 0x1b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bochs_skylake_x_leaf_0d_is_made_consistent),
		cmocka_unit_test(test_sizes_follow_the_guests_xcr0),
		cmocka_unit_test(test_a_listed_component_without_description_is_not_offered),
		cmocka_unit_test(test_mpx_amx_and_supervisor_components_are_never_offered),
		cmocka_unit_test(test_avx512_is_offered_whole_or_not_at_all),
		cmocka_unit_test(test_compacted_size_honours_64_byte_alignment),
		cmocka_unit_test(test_leaf_15_states_the_tsc_and_timer_rates),
		cmocka_unit_test(test_leaf_16_states_base_max_and_bus_mhz),
		cmocka_unit_test(test_ratio_is_exact_when_it_fits),
		cmocka_unit_test(test_filter_adds_leaves_15_and_16_below_the_hosts_maximum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
