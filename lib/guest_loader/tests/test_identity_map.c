/* SPDX-License-Identifier: BSD-3-Clause */
/* The 4-level identity map of the low 4 GiB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/identity_map.h>

#include "fake_mem.h"
#include "host_platform.h"

#define GIB (1ull << 30)

static void two_mib_map_covers_4g_with_uncached_top_gib(void **state)
{
	(void)state;
	struct fake_mem f;
	fake_mem_init(&f, 0x20000);
	fake_mem_fill(&f, 0xcc);
	uint64_t cr3 = 0;
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x4000, false, &cr3), 0);
	assert_int_equal(cr3, 0x4000);
	assert_int_equal(rd64(&f, 0x4000), 0x5000 | 0x3);
	for (uint64_t i = 1; i < 512; i++)
		assert_int_equal(rd64(&f, 0x4000 + 8 * i), 0); /* the rest of the PML4 is cleared */
	for (uint64_t i = 0; i < 4; i++)
		assert_int_equal(rd64(&f, 0x5000 + 8 * i), (0x6000 + 0x1000 * i) | 0x3);
	assert_int_equal(rd64(&f, 0x5000 + 8 * 4), 0);
	for (uint64_t d = 0; d < 4; d++) {
		for (uint64_t i = 0; i < 512; i++) {
			uint64_t addr = d * GIB + (i << 21);
			uint64_t want = addr | 0x83 | (d == 3 ? 0x18 : 0);
			assert_int_equal(rd64(&f, 0x6000 + d * 0x1000 + 8 * i), want);
		}
	}
	assert_int_equal(guest_identity_map_size(false), 0x6000);
	assert_int_equal(f.outside_ram, 0);
	fake_mem_free(&f);
}

static void one_gib_map_uses_two_pages(void **state)
{
	(void)state;
	struct fake_mem f;
	fake_mem_init(&f, 0x10000);
	fake_mem_fill(&f, 0xcc);
	uint64_t cr3 = 0;
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x2000, true, &cr3), 0);
	assert_int_equal(cr3, 0x2000);
	assert_int_equal(rd64(&f, 0x2000), 0x3003);
	assert_int_equal(rd64(&f, 0x3000), 0x83);
	assert_int_equal(rd64(&f, 0x3008), GIB | 0x83);
	assert_int_equal(rd64(&f, 0x3010), 2 * GIB | 0x83);
	assert_int_equal(rd64(&f, 0x3018), 3 * GIB | 0x83 | 0x18);
	assert_int_equal(rd64(&f, 0x3020), 0);
	assert_int_equal(f.buf[0x4000], 0xcc); /* nothing written past the two pages */
	assert_int_equal(guest_identity_map_size(true), 0x2000);
	fake_mem_free(&f);
}

static void misaligned_table_address_is_refused(void **state)
{
	(void)state;
	struct fake_mem f;
	fake_mem_init(&f, 0x20000);
	uint64_t cr3 = 0x77;
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x2800, false, &cr3), -HV_EINVAL);
	assert_int_equal(cr3, 0x77);
	assert_int_equal(f.writes, 0);
	fake_mem_free(&f);
}

static void tables_outside_ram_are_refused(void **state)
{
	(void)state;
	struct fake_mem f;
	fake_mem_init(&f, 0x8000);
	uint64_t cr3 = 0;
	host_platform_reset();
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x4000, false, &cr3), -HV_ERANGE);
	assert_int_equal(f.writes, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x6000, true, &cr3), 0); /* two pages do fit */
	fake_mem_free(&f);
}

static void write_failure_is_returned(void **state)
{
	(void)state;
	struct fake_mem f;
	fake_mem_init(&f, 0x20000);
	f.fail_after = 3;
	uint64_t cr3 = 0;
	assert_int_equal(guest_identity_map_4g(&f.mem, 0x2000, false, &cr3), -HV_EIO);
	assert_int_equal(cr3, 0);
	fake_mem_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_mib_map_covers_4g_with_uncached_top_gib),
		cmocka_unit_test(one_gib_map_uses_two_pages),
		cmocka_unit_test(misaligned_table_address_is_refused),
		cmocka_unit_test(tables_outside_ram_are_refused),
		cmocka_unit_test(write_failure_is_returned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
