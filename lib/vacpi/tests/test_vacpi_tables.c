/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi: RSDP, XSDT, FADT and DSDT read back from guest memory; checksums, lengths, placement, the DSDT's AML. */
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

#define RAM FAKE_GUEST_FIXTURE_RAM /* the fake buffer covers the first 1 MiB + 64 KiB of it */

static struct acpi_view build(uint32_t vcpus)
{
	struct vacpi_config c;
	uint64_t rsdp = 1;
	vacpi_config_init(&c, vcpus);
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	assert_int_equal(rsdp, 0xe0000);
	assert_int_equal(guest.bad_calls, 0);
	return parse_acpi(&guest);
}

static void rsdp_is_found_by_a_bios_area_scan(void **state)
{
	(void)state;
	struct acpi_view v = build(1);
	assert_true(v.ok);
	assert_int_equal(v.rsdp, VACPI_RSDP_GPA);
	assert_int_equal(v.rsdp % 16, 0);
	const uint8_t *r = guest.buf + v.rsdp;
	assert_memory_equal(r, "RSD PTR ", 8);
	assert_int_equal(r[15], 2);                 /* revision */
	assert_int_equal(g32(&guest, v.rsdp + 20), 36); /* length */
	assert_memory_equal(r + 9, "HVKIT ", 6);
	assert_int_equal(g32(&guest, v.rsdp + 16), 0);  /* no RSDT */
	uint8_t s20 = 0, s36 = 0;
	for (int i = 0; i < 36; i++) {
		if (i < 20)
			s20 = (uint8_t)(s20 + r[i]);
		s36 = (uint8_t)(s36 + r[i]);
	}
	assert_int_equal(s20, 0);
	assert_int_equal(s36, 0);
	assert_int_equal(guest.buf[v.rsdp + 33] | guest.buf[v.rsdp + 34] | guest.buf[v.rsdp + 35], 0); /* reserved */
}

static void xsdt_holds_64bit_pointers_to_fadt_and_madt(void **state)
{
	(void)state;
	struct acpi_view v = build(2);
	assert_true(v.ok);
	assert_int_equal(v.xsdt_len, 36 + 2 * 8);
	assert_int_equal(v.xsdt_count, 2);
	assert_int_equal(guest.buf[v.xsdt + 8], 1); /* revision */
	assert_int_equal(g64(&guest, v.xsdt + 36), v.fadt);
	assert_int_equal(g64(&guest, v.xsdt + 44), v.madt);
	/* every table is in the area, 8-byte aligned, and none overlaps another */
	uint64_t at[] = { v.rsdp, v.xsdt, v.fadt, v.dsdt, v.madt };
	uint32_t len[] = { 36, v.xsdt_len, v.fadt_len, v.dsdt_len, v.madt_len };
	for (int i = 0; i < 5; i++) {
		assert_true(at[i] >= VACPI_AREA_GPA && at[i] + len[i] <= VACPI_AREA_GPA + VACPI_AREA_SIZE);
		assert_int_equal(at[i] % 8, 0);
		for (int j = 0; j < i; j++)
			assert_true(at[i] + len[i] <= at[j] || at[j] + len[j] <= at[i]);
	}
}

static uint32_t madt_len_for(uint32_t n)
{
	uint32_t x = n < 255 ? n : 255, x2 = n - x;
	return 44 + 8 * x + 12 + 2 * 10 + 6 + (x2 ? 16 * x2 + 12 : 0);
}

static void every_table_has_its_exact_length_and_checksum(void **state)
{
	(void)state;
	const uint32_t counts[] = { 1, 2, 4, 64, 254, 255, 256, 300, 1000 };
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct acpi_view v = build(counts[i]);
		assert_true(v.ok); /* parse_acpi checks every checksum and length on the way */
		assert_int_equal(v.fadt_len, 276);
		assert_int_equal(v.dsdt_len, 36);
		assert_int_equal(v.xsdt_len, 52);
		assert_int_equal(v.madt_len, madt_len_for(counts[i]));
		struct vacpi_config c;
		vacpi_config_init(&c, counts[i]);
		assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);
	}
}

