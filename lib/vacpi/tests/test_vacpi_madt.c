/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi: the MADT read back from guest memory: CPUs, IOAPIC, overrides, NMI, flags. */
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

static struct fake_guest g;
static struct madt_view m;

static int setup(void **state)
{
	(void)state;
	fake_guest_init(&g, 16u << 20, NULL, 0, 0x5a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_guest_free(&g);
	return 0;
}

static void build_and_parse(const struct vacpi_config *c)
{
	uint64_t rsdp;
	assert_int_equal(vacpi_build(c, &g.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&g);
	assert_true(v.ok);
	parse_madt(&g, v.madt, &m);
	assert_true(m.ok); /* every entry has its type's length and together they fill the table */
}

static void check_xapic_cpus(uint32_t n)
{
	struct vacpi_config c;
	vacpi_config_init(&c, n);
	build_and_parse(&c);
	assert_int_equal(m.lapic_addr, 0xfee00000u);
	assert_int_equal(m.flags, 0); /* no PCAT_COMPAT by default */
	assert_int_equal(m.cpu_count, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(m.cpus[i].type, 0);
		assert_int_equal(m.cpus[i].apic_id, i);
		assert_int_equal(m.cpus[i].uid, i);
		assert_int_equal(m.cpus[i].flags, 1); /* enabled, online-capable 0 */
		assert_int_equal(m.first_types[i], 0); /* the CPUs come first */
	}
	assert_int_equal(m.ioapic_count, 1);
	assert_int_equal(m.ioapic_id, 0);
	assert_int_equal(m.ioapic_addr, 0xfec00000u);
	assert_int_equal(m.ioapic_gsi_base, 0);
	assert_int_equal(m.nmi_count, 1);
	assert_int_equal(m.nmis[0].uid, 0xff); /* all processors */
	assert_int_equal(m.nmis[0].lint, 1);
	assert_int_equal(m.nmis[0].flags, 0x5); /* edge, active high */
	assert_int_equal(m.x2nmi_count, 0);
	assert_int_equal(m.other_count, 0);
}

static void one_vcpu(void **state)
{
	(void)state;
	check_xapic_cpus(1);
}

static void two_vcpus(void **state)
{
	(void)state;
	check_xapic_cpus(2);
}

static void four_vcpus(void **state)
{
	(void)state;
	check_xapic_cpus(4);
}

static void default_overrides_are_the_pc_ones(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 2);
	build_and_parse(&c);
	assert_int_equal(m.iso_count, 2);
	assert_int_equal(m.isos[0].bus, 0);
	assert_int_equal(m.isos[0].source, 0);
	assert_int_equal(m.isos[0].gsi, 2);
	assert_int_equal(m.isos[0].flags, 0); /* conforms to ISA: edge, high */
	assert_int_equal(m.isos[1].bus, 0);
	assert_int_equal(m.isos[1].source, 4);
	assert_int_equal(m.isos[1].gsi, 4);
	assert_int_equal(m.isos[1].flags, 0x5); /* edge, active high */
}

static void configured_ioapic_overrides_and_pic_appear(void **state)
{
	(void)state;
	const struct vacpi_iso isos[] = {
		{ .isa_irq = 9, .gsi = 41, .flags = VACPI_INTI_ACTIVE_LOW | VACPI_INTI_LEVEL },
		{ .isa_irq = 3, .gsi = 35, .flags = VACPI_INTI_ACTIVE_HIGH | VACPI_INTI_EDGE },
		{ .isa_irq = 0, .gsi = 34, .flags = 0 },
	};
	struct vacpi_config c;
	vacpi_config_init(&c, 3);
	c.ioapic_id = 8;
	c.ioapic_addr = 0xfec01000u;
	c.ioapic_gsi_base = 32;
	c.pcat_compat = true;
	c.isos = isos;
	c.iso_count = 3;
	build_and_parse(&c);
	assert_int_equal(m.flags, 1); /* PCAT_COMPAT */
	assert_int_equal(m.ioapic_id, 8);
	assert_int_equal(m.ioapic_addr, 0xfec01000u);
	assert_int_equal(m.ioapic_gsi_base, 32);
	assert_int_equal(m.iso_count, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(m.isos[i].source, isos[i].isa_irq);
		assert_int_equal(m.isos[i].gsi, isos[i].gsi);
		assert_int_equal(m.isos[i].flags, isos[i].flags);
	}
	assert_int_equal(m.isos[0].flags, 0xf);
}

static void no_overrides_when_none_are_configured(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 1);
	c.isos = NULL;
	c.iso_count = 0;
	build_and_parse(&c);
	assert_int_equal(m.iso_count, 0);
	assert_int_equal(m.ioapic_count, 1);
}

