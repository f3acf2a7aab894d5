/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differentiated System Description Table (ACPI 6.x 5.2.11.1): the VM's serial port, its RTC, its PCI host
 * bridge (\_SB.PCI0, PNP0A03: a VM with a virtual PCI bus) and, in the Service VM, hvkit's control device
 * (control_aml), and \_S5 where the VM has the PM1 blocks (s5_aml); nothing else.
 *
 * Its vCPUs and interrupt controllers are all in the MADT, and a hardware-reduced platform has no
 * fixed hardware to describe. What does need AML is an ISA device with an interrupt: on a
 * hardware-reduced platform Linux sets up no legacy (8259) IRQs, so a UART it found by probing
 * 0x3F8 would get IRQ 4 with no mapping behind it (request_irq fails, and the tty stays silent).
 * Described here, the port is enumerated through ACPI and its IRQ is mapped through the MADT. The
 * CMOS RTC is described for the same reason, without an interrupt: found by its fixed ports instead,
 * Linux gives it IRQ 8, which it cannot map, and its rtc_cmos driver refuses the device.
 *
 *     Scope (\_SB) {
 *         Device (COM1) {
 *             Name (_HID, EisaId ("PNP0501"))    // 16550A-compatible COM port
 *             Name (_UID, One)
 *             Name (_CRS, ResourceTemplate () {
 *                 IO (Decode16, PORT, PORT, 0x01, 0x08)
 *                 IRQNoFlags () {IRQ}               // ISA: edge-triggered, active high
 *             })
 *         }
 *         Device (RTC0) {
 *             Name (_HID, EisaId ("PNP0B00"))    // AT real-time clock
 *             Name (_CRS, ResourceTemplate () {
 *                 IO (Decode16, 0x70, 0x70, 0x01, 0x02)
 *             })
 *         }
 *     }
 *
 * hand-assembled below (ACPI 6.x 20.2 AML grammar; 6.4.2 small resource descriptors); the host bridge, the
 * control device and \_S5 are in extras.c (extras_none.c in images whose VMs have none of them). A polled port
 * (a VM without interrupt controllers) has no IRQNoFlags: Linux then runs it from a timer. Without either
 * device the definition block is empty, which is valid (a TermList may be empty).
 */
#include "aml.h"

uint32_t vacpi_aml_name(uint8_t *aml, uint32_t n, const char seg[4])
{
	aml[n++] = AML_NAME_OP;
	for (int i = 0; i < 4; i++)
		aml[n++] = (uint8_t)seg[i];
	return n;
}

/* Revision 2: integers in the definition block are 64-bit (5.2.11.1). */
#define DSDT_REVISION 2u

#define RES_IO_DECODE16 0x47u   /* small item 8 (I/O port), length 7 */
#define RES_IRQ_NO_FLAGS 0x22u  /* small item 4 (IRQ), length 2: no information byte */

/* EisaId("PNP0501"), EisaId("PNP0B00"): three 5-bit letters then four hex digits, stored big-endian
 * (19.6.35). */
static const uint8_t eisa_pnp0501[4] = { 0x41, 0xd0, 0x05, 0x01 };
static const uint8_t eisa_pnp0b00[4] = { 0x41, 0xd0, 0x0b, 0x00 };

#define RTC_PORT 0x70u

/*
 * Device (seg) { Name (_HID, EisaId) [Name (_UID, One)] Name (_CRS, Buffer {crs}) } at aml + n; returns the
 * new end. Every device here is under 64 bytes, so its PkgLength is one byte holding the length of the
 * package including that byte (20.2.4).
 */
