/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vacpi as lapic_pt links it (src/fixed.c with src/madt_ioapic_none.c): a VM without an IOAPIC gets a MADT of its
 * local x2APICs and the LINT1 NMI only, with a polled serial port; a configuration with an IOAPIC is refused.
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

/* As core/vm/irqchip_none.c configures a lapic_pt VM. */
static void lapic_pt_config(struct vacpi_config *c, uint32_t vcpus)
{
	vacpi_config_init(c, vcpus);
	c->ioapic = false;
	c->serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .polled = true };
}

static void madt_has_cpus_and_nmi_but_no_ioapic(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	lapic_pt_config(&c, 3);
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	static struct madt_view m;
	parse_madt(&guest, v.madt, &m);
	assert_true(m.ok);
	assert_int_equal(m.cpu_count, 3);
	assert_int_equal(m.ioapic_count, 0);
	assert_int_equal(m.iso_count, 0);
	assert_int_equal(m.nmi_count, 1);
	assert_int_equal(v.madt_len, 36 + 8 + 3 * 8 + 6);
	assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);
}

static void a_vm_with_an_ioapic_is_refused(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 1;
	vacpi_config_init(&c, 2); /* the PC defaults: an IOAPIC, without overrides in this flavour */
	assert_true(c.ioapic);
	assert_int_equal(c.iso_count, 0);
	unsigned int calls = guest.calls;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
	assert_int_equal(guest.calls, calls);
	assert_int_equal(vacpi_tables_size(&c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(madt_has_cpus_and_nmi_but_no_ioapic, fake_guest_setup, fake_guest_teardown),
		cmocka_unit_test_setup_teardown(a_vm_with_an_ioapic_is_refused, fake_guest_setup, fake_guest_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