static void a_vm_without_ioapic_has_no_ioapic_and_no_overrides(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 2);
	c.ioapic = false;
	c.ioapic_addr = 0; /* not looked at without an IOAPIC */
	build_and_parse(&c);
	assert_int_equal(m.cpu_count, 2);
	assert_int_equal(m.ioapic_count, 0);
	assert_int_equal(m.iso_count, 0);
	assert_int_equal(m.nmi_count, 1);
	assert_int_equal(m.other_count, 0);
	/* the same configuration with the IOAPIC needs its address */
	c.ioapic = true;
	uint64_t rsdp = 1;
	assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), -HV_EINVAL);
}

static void ids_from_255_use_x2apic_entries(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 300);
	build_and_parse(&c);
	assert_int_equal(m.cpu_count, 300);
	for (uint32_t i = 0; i < 300; i++) {
		assert_int_equal(m.cpus[i].type, i < 255 ? 0 : 9);
		assert_int_equal(m.cpus[i].apic_id, i);
		assert_int_equal(m.cpus[i].uid, i);
		assert_int_equal(m.cpus[i].flags, 1);
	}
	assert_int_equal(m.nmi_count, 1);
	assert_int_equal(m.x2nmi_count, 1);
	assert_int_equal(m.x2nmis[0].uid, 0xffffffffu);
	assert_int_equal(m.x2nmis[0].lint, 1);
	assert_int_equal(m.x2nmis[0].flags, 0x5);
}

static void exactly_255_vcpus_need_no_x2apic_entry(void **state)
{
	(void)state;
	struct vacpi_config c;
	vacpi_config_init(&c, 255);
	c.x2apic = false;
	build_and_parse(&c);
	assert_int_equal(m.cpu_count, 255);
	assert_int_equal(m.cpus[254].type, 0);
	assert_int_equal(m.cpus[254].apic_id, 254);
	assert_int_equal(m.x2nmi_count, 0);
}

static void the_largest_config_that_fits_is_complete(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint32_t n = 255;
	vacpi_config_init(&c, n);
	while ((c.vcpu_count = n + 1, vacpi_tables_size(&c) <= VACPI_AREA_SIZE))
		n++;
	c.vcpu_count = n;
	uint64_t rsdp;
	assert_int_equal(vacpi_build(&c, &g.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&g);
	assert_true(v.ok);
	assert_true(v.end <= VACPI_AREA_GPA + VACPI_AREA_SIZE);
	assert_true(VACPI_AREA_GPA + VACPI_AREA_SIZE - v.end < 16); /* one more x2APIC entry would not fit */
	parse_madt(&g, v.madt, &m);
	assert_true(m.ok);
	assert_int_equal(m.cpu_count, n);
	assert_int_equal(m.cpus[MAX_CPUS - 1].apic_id, MAX_CPUS - 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(one_vcpu),
		T(two_vcpus),
		T(four_vcpus),
		T(default_overrides_are_the_pc_ones),
		T(configured_ioapic_overrides_and_pic_appear),
		T(no_overrides_when_none_are_configured),
		T(a_vm_without_ioapic_has_no_ioapic_and_no_overrides),
		T(ids_from_255_use_x2apic_entries),
		T(exactly_255_vcpus_need_no_x2apic_entry),
		T(the_largest_config_that_fits_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
