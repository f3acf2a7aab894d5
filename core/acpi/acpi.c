/* SPDX-License-Identifier: BSD-3-Clause */
/* ACPI 6.x sections 5.2.5 (RSDP), 5.2.7/5.2.8 (RSDT/XSDT), 5.2.12 (MADT). */
#include <core/acpi.h>
#include <core/console.h>
#include <string.h>
#include <vacpi/checksum.h>

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

static const struct acpi_sdt_header *root;
static bool root_is_xsdt;

static bool rsdp_valid(const struct acpi_rsdp *r)
{
	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || acpi_sum(r, 20) != 0)
		return false;
	return r->revision < 2 || (r->length >= sizeof(*r) && r->length < 4096 && acpi_sum(r, r->length) == 0);
}

uint64_t acpi_find_rsdp(uint64_t hint, bool legacy_bios)
{
	if (hint || !legacy_bios)
		return hint;
	/*
	 * ACPI 5.2.5.1: the RSDP lies in the first KiB of the EBDA or in 0xE0000-0xFFFFF. The EBDA
	 * pointer sits on page 0, which hvkit leaves unmapped to catch NULL dereferences, so only
	 * the BIOS area is scanned (GRUB hands over the RSDP itself on every path we boot from).
	 */
	for (uint64_t a = 0xe0000; a < 0x100000; a += 16)
		if (rsdp_valid((const struct acpi_rsdp *)(uintptr_t)a))
			return a;
	return 0;
}

/* A table's length is plausible and its bytes sum to 0 (ACPI 6.5 5.2.6); logged by its signature otherwise. */
static bool table_valid(const struct acpi_sdt_header *h)
{
	char sig[5] = { h->signature[0], h->signature[1], h->signature[2], h->signature[3], 0 };
	if (h->length < sizeof(*h) || h->length > (16u << 20)) {
		hv_warn("acpi: %s at %p has an impossible length %u", sig, (const void *)h, h->length);
		return false;
	}
	if (acpi_sum(h, h->length) != 0) {
		hv_warn("acpi: %s at %p fails its checksum", sig, (const void *)h);
		return false;
	}
	return true;
}

bool acpi_init(uint64_t rsdp_pa)
{
	root = NULL;
	if (rsdp_pa == 0)
		return false;
	const struct acpi_rsdp *r = (const struct acpi_rsdp *)(uintptr_t)rsdp_pa;
	if (!rsdp_valid(r)) {
		hv_warn("acpi: the RSDP at 0x%lx is invalid (signature or checksum)", rsdp_pa);
		return false;
	}
	/* ACPI 6.5 5.2.5.3: the XSDT from revision 2 on when the RSDP gives one, else the RSDT. */
	root_is_xsdt = r->revision >= 2 && r->xsdt_address != 0;
	root = (const struct acpi_sdt_header *)(uintptr_t)(root_is_xsdt ? r->xsdt_address : r->rsdt_address);
	if (!table_valid(root)) {
		root = NULL;
		return false;
	}
	hv_info("acpi: RSDP 0x%lx rev %u, %s at %p", rsdp_pa, r->revision, root_is_xsdt ? "XSDT" : "RSDT",
		(const void *)root);
	return true;
}

const struct acpi_sdt_header *acpi_find_table(const char sig[4])
{
	if (root == NULL)
		return NULL;
	unsigned int width = root_is_xsdt ? 8 : 4;
	unsigned int n = (root->length - sizeof(*root)) / width;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t pa = 0;
		memcpy(&pa, entries + i * width, width);
		const struct acpi_sdt_header *h = (const struct acpi_sdt_header *)(uintptr_t)pa;
		if (pa && memcmp(h->signature, sig, 4) == 0)
			return table_valid(h) ? h : NULL;
	}
	return NULL;
}

/* The MADT entries hvkit reads (ACPI 6.5 5.2.12.2 processor local APIC, type 0; 5.2.12.12 processor local
 * x2APIC, type 9), with the least length each needs and where its APIC id and flags lie; others are skipped. */
static const struct {
	uint8_t type, min_len, id_off, id_len, flags_off;
} MADT_CPUS[] = {
	{ 0, 8, 3, 1, 4 },
	{ 9, 16, 4, 4, 8 },
};

/* One MADT entry: an enabled processor (flags bit 0) into the CPU list while there is room. */
static void madt_cpu(void *ctx, const uint8_t *e)
{
	struct acpi_madt_info *out = ctx;
	for (size_t i = 0; i < sizeof(MADT_CPUS) / sizeof(MADT_CPUS[0]); i++) {
		uint32_t id = 0, flags;
		if (MADT_CPUS[i].type != e[0] || e[1] < MADT_CPUS[i].min_len)
			continue;
		memcpy(&id, e + MADT_CPUS[i].id_off, MADT_CPUS[i].id_len);
		memcpy(&flags, e + MADT_CPUS[i].flags_off, 4);
		if ((flags & 1) && out->cpu_count < ACPI_MAX_CPUS)
			out->apic_ids[out->cpu_count++] = id;
	}
}

bool acpi_madt_walk(void (*fn)(void *ctx, const uint8_t *entry), void *ctx)
{
	const struct acpi_sdt_header *madt = acpi_find_table("APIC");
	if (madt == NULL)
		return false;
	const uint8_t *p = (const uint8_t *)madt;
	/* ACPI 6.5 5.2.12: the entries follow the header, the local APIC address and the flags (offset 44). */
	for (uint32_t off = 44; off + 2 <= madt->length;) {
		uint8_t len = p[off + 1];
		if (len < 2 || off + len > madt->length) {
			hv_warn("acpi: MADT entry at offset %u has a bad length %u", off, len);
			return false;
		}
		fn(ctx, p + off);
		off += len;
	}
	return true;
}

bool acpi_parse_madt(struct acpi_madt_info *out)
{
	memset(out, 0, sizeof(*out));
	return acpi_madt_walk(madt_cpu, out) || out->cpu_count > 0;
}
