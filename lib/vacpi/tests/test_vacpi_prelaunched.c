/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vacpi as images whose VMs are all pre-launched link it (src/extras_none.c): the tables of such a VM are built as
 * by the full library (hardware-reduced FADT, COM1 and RTC0 in the DSDT, no FACS or MCFG), and a configuration
 * asking for an extra (PM1 blocks, a PCI host bridge, the control device) is refused, guest memory untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vacpi/vacpi.h>

#include "acpi_parse.h"

#define RAM FAKE_GUEST_FIXTURE_RAM

static void prelaunched_config(struct vacpi_config *c)
{
	vacpi_config_init(c, 2);
	c->pm_timer = (struct vacpi_pm_timer){ .present = true, .port = 0x608 };
	c->serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 4 };
	c->rtc = true;
}

static bool dsdt_names(const struct acpi_view *v, const char *seg)
{
	for (uint64_t i = v->dsdt + 36; i + 4 <= v->dsdt + v->dsdt_len; i++)
		if (memcmp(guest.buf + i, seg, 4) == 0)
			return true;
	return false;
}

static void a_prelaunched_vm_gets_its_tables(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	prelaunched_config(&c);
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	assert_int_equal(rsdp, VACPI_RSDP_GPA);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_true(g32(&guest, v.fadt + 112) & (1u << 20)); /* HW_REDUCED_ACPI */
	assert_int_equal(g32(&guest, v.fadt + 36), 0);       /* no FACS */
	assert_int_equal(g32(&guest, v.fadt + 76), 0x608);   /* the PM timer */
	assert_int_equal(v.mcfg, 0);
	assert_true(dsdt_names(&v, "COM1"));
	assert_true(dsdt_names(&v, "RTC0"));
	assert_false(dsdt_names(&v, "PCI0"));
	assert_false(dsdt_names(&v, "_S5_"));
	assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);
}

/* Each extra alone is refused: -HV_EINVAL, *rsdp_gpa 0, not one byte of guest memory written. */
static void expect_refused(const struct vacpi_config *c)
{
	uint64_t rsdp = 1;
	unsigned int calls = guest.calls;
	assert_int_equal(vacpi_build(c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
	assert_int_equal(vacpi_tables_size(c), 0);
	assert_int_equal(guest.calls, calls);
}

static void every_extra_is_refused(void **state)
{
	(void)state;
	struct vacpi_config c;
	prelaunched_config(&c);
	c.pm1 = (struct vacpi_pm1){ .present = true, .evt_port = 0x600, .cnt_port = 0x604, .sci_irq = 9, .s5_type = 5 };
	expect_refused(&c);
	prelaunched_config(&c);
	c.pci = (struct vacpi_pci_root){ .present = true, .ecam_base = 0xe0000000u };
	expect_refused(&c);
	prelaunched_config(&c);
	c.control = (struct vacpi_control){ .present = true, .hid = "HVKT0001", .gsi = 20 };
	expect_refused(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_prelaunched_vm_gets_its_tables, fake_guest_setup, fake_guest_teardown),
		cmocka_unit_test_setup_teardown(every_extra_is_refused, fake_guest_setup, fake_guest_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
