/* SPDX-License-Identifier: BSD-3-Clause */
/* ACPI DMAR parsing (VT-d spec chapter 8). */
#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <string.h>
#include <vtd/dmar.h>

#define DMAR_HEADER_LEN 48u    /* ACPI header (36) + HAW, flags, 10 reserved (8.1) */
#define DMAR_DRHD_MIN_LEN 16u  /* 8.3 */
#define DMAR_RMRR_MIN_LEN 24u  /* 8.4 */
#define DMAR_SCOPE_MIN_LEN 6u  /* 8.3.1: header before the path */

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static const char *struct_name(uint16_t type)
{
	switch (type) {
	case DMAR_TYPE_DRHD: return "DRHD";
	case DMAR_TYPE_RMRR: return "RMRR";
	case DMAR_TYPE_ATSR: return "ATSR";
	case DMAR_TYPE_RHSA: return "RHSA";
	case DMAR_TYPE_ANDD: return "ANDD";
	case DMAR_TYPE_SATC: return "SATC";
	default: return "unknown";
	}
}

/* Walk a scope's path: every entry but the last is a bridge (8.3.2). */
static void resolve_path(struct dmar_scope *s, uint16_t seg, dmar_bus_lookup_fn lookup, void *ctx)
{
	uint8_t bus = s->start_bus;
	uint8_t sec = 0, sub = 0;

	s->resolved = false;
	s->has_bus_range = false;
	for (unsigned int i = 0; i + 1 < s->path_len; i++) {
		if (lookup == NULL)
			return;
		sec = 0;
		sub = 0;
		if (lookup(ctx, seg, bus, s->path[i].dev, s->path[i].fn, &sec, &sub) < 0)
			return;
		bus = sec;
	}
	s->bus = bus;
	s->dev = s->path[s->path_len - 1].dev;
	s->fn = s->path[s->path_len - 1].fn;
	s->resolved = true;
	if (s->type == DMAR_SCOPE_PCI_SUBHIERARCHY && lookup != NULL) {
		sec = 0;
		sub = 0;
		if (lookup(ctx, seg, s->bus, s->dev, s->fn, &sec, &sub) == 0) {
			s->sec_bus = sec;
			s->sub_bus = sub < sec ? sec : sub;
			s->has_bus_range = true;
		}
	}
}

/* Parse the device scopes in [p + off, p + end) of the structure at soff. */
static int parse_scopes(const uint8_t *p, size_t off, size_t end, size_t soff, const char *sname, uint16_t seg,
	dmar_bus_lookup_fn lookup, void *ctx, struct dmar_info *out, uint16_t *first, uint16_t *count)
{
	*first = (uint16_t)out->scope_count;
	*count = 0;
	while (off < end) {
		if (end - off < DMAR_SCOPE_MIN_LEN) {
			plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: truncated device scope at offset 0x%lx",
				sname, (unsigned long)soff, (unsigned long)off);
			return -HV_EINVAL;
		}
		uint8_t type = p[off];
		uint8_t slen = p[off + 1];
		if (slen < DMAR_SCOPE_MIN_LEN + 2u || ((slen - DMAR_SCOPE_MIN_LEN) & 1u) != 0 || slen > end - off) {
			plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: bad device scope length %u at offset 0x%lx",
				sname, (unsigned long)soff, slen, (unsigned long)off);
			return -HV_EINVAL;
		}
		unsigned int npath = (slen - DMAR_SCOPE_MIN_LEN) / 2u;
		if (npath > DMAR_MAX_PATH) {
			plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: device scope path of %u entries at offset 0x%lx",
				sname, (unsigned long)soff, npath, (unsigned long)off);
			return -HV_EINVAL;
		}
		if (type < DMAR_SCOPE_PCI_ENDPOINT || type > DMAR_SCOPE_ACPI_NAMESPACE) {
			plat_log(PLAT_LOG_WARN, "dmar: %s at offset 0x%lx: skipping device scope type %u at offset 0x%lx",
				sname, (unsigned long)soff, type, (unsigned long)off);
			off += slen;
			continue;
		}
		if (out->scope_count >= DMAR_MAX_SCOPES) {
			plat_log(PLAT_LOG_ERROR, "dmar: more than %u device scopes", DMAR_MAX_SCOPES);
			return -HV_ENOMEM;
		}
		struct dmar_scope *s = &out->scopes[out->scope_count];
		memset(s, 0, sizeof(*s));
		s->type = type;
		s->enum_id = p[off + 4];
		s->start_bus = p[off + 5];
		s->path_len = (uint8_t)npath;
		for (unsigned int i = 0; i < npath; i++) {
			s->path[i].dev = p[off + 6 + 2 * i];
			s->path[i].fn = p[off + 7 + 2 * i];
			if (s->path[i].dev > 31 || s->path[i].fn > 7) {
				plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: device scope at 0x%lx has path %x.%x",
					sname, (unsigned long)soff, (unsigned long)off, s->path[i].dev, s->path[i].fn);
				return -HV_EINVAL;
			}
		}
		resolve_path(s, seg, lookup, ctx);
		out->scope_count++;
		(*count)++;
		off += slen;
	}
	return 0;
}

