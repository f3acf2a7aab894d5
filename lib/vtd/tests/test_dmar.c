/* SPDX-License-Identifier: BSD-3-Clause */
/* DMAR parsing: good tables built here, and every malformed shape rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vtd/dmar.h>

#include "host_platform.h"

/* A little table builder. */
static uint8_t tbl[1024];
static size_t tlen;

static void put8(uint8_t v) { tbl[tlen++] = v; }
static void put16(uint16_t v) { memcpy(&tbl[tlen], &v, 2); tlen += 2; }
static void put64(uint64_t v) { memcpy(&tbl[tlen], &v, 8); tlen += 8; }

static void begin(void)
{
	memset(tbl, 0, sizeof(tbl));
	memcpy(tbl, "DMAR", 4);
	tbl[8] = 1;
	memcpy(tbl + 10, "HVKIT ", 6);
	tbl[36] = 38; /* HAW 39 bits */
	tbl[37] = 1; /* flags: INTR_REMAP (8.1), which the parser does not keep */
	tlen = 48;
}

static size_t begin_struct(uint16_t type)
{
	size_t at = tlen;
	put16(type);
	put16(0);
	return at;
}

static void end_struct(size_t at)
{
	uint16_t l = (uint16_t)(tlen - at);
	memcpy(&tbl[at + 2], &l, 2);
}

static void drhd(uint8_t flags, uint16_t seg, uint64_t base)
{
	put8(flags);
	put8(0);
	put16(seg);
	put64(base);
}

static void scope(uint8_t type, uint8_t enum_id, uint8_t bus, unsigned int n, const uint8_t *path)
{
	put8(type);
	put8((uint8_t)(6 + 2 * n));
	put16(0);
	put8(enum_id);
	put8(bus);
	for (unsigned int i = 0; i < 2 * n; i++)
		put8(path[i]);
}

static void finish(void)
{
	uint32_t l = (uint32_t)tlen;
	memcpy(&tbl[4], &l, 4);
	tbl[9] = 0;
	uint8_t sum = 0;
	for (size_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + tbl[i]);
	tbl[9] = (uint8_t)(0x100 - sum);
}

/* Bridge 00:1c.0 has secondary bus 3, subordinate 5; nothing else is known. */
static int lookups;
static int bus_lookup(void *ctx, uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint8_t *sec, uint8_t *sub)
{
	(void)ctx;
	lookups++;
	if (seg == 0 && bus == 0 && dev == 0x1c && fn == 0) {
		*sec = 3;
		*sub = 5;
		return 0;
	}
	return -1;
}

static struct dmar_info info;

/* The QEMU-like table: one catch-all DRHD with an IOAPIC and an HPET, a second DRHD
 * with an endpoint behind a bridge and a bridge scope, an RMRR, and an ATSR, RHSA
 * and SATC to skip. */
static void build_good(void)
{
	begin();
	size_t s = begin_struct(DMAR_TYPE_DRHD);
	drhd(DMAR_DRHD_INCLUDE_PCI_ALL, 0, 0xfed90000);
	uint8_t ioapic_path[] = { 0x1f, 0x7 };
	scope(3, 2, 0xf0, 1, ioapic_path); /* I/O APIC (8.3.1) */
	uint8_t hpet_path[] = { 0x0f, 0x0 };
	scope(4, 0, 0, 1, hpet_path); /* HPET */
	end_struct(s);

	s = begin_struct(2 /* ATSR */);
	put8(0);
	put8(0);
	put16(0);
	end_struct(s);

	s = begin_struct(DMAR_TYPE_DRHD);
	drhd(0, 0, 0xfed91000);
	uint8_t ep_path[] = { 0x1c, 0, 0x00, 0x1 }; /* 00:1c.0 -> bus 3, device 3:00.1 */
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, 2, ep_path);
	uint8_t br_path[] = { 0x1c, 0 };
	scope(DMAR_SCOPE_PCI_SUBHIERARCHY, 0, 0, 1, br_path);
	end_struct(s);

	s = begin_struct(DMAR_TYPE_RMRR);
	put16(0);
	put16(0);
	put64(0x000e0000);
	put64(0x000fffff);
	uint8_t usb_path[] = { 0x1d, 0 };
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, 1, usb_path);
	end_struct(s);

	s = begin_struct(3 /* RHSA */);
	for (int i = 0; i < 16; i++)
		put8(0);
	end_struct(s);

	s = begin_struct(5 /* SATC */);
	put8(0);
	put8(0);
	put16(0);
	end_struct(s);
	finish();
}

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	lookups = 0;
	memset(&info, 0xA5, sizeof(info));
	return 0;
}

