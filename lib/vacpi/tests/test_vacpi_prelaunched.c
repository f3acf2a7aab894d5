/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vacpi as images whose VMs are all pre-launched link it (src/fixed.c with src/madt_ioapic.c): the tables of such a
 * VM are built as by the full library (hardware-reduced FADT, COM1 with its IRQ and RTC0 in the DSDT, the IOAPIC
 * and its overrides in the MADT, no FACS or MCFG), and a configuration asking for an extra (PM1 blocks, a PCI host
 * bridge, the control device), a reset register or more than 255 vCPUs is refused, guest memory untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vacpi/extras.h>
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
	static struct madt_view m;
	parse_madt(&guest, v.madt, &m);
	assert_true(m.ok);
	assert_int_equal(m.cpu_count, 2);
	assert_int_equal(m.cpus[1].apic_id, 1);
	assert_int_equal(m.ioapic_count, 1);
	assert_int_equal(m.ioapic_addr, 0xfec00000u);
	assert_int_equal(m.iso_count, 2);
	assert_int_equal(m.isos[0].gsi, 2);
	assert_int_equal(m.isos[1].source, 4);
	assert_int_equal(m.nmi_count, 1);
	assert_int_equal(m.nmis[0].lint, 1);
}

/* COM1's _CRS: IO (Decode16, 0x2F8, 0x2F8, 1, 8), then IRQNoFlags {3} unless polled, then the end tag. */
static void com1_has_its_port_and_irq_unless_polled(void **state)
{
	(void)state;
	static const uint8_t io[] = { 0x47, 0x01, 0xf8, 0x02, 0xf8, 0x02, 0x01, 0x08 };
	for (int polled = 0; polled < 2; polled++) {
		struct vacpi_config c;
		uint64_t rsdp = 0;
		prelaunched_config(&c);
		c.serial = (struct vacpi_serial){ .present = true, .port = 0x2f8, .irq = 3, .polled = polled };
		assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
		struct acpi_view v = parse_acpi(&guest);
		assert_true(v.ok);
		const uint8_t *d = guest.buf + v.dsdt, *at = NULL;
		for (uint32_t i = 36; i + sizeof(io) <= v.dsdt_len && at == NULL; i++)
			at = memcmp(d + i, io, sizeof(io)) == 0 ? d + i + sizeof(io) : NULL;
		assert_non_null(at);
		if (!polled)
			assert_memory_equal(at, ((const uint8_t[]){ 0x22, 0x08, 0x00 }), 3), at += 3;
		assert_memory_equal(at, ((const uint8_t[]){ 0x79, 0x00 }), 2);
	}
}

/* 255 vCPUs (APIC IDs 0..254) fit type-0 entries; a 256th would need an x2APIC entry, which this flavour refuses. */
static void at_most_255_vcpus(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	prelaunched_config(&c);
	c.vcpu_count = 255;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	static struct madt_view m;
	parse_madt(&guest, v.madt, &m);
	assert_int_equal(m.cpu_count, 255);
	assert_int_equal(m.cpus[254].apic_id, 254);
	assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);
	c.vcpu_count = 256;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
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
	c.extras = &(struct vacpi_extras){ .pm1 = { .present = true, .evt_port = 0x600, .cnt_port = 0x604, .sci_irq = 9,
						    .s5_type = 5 } };
	expect_refused(&c);
	prelaunched_config(&c);
	c.extras = &(struct vacpi_extras){ .pci = { .present = true, .ecam_base = 0xe0000000u } };
	expect_refused(&c);
	prelaunched_config(&c);
	c.extras = &(struct vacpi_extras){ .control = { .present = true, .hid = "HVKT0001", .gsi = 20 } };
	expect_refused(&c);
	prelaunched_config(&c);
	c.extras = &(struct vacpi_extras){ .reset = { .present = true, .port = 0xcf9, .value = 6 } };
	expect_refused(&c);
}

/* The whole area must be guest RAM: -HV_ERANGE and nothing written otherwise. */
static void an_area_not_in_ram_is_refused(void **state)
{
	(void)state;
	struct fake_guest small;
	struct vacpi_config c;
	uint64_t rsdp = 1;
	fake_guest_init(&small, VACPI_AREA_GPA + 0x1000, NULL, 0, 0xaa);
	prelaunched_config(&c);
	assert_int_equal(vacpi_build(&c, &small.mem, &rsdp), -HV_ERANGE);
	assert_int_equal(rsdp, 0);
	assert_int_equal(small.calls, 0);
	fake_guest_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_prelaunched_vm_gets_its_tables, fake_guest_setup, fake_guest_teardown),
		cmocka_unit_test_setup_teardown(com1_has_its_port_and_irq_unless_polled, fake_guest_setup,
						fake_guest_teardown),
		cmocka_unit_test_setup_teardown(at_most_255_vcpus, fake_guest_setup, fake_guest_teardown),
		cmocka_unit_test_setup_teardown(every_extra_is_refused, fake_guest_setup, fake_guest_teardown),
		cmocka_unit_test(an_area_not_in_ram_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