static int parse_drhd(const uint8_t *p, size_t off, uint16_t slen, dmar_bus_lookup_fn lookup, void *ctx,
	struct dmar_info *out)
{
	if (slen < DMAR_DRHD_MIN_LEN) {
		plat_log(PLAT_LOG_ERROR, "dmar: DRHD at offset 0x%lx: length %u below %u", (unsigned long)off, slen,
			DMAR_DRHD_MIN_LEN);
		return -HV_EINVAL;
	}
	if (out->drhd_count >= DMAR_MAX_DRHD) {
		plat_log(PLAT_LOG_ERROR, "dmar: more than %u DRHD structures", DMAR_MAX_DRHD);
		return -HV_ENOMEM;
	}
	struct dmar_drhd *d = &out->drhd[out->drhd_count];
	memset(d, 0, sizeof(*d));
	d->flags = p[off + 4];
	d->size_log2 = p[off + 5] & 0xFu;
	d->segment = rd16(p + off + 6);
	d->reg_base = rd64(p + off + 8);
	if (d->reg_base == 0 || (d->reg_base & (PLAT_PAGE_SIZE - 1)) != 0) {
		plat_log(PLAT_LOG_ERROR, "dmar: DRHD at offset 0x%lx: register base 0x%llx not page aligned",
			(unsigned long)off, (unsigned long long)d->reg_base);
		return -HV_EINVAL;
	}
	int rc = parse_scopes(p, off + DMAR_DRHD_MIN_LEN, off + slen, off, "DRHD", d->segment, lookup, ctx, out,
		&d->scope_first, &d->scope_count);
	if (rc != 0)
		return rc;
	out->drhd_count++;
	return 0;
}

static int parse_rmrr(const uint8_t *p, size_t off, uint16_t slen, dmar_bus_lookup_fn lookup, void *ctx,
	struct dmar_info *out)
{
	if (slen < DMAR_RMRR_MIN_LEN) {
		plat_log(PLAT_LOG_ERROR, "dmar: RMRR at offset 0x%lx: length %u below %u", (unsigned long)off, slen,
			DMAR_RMRR_MIN_LEN);
		return -HV_EINVAL;
	}
	if (out->rmrr_count >= DMAR_MAX_RMRR) {
		plat_log(PLAT_LOG_ERROR, "dmar: more than %u RMRR structures", DMAR_MAX_RMRR);
		return -HV_ENOMEM;
	}
	struct dmar_rmrr *r = &out->rmrr[out->rmrr_count];
	memset(r, 0, sizeof(*r));
	r->segment = rd16(p + off + 6);
	r->base = rd64(p + off + 8);
	r->limit = rd64(p + off + 16);
	/* 8.4: base 4 KiB aligned, limit + 1 4 KiB aligned. */
	if ((r->base & (PLAT_PAGE_SIZE - 1)) != 0 || ((r->limit + 1) & (PLAT_PAGE_SIZE - 1)) != 0 ||
		r->limit < r->base) {
		plat_log(PLAT_LOG_ERROR, "dmar: RMRR at offset 0x%lx: bad range 0x%llx-0x%llx", (unsigned long)off,
			(unsigned long long)r->base, (unsigned long long)r->limit);
		return -HV_EINVAL;
	}
	int rc = parse_scopes(p, off + DMAR_RMRR_MIN_LEN, off + slen, off, "RMRR", r->segment, lookup, ctx, out,
		&r->scope_first, &r->scope_count);
	if (rc != 0)
		return rc;
	out->rmrr_count++;
	return 0;
}

