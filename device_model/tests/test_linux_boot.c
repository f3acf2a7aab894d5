/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux as a post-launched VM (src/linux_boot.c): the kernel's format told from its bytes, and a PVH load into
 * a malloc'd "VM": the ACPI tables lib/vacpi writes (RSDP, XSDT, MADT with one entry per vCPU, FADT with the PM
 * timer, DSDT with the polled UART and the RTC), Xen's hvm_start_info with the RSDP, command line and initrd,
 * the 32-bit entry. The kernel is a small synthetic ELF64 with the PVH entry note; argv[1] is the hello guest
 * (a Multiboot ELF).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "linux_boot.h"
#include "load.h"
#include "vcpu_entry.h"

#define RAM (8u << 20)
#define IMG 0x3000u
#define SEG_OFF 0x1000u
#define SEG_PADDR 0x100000u
#define NOTE_OFF 0x2000u
#define ENTRY 0x100040u
#define START_INFO 0x8000u

static const char *hello_path;
static uint8_t img[IMG];
static uint8_t *ram;

static void w16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { w16(p, (uint16_t)v); w16(p + 2, (uint16_t)(v >> 16)); }
static void w64(uint8_t *p, uint64_t v) { w32(p, (uint32_t)v); w32(p + 4, (uint32_t)(v >> 32)); }
static uint16_t r16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t r32(const uint8_t *p) { return (uint32_t)r16(p) | (uint32_t)r16(p + 2) << 16; }
static uint64_t r64(const uint8_t *p) { return (uint64_t)r32(p) | (uint64_t)r32(p + 4) << 32; }

/* ELF64 executable: one PT_LOAD of 0x1000 bytes at SEG_PADDR and a PT_NOTE with Xen's PVH entry (type 18). */
static void make_pvh(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = 2; /* ELFCLASS64 */
	img[5] = 1; /* little-endian */
	img[6] = 1;
	w16(img + 16, 2);    /* ET_EXEC */
	w16(img + 18, 62);   /* EM_X86_64 */
	w32(img + 20, 1);
	w64(img + 24, ENTRY);
	w64(img + 32, 64);   /* e_phoff */
	w16(img + 52, 64);   /* e_ehsize */
	w16(img + 54, 56);   /* e_phentsize */
	w16(img + 56, 2);    /* e_phnum */
	uint8_t *ph = img + 64;
	w32(ph, 1);          /* PT_LOAD */
	w32(ph + 4, 5);
	w64(ph + 8, SEG_OFF);
	w64(ph + 16, SEG_PADDR);
	w64(ph + 24, SEG_PADDR);
	w64(ph + 32, 0x1000);
	w64(ph + 40, 0x1000);
	w64(ph + 48, 0x1000);
	ph += 56;
	w32(ph, 4);          /* PT_NOTE */
	w64(ph + 8, NOTE_OFF);
	w64(ph + 32, 24);
	w64(ph + 40, 24);
	w64(ph + 48, 4);
	uint8_t *n = img + NOTE_OFF;
	w32(n, 4);           /* namesz: "Xen" */
	w32(n + 4, 8);       /* descsz */
	w32(n + 8, 18);      /* XEN_ELFNOTE_PHYS32_ENTRY */
	memcpy(n + 12, "Xen", 4);
	w64(n + 16, ENTRY);
	memset(img + SEG_OFF, 0x90, 0x1000);
}

static int setup(void **state)
{
	(void)state;
	make_pvh();
	ram = calloc(1, RAM);
	return ram ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static void kinds_told_from_the_bytes(void **state)
{
	(void)state;
	void *hello;
	size_t size;
	assert_int_equal(read_file(hello_path, &hello, &size), 0);
	assert_int_equal(dm_kernel_kind(hello, size), DM_KERNEL_MULTIBOOT);
	free(hello);
	assert_int_equal(dm_kernel_kind(img, sizeof(img)), DM_KERNEL_PVH_ELF);
	uint8_t bz[0x400] = { 0 };
	memcpy(bz + 0x202, "HdrS", 4);
	assert_int_equal(dm_kernel_kind(bz, sizeof(bz)), DM_KERNEL_BZIMAGE);
	assert_int_equal(dm_kernel_kind(bz, 0x205), DM_KERNEL_UNKNOWN); /* "HdrS" cut short */
	/* The Multiboot magic without a matching checksum is not a Multiboot header. */
	uint8_t mb[64] = { 0 };
	w32(mb + 8, 0x1badb002u);
	w32(mb + 12, 0);
	w32(mb + 16, 1);
	assert_int_equal(dm_kernel_kind(mb, sizeof(mb)), DM_KERNEL_UNKNOWN);
	w32(mb + 16, 0u - 0x1badb002u);
	assert_int_equal(dm_kernel_kind(mb, sizeof(mb)), DM_KERNEL_MULTIBOOT);
	assert_int_equal(dm_kernel_kind("", 0), DM_KERNEL_UNKNOWN);
	assert_string_equal(dm_kernel_kind_name(DM_KERNEL_PVH_ELF), "PVH ELF kernel");
}

/* The table with signature sig that the XSDT lists, or NULL. */
static const uint8_t *xsdt_table(const char *sig)
{
	const uint8_t *rsdp = ram + 0xe0000;
	const uint8_t *xsdt = ram + r64(rsdp + 24);
	uint32_t n = (r32(xsdt + 4) - 36) / 8;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *t = ram + r64(xsdt + 36 + 8 * i);
		if (memcmp(t, sig, 4) == 0)
			return t;
	}
	return NULL;
}

