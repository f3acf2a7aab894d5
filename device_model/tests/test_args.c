/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-dm's command line: sizes with suffixes, the 4 KiB rule, vCPU bounds, names, required options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

static struct dm_args a;
static char err[256];

#define PARSE(...) parse((char *[]){ "hvkit-dm", __VA_ARGS__ }, sizeof((char *[]){ "hvkit-dm", __VA_ARGS__ }) / sizeof(char *))

static int parse(char **argv, size_t argc)
{
	memset(&a, 0x5a, sizeof(a));
	return dm_args_parse((int)argc, argv, &a, err, sizeof(err));
}

static void full_command_line(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name", "user1", "--mem", "64M", "--cpus", "2", "--kernel", "spin.elf",
			       "--cmdline", "iters=5 forever"), 0);
	assert_string_equal(a.name, "user1");
	assert_int_equal(a.mem_size, 64ull << 20);
	assert_int_equal(a.cpus, 2);
	assert_string_equal(a.kernel, "spin.elf");
	assert_string_equal(a.cmdline, "iters=5 forever");
	assert_false(a.help);
	assert_string_equal(err, "");
}

static void defaults_and_equals_form(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name=vm", "--mem=1G", "--kernel=k.elf"), 0);
	assert_string_equal(a.name, "vm");
	assert_int_equal(a.mem_size, 1ull << 30);
	assert_int_equal(a.cpus, 1);
	assert_string_equal(a.kernel, "k.elf");
	assert_string_equal(a.cmdline, "");
	/* the value after '=' may itself contain '=' */
	assert_int_equal(PARSE("--name=vm", "--mem=4K", "--kernel=k", "--cmdline=a=1 b=2"), 0);
	assert_string_equal(a.cmdline, "a=1 b=2");
	assert_int_equal(a.mem_size, 4096);
}

static void sizes(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int rc;
		uint64_t v;
	} t[] = {
		{ "4096", 0, 4096 }, { "64M", 0, 64ull << 20 }, { "64m", 0, 64ull << 20 }, { "2g", 0, 2ull << 30 },
		{ "8k", 0, 8192 }, { "0x10000", 0, 0x10000 }, { "0X2M", 0, 2ull << 20 }, { "0", 0, 0 },
		{ "", -1, 0 }, { "M", -1, 0 }, { "0x", -1, 0 }, { "-1M", -1, 0 }, { "64MB", -1, 0 },
		{ "64 M", -1, 0 }, { "1T", -1, 0 }, { "12abc", -1, 0 }, { "18446744073709551616", -1, 0 },
		{ "17179869184G", -1, 0 }, { "17179869183G", 0, 17179869183ull << 30 },
		{ "18446744073709551615", 0, UINT64_MAX },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t v = 12345;
		int rc = dm_parse_size(t[i].s, &v);
		if (rc != t[i].rc)
			fail_msg("'%s': rc %d, expected %d", t[i].s, rc, t[i].rc);
		if (rc == 0 && v != t[i].v)
			fail_msg("'%s': %llu, expected %llu", t[i].s, (unsigned long long)v, (unsigned long long)t[i].v);
		if (rc != 0 && v != 12345)
			fail_msg("'%s': output written on failure", t[i].s);
	}
}

