/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What only the Service VM's tables (core/share) and hvkit-dm's post-launched VMs' have (vacpi_config.extras: .pm1,
 * .pci, .control): the PCI host bridge \_SB.PCI0 and its MCFG, hvkit's control device \_SB.HVKC, the PM1 blocks in a
 * full FADT with its FACS and \_S5. Images whose VMs are all pre-launched link extras_none.c instead, which
 * refuses a configuration asking for any of them (vacpi_build: -HV_EINVAL).
 */
#include "aml.h"

#define AML_PACKAGE_OP 0x12u
#define AML_STRING_PREFIX 0x0du
#define RES_EXT_IRQ 0x89u       /* large item 9 (Extended Interrupt) */
#define RES_EXT_IRQ_CONSUMER 0x01u
#define RES_EXT_IRQ_EDGE 0x02u  /* bit 2 clear: active high; bit 3 clear: exclusive */

/* FADT fields of the PM1 blocks (5.2.9, table "FADT Format"), its HW_REDUCED_ACPI flag, a GAS word access. */
#define FADT_FIRMWARE_CTRL 36u
#define FADT_SCI_INT 46u
#define FADT_PM1A_EVT_BLK 56u
#define FADT_PM1A_CNT_BLK 64u
#define FADT_PM1_EVT_LEN 88u
#define FADT_PM1_CNT_LEN 89u
#define FADT_P_LVL2_LAT 96u
#define FADT_P_LVL3_LAT 98u
#define FADT_X_FIRMWARE_CTRL 132u
#define FADT_X_PM1A_EVT_BLK 148u
#define FADT_X_PM1A_CNT_BLK 172u
#define FADT_F_HW_REDUCED_ACPI (1u << 20)
#define GAS_ACCESS_WORD 2u

/* EisaId("PNP0A03") (19.6.35). */
static const uint8_t eisa_pnp0a03[4] = { 0x41, 0xd0, 0x0a, 0x03 };

/* An address space descriptor (6.4.3.5.1-3: Word 0x88 / DWord 0x87) the bridge produces, with a fixed minimum
 * and maximum: type 0 memory, 1 I/O, 2 bus numbers. Returns the new end. */
static uint32_t addr_desc(uint8_t *r, uint32_t n, bool dword, uint8_t type, uint8_t type_flags, uint32_t min,
			  uint32_t max)
{
	const unsigned int w = dword ? 4u : 2u;
	r[n++] = dword ? 0x87u : 0x88u;
	r[n++] = (uint8_t)(3u + 5u * w), r[n++] = 0;
	r[n++] = type, r[n++] = 0x0c /* MinFixed, MaxFixed, positive decode, producer */, r[n++] = type_flags;
	const uint32_t v[5] = { 0 /* granularity */, min, max, 0 /* translation */, max - min + 1u };
	for (unsigned int i = 0; i < 5; i++)
		for (unsigned int k = 0; k < w; k++)
			r[n++] = (uint8_t)(v[i] >> (8u * k));
	return n;
}

/* The bridge's windows as a _CRS buffer (see vacpi_pci_root); returns its length. */
static uint32_t pci0_crs(const struct vacpi_pci_root *pci, uint8_t *r)
{
	uint32_t n = addr_desc(r, 0, false, 2, 0, 0, pci->bus_end);
	n = addr_desc(r, n, false, 1, 0x03 /* entire range */, 0x0000, 0x0cf7); /* not 0xCF8-0xCFF: configuration */
	n = addr_desc(r, n, false, 1, 0x03, 0x0d00, 0xffff);
	n = addr_desc(r, n, true, 0, 0x01 /* read-write, non-cacheable */, 0xa0000, 0xbffff);
	n = addr_desc(r, n, true, 0, 0x01, pci->mem32_base, pci->mem32_limit);
	r[n++] = RES_END_TAG, r[n++] = 0x00;
	return n;
}

/* Device (PCI0) { Name (_HID, EisaId ("PNP0A03")) Name (_UID, Zero) [Name (_CRS, Buffer {windows})] }. Segment
 * and base bus default to 0 (_SEG, _BBN absent: ACPI 6.x 6.5.6, 6.5.5). Returns the new end. */