static uint32_t madt_cpus(const uint8_t *madt)
{
	uint32_t len = r32(madt + 4), cpus = 0;
	for (uint32_t off = 44; off + 2 <= len; off += madt[off + 1])
		if (madt[off] == 0 || madt[off] == 9)
			cpus++;
	return cpus;
}

static bool contains(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(p + i, s, n) == 0)
			return true;
	return false;
}

static void pvh_kernel_with_tables_initrd_and_cmdline(void **state)
{
	(void)state;
	struct guest_ram r = { ram, RAM };
	static const char initrd[] = "an initramfs";
	struct guest_entry e;
	int rc = load_linux(&r, DM_KERNEL_PVH_ELF, (struct guest_image){ img, sizeof(img) },
			    (struct guest_image){ initrd, sizeof(initrd) }, "console=ttyS0 user=write", 2, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, ENTRY);
	assert_int_equal(e.rbx, START_INFO);
	assert_int_equal(e.gdtr_limit, 0); /* PVH: no GDT at entry, so the state fits struct hvkit_vcpu_state */
	struct hvkit_vcpu_state st;
	const char *why;
	assert_int_equal(vcpu_state_from_entry(&e, &st, &why), 0);
	assert_int_equal(st.mode, HVKIT_VCPU_MODE_PROTECTED32);
	assert_memory_equal(ram + SEG_PADDR, img + SEG_OFF, 0x1000);

	assert_memory_equal(ram + 0xe0000, "RSD PTR ", 8);
	const uint8_t *madt = xsdt_table("APIC"), *fadt = xsdt_table("FACP");
	assert_non_null(madt);
	assert_non_null(fadt);
	assert_int_equal(madt_cpus(madt), 2);
	assert_int_equal(r32(fadt + 76), 0x608); /* PM_TMR_BLK */
	const uint8_t *dsdt = ram + r64(fadt + 140); /* X_DSDT */
	assert_memory_equal(dsdt, "DSDT", 4);
	assert_true(contains(dsdt, r32(dsdt + 4), "PNP0501") || contains(dsdt, r32(dsdt + 4), "COM1"));
	assert_true(contains(dsdt, r32(dsdt + 4), "RTC0"));
	assert_true(contains(dsdt, r32(dsdt + 4), "PCI0"));
	const uint8_t *mcfg = xsdt_table("MCFG");
	assert_non_null(mcfg);
	assert_int_equal(r64(mcfg + 44), DM_ACPI_ECAM_BASE);

	const uint8_t *si = ram + START_INFO;
	assert_int_equal(r32(si), 0x336ec578u); /* XEN_HVM_START_MAGIC_VALUE */
	assert_int_equal(r32(si + 12), 1);      /* one module: the initrd */
	assert_int_equal(r64(si + 32), 0xe0000); /* rsdp_paddr */
	assert_string_equal((const char *)ram + r64(si + 24), "console=ttyS0 user=write");
	const uint8_t *mod = ram + r64(si + 16);
	assert_int_equal(r64(mod + 8), sizeof(initrd));
	assert_memory_equal(ram + r64(mod), initrd, sizeof(initrd));
}

static void refusals(void **state)
{
	(void)state;
	struct guest_entry e;
	/* RAM that does not reach the BIOS area: no room for the ACPI tables. */
	struct guest_ram small = { ram, 0x80000 };
	assert_int_not_equal(load_linux(&small, DM_KERNEL_PVH_ELF, (struct guest_image){ img, sizeof(img) },
					(struct guest_image){ NULL, 0 }, "", 1, &e), 0);
	assert_true(strstr(load_error(), "vacpi") != NULL);
	/* A kernel whose segment overlaps the tables is refused, naming them. */
	struct guest_ram r = { ram, RAM };
	w64(img + 64 + 24, 0xe0000);
	w64(img + NOTE_OFF + 16, 0xe0040);
	assert_int_not_equal(load_linux(&r, DM_KERNEL_PVH_ELF, (struct guest_image){ img, sizeof(img) },
					(struct guest_image){ NULL, 0 }, "", 1, &e), 0);
	assert_true(strstr(load_error(), "ACPI tables") != NULL);
	make_pvh();
	/* Not Linux at all. */
	assert_int_not_equal(load_linux(&r, DM_KERNEL_UNKNOWN, (struct guest_image){ img, sizeof(img) },
					(struct guest_image){ NULL, 0 }, "", 1, &e), 0);
	assert_int_equal(e.rip, 0);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s HELLO.ELF\n", argv[0]);
		return 2;
	}
	hello_path = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kinds_told_from_the_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(pvh_kernel_with_tables_initrd_and_cmdline, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
