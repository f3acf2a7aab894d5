/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi: refusals change nothing, and a failing guest-memory callback never leaves a findable RSDP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vacpi/vacpi.h>
#include <vacpi/vacpi_iso.h>

#include "acpi_parse.h"
#include "host_platform.h"

static struct fake_guest g;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_guest_init(&g, 16u << 20, NULL, 0, 0x77);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_guest_free(&g);
	return 0;
}

/* Refused with rc: nothing written, *rsdp_gpa 0, the reason logged. */
static void refused(const struct vacpi_config *c, const struct guest_mem *mem, int rc)
{
	uint64_t rsdp = 0x1234;
	unsigned logged = host_platform_log_count[PLAT_LOG_ERROR];
	assert_int_equal(vacpi_build(c, mem, &rsdp), rc);
	assert_int_equal(rsdp, 0);
	assert_int_equal(g.calls, 0);
	assert_int_equal(g.bad_calls, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], logged + 1);
	for (uint64_t a = 0; a < FAKE_GUEST_SPAN; a++)
		if (g.buf[a] != 0x77)
			fail_msg("byte 0x%llx changed", (unsigned long long)a);
}

static void area_not_in_ram(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 2);
	g.mem.ram_size = 0xa0000; /* conventional memory only */
	refused(&c, &g.mem, -HV_ERANGE);
	g.mem.ram_size = 0xfffff; /* one byte short */
	refused(&c, &g.mem, -HV_ERANGE);
	const struct guest_mem_range hole[] = { { 0, 0xf0000 }, { 0xf1000, 0x100000 } };
	g.mem.ranges = hole;
	g.mem.range_count = 2;
	refused(&c, &g.mem, -HV_ERANGE);
	const struct guest_mem_range high_only[] = { { 0x100000, 0x1000000 } };
	g.mem.ranges = high_only;
	g.mem.range_count = 1;
	refused(&c, &g.mem, -HV_ERANGE);
}

static void more_vcpus_than_the_area_holds(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 300);
	uint64_t base = vacpi_tables_size(&c);
	uint32_t fit = 300 + (uint32_t)((VACPI_AREA_SIZE - base) / 16); /* each extra vCPU: a 16-byte entry */
	c.vcpu_count = fit + 1;
	assert_true(vacpi_tables_size(&c) > VACPI_AREA_SIZE);
	refused(&c, &g.mem, -HV_ENOMEM);
	c.vcpu_count = UINT32_MAX; /* no overflow in the size computation */
	refused(&c, &g.mem, -HV_ENOMEM);
	c.vcpu_count = fit;
	uint64_t rsdp;
	assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), 0);
	assert_true(parse_acpi(&g).ok);
}

static void malformed_configs(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 0);
	refused(&c, &g.mem, -HV_EINVAL); /* no vCPU */
	assert_int_equal(vacpi_tables_size(&c), 0);

	vacpi_config_init(&c, 256);
	c.x2apic = false; /* ID 255 is the xAPIC broadcast */
	refused(&c, &g.mem, -HV_EINVAL);

	vacpi_config_init(&c, 1);
	c.lapic_addr = 0;
	refused(&c, &g.mem, -HV_EINVAL);
	vacpi_config_init(&c, 1);
	c.ioapic_addr = 0;
	refused(&c, &g.mem, -HV_EINVAL);

	struct vacpi_iso bad[VACPI_MAX_ISOS + 1];
	memset(bad, 0, sizeof(bad));
	for (uint32_t i = 0; i <= VACPI_MAX_ISOS; i++)
		bad[i].isa_irq = (uint8_t)i;
	vacpi_config_init(&c, 1);
	c.isos = bad;
	c.iso_count = VACPI_MAX_ISOS + 1; /* too many (IRQ 16 too) */
	refused(&c, &g.mem, -HV_EINVAL);
	c.iso_count = 1;
	bad[0] = (struct vacpi_iso){ .isa_irq = 16, .gsi = 16 };
	refused(&c, &g.mem, -HV_EINVAL);
	bad[0] = (struct vacpi_iso){ .isa_irq = 1, .gsi = 1, .flags = 0x2 }; /* reserved polarity */
	refused(&c, &g.mem, -HV_EINVAL);
	bad[0] = (struct vacpi_iso){ .isa_irq = 1, .gsi = 1, .flags = 0x8 }; /* reserved trigger */
	refused(&c, &g.mem, -HV_EINVAL);
	bad[0] = (struct vacpi_iso){ .isa_irq = 1, .gsi = 1, .flags = 0x10 }; /* reserved bit */
	refused(&c, &g.mem, -HV_EINVAL);
	bad[0] = (struct vacpi_iso){ .isa_irq = 1, .gsi = 1 };
	bad[1] = (struct vacpi_iso){ .isa_irq = 1, .gsi = 2 }; /* IRQ 1 overridden twice */
	c.iso_count = 2;
	refused(&c, &g.mem, -HV_EINVAL);
	c.ioapic_gsi_base = 24;
	bad[1].isa_irq = 2;
	bad[0].gsi = 30;
	bad[1].gsi = 23; /* below the only IOAPIC's first GSI */
	refused(&c, &g.mem, -HV_EINVAL);
	c.isos = NULL;
	refused(&c, &g.mem, -HV_EINVAL);
}

static void null_arguments(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 1);
	assert_int_equal(vacpi_build(&c, &g.mem, NULL), -HV_EINVAL);
	refused(NULL, &g.mem, -HV_EINVAL);
	refused(&c, NULL, -HV_EINVAL);
	assert_int_equal(vacpi_tables_size(NULL), 0);
	assert_int_equal(g.calls, 0);
}

static void callback_errors_are_returned_and_leave_no_rsdp(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp;
	vacpi_config_init(&c, 4);
	assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), 0);
	unsigned total = g.calls;
	assert_true(total >= 6); /* zero + 5 tables: each later call is a distinct failure point */
	for (unsigned k = 0; k < total; k++) {
		memset(g.buf, 0, FAKE_GUEST_SPAN);
		g.fail_after = k;
		rsdp = 1;
		assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), -HV_EIO);
		assert_int_equal(rsdp, 0);
		assert_int_equal(scan_rsdp(&g), 0); /* the RSDP is written last */
	}
	g.fail_after = -1;
	assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), 0);
	assert_int_equal(scan_rsdp(&g), rsdp);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(area_not_in_ram),
		T(more_vcpus_than_the_area_holds),
		T(malformed_configs),
		T(null_arguments),
		T(callback_errors_are_returned_and_leave_no_rsdp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
