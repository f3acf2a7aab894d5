/* SPDX-License-Identifier: BSD-3-Clause */
/* ACPI DMAR parsing (VT-d spec chapter 8). */
#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <string.h>
#include <vtd/dmar.h>

#define DMAR_HEADER_LEN 48u    /* ACPI header (36) + HAW, flags, 10 reserved (8.1) */
#define DMAR_DRHD_MIN_LEN 16u  /* 8.3; both keep the segment at offset 6 */
#define DMAR_RMRR_MIN_LEN 24u  /* 8.4 */
#define DMAR_SCOPE_MIN_LEN 6u  /* 8.3.1: header before the path */

/* A little-endian field of n bytes (1-8) at p, which may be unaligned. */
static uint64_t rd(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	memcpy(&v, p, n);
	return v;
}

/* A length at offset off lies in min..room; the error names what, where and the bounds. */
static int check_len(const char *what, size_t off, size_t len, size_t min, size_t room)
{
	if (len >= min && len <= room)
		return 0;
	plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: length %lu outside %lu..%lu", what, (unsigned long)off,
		(unsigned long)len, (unsigned long)min, (unsigned long)room);
	return -HV_EINVAL;
}

/* Room in out for one more of max: else -HV_ENOMEM, naming what ("DRHD structures", "device scopes"). */
static int check_room(unsigned int count, unsigned int max, const char *what)
{
	if (count < max)
		return 0;
	plat_log(PLAT_LOG_ERROR, "dmar: more than %u %s", max, what);
	return -HV_ENOMEM;
}

static const char *struct_name(uint16_t type)
{
	static const char *const names[] = { "DRHD", "RMRR", "ATSR", "RHSA", "ANDD", "SATC" }; /* by type (8.2) */
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

/* One remapping structure being parsed, [off, end) of the table, for its device scopes and messages. */
struct dmar_walk {
	const uint8_t *p;
	size_t off, end;
	const char *name;
	uint16_t seg;
	dmar_bus_lookup_fn lookup;
	void *ctx;
	struct dmar_info *out;
};

/* A bridge's secondary and subordinate bus, from the caller's lookup: false when it cannot tell. */
static bool bridge_buses(const struct dmar_walk *w, uint8_t bus, const uint8_t *df, uint8_t *sec, uint8_t *sub)
{
	return w->lookup != NULL && w->lookup(w->ctx, w->seg, bus, df[0], df[1], sec, sub) == 0;
}

/* 8.3.2: the path's (device, function) pairs lead from the start bus p[5] through bridges (every entry but the
 * last) to the device; a sub-hierarchy's device is a bridge covering its secondary..subordinate buses too. */
static void resolve_path(struct dmar_scope *s, const uint8_t *p, unsigned int n, const struct dmar_walk *w)
{
	const uint8_t *path = p + DMAR_SCOPE_MIN_LEN, *last = path + 2 * n - 2;
	uint8_t bus = p[5], sec = 0, sub = 0;
	for (unsigned int i = 0; i + 1 < n; i++)
		if (!bridge_buses(w, bus, path + 2 * i, &bus, &sub))
			return;
	s->bus = bus;
	s->devfn = (uint8_t)(last[0] << 3 | last[1]);
	s->resolved = true;
	s->sec_bus = 1; /* no bus range (1 > sub_bus 0) unless a sub-hierarchy's bridge tells its buses */
	if (p[0] == DMAR_SCOPE_PCI_SUBHIERARCHY && bridge_buses(w, bus, last, &sec, &sub)) {
		s->sec_bus = sec;
		s->sub_bus = sub < sec ? sec : sub;
	}
}

/* 8.3.1: a scope's length covers its 6-byte header and whole 2-byte path entries, each naming a device
 * (0-31) and function (0-7) (8.3.1.1). Returns the length or -HV_EINVAL. */
static int scope_check(const struct dmar_walk *w, size_t off)
{
	const uint8_t *s = w->p + off;
	unsigned int slen = w->end - off < DMAR_SCOPE_MIN_LEN ? 0 : s[1];
	bool bad = slen < DMAR_SCOPE_MIN_LEN + 2u || ((slen - DMAR_SCOPE_MIN_LEN) & 1u) != 0 || slen > w->end - off;
	for (unsigned int i = DMAR_SCOPE_MIN_LEN; !bad && i < slen; i += 2)
		bad = s[i] > 31 || s[i + 1] > 7;
	if (!bad)
		return (int)slen;
	plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: device scope at offset 0x%lx: bad length %u or path",
		w->name, (unsigned long)w->off, (unsigned long)off, slen);
	return -HV_EINVAL;
}

