/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit.cfg parsing and module paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"

static struct hvkit_cfg cfg;

static const char *parse(const char *text)
{
	return hvkit_cfg_parse(text, strlen(text), &cfg);
}

static void full_file(void **state)
{
	(void)state;
	assert_null(parse("# comment\n\ncmdline = a b  c \r\nmodule=k.bin root=/dev/x\r\n  module=dir/i.img\n"));
	assert_true(cfg.has_cmdline);
	assert_string_equal(cfg.cmdline, "a b  c");
	assert_int_equal(cfg.module_count, 2);
	assert_string_equal(cfg.module[0], "k.bin root=/dev/x");
	assert_string_equal(cfg.module[1], "dir/i.img");
}

static void empty_file(void **state)
{
	(void)state;
	assert_null(parse(""));
	assert_false(cfg.has_cmdline);
	assert_int_equal(cfg.module_count, 0);
}

static void errors_name_the_line(void **state)
{
	(void)state;
	assert_string_equal(parse("cmdline=x\nmodul=y\n"), "unknown key (expected cmdline= or module=)");
	assert_int_equal(cfg.error_line, 2);
	assert_string_equal(parse("module=a\nno equals sign\n"), "expected key=value");
	assert_int_equal(cfg.error_line, 2);
	assert_string_equal(parse("cmdline=a\ncmdline=b\n"), "cmdline= given twice");
	assert_string_equal(parse("module=   \n"), "module= names no file");
}

static void limits(void **state)
{
	(void)state;
	char big[BOOT_CMDLINE_MAX + 16] = "cmdline=";
	memset(big + 8, 'x', BOOT_CMDLINE_MAX);
	big[8 + BOOT_CMDLINE_MAX] = '\0';
	assert_string_equal(parse(big), "cmdline= is too long");

	char many[BOOT_MAX_MODULES * 10 + 20] = "";
	for (int i = 0; i <= BOOT_MAX_MODULES; i++)
		strcat(many, "module=m\n");
	assert_string_equal(parse(many), "too many module= lines");
	assert_int_equal(cfg.error_line, BOOT_MAX_MODULES + 1);
}

static void module_paths(void **state)
{
	(void)state;
	char p[32];
	assert_int_equal(hvkit_cfg_module_path("dir/sub/k.bin arg=1", p, sizeof(p)), 0);
	assert_string_equal(p, "\\dir\\sub\\k.bin");
	assert_int_equal(hvkit_cfg_module_path("/abs.bin", p, sizeof(p)), 0);
	assert_string_equal(p, "\\abs.bin");
	assert_int_equal(hvkit_cfg_module_path("\\x", p, sizeof(p)), 0);
	assert_string_equal(p, "\\x");
	assert_int_equal(hvkit_cfg_module_path("abcdef", p, 7), -1);
	assert_int_equal(hvkit_cfg_module_path("abcdef", p, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_file),       cmocka_unit_test(empty_file), cmocka_unit_test(errors_name_the_line),
		cmocka_unit_test(limits),          cmocka_unit_test(module_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
