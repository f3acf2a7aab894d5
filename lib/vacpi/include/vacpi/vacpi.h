/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vacpi: virtual ACPI tables for a pre-launched VM, so an unmodified kernel finds its vCPUs and
 * interrupt controllers without firmware.
 *
 * vacpi_build writes, into the area of vacpi/layout.h and nothing else:
 *   RSDP (revision 2) -> XSDT -> FADT (hardware-reduced unless pm1) -> DSDT (the serial port, the RTC, the PCI
 *                           |                                     host bridge, \_S5: if any)
 *                           |                                 \-> FACS (with pm1 only)
 *                           \-> MADT (local APICs / x2APICs, one IOAPIC and overrides unless the VM has
 *                           |         none, LINT1 NMI)
 *                           \-> MCFG (with a PCI root with an ECAM window)
 * and nothing more (no RSDT; a FACS only with the PM1 blocks). Tables follow the ACPI 6.3 revisions (FADT 6.3, MADT 5).
 *
 * Like the guest loaders it checks everything before it writes one byte. A refusal is logged
 * (plat_log, PLAT_LOG_ERROR), leaves guest memory untouched, sets *rsdp_gpa to 0 and returns:
 *   -HV_EINVAL  malformed configuration (no vCPUs, > 255 vCPUs without x2APIC entries, bad ISO,
 *               a serial port IRQ above 15 or ports that wrap past 0xFFFF)
 *   -HV_ENOMEM  the tables do not fit in the area (too many vCPUs or ISOs)
 *   -HV_ERANGE  the area is not all guest RAM
 *   other       the guest_mem callback's error (guest memory may then be partly written)
 */
#ifndef VACPI_VACPI_H
#define VACPI_VACPI_H

#include <stdbool.h>
#include <stdint.h>

#include <guest_loader/guest_mem.h>
#include <vacpi/layout.h>

/* An interrupt source override of the IOAPIC (<vacpi/vacpi_iso.h>). */
struct vacpi_iso;

/*
 * A 16550-compatible serial port described in the DSDT as \_SB.COM1 (PNP0501) with its 8 I/O ports
 * and ISA IRQ. On a hardware-reduced platform an OS enumerates ISA devices only from ACPI: Linux
 * maps no legacy IRQs there (no 8259), so a port it found by probing 0x3F8 would get no interrupt.
 */
struct vacpi_serial {
	bool present;
	uint16_t port; /* first of 8 ports */
	uint8_t irq;   /* ISA IRQ 0..15 */
	/* No interrupt: _CRS has no IRQ descriptor and the OS polls the port (Linux's 8250 driver runs a
	 * port without an interrupt from a timer). irq is then ignored. */
	bool polled;
};

/* The ACPI PM timer (ACPI 6.x 4.8.3.3): a 32-bit counter in 4 System I/O ports; absent when !present. */
struct vacpi_pm_timer {
	bool present;
	uint16_t port;
};

struct vacpi_extras;

struct vacpi_config {
	uint32_t vcpu_count;       /* APIC IDs and ACPI processor UIDs 0..vcpu_count-1 */
	/* IDs 255 and above as Processor Local x2APIC entries (MADT type 9, ACPI 6.x 5.2.12.12);
	 * without it at most 255 vCPUs (IDs 0..254: 0xFF is the xAPIC broadcast ID). */
	bool x2apic;
	uint32_t lapic_addr;       /* 0xFEE00000 */
	/* The VM has the IOAPIC below (MADT type 1) and the overrides; false: no IOAPIC and no
	 * overrides (its devices raise no interrupts, as with a polled serial port). */
	bool ioapic;
	uint8_t ioapic_id;         /* must be what the vIOAPIC's ID register reports */
	uint32_t ioapic_addr;      /* 0xFEC00000 */
	uint32_t ioapic_gsi_base;  /* 0 */
	/* MADT PCAT_COMPAT: the VM also has a dual-8259 legacy PIC (an OS must then mask it; Linux
	 * on a hardware-reduced platform never uses the 8259 anyway). */
	bool pcat_compat;
	const struct vacpi_iso *isos;
	uint32_t iso_count;        /* at most VACPI_MAX_ISOS (<vacpi/vacpi_iso.h>) */
	struct vacpi_pm_timer pm_timer;
	struct vacpi_serial serial;
	/* A CMOS RTC at ports 0x70-0x71, described in the DSDT as \_SB.RTC0 (PNP0B00) with no interrupt:
	 * a hardware-reduced platform has no legacy IRQ 8, and an RTC an OS finds only by its fixed
	 * ports gets one it cannot map (Linux's rtc_cmos then fails its probe). */
	bool rtc;
	/* The reset register, PM1 blocks, PCI host bridge and control device (<vacpi/extras.h>); NULL: none (a
	 * hardware-reduced FADT, no FACS, MCFG or \_S5). The flavour images whose VMs are all pre-launched link refuses
	 * a configuration with extras. */
	const struct vacpi_extras *extras;
	char oem_id[6];            /* space padded, no NUL */
	char oem_table_id[8];
	uint32_t oem_revision;
};

/*
 * PC defaults for n vCPUs: LAPIC 0xFEE00000, an IOAPIC, ID 0 at 0xFEC00000 with GSI base 0, no
 * legacy PIC, x2APIC entries allowed, no reset register, OEM "HVKIT " / "HVKITVM ", and the
 * overrides PC firmware reports: ISA IRQ 0 -> GSI 2 (the PIT on IOAPIC pin 2) and IRQ 4 (the
 * vUART, COM1) -> GSI 4 edge, active high (none in the flavour whose MADT has no IOAPIC, which
 * refuses one).
 */
void vacpi_config_init(struct vacpi_config *cfg, uint32_t vcpu_count);

/* Bytes the tables of cfg take in the area (0 if cfg is malformed); at most VACPI_AREA_SIZE fits. */
uint64_t vacpi_tables_size(const struct vacpi_config *cfg);

/*
 * Write the tables for cfg into the area of mem (zeroing the rest of the area) and return the
 * RSDP's guest-physical address in *rsdp_gpa (always VACPI_RSDP_GPA) for the loader to pass on.
 */
int vacpi_build(const struct vacpi_config *cfg, const struct guest_mem *mem, uint64_t *rsdp_gpa);

#endif
