/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vacpi_build for images whose VMs are all pre-launched (partition, lapic_pt): the tables the full library
 * (vacpi.c and one writer per table) builds for such a VM, at the same fixed places, assembled in one buffer and
 * written to guest memory at once:
 *   RSDP 0xE0000 -> XSDT 0xE0030 -> FADT 0xE0070 (hardware-reduced, the PM timer) -> DSDT 0xE0190 (COM1, RTC0)
 *                                \-> MADT 0xE0300 (a Processor Local APIC per vCPU, the I/O APIC and its overrides
 *                                    where the VM has one: madt_ioapic.c or madt_ioapic_none.c; the LINT1 NMI)
 * Refused as malformed (-HV_EINVAL, guest memory untouched), beside what the full library refuses: the extras (PM1
 * blocks, a PCI host bridge, the control device: the Service VM's), a reset register and more than 255 vCPUs (no
 * Processor Local x2APIC entries; a pre-launched VM has at most a CPU of the machine per vCPU). The fields are
 * those of rsdp.c, fadt.c, dsdt.c and madt.c, whose comments give the ACPI 6.x sections and the reasons.
 */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include <guest_loader/le.h>
#include <vacpi/checksum.h>

#include "madt_ioapic.h"

#define BLOCK 0x1000u      /* RSDP..MADT end: 0xBD6 bytes for 255 vCPUs and 16 overrides */
#define XSDT 0x30u
#define FADT 0x70u
#define DSDT 0x190u
#define MADT 0x300u
#define HDR 36u            /* description header (5.2.6) */
#define RSDP_LEN 36u
#define FADT_LEN 276u
#define MAX_VCPUS 255u     /* APIC IDs 0..254 in type-0 entries; 0xFF is the xAPIC broadcast */
#define MADT_CPU_LEN 8u
#define MADT_NMI_LEN 6u

/* FADT flags (5.2.9): WBINVD, no fixed power or sleep button, HW_REDUCED_ACPI; TMR_VAL_EXT with the PM timer. */
#define FADT_FLAGS ((1u << 0) | (1u << 4) | (1u << 5) | (1u << 20))
#define FADT_TMR_VAL_EXT (1u << 8)
/* IAPC_BOOT_ARCH (5.2.9.3): legacy devices (the vUART), no VGA. */
#define BOOT_ARCH ((1u << 0) | (1u << 2))

/* Device (COM1) { Name (_HID, EisaId ("PNP0501")) Name (_UID, One) Name (_CRS, ResourceTemplate () {
 *   IO (Decode16, port, port, 1, 8) IRQNoFlags () {irq} }) } (dsdt.c); a polled port has no IRQNoFlags. */
static const uint8_t com1[] = {
	0x5b, 0x82, 43, 'C', 'O', 'M', '1', 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01,
	0x08, '_', 'U', 'I', 'D', 0x01, 0x08, '_', 'C', 'R', 'S', 0x11, 16, 0x0a, 13,
	0x47, 0x01, 0, 0, 0, 0, 0x01, 0x08, 0x22, 0, 0, 0x79, 0x00,
};
#define COM1_PKG 2u       /* the device's PkgLength, the buffer's PkgLength and its size: 3 less when polled */
#define COM1_BUF_PKG 29u
#define COM1_BUF_LEN 31u
#define COM1_PORT 34u     /* the IO descriptor's minimum and maximum base */
#define COM1_IRQ 40u      /* the IRQNoFlags descriptor, 3 bytes */

/* Device (RTC0) { Name (_HID, EisaId ("PNP0B00")) Name (_CRS, ResourceTemplate () { IO (Decode16, 0x70, 0x70, 1,
 * 2) }) }: no interrupt (dsdt.c). */
static const uint8_t rtc0[] = {
	0x5b, 0x82, 34, 'R', 'T', 'C', '0', 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0b, 0x00,
	0x08, '_', 'C', 'R', 'S', 0x11, 13, 0x0a, 10, 0x47, 0x01, 0x70, 0x00, 0x70, 0x00, 0x01, 0x02, 0x79, 0x00,
};

/* The description header of the table at t, whose body is in place; the checksum (byte 9, still 0) last. */
static void header(uint8_t *t, const char sig[4], uint32_t len, uint8_t revision, const struct vacpi_config *cfg)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = revision;
	memcpy(t + 10, cfg->oem_id, 6);
	memcpy(t + 16, cfg->oem_table_id, 8);
	put32(t + 24, cfg->oem_revision);
	memcpy(t + 28, "HVKT", 4);
	put32(t + 32, 1);
	t[9] = (uint8_t)(0u - acpi_sum(t, len));
}

