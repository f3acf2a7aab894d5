/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi with the PM1 blocks (the Service VM's tables): a full FADT naming PM1a_EVT/CNT, the SCI and a FACS; \_S5. */
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

static struct vacpi_extras ext; /* the extras of the configuration under test */

static void pm1_config(struct vacpi_config *c)
{
	vacpi_config_init(c, 2);
	ext = (struct vacpi_extras){ .pm1 = { .present = true, .evt_port = 0x600, .cnt_port = 0x604, .sci_irq = 9,
					      .s5_type = 5 } };
	c->extras = &ext;
	c->pm_timer = (struct vacpi_pm_timer){ .present = true, .port = 0x608 };
}

static void fadt_is_full_with_pm1_blocks_sci_and_facs(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	pm1_config(&c);
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	uint64_t f = v.fadt;
	uint32_t flags = g32(&guest, f + 112);
	assert_false(flags & (1u << 20));            /* not HW_REDUCED_ACPI */
	assert_true(flags & (1u << 4));              /* no fixed power button */
	assert_int_equal(g16(&guest, f + 46), 9);        /* SCI_INT */
	assert_int_equal(g32(&guest, f + 48), 0);        /* SMI_CMD 0: always in ACPI mode */
	assert_int_equal(g32(&guest, f + 56), 0x600);    /* PM1a_EVT_BLK */
	assert_int_equal(g32(&guest, f + 60), 0);        /* no PM1b */
	assert_int_equal(g32(&guest, f + 64), 0x604);    /* PM1a_CNT_BLK */
	assert_int_equal(guest.buf[f + 88], 4);          /* PM1_EVT_LEN */
	assert_int_equal(guest.buf[f + 89], 2);          /* PM1_CNT_LEN */
	assert_int_equal(g32(&guest, f + 80), 0);        /* no GPE0 block */
	assert_true(g16(&guest, f + 96) > 100);          /* no C2 */
	assert_true(g16(&guest, f + 98) > 1000);         /* no C3 */
	assert_int_equal(guest.buf[f + 148], 1);         /* X_PM1a_EVT_BLK: System I/O */
	assert_int_equal(guest.buf[f + 149], 32);
	assert_int_equal(g64(&guest, f + 152), 0x600);
	assert_int_equal(guest.buf[f + 172], 1);         /* X_PM1a_CNT_BLK */
	assert_int_equal(guest.buf[f + 173], 16);
	assert_int_equal(g64(&guest, f + 176), 0x604);
	assert_int_equal(g32(&guest, f + 76), 0x608);    /* the PM timer is still there */

	/* The FACS: named by both fields, 64-byte aligned, inside the area, 64 bytes, version 2, lock free. */
	uint64_t facs = g32(&guest, f + 36);
	assert_int_equal(g64(&guest, f + 132), facs);
	assert_int_equal(facs & 63u, 0);
	assert_true(facs >= VACPI_AREA_GPA && facs + 64 <= VACPI_AREA_GPA + VACPI_AREA_SIZE);
	assert_memory_equal(guest.buf + facs, "FACS", 4);
	assert_int_equal(g32(&guest, facs + 4), 64);
	assert_int_equal(g32(&guest, facs + 16), 0);     /* global lock */
	assert_int_equal(guest.buf[facs + 32], 2);
	/* It overlaps no other table. */
	assert_true(facs >= v.dsdt + v.dsdt_len || facs + 64 <= v.dsdt);
	assert_true(facs >= v.madt + v.madt_len || facs + 64 <= v.madt);
	assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);
}

static void dsdt_has_s5_with_the_sleep_type(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	pm1_config(&c);
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	/* Name (\_S5, Package (4) { 5, 5, 0, 0 }) ends the definition block. */
	const uint8_t s5[] = { 0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 5, 0x0a, 5, 0x00, 0x00 };
	assert_true(v.dsdt_len >= 36 + sizeof(s5));
	assert_memory_equal(guest.buf + v.dsdt + v.dsdt_len - sizeof(s5), s5, sizeof(s5));

	/* Without the PM1 blocks: hardware-reduced, no FACS, no \_S5. */
	ext.pm1.present = false;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_true(g32(&guest, v.fadt + 112) & (1u << 20));
	assert_int_equal(g32(&guest, v.fadt + 36), 0);
	assert_int_equal(g16(&guest, v.fadt + 46), 0);
	for (uint64_t i = v.dsdt + 36; i + 4 <= v.dsdt + v.dsdt_len; i++)
		assert_false(memcmp(guest.buf + i, "_S5_", 4) == 0);
}