static uint32_t pci0_aml(const struct vacpi_pci_root *pci, uint8_t *aml, uint32_t n)
{
	uint8_t body[160], crs[112];
	uint32_t b = 0;
	body[b++] = 'P', body[b++] = 'C', body[b++] = 'I', body[b++] = '0';
	b = vacpi_aml_name(body, b, "_HID");
	body[b++] = AML_DWORD_PREFIX;
	for (int i = 0; i < 4; i++)
		body[b++] = eisa_pnp0a03[i];
	b = vacpi_aml_name(body, b, "_UID");
	body[b++] = AML_ZERO_OP;
	if (pci->mem32_limit > pci->mem32_base) {
		uint32_t c = pci0_crs(pci, crs);
		b = vacpi_aml_name(body, b, "_CRS");
		body[b++] = AML_BUFFER_OP;
		b = vacpi_aml_pkg_length(body, b, 2u + c);
		body[b++] = AML_BYTE_PREFIX, body[b++] = (uint8_t)c;
		for (uint32_t i = 0; i < c; i++)
			body[b++] = crs[i];
	}
	aml[n++] = AML_EXT_OP_PREFIX, aml[n++] = AML_DEVICE_OP;
	n = vacpi_aml_pkg_length(aml, n, b);
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

/*
 * Name (\_S5, Package (0x04) { TYP, TYP, Zero, Zero }): the S5 (soft-off) sleep type for PM1a_CNT and PM1b_CNT
 * (ACPI 6.x 7.4.2), with the PM1 blocks only. 15 bytes; the package's PkgLength counts itself, NumElements and
 * the four elements (20.2.5.4 DefPackage).
 */
static uint32_t s5_aml(uint8_t s5_type, uint8_t *aml)
{
	uint32_t n = 0;
	aml[n++] = AML_NAME_OP, aml[n++] = AML_ROOT_CHAR, aml[n++] = '_', aml[n++] = 'S', aml[n++] = '5';
	aml[n++] = '_';
	aml[n++] = AML_PACKAGE_OP, aml[n++] = 8, aml[n++] = 4;
	aml[n++] = AML_BYTE_PREFIX, aml[n++] = s5_type;
	aml[n++] = AML_BYTE_PREFIX, aml[n++] = s5_type;
	aml[n++] = AML_ZERO_OP, aml[n++] = AML_ZERO_OP;
	return n;
}

/*
 * The PM1a event and control blocks, the SCI and the FACS: a full FADT (no HW_REDUCED_ACPI). SMI_CMD stays 0:
 * the platform is always in ACPI mode (4.8.2.1, "SMI_CMD ... zero if the system does not support System
 * Management mode"), so the OS never hands the hardware over. No C2/C3 (latencies above 100 and 1000 us,
 * 5.2.9). Each block in both its 32-bit field and its X_ Generic Address Structure, the same port.
 */
static void put_pm1(uint8_t *f, const struct vacpi_pm1 *pm1, uint64_t facs_gpa)
{
	put32(f + FADT_FIRMWARE_CTRL, (uint32_t)facs_gpa);
	put64(f + FADT_X_FIRMWARE_CTRL, facs_gpa);
	put16(f + FADT_SCI_INT, pm1->sci_irq);
	put32(f + FADT_PM1A_EVT_BLK, pm1->evt_port);
	put32(f + FADT_PM1A_CNT_BLK, pm1->cnt_port);
	f[FADT_PM1_EVT_LEN] = 4;
	f[FADT_PM1_CNT_LEN] = 2;
	put16(f + FADT_P_LVL2_LAT, 101);
	put16(f + FADT_P_LVL3_LAT, 1001);
	vacpi_put_io_gas(f + FADT_X_PM1A_EVT_BLK, pm1->evt_port, 32, GAS_ACCESS_WORD);
	vacpi_put_io_gas(f + FADT_X_PM1A_CNT_BLK, pm1->cnt_port, 16, GAS_ACCESS_WORD);
}

const struct vacpi_extras *vacpi_extras_of(const struct vacpi_config *cfg)
{
	static const struct vacpi_extras none;
	return cfg->extras ? cfg->extras : &none;
}

uint32_t vacpi_fadt_extras(uint8_t *f, const struct vacpi_config *cfg, uint64_t facs_gpa)
{
	const struct vacpi_pm1 *pm1 = &vacpi_extras_of(cfg)->pm1;
	if (!pm1->present)
		return FADT_F_HW_REDUCED_ACPI;
	put_pm1(f, pm1, facs_gpa);
	return 0;
}

/* The PM1 blocks: an ISA SCI, a 3-bit sleep type, blocks below 64 KiB. */
static bool pm1_valid(const struct vacpi_pm1 *pm1)
{
	if (!pm1->present)
		return true;
	return pm1->sci_irq <= 15 && pm1->s5_type <= 7 && pm1->evt_port != 0 && pm1->evt_port <= 0xfffcu &&
	       pm1->cnt_port != 0 && pm1->cnt_port <= 0xfffeu;
}

/* An ECAM window: 1 MiB per bus, aligned to 1 MiB (PCIe Base 7.2.2), below 2^64. */
static bool ecam_valid(const struct vacpi_pci_root *pci)
{
	uint64_t base = pci->ecam_base;
	return (base & 0xfffffu) == 0 && base + ((uint64_t)pci->bus_end + 1u) * 0x100000u >= base;
}

bool vacpi_extras_valid(const struct vacpi_config *cfg)
{
	const struct vacpi_extras *x = vacpi_extras_of(cfg);
	if (x->pci.present && x->pci.ecam_base && !ecam_valid(&x->pci))
		return false;
	return pm1_valid(&x->pm1);
}

uint32_t vacpi_sb_extras(const struct vacpi_config *cfg, uint8_t *aml, uint32_t n)
{
	const struct vacpi_extras *x = vacpi_extras_of(cfg);
	return x->pci.present ? pci0_aml(&x->pci, aml, n) : n;
}

void vacpi_dsdt_extras(struct vacpi_table_writer *w, const struct vacpi_config *cfg)
{
	const struct vacpi_extras *x = vacpi_extras_of(cfg);
	if (x->control.present) {
		uint8_t ctl[ACPI_DSDT_AML_MAX];
		vacpi_table_emit(w, ctl, control_aml(&x->control, ctl));
	}
	if (x->pm1.present) {
		uint8_t s5[16];
		vacpi_table_emit(w, s5, s5_aml(x->pm1.s5_type, s5));
	}
}

int vacpi_write_extra_tables(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t facs_gpa,
			     uint64_t mcfg_gpa)
{
	int rc = 0;
	if (facs_gpa)
		rc = vacpi_write_facs(mem, facs_gpa);
	if (rc == 0 && mcfg_gpa)
		rc = vacpi_write_mcfg(mem, cfg, mcfg_gpa);
	return rc;
}
