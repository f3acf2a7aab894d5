/* SPDX-License-Identifier: BSD-3-Clause */
/* MOV to CR0/CR4: each #GP rule of SDM Vol. 2B MOV CRn and Vol. 3A 2.5, and what stays allowed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <guest_rules/cr_rules.h>
#include <hvkit/arch/x86_ext.h>

#define FIXED1 (0x1ffffffull & ~(1ull << 15)) /* VMX CR4 fixed-1: bits 0..24 but 15 */

/* A CPU that supports every CR4 feature the table knows, and a VMX fixed-1 MSR allowing 0..24 but 15. */
static struct cr_state long_mode(void)
{
	struct cr_cpuid c = { { 0, ~0u, ~0u, ~0u }, { 0, ~0u, ~0u, ~0u } };
	struct cr_state s = {
		.cr0 = CR0_PE | CR0_PG | CR0_WP | CR0_NE, .cr3 = 0x1000, .cr4 = CR4_PAE | CR4_PGE,
		.efer_lme = true, .efer_lma = true,
	};
	s.cr4_reserved = cr4_reserved_bits(&c, FIXED1);
	return s;
}

static void test_cr4_reserved_bits_from_fixed1_cpuid_vmxe_smxe(void **state)
{
	(void)state;
	struct cr_cpuid all = { { 0, ~0u, ~0u, ~0u }, { 0, ~0u, ~0u, ~0u } };
	uint64_t r = cr4_reserved_bits(&all, FIXED1);
	assert_true(r & CR4_VMXE);
	assert_true(r & CR4_SMXE);
	assert_true(r & (1ull << 15));       /* not in fixed-1 */
	assert_true(r & (1ull << 40));       /* bits 63:32 */
	assert_false(r & (CR4_PAE | CR4_PGE | CR4_LA57 | CR4_PCIDE | CR4_OSXSAVE));
	struct cr_cpuid none = { { 0 }, { 0 } };
	r = cr4_reserved_bits(&none, FIXED1);
	assert_true(r & CR4_LA57);
	assert_true(r & CR4_PCIDE);
	assert_true(r & CR4_MCE);
	assert_false(r & (1ull << 2));       /* TSD needs no feature */
}

static void test_cr4_write_rules(void **state)
{
	(void)state;
	struct cr_state s = long_mode();
	assert_false(cr4_write_faults(&s, s.cr4 | CR4_OSXSAVE));
	assert_true(cr4_write_faults(&s, s.cr4 | CR4_VMXE));
	assert_true(cr4_write_faults(&s, s.cr4 | (1ull << 32)));
	assert_true(cr4_write_faults(&s, s.cr4 & ~CR4_PAE));         /* PAE cleared in IA-32e mode */
	assert_true(cr4_write_faults(&s, s.cr4 | CR4_LA57));         /* LA57 changed in IA-32e mode */
	assert_false(cr4_write_faults(&s, s.cr4 | CR4_PCIDE));       /* CR3[11:0] = 0 */
	s.cr3 = 0x1001;
	assert_true(cr4_write_faults(&s, s.cr4 | CR4_PCIDE));        /* CR3[11:0] != 0 */
	s.efer_lma = false;
	s.cr3 = 0x1000;
	assert_true(cr4_write_faults(&s, s.cr4 | CR4_PCIDE));        /* outside IA-32e mode */
	assert_false(cr4_write_faults(&s, s.cr4 & ~CR4_PAE));
	assert_false(cr4_write_faults(&s, s.cr4 | CR4_LA57));
	s.cr0 &= ~CR0_WP;
	assert_true(cr4_write_faults(&s, s.cr4 | CR4_CET));
}

static void test_cr0_write_rules(void **state)
{
	(void)state;
	struct cr_state s = long_mode();
	assert_false(cr0_write_faults(&s, s.cr0 | CR0_CD));
	assert_false(cr0_write_faults(&s, s.cr0 | CR0_CD | CR0_NW));
	assert_true(cr0_write_faults(&s, s.cr0 | CR0_NW));           /* NW without CD */
	assert_true(cr0_write_faults(&s, s.cr0 | (1ull << 32)));     /* bits 63:32 */
	assert_true(cr0_write_faults(&s, (s.cr0 | CR0_PG) & ~CR0_PE));
	s.cr4 |= CR4_PCIDE;
	assert_true(cr0_write_faults(&s, s.cr0 & ~CR0_PG));          /* paging off with PCIDE */
	s.cr4 = 0;
	s.cr0 = CR0_PE;
	s.efer_lma = false;
	assert_true(cr0_write_faults(&s, CR0_PE | CR0_PG));          /* LME without PAE */
	s.efer_lme = false;
	assert_false(cr0_write_faults(&s, CR0_PE | CR0_PG));
	s.cr4 = CR4_CET;
	s.cr0 = CR0_PE | CR0_WP;
	assert_true(cr0_write_faults(&s, CR0_PE));                   /* WP cleared with CET */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr4_reserved_bits_from_fixed1_cpuid_vmxe_smxe),
		cmocka_unit_test(test_cr4_write_rules),
		cmocka_unit_test(test_cr0_write_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
