/* SPDX-License-Identifier: BSD-3-Clause */
/* The command line from UCS-2 load options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cmdline.h"

static char out[64];

static enum load_options_result conv(const char *ascii)
{
	uint16_t w[128];
	size_t n = strlen(ascii);
	for (size_t i = 0; i <= n; i++)
		w[i] = (uint8_t)ascii[i];
	return load_options_to_cmdline(w, (n + 1) * 2, out, sizeof(out));
}

static void shell_style(void **state)
{
	(void)state;
	assert_int_equal(conv("hvkit.EFI console=com1 x=2 "), LOAD_OPTIONS_TEXT);
	assert_string_equal(out, "console=com1 x=2");
	assert_int_equal(conv("  \\EFI\\BOOT\\BOOTX64.efi"), LOAD_OPTIONS_NONE);
	assert_int_equal(conv("plain text"), LOAD_OPTIONS_TEXT);
	assert_string_equal(out, "plain text");
	assert_int_equal(conv(""), LOAD_OPTIONS_NONE);
}

static void binary_and_long(void **state)
{
	(void)state;
	uint16_t bin[4] = {0x1234, 0xabcd, 0x0001, 0};
	assert_int_equal(load_options_to_cmdline(bin, sizeof(bin), out, sizeof(out)), LOAD_OPTIONS_BINARY);
	char big[100];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(conv(big), LOAD_OPTIONS_TOO_LONG);
	/* No NUL inside the given size: stops at the size. */
	uint16_t w[3] = {'a', 'b', 'c'};
	assert_int_equal(load_options_to_cmdline(w, 4, out, sizeof(out)), LOAD_OPTIONS_TEXT);
	assert_string_equal(out, "ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(shell_style), cmocka_unit_test(binary_and_long)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