static void test_dmar_good_table_yields_units_scopes_and_rmrr(void **state)
{
	(void)state;
	build_good();
	assert_int_equal(dmar_parse(tbl, tlen, bus_lookup, NULL, &info), 0);
	assert_int_equal(info.haw_bits, 39);
	assert_int_equal(info.drhd_count, 2);
	assert_int_equal(info.rmrr_count, 1);
	assert_int_equal(info.scope_count, 3); /* the IOAPIC and HPET scopes name no PCI function: skipped */

	const struct dmar_drhd *d0 = &info.drhd[0];
	assert_int_equal(d0->flags & DMAR_DRHD_INCLUDE_PCI_ALL, DMAR_DRHD_INCLUDE_PCI_ALL);
	assert_int_equal(d0->reg_base, 0xfed90000);
	assert_int_equal(d0->scope_count, 0);

	const struct dmar_drhd *d1 = &info.drhd[1];
	assert_int_equal(d1->flags, 0);
	assert_int_equal(d1->reg_base, 0xfed91000);
	assert_int_equal(d1->scope_count, 2);
	const struct dmar_scope *ep = &info.scopes[d1->scope_first];
	assert_true(ep->resolved);
	assert_int_equal(ep->bus, 3); /* secondary bus of 00:1c.0 from the callback */
	assert_int_equal(ep->devfn, 0x01);
	assert_true(ep->sec_bus > ep->sub_bus); /* an endpoint covers no bus range */
	const struct dmar_scope *br = &info.scopes[d1->scope_first + 1];
	assert_true(br->resolved);
	assert_int_equal(br->devfn, 0x1c << 3);
	assert_int_equal(br->sec_bus, 3);
	assert_int_equal(br->sub_bus, 5);

	const struct dmar_rmrr *r = &info.rmrr[0];
	assert_int_equal(r->base, 0xe0000);
	assert_int_equal(r->limit, 0xfffff);
	assert_int_equal(r->scope_count, 1);
	assert_int_equal(info.scopes[r->scope_first].devfn, 0x1d << 3);
	assert_true(lookups > 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 0);
	assert_true(host_platform_log_count[PLAT_LOG_INFO] >= 3); /* one per skipped structure (ATSR, RHSA, ANDD) */
}

static void test_dmar_device_lookup_prefers_scope_then_include_all(void **state)
{
	(void)state;
	build_good();
	assert_int_equal(dmar_parse(tbl, tlen, bus_lookup, NULL, &info), 0);
	assert_int_equal(dmar_drhd_for_device(&info, 0, 3, 0x01), 1);        /* endpoint 03:00.1 */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 4, 0x10), 1);        /* behind the bridge */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 0, (0x1c << 3)), 1); /* the bridge itself */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 0, (0x02 << 3)), 0); /* INCLUDE_PCI_ALL */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 6, 0), 0);
	assert_int_equal(dmar_drhd_for_device(&info, 1, 0, 0), -HV_ENOENT); /* no unit for segment 1 */
}

static void test_dmar_path_through_bridge_stays_unresolved_without_lookup(void **state)
{
	(void)state;
	build_good();
	assert_int_equal(dmar_parse(tbl, tlen, NULL, NULL, &info), 0);
	const struct dmar_scope *ep = &info.scopes[info.drhd[1].scope_first];
	assert_false(ep->resolved);
	/* A one-entry path needs no lookup. */
	const struct dmar_scope *br = &info.scopes[info.drhd[1].scope_first + 1];
	assert_true(br->resolved);
	assert_true(br->sec_bus > br->sub_bus); /* no bus range without a lookup */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 0, 0x1c << 3), 1); /* the bridge itself */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 4, 0x10), 0);      /* behind it: not known */
	/* Unresolved scopes claim nothing: 03:00.1 falls to the catch-all unit. */
	assert_int_equal(dmar_drhd_for_device(&info, 0, 3, 0x01), 0);
}

static int failing_lookup(void *ctx, uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint8_t *sec, uint8_t *sub)
{
	(void)ctx; (void)seg; (void)bus; (void)dev; (void)fn; (void)sec; (void)sub;
	lookups++;
	return -1;
}

static void test_dmar_failed_lookup_leaves_scope_unresolved(void **state)
{
	(void)state;
	build_good();
	assert_int_equal(dmar_parse(tbl, tlen, failing_lookup, NULL, &info), 0);
	assert_false(info.scopes[info.drhd[1].scope_first].resolved);
	assert_true(lookups > 0);
}

static void expect_reject(int want, const char *needle)
{
	host_platform_reset();
	assert_int_equal(dmar_parse(tbl, tlen, bus_lookup, NULL, &info), want);
	assert_true(host_platform_log_count[PLAT_LOG_ERROR] >= 1);
	assert_non_null(strstr(host_platform_last_log, needle));
}

/* The signature and checksum are the caller's to check (core/acpi's acpi_find_table); the length field must fit. */
static void test_dmar_rejects_short_header_and_length_past_the_buffer(void **state)
{
	(void)state;
	build_good();
	size_t full = tlen;
	tlen = 40;
	expect_reject(-HV_EINVAL, "header at offset 0x0: length");
	tlen = full - 1; /* header says more than the caller has */
	expect_reject(-HV_EINVAL, "header at offset 0x0: length");
}