static void mem_must_be_a_nonzero_4k_multiple(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name", "vm", "--mem", "4097", "--kernel", "k"), -1);
	assert_non_null(strstr(err, "--mem '4097'"));
	assert_int_equal(PARSE("--name", "vm", "--mem", "0", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--name", "vm", "--mem", "6K", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--name", "vm", "--mem", "lots", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--name", "vm", "--mem", "12K", "--kernel", "k"), 0);
}

static void cpus_from_1_to_64(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "--cpus", "64"), 0);
	assert_int_equal(a.cpus, 64);
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "--cpus", "1"), 0);
	assert_int_equal(a.cpus, 1);
	const char *bad[] = { "0", "65", "-1", "two", "", "1K", "4294967297" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "--cpus", (char *)bad[i]) != -1)
			fail_msg("--cpus '%s' accepted", bad[i]);
		assert_non_null(strstr(err, "--cpus"));
	}
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name", "abcdefghijklmnopqrstuvwxyz01234", "--mem", "1M", "--kernel", "k"), 0);
	assert_int_equal(PARSE("--name", "abcdefghijklmnopqrstuvwxyz012345", "--mem", "1M", "--kernel", "k"), -1);
	assert_non_null(strstr(err, "1 to 31 characters"));
	assert_int_equal(PARSE("--name", "", "--mem", "1M", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--name", "user 1", "--mem", "1M", "--kernel", "k"), -1);
	assert_non_null(strstr(err, "no spaces"));
	assert_int_equal(PARSE("--name", "tab\there", "--mem", "1M", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--name", "caf\xc3\xa9", "--mem", "1M", "--kernel", "k"), -1);
}

static void required_unknown_and_missing_values(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--mem", "1M", "--kernel", "k"), -1);
	assert_string_equal(err, "--name is required");
	assert_int_equal(PARSE("--name", "vm", "--kernel", "k"), -1);
	assert_string_equal(err, "--mem is required");
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M"), -1);
	assert_string_equal(err, "--kernel is required");
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", ""), -1);
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "--verbose"), -1);
	assert_string_equal(err, "unknown argument '--verbose'");
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "extra.elf"), -1);
	assert_string_equal(err, "unknown argument 'extra.elf'");
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel"), -1);
	assert_string_equal(err, "--kernel needs a value");
	assert_int_equal(PARSE("--names", "vm", "--mem", "1M", "--kernel", "k"), -1);
	assert_int_equal(PARSE("--nam", "vm", "--mem", "1M", "--kernel", "k"), -1);
}

static void help(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--help"), 0);
	assert_true(a.help);
	assert_int_equal(PARSE("--name", "vm", "-h"), 0);
	assert_true(a.help);
	/* "--help" as an option's value is a value */
	assert_int_equal(PARSE("--name", "vm", "--mem", "1M", "--kernel", "k", "--cmdline", "--help"), 0);
	assert_false(a.help);
	assert_string_equal(a.cmdline, "--help");
	/* an error before --help is reported */
	assert_int_equal(PARSE("--bogus", "--help"), -1);
	assert_non_null(strstr(dm_usage, "usage: hvkit-dm --name NAME --mem SIZE"));
}

static void virtio_devices(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--name=vm", "--mem=64M", "--kernel=k", "--virtio-blk", "/d.img", "--virtio-console",
			       "--virtio-net=tap0", "--virtio-blk=/e.img"), 0);
	assert_int_equal(a.nvirtio, 4);
	assert_int_equal(a.virtio[0].kind, DM_VIRTIO_BLK);
	assert_string_equal(a.virtio[0].arg, "/d.img");
	assert_int_equal(a.virtio[1].kind, DM_VIRTIO_CONSOLE);
	assert_null(a.virtio[1].arg);
	assert_int_equal(a.virtio[2].kind, DM_VIRTIO_NET);
	assert_string_equal(a.virtio[2].arg, "tap0");
	assert_string_equal(a.virtio[3].arg, "/e.img");
	assert_int_equal(PARSE("--name=vm", "--mem=64M", "--kernel=k"), 0);
	assert_int_equal(a.nvirtio, 0);
	assert_int_equal(PARSE("--name=vm", "--mem=64M", "--kernel=k", "--virtio-blk"), -1);
	assert_string_equal(err, "--virtio-blk needs a value");
	assert_int_equal(PARSE("--name=vm", "--mem=64M", "--kernel=k", "--virtio-net="), -1);
	assert_string_equal(err, "--virtio-net: an empty tap name");
	assert_int_equal(PARSE("--name=vm", "--mem=64M", "--kernel=k", "--virtio-console", "--virtio-console",
			       "--virtio-console", "--virtio-console", "--virtio-console", "--virtio-console",
			       "--virtio-console", "--virtio-console", "--virtio-console"), -1);
	assert_string_equal(err, "--virtio-console: at most 8 virtio devices");
	assert_int_equal(PARSE("--name=vm", "--mem=3G", "--kernel=k"), 0);
	assert_int_equal(PARSE("--name=vm", "--mem=0xc0001000", "--kernel=k"), -1);
	assert_string_equal(err, "--mem '0xc0001000': at most 3G (the PCI hole starts at 3 GiB)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_command_line),
		cmocka_unit_test(defaults_and_equals_form),
		cmocka_unit_test(sizes),
		cmocka_unit_test(mem_must_be_a_nonzero_4k_multiple),
		cmocka_unit_test(cpus_from_1_to_64),
		cmocka_unit_test(names),
		cmocka_unit_test(required_unknown_and_missing_values),
		cmocka_unit_test(help),
		cmocka_unit_test(virtio_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