static void fadt_is_hardware_reduced_and_points_at_the_dsdt(void **state)
{
	(void)state;
	struct acpi_view v = build(4);
	assert_true(v.ok);
	uint64_t f = v.fadt;
	assert_int_equal(guest.buf[f + 8], 6);      /* major revision */
	assert_int_equal(guest.buf[f + 131], 3);    /* minor revision: 6.3 */
	uint32_t flags = g32(&guest, f + 112);
	assert_true(flags & (1u << 20));        /* HW_REDUCED_ACPI */
	assert_false(flags & (1u << 10));       /* no reset register by default */
	assert_int_equal(g64(&guest, f + 140), v.dsdt); /* X_DSDT */
	assert_int_equal(g32(&guest, f + 40), 0);   /* 32-bit DSDT left 0 */
	assert_int_equal(g32(&guest, f + 36), 0);   /* no FACS */
	assert_int_equal(g64(&guest, f + 132), 0);
	assert_int_equal(g16(&guest, f + 46), 0);   /* no SCI */
	assert_int_equal(g32(&guest, f + 76), 0);   /* no PM timer */
	assert_int_equal(guest.buf[f + 91], 0);
	for (uint64_t b = f + 148; b < f + 244; b++) /* no X_ PM/GPE blocks */
		assert_int_equal(guest.buf[b], 0);
	assert_int_equal(g16(&guest, f + 109) & 2, 0); /* no 8042 */
	assert_int_equal(guest.buf[v.dsdt + 8], 2);    /* DSDT revision */
}

static void fadt_reset_register_when_configured(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp;
	vacpi_config_init(&c, 1);
	struct vacpi_extras ext = { .reset = { .present = true, .port = 0xcf9, .value = 0x06 } };
	c.extras = &ext;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_true(g32(&guest, v.fadt + 112) & (1u << 10)); /* RESET_REG_SUP */
	assert_int_equal(guest.buf[v.fadt + 116], 1);        /* System I/O */
	assert_int_equal(guest.buf[v.fadt + 117], 8);        /* bit width */
	assert_int_equal(guest.buf[v.fadt + 118], 0);        /* bit offset */
	assert_int_equal(guest.buf[v.fadt + 119], 1);        /* byte access */
	assert_int_equal(g64(&guest, v.fadt + 120), 0xcf9);
	assert_int_equal(guest.buf[v.fadt + 128], 0x06);
}

static void fadt_pm_timer_when_configured(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp;
	vacpi_config_init(&c, 1);
	c.pm_timer = (struct vacpi_pm_timer){ .present = true, .port = 0x608 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_true(g32(&guest, v.fadt + 112) & (1u << 8));  /* TMR_VAL_EXT: 32 bits */
	assert_true(g32(&guest, v.fadt + 112) & (1u << 20)); /* still hardware-reduced */
	assert_int_equal(g32(&guest, v.fadt + 76), 0x608);   /* PM_TMR_BLK */
	assert_int_equal(guest.buf[v.fadt + 91], 4);         /* PM_TMR_LEN */
	assert_int_equal(guest.buf[v.fadt + 208], 1);        /* X_PM_TMR_BLK: System I/O */
	assert_int_equal(guest.buf[v.fadt + 209], 32);       /* bit width */
	assert_int_equal(guest.buf[v.fadt + 211], 3);        /* dword access */
	assert_int_equal(g64(&guest, v.fadt + 212), 0x608);
}

static void every_header_carries_the_oem_strings(void **state)
{
	(void)state;
	struct acpi_view v = build(2);
	assert_true(v.ok);
	uint64_t t[] = { v.xsdt, v.fadt, v.dsdt, v.madt };
	for (int i = 0; i < 4; i++) {
		assert_memory_equal(guest.buf + t[i] + 10, "HVKIT ", 6);
		assert_memory_equal(guest.buf + t[i] + 16, "HVKITVM ", 8);
		assert_int_equal(g32(&guest, t[i] + 24), 1);
	}
}

static void the_rest_of_the_area_is_zeroed_and_nothing_outside_is_touched(void **state)
{
	(void)state;
	struct acpi_view v = build(4);
	assert_true(v.ok);
	for (uint64_t a = v.end; a < VACPI_AREA_GPA + VACPI_AREA_SIZE; a++)
		assert_int_equal(guest.buf[a], 0);
	for (uint64_t a = 0; a < VACPI_AREA_GPA; a++)
		assert_int_equal(guest.buf[a], 0xaa);
	for (uint64_t a = VACPI_AREA_GPA + VACPI_AREA_SIZE; a < FAKE_GUEST_SPAN; a++)
		assert_int_equal(guest.buf[a], 0xaa);
}

static void a_rebuild_leaves_no_trace_of_the_previous_tables(void **state)
{
	(void)state;
	struct acpi_view big = build(300);
	struct acpi_view small = build(1);
	assert_true(small.ok);
	assert_true(small.end < big.end);
	for (uint64_t a = small.end; a < big.end; a++)
		assert_int_equal(guest.buf[a], 0);
}

static void the_parser_rejects_corruption(void **state)
{
	(void)state;
	struct acpi_view v = build(2);
	assert_true(v.ok);
	guest.buf[v.madt + 50]++;
	assert_false(parse_acpi(&guest).ok);
	guest.buf[v.madt + 50]--;
	guest.buf[v.fadt + 4]++; /* length */
	assert_false(parse_acpi(&guest).ok);
	guest.buf[v.fadt + 4]--;
	guest.buf[v.rsdp + 30]++; /* XSDT address: extended checksum only */
	assert_int_equal(scan_rsdp(&guest), 0);
	guest.buf[v.rsdp + 30]--;
	assert_true(parse_acpi(&guest).ok);
}

static void ram_given_as_ranges_around_the_hole(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0xa0000 }, { 0xe0000, 0x20000 }, { 0x100000, 0x10000 } };
	struct fake_guest h;
	struct vacpi_config c;
	uint64_t rsdp;
	fake_guest_init(&h, 0, r, 3, 0);
	vacpi_config_init(&c, 4);
	assert_int_equal(vacpi_build(&c, &h.mem, &rsdp), 0);
	assert_true(parse_acpi(&h).ok);
	assert_int_equal(h.bad_calls, 0);
	fake_guest_free(&h);
}

