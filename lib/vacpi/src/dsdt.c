/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differentiated System Description Table (ACPI 6.x 5.2.11.1): the VM's serial port, its RTC, its PCI host
 * bridge (\_SB.PCI0, PNP0A03: a VM with a virtual PCI bus) and, in the Service VM, hvkit's control device
 * (control_aml), nothing else.
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
 * hand-assembled below (ACPI 6.x 20.2 AML grammar; 6.4.2 small resource descriptors). A polled port
 * (a VM without interrupt controllers) has no IRQNoFlags: Linux then runs it from a timer. Without either
 * device the definition block is empty, which is valid (a TermList may be empty).
 */
#include "vacpi_internal.h"

/* Revision 2: integers in the definition block are 64-bit (5.2.11.1). */
#define DSDT_REVISION 2u

#define AML_SCOPE_OP 0x10u
#define AML_NAME_OP 0x08u
#define AML_BUFFER_OP 0x11u
#define AML_EXT_OP_PREFIX 0x5bu
#define AML_DEVICE_OP 0x82u     /* after the ExtOpPrefix */
#define AML_ONE_OP 0x01u
#define AML_BYTE_PREFIX 0x0au
#define AML_DWORD_PREFIX 0x0cu
#define AML_ROOT_CHAR 0x5cu     /* '\' */

#define RES_IO_DECODE16 0x47u   /* small item 8 (I/O port), length 7 */
#define RES_IRQ_NO_FLAGS 0x22u  /* small item 4 (IRQ), length 2: no information byte */
#define RES_END_TAG 0x79u       /* small item 0xF, length 1 */
#define RES_EXT_IRQ 0x89u       /* large item 9 (Extended Interrupt) */
#define RES_EXT_IRQ_CONSUMER 0x01u
#define RES_EXT_IRQ_EDGE 0x02u  /* bit 2 clear: active high; bit 3 clear: exclusive */
#define AML_STRING_PREFIX 0x0du

/* EisaId("PNP0501"), EisaId("PNP0B00"): three 5-bit letters then four hex digits, stored big-endian
 * (19.6.35). */
static const uint8_t eisa_pnp0501[4] = { 0x41, 0xd0, 0x05, 0x01 };
static const uint8_t eisa_pnp0b00[4] = { 0x41, 0xd0, 0x0b, 0x00 };
static const uint8_t eisa_pnp0a03[4] = { 0x41, 0xd0, 0x0a, 0x03 };
#define AML_ZERO_OP 0x00u

#define RTC_PORT 0x70u

static uint32_t name(uint8_t *aml, uint32_t n, const char seg[4])
{
	aml[n++] = AML_NAME_OP;
	for (int i = 0; i < 4; i++)
		aml[n++] = (uint8_t)seg[i];
	return n;
}

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
	n = name(aml, n, "_HID");
	aml[n++] = AML_DWORD_PREFIX;
	for (int i = 0; i < 4; i++)
		aml[n++] = eisa[i];
	if (uid_one) {
		n = name(aml, n, "_UID");
		aml[n++] = AML_ONE_OP;
	}
	n = name(aml, n, "_CRS");
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
	if (cfg->pci.present) {
		/* Device (PCI0) { Name (_HID, EisaId ("PNP0A03")) Name (_UID, Zero) }: 23 bytes. Segment and base
		 * bus default to 0 (_SEG, _BBN absent: ACPI 6.x 6.5.6, 6.5.5). */
		body[b++] = AML_EXT_OP_PREFIX, body[b++] = AML_DEVICE_OP, body[b++] = 21;
		body[b++] = 'P', body[b++] = 'C', body[b++] = 'I', body[b++] = '0';
		b = name(body, b, "_HID");
		body[b++] = AML_DWORD_PREFIX;
		for (int i = 0; i < 4; i++)
			body[b++] = eisa_pnp0a03[i];
		b = name(body, b, "_UID");
		body[b++] = AML_ZERO_OP;
	}
	if (b == 5)
		return 0;
	/* The Scope's PkgLength (20.2.4): one byte up to 63, else two (bits 7:6 = 1 following byte, bits 3:0
	 * the low nibble, the next byte the rest); either way it counts itself. */
	uint32_t n = 0;
	aml[n++] = AML_SCOPE_OP;
	if (b + 1 < 64) {
		aml[n++] = (uint8_t)(b + 1);
	} else {
		uint32_t len = b + 2;
		aml[n++] = (uint8_t)(0x40u | (len & 0xfu));
		aml[n++] = (uint8_t)(len >> 4);
	}
	for (uint32_t i = 0; i < b; i++)
		aml[n++] = body[i];
	return n;
}

/*
 * \_SB.HVKC, hvkit's control device (the Service VM's upcall):
 *     Device (HVKC) {
 *         Name (_HID, "HVKT0001")
 *         Name (_UID, One)
 *         Name (_CRS, ResourceTemplate () { Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) {GSI} })
 *     }
 * (56 bytes: one-byte PkgLengths as above.)
 */
static uint32_t control_aml(const struct vacpi_control *ctl, uint8_t *aml)
{
	const uint8_t crs[11] = {
		RES_EXT_IRQ, 0x06, 0x00, RES_EXT_IRQ_CONSUMER | RES_EXT_IRQ_EDGE, 0x01 /* one interrupt */,
		(uint8_t)ctl->gsi, (uint8_t)(ctl->gsi >> 8), (uint8_t)(ctl->gsi >> 16), (uint8_t)(ctl->gsi >> 24),
		RES_END_TAG, 0x00,
	};
	uint32_t n = 0;
	aml[n++] = AML_SCOPE_OP, aml[n++] = 0;
	aml[n++] = AML_ROOT_CHAR, aml[n++] = '_', aml[n++] = 'S', aml[n++] = 'B', aml[n++] = '_';
	aml[n++] = AML_EXT_OP_PREFIX, aml[n++] = AML_DEVICE_OP, aml[n++] = 0;
	const uint32_t device_pkg = n - 1;
	aml[n++] = 'H', aml[n++] = 'V', aml[n++] = 'K', aml[n++] = 'C';
	aml[n++] = AML_NAME_OP, aml[n++] = '_', aml[n++] = 'H', aml[n++] = 'I', aml[n++] = 'D';
	aml[n++] = AML_STRING_PREFIX;
	for (int i = 0; i < 8; i++)
		aml[n++] = (uint8_t)ctl->hid[i];
	aml[n++] = 0;
	aml[n++] = AML_NAME_OP, aml[n++] = '_', aml[n++] = 'U', aml[n++] = 'I', aml[n++] = 'D';
	aml[n++] = AML_ONE_OP;
	aml[n++] = AML_NAME_OP, aml[n++] = '_', aml[n++] = 'C', aml[n++] = 'R', aml[n++] = 'S';
	aml[n++] = AML_BUFFER_OP;
	aml[n++] = (uint8_t)(1u + 2u + sizeof(crs));
	aml[n++] = AML_BYTE_PREFIX, aml[n++] = (uint8_t)sizeof(crs);
	for (uint32_t i = 0; i < sizeof(crs); i++)
		aml[n++] = crs[i];
	aml[1] = (uint8_t)(n - 1);
	aml[device_pkg] = (uint8_t)(n - device_pkg);
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
	if (cfg->control.present) {
		uint8_t ctl[ACPI_DSDT_AML_MAX];
		vacpi_table_emit(&w, ctl, control_aml(&cfg->control, ctl));
	}
	return vacpi_table_finish(&w, "DSDT", DSDT_REVISION, cfg);
}
