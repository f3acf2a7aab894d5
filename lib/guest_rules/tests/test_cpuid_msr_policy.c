/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every CPUID feature the guest sees that implies an MSR has an MSR policy entry that does not deny
 * it (a guest that sees a feature uses its MSRs without expecting #GP). The host's CPUID is taken to
 * report every bit, so whatever the filter lets through is checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <guest_rules/cpuid_filter.h>
#include <guest_rules/msr_policy.h>

struct feature_msr {
	uint32_t leaf, sub;
	unsigned int reg, bit; /* reg: 0 EAX, 1 EBX, 2 ECX, 3 EDX */
	uint32_t msr;
	const char *name;
};

/* SDM Vol. 2A CPUID and Vol. 4 (the MSR each feature architecturally brings). */
static const struct feature_msr features[] = {
	{ 1, 0, 3, 5, 0x10, "MSR: IA32_TSC" },
	{ 1, 0, 3, 7, 0x179, "MCE: IA32_MCG_CAP" },
	{ 1, 0, 3, 9, 0x1b, "APIC: IA32_APIC_BASE" },
	{ 1, 0, 3, 11, 0x174, "SEP: IA32_SYSENTER_CS" },
	{ 1, 0, 3, 12, 0xfe, "MTRR: IA32_MTRRCAP" },
	{ 1, 0, 3, 12, 0x2ff, "MTRR: IA32_MTRR_DEF_TYPE" },
	{ 1, 0, 3, 14, 0x179, "MCA: IA32_MCG_CAP" },
	{ 1, 0, 3, 14, 0x400, "MCA: IA32_MC0_CTL" },
	{ 1, 0, 3, 16, 0x277, "PAT: IA32_PAT" },
	{ 1, 0, 3, 21, 0x600, "DS: IA32_DS_AREA" },
	{ 1, 0, 3, 22, 0x19a, "ACPI: IA32_CLOCK_MODULATION" },
	{ 1, 0, 3, 29, 0x19b, "TM: IA32_THERM_INTERRUPT" },
	{ 1, 0, 2, 2, 0x600, "DTES64: IA32_DS_AREA" },
	{ 1, 0, 2, 3, 0x1a0, "MONITOR: IA32_MISC_ENABLE" },
	{ 1, 0, 2, 5, 0x480, "VMX: IA32_VMX_BASIC" },
	{ 1, 0, 2, 6, 0x3a, "SMX: IA32_FEATURE_CONTROL" },
	{ 1, 0, 2, 7, 0x198, "EIST: IA32_PERF_STATUS" },
	{ 1, 0, 2, 8, 0x19a, "TM2: IA32_THERM" },
	{ 1, 0, 2, 15, 0x345, "PDCM: IA32_PERF_CAPABILITIES" },
	{ 1, 0, 2, 21, 0x802, "x2APIC: x2APIC ID" },
	{ 1, 0, 2, 24, 0x6e0, "TSC-deadline: IA32_TSC_DEADLINE" },
	{ 7, 0, 1, 1, 0x3b, "TSC_ADJUST: IA32_TSC_ADJUST" },
	{ 7, 0, 1, 2, 0x3a, "SGX: IA32_FEATURE_CONTROL" },
	{ 7, 0, 1, 2, 0x8c, "SGX: IA32_SGXLEPUBKEYHASH0" },
	{ 7, 0, 1, 14, 0xd90, "MPX: IA32_BNDCFGS" },
	{ 7, 0, 1, 25, 0x570, "PT: IA32_RTIT_CTL" },
	{ 7, 0, 2, 5, 0xe1, "WAITPKG: IA32_UMWAIT_CONTROL" },
	{ 7, 0, 2, 7, 0x6a2, "CET_SS: IA32_S_CET" },
	{ 7, 0, 2, 30, 0x8c, "SGX_LC: IA32_SGXLEPUBKEYHASH0" },
	{ 7, 0, 2, 31, 0x6e1, "PKS: IA32_PKRS" },
	{ 7, 0, 3, 13, 0x10f, "TSX_FORCE_ABORT: MSR_TSX_FORCE_ABORT" },
	{ 7, 0, 3, 20, 0x6a2, "CET_IBT: IA32_S_CET" },
	{ 7, 0, 3, 26, 0x48, "IBRS: IA32_SPEC_CTRL" },
	{ 7, 0, 3, 26, 0x49, "IBPB: IA32_PRED_CMD" },
	{ 7, 0, 3, 27, 0x48, "STIBP: IA32_SPEC_CTRL" },
	{ 7, 0, 3, 28, 0x10b, "L1D_FLUSH: IA32_FLUSH_CMD" },
	{ 7, 0, 3, 29, 0x10a, "ARCH_CAPABILITIES: IA32_ARCH_CAPABILITIES" },
	{ 7, 0, 3, 30, 0xcf, "CORE_CAPABILITIES: IA32_CORE_CAPABILITIES" },
	{ 7, 0, 3, 31, 0x48, "SSBD: IA32_SPEC_CTRL" },
	{ 0xd, 1, 0, 3, 0xda0, "XSAVES: IA32_XSS" },
	{ 0xd, 1, 0, 4, 0x1c4, "XFD: IA32_XFD" },
	{ 6, 0, 0, 0, 0x19c, "thermal sensor: IA32_THERM_STATUS" },
	{ 6, 0, 2, 0, 0xe7, "hardware feedback: IA32_MPERF" },
	{ 0xa, 0, 0, 0, 0xc1, "architectural PMU: IA32_PMC0" },
	{ 0x80000001u, 0, 3, 11, 0xc0000081u, "SYSCALL: IA32_STAR" },
	{ 0x80000001u, 0, 3, 20, 0xc0000080u, "NX: IA32_EFER" },
	{ 0x80000001u, 0, 3, 27, 0xc0000103u, "RDTSCP: IA32_TSC_AUX" },
	{ 0x80000001u, 0, 3, 29, 0xc0000080u, "LM: IA32_EFER" },
};

static void test_every_advertised_feature_has_its_msr(void **state)
{
	(void)state;
	const struct cpuid_view view = {
		.vcpu_index = 0, .vcpu_count = 2, .guest_cr4 = ~0ull, .apic_enabled = true, .x2apic_allowed = true,
		.host_max_leaf = 0x20, .tsc_hz = 1000000, .timer_hz = 1000000,
	};
	unsigned int advertised = 0;
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		const struct feature_msr *f = &features[i];
		uint32_t r[4] = { ~0u, ~0u, ~0u, ~0u };
		cpuid_filter(&view, f->leaf, f->sub, r);
		if (f->leaf == 6 || f->leaf == 0xa) {
			/* the whole leaf describes MSR-backed features: all zero */
			assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
			continue;
		}
		if (!((r[f->reg] >> f->bit) & 1))
			continue;
		advertised++;
		const struct msr_rule *rule = msr_policy_lookup(f->msr);
		if (rule == NULL || rule->policy == MSR_DENY)
			fail_msg("CPUID %#x.%u advertises %s, but MSR %#x is %s", f->leaf, f->sub, f->name, f->msr,
				 rule ? "denied" : "not in the policy");
	}
	assert_true(advertised >= 15);
}