/* Parse the device scope at off: a PCI endpoint or sub-hierarchy is kept, the others (I/O APIC, HPET, ACPI
 * namespace device: no PCI function to translate for) skipped. Returns its length or a negative error. */
static int parse_scope(const struct dmar_walk *w, size_t off)
{
	int slen = scope_check(w, off);
	const uint8_t *p = w->p + off;
	if (slen < 0 || (p[0] != DMAR_SCOPE_PCI_ENDPOINT && p[0] != DMAR_SCOPE_PCI_SUBHIERARCHY))
		return slen;
	int rc = check_room(w->out->scope_count, DMAR_MAX_SCOPES, "device scopes");
	if (rc != 0)
		return rc;
	struct dmar_scope *s = &w->out->scopes[w->out->scope_count++];
	resolve_path(s, p, (unsigned int)(slen - DMAR_SCOPE_MIN_LEN) / 2, w);
	return slen;
}

/* The device scopes after the structure's fixed part of `fixed` bytes; *first, *count: their place in out. Once
 * all are parsed, the structure counts: (*parsed)++. */
static int parse_scopes(const struct dmar_walk *w, size_t fixed, uint16_t *first, uint16_t *count,
	unsigned int *parsed)
{
	*first = (uint16_t)w->out->scope_count;
	for (size_t off = w->off + fixed; off < w->end;) {
		int slen = parse_scope(w, off);
		if (slen < 0)
			return slen;
		off += (size_t)slen;
	}
	*count = (uint16_t)(w->out->scope_count - *first);
	(*parsed)++;
	return 0;
}

static int parse_drhd(struct dmar_walk *w)
{
	int rc = check_room(w->out->drhd_count, DMAR_MAX_DRHD, "DRHD structures");
	if (rc != 0)
		return rc;
	const uint8_t *p = w->p + w->off;
	struct dmar_drhd *d = &w->out->drhd[w->out->drhd_count];
	d->flags = p[4];
	d->size_log2 = p[5] & 0xFu;
	d->segment = w->seg = (uint16_t)rd(p + 6, 2);
	d->reg_base = rd(p + 8, 8);
	if (d->reg_base == 0 || (d->reg_base & (PLAT_PAGE_SIZE - 1)) != 0) {
		plat_log(PLAT_LOG_ERROR, "dmar: DRHD at offset 0x%lx: register base 0x%llx not page aligned",
			(unsigned long)w->off, (unsigned long long)d->reg_base);
		return -HV_EINVAL;
	}
	return parse_scopes(w, DMAR_DRHD_MIN_LEN, &d->scope_first, &d->scope_count, &w->out->drhd_count);
}