/* ACPI 6.x 20.2 / 6.4.2: Scope (\\_SB) { Device (COM1) { _HID PNP0501, _UID 1, _CRS { IO 0x3F8/8, IRQ 4 } } },
 * assembled by hand from the grammar (the same bytes iasl emits for that ASL). */
static const uint8_t com1_3f8_irq4[] = {
	0x10, 0x33, 0x5c, '_', 'S', 'B', '_',                         /* Scope, PkgLength 51, \_SB_ */
	0x5b, 0x82, 0x2b, 'C', 'O', 'M', '1',                         /* Device, PkgLength 43, COM1 */
	0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01,       /* Name (_HID, EisaId ("PNP0501")) */
	0x08, '_', 'U', 'I', 'D', 0x01,                               /* Name (_UID, One) */
	0x08, '_', 'C', 'R', 'S', 0x11, 0x10, 0x0a, 0x0d,             /* Name (_CRS, Buffer (13) */
	0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,               /*   IO (Decode16, 0x3F8, 0x3F8, 1, 8) */
	0x22, 0x10, 0x00,                                             /*   IRQNoFlags () {4} */
	0x79, 0x00,                                                   /*   EndTag */
};

static void dsdt_describes_the_serial_port_with_its_ports_and_irq(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	vacpi_config_init(&c, 2);
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 4 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok); /* checksums and lengths, the DSDT's included */
	assert_int_equal(v.dsdt_len, 36 + sizeof(com1_3f8_irq4));
	assert_memory_equal(guest.buf + v.dsdt + 36, com1_3f8_irq4, sizeof(com1_3f8_irq4));

	/* Another port and IRQ change only their bytes. */
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x2f8, .irq = 3 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	v = parse_acpi(&guest);
	assert_true(v.ok);
	uint8_t other[sizeof(com1_3f8_irq4)];
	memcpy(other, com1_3f8_irq4, sizeof(other));
	other[41] = other[43] = 0xf8, other[42] = other[44] = 0x02; /* minimum, maximum */
	other[48] = 0x08, other[49] = 0x00;                         /* IRQ mask: bit 3 */
	assert_memory_equal(guest.buf + v.dsdt + 36, other, sizeof(other));
}