/* Revision 2 (5.2.5.3), no RSDT; the first checksum covers 20 bytes, the extended one all 36. */
static void rsdp_xsdt(uint8_t *b, const struct vacpi_config *cfg)
{
	memcpy(b, "RSD PTR ", 8);
	memcpy(b + 9, cfg->oem_id, 6);
	b[15] = 2;
	put32(b + 20, RSDP_LEN);
	put64(b + 24, VACPI_AREA_GPA + XSDT);
	b[8] = (uint8_t)(0u - acpi_sum(b, 20));
	b[32] = (uint8_t)(0u - acpi_sum(b, RSDP_LEN));
	put64(b + XSDT + HDR, VACPI_AREA_GPA + FADT);
	put64(b + XSDT + HDR + 8, VACPI_AREA_GPA + MADT);
	header(b + XSDT, "XSDT", HDR + 16, 1, cfg);
}

/* FADT 6.3 (ACPI 6.x 5.2.9, table "FADT Format"), by byte offset: X_DSDT 140, IAPC_BOOT_ARCH 109, Flags 112, FADT
 * Minor Version 131, and the PM timer: PM_TMR_BLK 76, PM_TMR_LEN 91, X_PM_TMR_BLK 208 (a Generic Address Structure,
 * 5.2.3.2: address space, bit width, bit offset, access size, then the 64-bit address). */
static void fadt(uint8_t *f, const struct vacpi_config *cfg)
{
	uint32_t flags = FADT_FLAGS;
	put64(f + 140, VACPI_AREA_GPA + DSDT);
	put16(f + 109, BOOT_ARCH);
	if (cfg->pm_timer.present) {
		put32(f + 76, cfg->pm_timer.port);
		f[91] = 4;
		const uint8_t gas[4] = { 1 /* System I/O */, 32, 0, 3 /* DWORD access */ };
		memcpy(f + 208, gas, sizeof(gas));
		put64(f + 212, cfg->pm_timer.port);
		flags |= FADT_TMR_VAL_EXT;
	}
	put32(f + 112, flags);
	f[131] = 3; /* minor version */
	header(f, "FACP", FADT_LEN, 6, cfg);
}

/* COM1's AML at a: its port, its IRQ or (polled) none. Returns its length. */
static uint32_t com1_aml(uint8_t *a, const struct vacpi_serial *s)
{
	memcpy(a, com1, sizeof(com1));
	put16(a + COM1_PORT, s->port);
	put16(a + COM1_PORT + 2, s->port);
	if (!s->polled) {
		put16(a + COM1_IRQ + 1, (uint16_t)(1u << s->irq));
		return sizeof(com1);
	}
	memmove(a + COM1_IRQ, a + COM1_IRQ + 3, 2); /* the end tag over IRQNoFlags */
	for (unsigned int i = 0; i < 3; i++) {
		const uint8_t at[3] = { COM1_PKG, COM1_BUF_PKG, COM1_BUF_LEN };
		a[at[i]] = (uint8_t)(a[at[i]] - 3u);
	}
	return sizeof(com1) - 3;
}

/* DSDT revision 2: Scope (\_SB) { COM1 RTC0 } with the devices the VM has (none: an empty definition block). The
 * scope's PkgLength always takes two bytes (20.2.4: bits 7:6 = 1 following byte, bits 3:0 the low nibble). */
static void dsdt(uint8_t *d, const struct vacpi_config *cfg)
{
	uint8_t *a = d + HDR;
	uint32_t n = 8; /* ScopeOp, PkgLength, \_SB_ */
	if (cfg->serial.present)
		n += com1_aml(a + n, &cfg->serial);
	if (cfg->rtc)
		memcpy(a + n, rtc0, sizeof(rtc0)), n += sizeof(rtc0);
	if (n > 8) {
		const uint8_t scope[8] = { 0x10, (uint8_t)(0x40u | ((n - 1) & 0xfu)), (uint8_t)((n - 1) >> 4),
					   '\\', '_', 'S', 'B', '_' };
		memcpy(a, scope, sizeof(scope));
	}
	header(d, "DSDT", HDR + (n > 8 ? n : 0), 2, cfg);
}