static int parse_rmrr(struct dmar_walk *w)
{
	int rc = check_room(w->out->rmrr_count, DMAR_MAX_RMRR, "RMRR structures");
	if (rc != 0)
		return rc;
	const uint8_t *p = w->p + w->off;
	struct dmar_rmrr *r = &w->out->rmrr[w->out->rmrr_count];
	r->segment = w->seg = (uint16_t)rd(p + 6, 2);
	r->base = rd(p + 8, 8);
	r->limit = rd(p + 16, 8);
	/* 8.4: base 4 KiB aligned, limit + 1 4 KiB aligned. */
	if ((r->base & (PLAT_PAGE_SIZE - 1)) != 0 || ((r->limit + 1) & (PLAT_PAGE_SIZE - 1)) != 0 ||
		r->limit < r->base) {
		plat_log(PLAT_LOG_ERROR, "dmar: RMRR at offset 0x%lx: bad range 0x%llx-0x%llx", (unsigned long)w->off,
			(unsigned long long)r->base, (unsigned long long)r->limit);
		return -HV_EINVAL;
	}
	return parse_scopes(w, DMAR_RMRR_MIN_LEN, &r->scope_first, &r->scope_count, &w->out->rmrr_count);
}

/* The structure at off (8.2: a 2-byte type and a 2-byte length, at least the structure's fixed part, within the
 * table): a DRHD or RMRR parsed, the others skipped. Returns its length or a negative error. */
static int parse_struct(const uint8_t *p, size_t off, size_t tlen, dmar_bus_lookup_fn lookup, void *ctx,
	struct dmar_info *out)
{
	bool room = tlen - off >= 4;
	uint16_t type = room ? (uint16_t)rd(p + off, 2) : UINT16_MAX, slen = room ? (uint16_t)rd(p + off + 2, 2) : 0;
	size_t fixed = type == DMAR_TYPE_DRHD ? DMAR_DRHD_MIN_LEN : type == DMAR_TYPE_RMRR ? DMAR_RMRR_MIN_LEN : 4;
	struct dmar_walk w = { p, off, off + slen, struct_name(type), 0, lookup, ctx, out };
	int rc = check_len(w.name, off, slen, fixed, tlen - off);
	if (rc == 0 && type == DMAR_TYPE_DRHD)
		rc = parse_drhd(&w);
	else if (rc == 0 && type == DMAR_TYPE_RMRR)
		rc = parse_rmrr(&w);
	else if (rc == 0)
		plat_log(PLAT_LOG_INFO, "dmar: skipping %s (type %u) at offset 0x%lx", w.name, type, (unsigned long)off);
	return rc != 0 ? rc : slen;
}

/* 8.1: the table's length field lies within the buffer; the caller checked the ACPI header's signature and
 * checksum (core/acpi's acpi_find_table). */
int dmar_parse(const void *table, size_t len, dmar_bus_lookup_fn lookup, void *ctx, struct dmar_info *out)
{
	const uint8_t *p = table;

	if (p == NULL || out == NULL)
		return -HV_EINVAL;
	memset(out, 0, sizeof(*out)); /* every structure and scope starts zeroed */
	size_t tlen = len < DMAR_HEADER_LEN ? 0 : (uint32_t)rd(p + 4, 4);
	int rc = check_len("header", 0, tlen, DMAR_HEADER_LEN, len);
	if (rc != 0)
		return rc;
	out->haw_bits = (uint8_t)(p[36] + 1u);
	for (size_t off = DMAR_HEADER_LEN; off < tlen; off += (size_t)rc)
		if ((rc = parse_struct(p, off, tlen, lookup, ctx, out)) < 0)
			return rc;
	return 0;
}

bool dmar_scope_covers(const struct dmar_scope *s, uint8_t bus, uint8_t devfn)
{
	return s->resolved && ((s->bus == bus && s->devfn == devfn) || (bus >= s->sec_bus && bus <= s->sub_bus));
}

int dmar_drhd_for_device(const struct dmar_info *info, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	int all = -HV_ENOENT;

	for (unsigned int i = 0; i < info->drhd_count; i++) {
		const struct dmar_drhd *d = &info->drhd[i];
		if (d->segment != seg)
			continue;
		for (unsigned int k = 0; k < d->scope_count; k++)
			if (dmar_scope_covers(&info->scopes[d->scope_first + k], bus, devfn))
				return (int)i;
		if ((d->flags & DMAR_DRHD_INCLUDE_PCI_ALL) != 0 && all < 0)
			all = (int)i;
	}
	return all;
}