int dmar_parse(const void *table, size_t len, dmar_bus_lookup_fn lookup, void *ctx, struct dmar_info *out)
{
	const uint8_t *p = table;

	if (p == NULL || out == NULL)
		return -HV_EINVAL;
	memset(out, 0, sizeof(*out));
	if (len < DMAR_HEADER_LEN) {
		plat_log(PLAT_LOG_ERROR, "dmar: table of %lu bytes is shorter than its header", (unsigned long)len);
		return -HV_EINVAL;
	}
	if (memcmp(p, "DMAR", 4) != 0) {
		plat_log(PLAT_LOG_ERROR, "dmar: bad signature at offset 0x0");
		return -HV_EINVAL;
	}
	uint32_t tlen = rd32(p + 4);
	if (tlen < DMAR_HEADER_LEN || tlen > len) {
		plat_log(PLAT_LOG_ERROR, "dmar: header length %u outside %u..%lu", tlen, DMAR_HEADER_LEN,
			(unsigned long)len);
		return -HV_EINVAL;
	}
	uint8_t sum = 0;
	for (uint32_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + p[i]);
	if (sum != 0) {
		plat_log(PLAT_LOG_ERROR, "dmar: checksum mismatch (byte sum 0x%x over %u bytes)", sum, tlen);
		return -HV_EINVAL;
	}
	out->haw_bits = (uint8_t)(p[36] + 1u);
	out->flags = p[37];

	size_t off = DMAR_HEADER_LEN;
	while (off < tlen) {
		if (tlen - off < 4) {
			plat_log(PLAT_LOG_ERROR, "dmar: truncated structure header at offset 0x%lx", (unsigned long)off);
			return -HV_EINVAL;
		}
		uint16_t type = rd16(p + off);
		uint16_t slen = rd16(p + off + 2);
		if (slen < 4) {
			plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: zero-length structure (length %u)",
				struct_name(type), (unsigned long)off, slen);
			return -HV_EINVAL;
		}
		if (slen > tlen - off) {
			plat_log(PLAT_LOG_ERROR, "dmar: %s at offset 0x%lx: truncated (length %u, %lu bytes left)",
				struct_name(type), (unsigned long)off, slen, (unsigned long)(tlen - off));
			return -HV_EINVAL;
		}
		int rc = 0;
		if (type == DMAR_TYPE_DRHD) {
			rc = parse_drhd(p, off, slen, lookup, ctx, out);
		} else if (type == DMAR_TYPE_RMRR) {
			rc = parse_rmrr(p, off, slen, lookup, ctx, out);
		} else {
			plat_log(PLAT_LOG_INFO, "dmar: skipping %s (type %u) at offset 0x%lx", struct_name(type), type,
				(unsigned long)off);
			out->skipped_count++;
		}
		if (rc != 0)
			return rc;
		off += slen;
	}
	return 0;
}

bool dmar_scope_covers(const struct dmar_scope *s, uint8_t bus, uint8_t devfn)
{
	if (!s->resolved)
		return false;
	uint8_t sdevfn = (uint8_t)((s->dev << 3) | s->fn);
	if (s->type == DMAR_SCOPE_PCI_ENDPOINT)
		return s->bus == bus && sdevfn == devfn;
	if (s->type == DMAR_SCOPE_PCI_SUBHIERARCHY) {
		if (s->bus == bus && sdevfn == devfn)
			return true;
		return s->has_bus_range && bus >= s->sec_bus && bus <= s->sub_bus;
	}
	return false;
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