static void test_dmar_rejects_truncated_structure(void **state)
{
	(void)state;
	begin();
	size_t s = begin_struct(DMAR_TYPE_DRHD);
	drhd(DMAR_DRHD_INCLUDE_PCI_ALL, 0, 0xfed90000);
	end_struct(s);
	uint16_t big = 200; /* runs past the end of the table */
	memcpy(&tbl[s + 2], &big, 2);
	finish();
	expect_reject(-HV_EINVAL, "DRHD at offset 0x30: length 200 outside 16..16");
}

static void test_dmar_rejects_zero_length_structure(void **state)
{
	(void)state;
	begin();
	size_t s = begin_struct(DMAR_TYPE_RMRR);
	put64(0);
	end_struct(s);
	memset(&tbl[s + 2], 0, 2);
	finish();
	expect_reject(-HV_EINVAL, "RMRR at offset 0x30: length 0 outside 24..");
}

static void test_dmar_rejects_truncated_structure_header(void **state)
{
	(void)state;
	begin();
	put16(DMAR_TYPE_DRHD); /* 2 bytes: not even a type and length */
	finish();
	expect_reject(-HV_EINVAL, "unknown at offset 0x30: length 0 outside 4..2");
}

static void test_dmar_rejects_short_drhd_and_rmrr(void **state)
{
	(void)state;
	begin();
	size_t s = begin_struct(DMAR_TYPE_DRHD);
	put64(0);
	end_struct(s); /* 12 bytes */
	finish();
	expect_reject(-HV_EINVAL, "DRHD at offset 0x30: length 12 outside 16..12");
	begin();
	s = begin_struct(DMAR_TYPE_RMRR);
	put64(0);
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "RMRR at offset 0x30: length 12 outside 24..12");
}

static void test_dmar_rejects_bad_device_scope(void **state)
{
	(void)state;
	/* Scope length odd / shorter than a path entry. */
	begin();
	size_t s = begin_struct(DMAR_TYPE_DRHD);
	drhd(0, 0, 0xfed90000);
	put8(DMAR_SCOPE_PCI_ENDPOINT);
	put8(7);
	put16(0);
	put8(0);
	put8(0);
	put8(0);
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "bad length 7 or path");
	/* Scope longer than its structure. */
	begin();
	s = begin_struct(DMAR_TYPE_DRHD);
	drhd(0, 0, 0xfed90000);
	put8(DMAR_SCOPE_PCI_ENDPOINT);
	put8(12);
	put16(0);
	put8(0);
	put8(0);
	put16(0x1f);
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "bad length 12 or path");
	/* Path naming device 32. */
	begin();
	s = begin_struct(DMAR_TYPE_DRHD);
	drhd(0, 0, 0xfed90000);
	uint8_t p[] = { 32, 0 };
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, 1, p);
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "device scope at offset 0x40: bad length 8 or path");
}

static void test_dmar_rejects_misaligned_register_base_and_rmrr(void **state)
{
	(void)state;
	begin();
	size_t s = begin_struct(DMAR_TYPE_DRHD);
	drhd(0, 0, 0xfed90800);
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "not page aligned");
	begin();
	s = begin_struct(DMAR_TYPE_RMRR);
	put16(0);
	put16(0);
	put64(0x1000);
	put64(0x1ffe); /* limit + 1 not aligned */
	end_struct(s);
	finish();
	expect_reject(-HV_EINVAL, "bad range");
}

static void test_dmar_rejects_more_units_than_capacity(void **state)
{
	(void)state;
	begin();
	for (unsigned int i = 0; i <= DMAR_MAX_DRHD; i++) {
		size_t s = begin_struct(DMAR_TYPE_DRHD);
		drhd(0, 0, 0xfed90000 + i * 0x1000ull);
		end_struct(s);
	}
	finish();
	expect_reject(-HV_ENOMEM, "more than 8 DRHD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dmar_good_table_yields_units_scopes_and_rmrr, setup),
		cmocka_unit_test_setup(test_dmar_device_lookup_prefers_scope_then_include_all, setup),
		cmocka_unit_test_setup(test_dmar_path_through_bridge_stays_unresolved_without_lookup, setup),
		cmocka_unit_test_setup(test_dmar_failed_lookup_leaves_scope_unresolved, setup),
		cmocka_unit_test_setup(test_dmar_rejects_short_header_and_length_past_the_buffer, setup),
		cmocka_unit_test_setup(test_dmar_rejects_truncated_structure, setup),
		cmocka_unit_test_setup(test_dmar_rejects_zero_length_structure, setup),
		cmocka_unit_test_setup(test_dmar_rejects_truncated_structure_header, setup),
		cmocka_unit_test_setup(test_dmar_rejects_short_drhd_and_rmrr, setup),
		cmocka_unit_test_setup(test_dmar_rejects_bad_device_scope, setup),
		cmocka_unit_test_setup(test_dmar_rejects_misaligned_register_base_and_rmrr, setup),
		cmocka_unit_test_setup(test_dmar_rejects_more_units_than_capacity, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