static void test_policy_has_no_overlaps(void **state)
{
	(void)state;
	size_t n = 0;
	const struct msr_rule *r = msr_policy_rules(&n);
	for (size_t i = 0; i < n; i++) {
		assert_true(r[i].first <= r[i].last);
		for (size_t j = i + 1; j < n; j++)
			assert_true(r[i].last < r[j].first || r[j].last < r[i].first);
	}
}

static void test_apic_and_x2apic_bits_follow_the_vcpu(void **state)
{
	(void)state;
	struct cpuid_view view = { .vcpu_count = 1, .apic_enabled = false, .x2apic_allowed = false, .host_max_leaf = 0x20 };
	uint32_t r[4] = { ~0u, ~0u, ~0u, ~0u };
	cpuid_filter(&view, 1, 0, r);
	assert_int_equal((r[3] >> 9) & 1, 0);
	assert_int_equal((r[2] >> 21) & 1, 0);
	view.apic_enabled = view.x2apic_allowed = true;
	uint32_t s[4] = { ~0u, ~0u, ~0u, ~0u };
	cpuid_filter(&view, 1, 0, s);
	assert_int_equal((s[3] >> 9) & 1, 1);
	assert_int_equal((s[2] >> 21) & 1, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_advertised_feature_has_its_msr),
		cmocka_unit_test(test_policy_has_no_overlaps),
		cmocka_unit_test(test_apic_and_x2apic_bits_follow_the_vcpu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