static uint32_t madt_length(const struct vacpi_config *cfg)
{
	return HDR + 8u + cfg->vcpu_count * MADT_CPU_LEN + vacpi_madt_ioapic(NULL, cfg) + MADT_NMI_LEN;
}

/* MADT revision 5: the local APIC address and PCAT_COMPAT, a Processor Local APIC per vCPU (enabled, UID = APIC
 * ID), the I/O APIC and overrides, the Local APIC NMI on LINT1 of every processor (edge, active high). */
static void madt(uint8_t *m, const struct vacpi_config *cfg)
{
	uint32_t n = HDR + 8u;
	put32(m + HDR, cfg->lapic_addr);
	put32(m + HDR + 4, cfg->pcat_compat ? 1u : 0u);
	for (uint32_t id = 0; id < cfg->vcpu_count; id++, n += MADT_CPU_LEN) {
		const uint8_t e[MADT_CPU_LEN] = { 0, MADT_CPU_LEN, (uint8_t)id, (uint8_t)id, 1 };
		memcpy(m + n, e, sizeof(e));
	}
	n += vacpi_madt_ioapic(m + n, cfg);
	const uint8_t nmi[MADT_NMI_LEN] = { 4, MADT_NMI_LEN, 0xff, 0x05, 0x00, 1 };
	memcpy(m + n, nmi, sizeof(nmi));
	header(m, "APIC", n + MADT_NMI_LEN, 5, cfg);
}

static bool serial_valid(const struct vacpi_serial *s)
{
	return !s->present || ((s->polled || s->irq <= 15) && s->port <= 0xfff8u);
}

static bool config_valid(const struct vacpi_config *cfg)
{
	return cfg->vcpu_count != 0 && cfg->vcpu_count <= MAX_VCPUS && cfg->lapic_addr != 0 &&
	       (!cfg->ioapic || cfg->ioapic_addr != 0) && vacpi_ioapic_valid(cfg) && serial_valid(&cfg->serial) &&
	       cfg->extras == NULL;
}

uint64_t vacpi_tables_size(const struct vacpi_config *cfg)
{
	return cfg != NULL && config_valid(cfg) ? MADT + madt_length(cfg) : 0;
}

/* A configuration this flavour builds, guest memory with callbacks, the whole area in RAM: 0 or the logged error. */
static int check(const struct vacpi_config *cfg, const struct guest_mem *mem)
{
	if (cfg == NULL || mem == NULL || mem->write == NULL || mem->zero == NULL || !config_valid(cfg)) {
		plat_log(PLAT_LOG_ERROR, "vacpi: malformed configuration or no guest memory (this image builds the tables of a pre-launched VM only: at most 255 vCPUs, no reset register, PM1 blocks, PCI host bridge or control device)");
		return -HV_EINVAL;
	}
	if (!guest_mem_contains(mem, VACPI_AREA_GPA, VACPI_AREA_SIZE)) {
		plat_log(PLAT_LOG_ERROR, "vacpi: 0x%x..0x%x is not all guest RAM", VACPI_AREA_GPA,
			 VACPI_AREA_GPA + VACPI_AREA_SIZE);
		return -HV_ERANGE;
	}
	return 0;
}

int vacpi_build(const struct vacpi_config *cfg, const struct guest_mem *mem, uint64_t *rsdp_gpa)
{
	if (rsdp_gpa == NULL)
		return -HV_EINVAL;
	*rsdp_gpa = 0;
	int rc = check(cfg, mem);
	if (rc != 0)
		return rc;
	uint8_t b[BLOCK] = { 0 };
	rsdp_xsdt(b, cfg);
	fadt(b + FADT, cfg);
	dsdt(b + DSDT, cfg);
	madt(b + MADT, cfg);
	/* Zero the area first: no stale bytes, in particular no stale "RSD PTR " for a scan to find. */
	if ((rc = mem->zero(mem->ctx, VACPI_AREA_GPA, VACPI_AREA_SIZE)) != 0 ||
	    (rc = mem->write(mem->ctx, VACPI_AREA_GPA, b, MADT + madt_length(cfg))) != 0) {
		plat_log(PLAT_LOG_ERROR, "vacpi: writing the tables failed (%d)", rc);
		return rc;
	}
	*rsdp_gpa = VACPI_RSDP_GPA;
	return 0;
}