/* Device (RTC0) { _HID PNP0B00, _CRS { IO 0x70/2 } }: an AT RTC with no interrupt. */
static const uint8_t rtc0[] = {
	0x5b, 0x82, 0x22, 'R', 'T', 'C', '0',                         /* Device, PkgLength 34, RTC0 */
	0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0b, 0x00,       /* Name (_HID, EisaId ("PNP0B00")) */
	0x08, '_', 'C', 'R', 'S', 0x11, 0x0d, 0x0a, 0x0a,             /* Name (_CRS, Buffer (10) */
	0x47, 0x01, 0x70, 0x00, 0x70, 0x00, 0x01, 0x02,               /*   IO (Decode16, 0x70, 0x70, 1, 2) */
	0x79, 0x00,                                                   /*   EndTag */
};

static void dsdt_describes_the_rtc_without_an_interrupt(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	vacpi_config_init(&c, 2);
	c.rtc = true;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	const uint8_t scope[] = { 0x10, 0x2a, 0x5c, '_', 'S', 'B', '_' }; /* PkgLength 42 */
	assert_int_equal(v.dsdt_len, 36 + sizeof(scope) + sizeof(rtc0));
	assert_memory_equal(guest.buf + v.dsdt + 36, scope, sizeof(scope));
	assert_memory_equal(guest.buf + v.dsdt + 36 + sizeof(scope), rtc0, sizeof(rtc0));

	/* With the serial port: both devices in one scope, whose PkgLength (88) takes two bytes (20.2.4). */
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 4 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	v = parse_acpi(&guest);
	assert_true(v.ok);
	const uint8_t both[] = { 0x10, 0x48, 0x05, 0x5c, '_', 'S', 'B', '_' };
	const uint8_t *aml = guest.buf + v.dsdt + 36;
	assert_int_equal(v.dsdt_len, 36 + sizeof(both) + (sizeof(com1_3f8_irq4) - 7) + sizeof(rtc0));
	assert_memory_equal(aml, both, sizeof(both));
	assert_memory_equal(aml + sizeof(both), com1_3f8_irq4 + 7, sizeof(com1_3f8_irq4) - 7);
	assert_memory_equal(aml + sizeof(both) + sizeof(com1_3f8_irq4) - 7, rtc0, sizeof(rtc0));
}

/* A polled port: the same device without its IRQNoFlags descriptor; every length 3 less. */
static const uint8_t com1_3f8_polled[] = {
	0x10, 0x30, 0x5c, '_', 'S', 'B', '_',                         /* Scope, PkgLength 48, \_SB_ */
	0x5b, 0x82, 0x28, 'C', 'O', 'M', '1',                         /* Device, PkgLength 40, COM1 */
	0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01,       /* Name (_HID, EisaId ("PNP0501")) */
	0x08, '_', 'U', 'I', 'D', 0x01,                               /* Name (_UID, One) */
	0x08, '_', 'C', 'R', 'S', 0x11, 0x0d, 0x0a, 0x0a,             /* Name (_CRS, Buffer (10) */
	0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,               /*   IO (Decode16, 0x3F8, 0x3F8, 1, 8) */
	0x79, 0x00,                                                   /*   EndTag */
};

static void dsdt_describes_a_polled_serial_port_without_an_irq(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	vacpi_config_init(&c, 1);
	/* irq is ignored when polled, even one that would be refused otherwise */
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 16, .polled = true };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_int_equal(v.dsdt_len, 36 + sizeof(com1_3f8_polled));
	assert_memory_equal(guest.buf + v.dsdt + 36, com1_3f8_polled, sizeof(com1_3f8_polled));
}

static void a_serial_port_irq_above_15_or_ports_past_0xffff_are_refused(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 1;
	vacpi_config_init(&c, 1);
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .irq = 16 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
	c.serial = (struct vacpi_serial){ .present = true, .port = 0xfffc, .irq = 4 };
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(vacpi_tables_size(&c), 0);
}

/* A VM with a virtual PCI bus: \_SB.PCI0 in the DSDT and, with an ECAM window, an MCFG in the XSDT. */
static const uint8_t pci0[] = {
	0x5b, 0x82, 0x15, 'P', 'C', 'I', '0',                         /* Device, PkgLength 21, PCI0 */
	0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03,       /* Name (_HID, EisaId ("PNP0A03")) */
	0x08, '_', 'U', 'I', 'D', 0x00,                               /* Name (_UID, Zero) */
};