static void the_full_service_vm_dsdt_fits(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	pm1_config(&c);
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 4 };
	c.rtc = true;
	ext.pci = (struct vacpi_pci_root){ .present = true };
	ext.control = (struct vacpi_control){ .present = true, .hid = "HVKT0001", .gsi = 20 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	/* COM1, RTC0, PCI0 (111 bytes with the scope), HVKC (56), \_S5 (15); no MCFG without an ECAM window. */
	assert_int_equal(v.dsdt_len, 36 + 111 + 56 + 15);
	const char *names[] = { "COM1", "RTC0", "PCI0", "HVKC", "_S5_" };
	for (unsigned int k = 0; k < 5; k++) {
		bool seen = false;
		for (uint64_t i = v.dsdt + 36; i + 4 <= v.dsdt + v.dsdt_len; i++)
			seen |= memcmp(guest.buf + i, names[k], 4) == 0;
		assert_true(seen);
	}
	assert_int_equal(v.mcfg, 0);
}

static uint32_t le(const uint8_t *p, unsigned int n)
{
	uint32_t v = 0;
	for (unsigned int i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8u * i);
	return v;
}

/* The bridge's _CRS: bus numbers, I/O around 0xCF8-0xCFF, the VGA window and the 32-bit window, each produced
 * with fixed minimum and maximum and a length that matches; read back as an OS walks a resource template. */
static void pci_root_windows_in_its_crs(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	pm1_config(&c);
	ext.pci = (struct vacpi_pci_root){ .present = true, .mem32_base = 0x40000000u, .mem32_limit = 0xfebfffffu };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	const uint8_t *d = guest.buf + v.dsdt, *crs = NULL;
	for (uint32_t i = 36; i + 4 <= v.dsdt_len; i++)
		if (memcmp(d + i, "_CRS", 4) == 0 && d[i + 4] == 0x11)
			crs = d + i;
	/* The last _CRS in the table is the bridge's (COM1 and RTC0 come first). */
	assert_non_null(crs);
	assert_int_equal(crs[5] & 0xc0, 0x40);           /* a two-byte PkgLength */
	assert_int_equal(crs[7], 0x0a);                  /* BytePrefix */
	const uint8_t *r = crs + 9, *end = r + crs[8];
	const struct { uint8_t tag, type; uint32_t min, max; } want[] = {
		{ 0x88, 2, 0, 0 }, { 0x88, 1, 0, 0xcf7 }, { 0x88, 1, 0xd00, 0xffff },
		{ 0x87, 0, 0xa0000, 0xbffff }, { 0x87, 0, 0x40000000u, 0xfebfffffu },
	};
	for (unsigned int k = 0; k < 5; k++) {
		assert_true(r < end);
		unsigned int w = r[0] == 0x87 ? 4 : 2, len = le(r + 1, 2);
		assert_int_equal(r[0], want[k].tag);
		assert_int_equal(len, 3 + 5 * w);
		assert_int_equal(r[3], want[k].type);
		assert_int_equal(r[4] & 0x0d, 0x0c);         /* producer, MinFixed, MaxFixed */
		assert_int_equal(le(r + 6 + w, w), want[k].min);
		assert_int_equal(le(r + 6 + 2 * w, w), want[k].max);
		assert_int_equal(le(r + 6 + 4 * w, w), want[k].max - want[k].min + 1);
		r += 3 + len;
	}
	assert_int_equal(r[0], 0x79);                    /* end tag, then the buffer ends */
	assert_ptr_equal(r + 2, end);
}

static void bad_pm1_blocks_are_refused(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 1;
	pm1_config(&c);
	ext.pm1.sci_irq = 16;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
	pm1_config(&c);
	ext.pm1.s5_type = 8;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	pm1_config(&c);
	ext.pm1.evt_port = 0xfffe; /* its 4 ports would wrap */
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	pm1_config(&c);
	ext.pm1.cnt_port = 0;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(vacpi_tables_size(&c), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_guest_setup, fake_guest_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fadt_is_full_with_pm1_blocks_sci_and_facs),
		T(dsdt_has_s5_with_the_sleep_type),
		T(the_full_service_vm_dsdt_fits),
		T(pci_root_windows_in_its_crs),
		T(bad_pm1_blocks_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