static uint32_t device(uint8_t *aml, uint32_t n, const char seg[4], const uint8_t eisa[4], bool uid_one,
		       const uint8_t *crs, uint32_t crs_len)
{
	aml[n++] = AML_EXT_OP_PREFIX, aml[n++] = AML_DEVICE_OP, aml[n++] = 0;
	const uint32_t pkg = n - 1;
	for (int i = 0; i < 4; i++)
		aml[n++] = (uint8_t)seg[i];
	n = vacpi_aml_name(aml, n, "_HID");
	aml[n++] = AML_DWORD_PREFIX;
	for (int i = 0; i < 4; i++)
		aml[n++] = eisa[i];
	if (uid_one) {
		n = vacpi_aml_name(aml, n, "_UID");
		aml[n++] = AML_ONE_OP;
	}
	n = vacpi_aml_name(aml, n, "_CRS");
	aml[n++] = AML_BUFFER_OP;
	aml[n++] = (uint8_t)(1u + 2u + crs_len); /* PkgLength: itself, BufferSize, the bytes */
	aml[n++] = AML_BYTE_PREFIX, aml[n++] = (uint8_t)crs_len;
	for (uint32_t i = 0; i < crs_len; i++)
		aml[n++] = crs[i];
	aml[pkg] = (uint8_t)(n - pkg);
	return n;
}

/* The _CRS buffer of the port: its I/O range, its IRQ unless polled, the end tag. Returns its length. */
static uint32_t serial_crs(const struct vacpi_serial *ser, uint8_t *crs)
{
	uint32_t n = 0;
	crs[n++] = RES_IO_DECODE16, crs[n++] = 0x01;
	crs[n++] = (uint8_t)ser->port, crs[n++] = (uint8_t)(ser->port >> 8); /* minimum base */
	crs[n++] = (uint8_t)ser->port, crs[n++] = (uint8_t)(ser->port >> 8); /* maximum base */
	crs[n++] = 0x01 /* alignment */, crs[n++] = 0x08 /* length */;
	if (!ser->polled) {
		crs[n++] = RES_IRQ_NO_FLAGS;
		crs[n++] = (uint8_t)(1u << ser->irq), crs[n++] = (uint8_t)((1u << ser->irq) >> 8);
	}
	crs[n++] = RES_END_TAG, crs[n++] = 0x00; /* checksum 0: "treated as if the checksum operation succeeded" */
	return n;
}

/* A PkgLength (20.2.4) of len bytes of content plus itself at aml + n: one byte up to 63 in all, else two (bits 7:6
 * = 1 following byte, bits 3:0 the low nibble, the next byte the rest). Returns the new end. */
uint32_t vacpi_aml_pkg_length(uint8_t *aml, uint32_t n, uint32_t len)
{
	if (len + 1 < 64) {
		aml[n++] = (uint8_t)(len + 1);
	} else {
		aml[n++] = (uint8_t)(0x40u | ((len + 2) & 0xfu));
		aml[n++] = (uint8_t)((len + 2) >> 4);
	}
	return n;
}

/* Build Scope (\_SB_) {...} with the devices cfg has into aml; returns its length (0: no device). */
static uint32_t sb_aml(const struct vacpi_config *cfg, uint8_t *aml)
{
	uint8_t body[ACPI_DSDT_AML_MAX];
	uint32_t b = 0;
	body[b++] = AML_ROOT_CHAR, body[b++] = '_', body[b++] = 'S', body[b++] = 'B', body[b++] = '_';
	if (cfg->serial.present) {
		uint8_t crs[13];
		b = device(body, b, "COM1", eisa_pnp0501, true, crs, serial_crs(&cfg->serial, crs));
	}
	if (cfg->rtc) {
		const uint8_t crs[10] = {
			RES_IO_DECODE16, 0x01, RTC_PORT, 0x00, RTC_PORT, 0x00, 0x01 /* alignment */, 0x02 /* length */,
			RES_END_TAG, 0x00,
		};
		b = device(body, b, "RTC0", eisa_pnp0b00, false, crs, sizeof(crs));
	}
	b = vacpi_sb_extras(cfg, body, b);
	if (b == 5)
		return 0;
	uint32_t n = 0;
	aml[n++] = AML_SCOPE_OP;
	n = vacpi_aml_pkg_length(aml, n, b);
	for (uint32_t i = 0; i < b; i++)
		aml[n++] = body[i];
	return n;
}

int vacpi_write_dsdt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa)
{
	struct vacpi_table_writer w;
	vacpi_table_begin(&w, mem, gpa);
	uint8_t aml[ACPI_DSDT_AML_MAX];
	uint32_t n = sb_aml(cfg, aml);
	if (n)
		vacpi_table_emit(&w, aml, n);
	vacpi_dsdt_extras(&w, cfg);
	return vacpi_table_finish(&w, "DSDT", DSDT_REVISION, cfg);
}