static void pci_root_bridge_in_the_dsdt_and_its_ecam_in_the_mcfg(void **state)
{
	(void)state;
	struct vacpi_config c;
	uint64_t rsdp = 0;
	struct vacpi_extras ext = { .pci = { .present = true, .ecam_base = 0xe0000000u, .bus_end = 0 } };
	vacpi_config_init(&c, 2);
	c.extras = &ext;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	struct acpi_view v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_int_equal(v.xsdt_count, 3);
	assert_int_not_equal(v.mcfg, 0);
	assert_int_equal(v.mcfg_len, 60);
	assert_int_equal(guest.buf[v.mcfg + 8], 1);                 /* revision */
	assert_int_equal(g64(&guest, v.mcfg + 36), 0);              /* reserved */
	assert_int_equal(g64(&guest, v.mcfg + 44), 0xe0000000u);    /* base address */
	assert_int_equal(guest.buf[v.mcfg + 52] | guest.buf[v.mcfg + 53] << 8, 0); /* segment */
	assert_int_equal(guest.buf[v.mcfg + 54], 0);                /* start bus */
	assert_int_equal(guest.buf[v.mcfg + 55], 0);                /* end bus */
	const uint8_t scope[] = { 0x10, 0x1d, 0x5c, '_', 'S', 'B', '_' }; /* PkgLength 29 */
	assert_int_equal(v.dsdt_len, 36 + sizeof(scope) + sizeof(pci0));
	assert_memory_equal(guest.buf + v.dsdt + 36, scope, sizeof(scope));
	assert_memory_equal(guest.buf + v.dsdt + 36 + sizeof(scope), pci0, sizeof(pci0));
	assert_int_equal(vacpi_tables_size(&c), v.end - VACPI_AREA_GPA);

	/* Without an ECAM window: the bridge, no MCFG. */
	ext.pci.ecam_base = 0;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_int_equal(v.xsdt_count, 2);
	assert_int_equal(v.mcfg, 0);
	assert_memory_equal(guest.buf + v.dsdt + 36 + sizeof(scope), pci0, sizeof(pci0));

	/* With everything a Linux User VM's tables have: COM1 (polled), RTC0, PCI0 in one scope. */
	c.serial = (struct vacpi_serial){ .present = true, .port = 0x3f8, .polled = true };
	c.rtc = true;
	ext.pci.ecam_base = 0xe0000000u;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), 0);
	v = parse_acpi(&guest);
	assert_true(v.ok);
	assert_memory_equal(guest.buf + v.dsdt + v.dsdt_len - sizeof(pci0), pci0, sizeof(pci0));

	/* A window not aligned to 1 MiB, or one that wraps, is refused before anything is written. */
	ext.pci.ecam_base = 0xe0001000u;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	ext.pci.ecam_base = 0xfffffffffff00000ull;
	ext.pci.bus_end = 1;
	assert_int_equal(vacpi_build(&c, &guest.mem, &rsdp), -HV_EINVAL);
	assert_int_equal(rsdp, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_guest_setup, fake_guest_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(rsdp_is_found_by_a_bios_area_scan),
		T(xsdt_holds_64bit_pointers_to_fadt_and_madt),
		T(every_table_has_its_exact_length_and_checksum),
		T(fadt_is_hardware_reduced_and_points_at_the_dsdt),
		T(fadt_reset_register_when_configured),
		T(fadt_pm_timer_when_configured),
		T(every_header_carries_the_oem_strings),
		T(the_rest_of_the_area_is_zeroed_and_nothing_outside_is_touched),
		T(a_rebuild_leaves_no_trace_of_the_previous_tables),
		T(the_parser_rejects_corruption),
		T(ram_given_as_ranges_around_the_hole),
		T(dsdt_describes_the_serial_port_with_its_ports_and_irq),
		T(dsdt_describes_the_rtc_without_an_interrupt),
		T(dsdt_describes_a_polled_serial_port_without_an_irq),
		T(pci_root_bridge_in_the_dsdt_and_its_ecam_in_the_mcfg),
		T(a_serial_port_irq_above_15_or_ports_past_0xffff_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
