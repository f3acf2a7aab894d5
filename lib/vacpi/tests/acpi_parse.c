/* SPDX-License-Identifier: BSD-3-Clause */
#include "acpi_parse.h"

#include <string.h>

static uint8_t sum(const struct fake_guest *g, uint64_t gpa, uint64_t len)
{
	uint8_t s = 0;
	for (uint64_t i = 0; i < len; i++)
		s = (uint8_t)(s + g->buf[gpa + i]);
	return s;
}

static bool rsdp_at(const struct fake_guest *g, uint64_t a)
{
	return memcmp(g->buf + a, "RSD PTR ", 8) == 0 && sum(g, a, 20) == 0 && g->buf[a + 15] >= 2 &&
	       g32(g, a + 20) == 36 && sum(g, a, 36) == 0;
}

uint64_t scan_rsdp(const struct fake_guest *g)
{
	for (uint64_t a = 0xe0000; a < 0x100000; a += 16)
		if (rsdp_at(g, a))
			return a;
	return 0;
}

uint32_t table_ok(const struct fake_guest *g, uint64_t gpa, const char sig[4])
{
	if (gpa == 0 || gpa + 36 > FAKE_GUEST_SPAN || memcmp(g->buf + gpa, sig, 4) != 0)
		return 0;
	uint32_t len = g32(g, gpa + 4);
	if (len < 36 || gpa + len > FAKE_GUEST_SPAN || sum(g, gpa, len) != 0)
		return 0;
	return len;
}

static void span(struct acpi_view *v, uint64_t gpa, uint32_t len)
{
	if (v->lowest == 0 || gpa < v->lowest)
		v->lowest = gpa;
	if (gpa + len > v->end)
		v->end = gpa + len;
}

static struct acpi_view fail(struct acpi_view v, const char *why)
{
	v.ok = false;
	v.why = why;
	return v;
}

struct acpi_view parse_acpi(const struct fake_guest *g)
{
	struct acpi_view v = { 0 };
	if ((v.rsdp = scan_rsdp(g)) == 0)
		return fail(v, "no RSDP");
	span(&v, v.rsdp, 36);
	v.xsdt = g64(g, v.rsdp + 24);
	if ((v.xsdt_len = table_ok(g, v.xsdt, "XSDT")) == 0 || (v.xsdt_len - 36) % 8 != 0)
		return fail(v, "XSDT");
	span(&v, v.xsdt, v.xsdt_len);
	v.xsdt_count = (v.xsdt_len - 36) / 8;
	for (uint32_t i = 0; i < v.xsdt_count; i++) {
		uint64_t t = g64(g, v.xsdt + 36 + 8 * i);
		if (t + 4 > FAKE_GUEST_SPAN)
			return fail(v, "XSDT entry outside memory");
		if (memcmp(g->buf + t, "FACP", 4) == 0 && (v.fadt_len = table_ok(g, t, "FACP")) != 0)
			v.fadt = t, span(&v, t, v.fadt_len);
		else if (memcmp(g->buf + t, "APIC", 4) == 0 && (v.madt_len = table_ok(g, t, "APIC")) != 0)
			v.madt = t, span(&v, t, v.madt_len);
		else if (memcmp(g->buf + t, "MCFG", 4) == 0 && (v.mcfg_len = table_ok(g, t, "MCFG")) != 0)
			v.mcfg = t, span(&v, t, v.mcfg_len);
		else
			return fail(v, "XSDT entry is not a valid FACP, APIC or MCFG");
	}
	if (v.fadt == 0 || v.madt == 0)
		return fail(v, "FADT or MADT missing");
	if (v.fadt_len < 148)
		return fail(v, "FADT too short for X_DSDT");
	v.dsdt = g64(g, v.fadt + 140); /* X_DSDT */
	if ((v.dsdt_len = table_ok(g, v.dsdt, "DSDT")) == 0)
		return fail(v, "DSDT");
	span(&v, v.dsdt, v.dsdt_len);
	v.ok = true;
	return v;
}

/* Structure lengths by MADT type (ACPI 6.x 5.2.12.2-5.2.12.13); 0 for a type the tests do not expect. */
static uint8_t expected_len(uint8_t type)
{
	switch (type) {
	case 0: return 8;
	case 1: return 12;
	case 2: return 10;
	case 4: return 6;
	case 9: return 16;
	case 0xa: return 12;
	default: return 0;
	}
}

static void add_cpu(struct madt_view *m, uint8_t type, uint32_t id, uint32_t uid, uint32_t flags)
{
	if (m->cpu_count < MAX_CPUS)
		m->cpus[m->cpu_count] =
			(struct madt_cpu){ .type = type, .apic_id = id, .uid = uid, .flags = flags };
	m->cpu_count++;
}

static void entry(const struct fake_guest *g, uint64_t e, uint8_t type, struct madt_view *m)
{
	switch (type) {
	case 0:
		add_cpu(m, 0, g->buf[e + 3], g->buf[e + 2], g32(g, e + 4));
		break;
	case 9:
		add_cpu(m, 9, g32(g, e + 4), g32(g, e + 12), g32(g, e + 8));
		break;
	case 1:
		m->ioapic_count++;
		m->ioapic_id = g->buf[e + 2];
		m->ioapic_addr = g32(g, e + 4);
		m->ioapic_gsi_base = g32(g, e + 8);
		break;
	case 2:
		if (m->iso_count < MAX_ENTRIES) {
			m->isos[m->iso_count].bus = g->buf[e + 2];
			m->isos[m->iso_count].source = g->buf[e + 3];
			m->isos[m->iso_count].gsi = g32(g, e + 4);
			m->isos[m->iso_count].flags = g16(g, e + 8);
		}
		m->iso_count++;
		break;
	case 4:
		if (m->nmi_count < MAX_ENTRIES) {
			m->nmis[m->nmi_count].uid = g->buf[e + 2];
			m->nmis[m->nmi_count].flags = g16(g, e + 3);
			m->nmis[m->nmi_count].lint = g->buf[e + 5];
		}
		m->nmi_count++;
		break;
	case 0xa:
		if (m->x2nmi_count < MAX_ENTRIES) {
			m->x2nmis[m->x2nmi_count].flags = g16(g, e + 2);
			m->x2nmis[m->x2nmi_count].uid = g32(g, e + 4);
			m->x2nmis[m->x2nmi_count].lint = g->buf[e + 8];
		}
		m->x2nmi_count++;
		break;
	default:
		m->other_count++;
	}
}

void parse_madt(const struct fake_guest *g, uint64_t gpa, struct madt_view *m)
{
	memset(m, 0, sizeof(*m));
	uint32_t len = table_ok(g, gpa, "APIC");
	if (len < 44)
		return;
	m->lapic_addr = g32(g, gpa + 36);
	m->flags = g32(g, gpa + 40);
	uint64_t e = gpa + 44, end = gpa + len;
	unsigned n = 0;
	while (e < end) {
		if (end - e < 2)
			return;
		uint8_t type = g->buf[e], elen = g->buf[e + 1];
		if (elen != expected_len(type) || elen > end - e)
			return;
		if (n < sizeof(m->first_types))
			m->first_types[n] = type;
		n++;
		entry(g, e, type, m);
		e += elen;
	}
	m->ok = e == end;
}
