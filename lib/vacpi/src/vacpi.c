/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi_build: check the configuration, place the tables in the area, write them. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "vacpi_internal.h"

/* Tables start 16-byte aligned (the RSDP must be, 5.2.5.1; the others need only natural alignment). */
#define TABLE_ALIGN 16u
#define FACS_ALIGN 64u

/* Where each table goes; the MADT, whose size varies, comes last. */
struct vacpi_plan {
	uint64_t rsdp, xsdt, fadt, dsdt, facs, mcfg, madt; /* facs, mcfg 0: none */
	uint64_t end; /* first byte after the MADT */
};

static uint64_t align_up(uint64_t v)
{
	return (v + TABLE_ALIGN - 1) & ~(uint64_t)(TABLE_ALIGN - 1);
}

static void plan(const struct vacpi_config *cfg, struct vacpi_plan *p)
{
	p->rsdp = VACPI_RSDP_GPA;
	p->xsdt = align_up(p->rsdp + ACPI_RSDP_LEN);
	p->fadt = align_up(p->xsdt + ACPI_XSDT_LEN);
	p->dsdt = align_up(p->fadt + ACPI_FADT_LEN);
	uint64_t next = p->dsdt + ACPI_DSDT_LEN;
	const struct vacpi_extras *x = vacpi_extras_of(cfg);
	/* The FACS is 64-byte aligned (5.2.10). */
	p->facs = x->pm1.present ? (next + FACS_ALIGN - 1) & ~(uint64_t)(FACS_ALIGN - 1) : 0;
	next = p->facs ? p->facs + ACPI_FACS_LEN : next;
	p->mcfg = x->pci.present && x->pci.ecam_base ? align_up(next) : 0;
	p->madt = align_up(p->mcfg ? p->mcfg + ACPI_MCFG_LEN : next);
	p->end = p->madt + vacpi_madt_length(cfg);
}

/* The vUART: an ISA IRQ unless polled, and eight ports below 64 KiB. */
static bool serial_valid(const struct vacpi_config *cfg)
{
	if (!cfg->serial.present)
		return true;
	return (cfg->serial.polled || cfg->serial.irq <= 15) && cfg->serial.port <= 0xfff8u;
}

/* At least one vCPU, a local APIC address, an I/O APIC address where there is one. */
static bool apics_valid(const struct vacpi_config *cfg)
{
	if (cfg->vcpu_count == 0 || cfg->lapic_addr == 0 || (cfg->ioapic && cfg->ioapic_addr == 0))
		return false;
	/* APIC ID 0xFF is the xAPIC broadcast: vCPU 256 and up need x2APIC entries. */
	return cfg->vcpu_count <= 255 || cfg->x2apic;
}

static int check_config(const struct vacpi_config *cfg)
{
	if (!apics_valid(cfg) || !serial_valid(cfg) || !vacpi_extras_valid(cfg) || !vacpi_ioapic_valid(cfg))
		return -HV_EINVAL;
	return 0;
}

uint64_t vacpi_tables_size(const struct vacpi_config *cfg)
{
	struct vacpi_plan p;
	if (cfg == NULL || check_config(cfg) != 0)
		return 0;
	plan(cfg, &p);
	return p.end - VACPI_AREA_GPA;
}

static int write_tables(const struct vacpi_config *cfg, const struct guest_mem *mem,
			const struct vacpi_plan *p)
{
	const uint64_t xsdt_entries[VACPI_XSDT_ENTRIES] = { p->fadt, p->madt, p->mcfg };
	int rc;
	/* Zero the area first: no stale bytes, in particular no stale "RSD PTR " for a scan to find. */
	if ((rc = mem->zero(mem->ctx, VACPI_AREA_GPA, VACPI_AREA_SIZE)) != 0 ||
	    (rc = vacpi_write_dsdt(mem, cfg, p->dsdt)) != 0 ||
	    (rc = vacpi_write_extra_tables(mem, cfg, p->facs, p->mcfg)) != 0 ||
	    (rc = vacpi_write_fadt(mem, cfg, p->fadt, p->dsdt, p->facs)) != 0 ||
	    (rc = vacpi_write_madt(mem, cfg, p->madt)) != 0 ||
	    (rc = vacpi_write_xsdt(mem, cfg, p->xsdt, xsdt_entries, p->mcfg ? 3u : 2u)) != 0)
		return rc;
	/* The RSDP last: it only appears once everything it leads to is in place. */
	return vacpi_write_rsdp(mem, cfg, p->rsdp, p->xsdt);
}

static bool mem_usable(const struct guest_mem *mem)
{
	return mem != NULL && mem->write != NULL && mem->zero != NULL;
}

/* The planned tables fit the ACPI area, and the area is all guest RAM. */
static int check_area(const struct vacpi_config *cfg, const struct guest_mem *mem, const struct vacpi_plan *p)
{
	if (p->end > VACPI_AREA_GPA + VACPI_AREA_SIZE) {
		plat_log(PLAT_LOG_ERROR, "vacpi: tables for %u vCPUs need %llu bytes, the area has %u",
			 cfg->vcpu_count, (unsigned long long)(p->end - VACPI_AREA_GPA), VACPI_AREA_SIZE);
		return -HV_ENOMEM;
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
	struct vacpi_plan p;
	int rc;
	if (rsdp_gpa == NULL)
		return -HV_EINVAL;
	*rsdp_gpa = 0;
	if (cfg == NULL || !mem_usable(mem)) {
		plat_log(PLAT_LOG_ERROR, "vacpi: no configuration or guest memory");
		return -HV_EINVAL;
	}
	if ((rc = check_config(cfg)) != 0) {
		plat_log(PLAT_LOG_ERROR, "vacpi: malformed configuration (%u vCPUs, x2APIC %u, %u ISOs, ECAM 0x%llx)",
			 cfg->vcpu_count, (unsigned int)cfg->x2apic, cfg->iso_count,
			 (unsigned long long)vacpi_extras_of(cfg)->pci.ecam_base);
		return rc;
	}
	plan(cfg, &p);
	if ((rc = check_area(cfg, mem, &p)) != 0)
		return rc;
	if ((rc = write_tables(cfg, mem, &p)) != 0) {
		plat_log(PLAT_LOG_ERROR, "vacpi: writing the tables failed (%d)", rc);
		return rc;
	}
	*rsdp_gpa = p.rsdp;
	return 0;
}
