/* SPDX-License-Identifier: BSD-3-Clause */
/* The small images' src/vmx_exit_names_none.c: no exit-reason name (the caller prints the number) and
 * only the VM-instruction error's class. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <vmx/vmx_decode.h>
#include <vmx/vmx_exit.h>

static void test_no_exit_reason_names(void **state)
{
	(void)state;
	for (uint32_t r = 0; r < VMX_EXIT_REASON_COUNT + 2; r++)
		assert_null(vmx_exit_reason_name(r));
}

static void test_insn_error_is_its_class(void **state)
{
	(void)state;
	assert_string_equal(vmx_insn_error_text(7), "VMfailValid");
	assert_string_equal(vmx_insn_error_text(0), "VMfailValid");
}

static void test_entry_failure_is_not_explained(void **state)
{
	(void)state;
	assert_string_equal(vmx_entry_failure_text(33, 4), "VM-entry failure exit");
	assert_string_equal(vmx_entry_failure_text(34, 1), "VM-entry failure exit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_exit_reason_names),
		cmocka_unit_test(test_insn_error_is_its_class),
		cmocka_unit_test(test_entry_failure_is_not_explained),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
