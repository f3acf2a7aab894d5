/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multiple APIC Description Table (ACPI 6.x 5.2.12), revision 5 (ACPI 6.3).
 *
 * Entries, in this order: one Processor Local APIC (type 0) per vCPU with APIC ID 0..254, one
 * Processor Local x2APIC (type 9) per vCPU with ID 255 and above (5.2.12.12: IDs below 255 must use
 * type 0, IDs 255 and above type 9), the I/O APIC (type 1) and the interrupt source overrides
 * (type 2) when the VM has an IOAPIC (madt_ioapic.c), and the LINT1 NMI for all processors: Local APIC NMI (type 4) and, when x2APIC entries
 * exist, Local x2APIC NMI (type 0xA) too. Each vCPU's ACPI processor UID is its APIC ID.
 */
#include <vacpi/vacpi_iso.h>

#include "vacpi_internal.h"

#define MADT_REVISION 5u
#define MADT_FIXED_LEN (ACPI_HEADER_LEN + 8u) /* Local Interrupt Controller Address, Flags */
#define MADT_PCAT_COMPAT (1u << 0)

enum {
	MADT_LOCAL_APIC = 0,
	MADT_LOCAL_APIC_NMI = 4,
	MADT_LOCAL_X2APIC = 9,
	MADT_LOCAL_X2APIC_NMI = 0xa,
};

#define LOCAL_APIC_LEN 8u
#define LOCAL_APIC_NMI_LEN 6u
#define LOCAL_X2APIC_LEN 16u
#define LOCAL_X2APIC_NMI_LEN 12u

#define XAPIC_IDS 255u                /* IDs 0..254 fit type 0 */
#define LAPIC_ENABLED (1u << 0)       /* Local APIC Flags: Enabled (5.2.12.2) */
#define UID_ALL_8 0xffu               /* Local APIC NMI: applies to all processors (5.2.12.7) */
#define UID_ALL_32 0xffffffffu        /* Local x2APIC NMI: all processors (5.2.12.13) */
#define NMI_LINT 1u                   /* the NMI is wired to LINT1, as on PCs */
#define NMI_FLAGS 0x5u                /* MPS INTI: edge, active high */

static uint32_t xapic_count(const struct vacpi_config *cfg)
{
	return cfg->vcpu_count < XAPIC_IDS ? cfg->vcpu_count : XAPIC_IDS;
}

uint64_t vacpi_madt_length(const struct vacpi_config *cfg)
{
	uint64_t x2 = cfg->vcpu_count - xapic_count(cfg);
	uint64_t len = MADT_FIXED_LEN + (uint64_t)xapic_count(cfg) * LOCAL_APIC_LEN + LOCAL_APIC_NMI_LEN;
	len += vacpi_madt_ioapic(NULL, cfg);
	if (x2 != 0)
		len += x2 * LOCAL_X2APIC_LEN + LOCAL_X2APIC_NMI_LEN;
	return len;
}

static void emit_cpus(struct vacpi_table_writer *w, const struct vacpi_config *cfg)
{
	for (uint32_t id = 0; id < xapic_count(cfg); id++) {
		uint8_t e[LOCAL_APIC_LEN] = { MADT_LOCAL_APIC, LOCAL_APIC_LEN, (uint8_t)id, (uint8_t)id };
		put32(e + 4, LAPIC_ENABLED);
		vacpi_table_emit(w, e, sizeof(e));
	}
	for (uint32_t id = XAPIC_IDS; id < cfg->vcpu_count; id++) {
		uint8_t e[LOCAL_X2APIC_LEN] = { MADT_LOCAL_X2APIC, LOCAL_X2APIC_LEN };
		put32(e + 4, id);             /* X2APIC ID (offset 2: 2 reserved bytes) */
		put32(e + 8, LAPIC_ENABLED);
		put32(e + 12, id);            /* ACPI processor UID */
		vacpi_table_emit(w, e, sizeof(e));
	}
}

static void emit_nmis(struct vacpi_table_writer *w, const struct vacpi_config *cfg)
{
	uint8_t e[LOCAL_APIC_NMI_LEN] = { MADT_LOCAL_APIC_NMI, LOCAL_APIC_NMI_LEN, UID_ALL_8 };
	put16(e + 3, NMI_FLAGS);
	e[5] = NMI_LINT;
	vacpi_table_emit(w, e, sizeof(e));
	if (cfg->vcpu_count > XAPIC_IDS) {
		uint8_t x[LOCAL_X2APIC_NMI_LEN] = { MADT_LOCAL_X2APIC_NMI, LOCAL_X2APIC_NMI_LEN };
		put16(x + 2, NMI_FLAGS);
		put32(x + 4, UID_ALL_32);
		x[8] = NMI_LINT; /* then 3 reserved bytes */
		vacpi_table_emit(w, x, sizeof(x));
	}
}

int vacpi_write_madt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa)
{
	struct vacpi_table_writer w;
	uint8_t fixed[8];
	put32(fixed + 0, cfg->lapic_addr);
	put32(fixed + 4, cfg->pcat_compat ? MADT_PCAT_COMPAT : 0);
	vacpi_table_begin(&w, mem, gpa);
	vacpi_table_emit(&w, fixed, sizeof(fixed));
	emit_cpus(&w, cfg);
	uint8_t io[12u + 10u * VACPI_MAX_ISOS]; /* the I/O APIC and its overrides */
	uint32_t io_len = vacpi_madt_ioapic(io, cfg);
	if (io_len != 0)
		vacpi_table_emit(&w, io, io_len);
	emit_nmis(&w, cfg);
	return vacpi_table_finish(&w, "APIC", MADT_REVISION, cfg);
}
