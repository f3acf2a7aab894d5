/* SPDX-License-Identifier: BSD-3-Clause */
/* vIOAPIC register window: IOREGSEL/IOWIN, ID/version/arbitration, the redirection table and refused accesses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <hvkit/errno.h>
#include <vdev/vioapic.h>

static struct vioapic io;
static unsigned delivered;

static int count_deliver(void *ctx, const struct vioapic_msg *m)
{
	(void)ctx;
	(void)m;
	delivered++;
	return 1;
}

static int setup(void **state)
{
	(void)state;
	delivered = 0;
	const struct vioapic_ops ops = { .deliver = count_deliver };
	vioapic_init(&io, VIOAPIC_DEFAULT_BASE, &ops);
	return 0;
}

static uint32_t rd(uint32_t index)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, index), 0);
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_WIN, 4, &v), 0);
	return v;
}

static void wr(uint32_t index, uint32_t val)
{
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, index), 0);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_WIN, 4, val), 0);
}

static void version_register_reports_24_entries_version_0x20(void **state)
{
	(void)state;
	assert_int_equal(rd(IOAPIC_VER), 0x00170020u);
	wr(IOAPIC_VER, 0);
	assert_int_equal(rd(IOAPIC_VER), 0x00170020u);
}

static void id_keeps_bits_27_24_and_arbitration_follows_it(void **state)
{
	(void)state;
	assert_int_equal(rd(IOAPIC_ID), 0);
	wr(IOAPIC_ID, 0xFFFFFFFFu);
	assert_int_equal(rd(IOAPIC_ID), 0x0F000000u);
	assert_int_equal(rd(IOAPIC_ARB), 0x0F000000u);
	wr(IOAPIC_ARB, 0);
	assert_int_equal(rd(IOAPIC_ARB), 0x0F000000u);
}

static void ioregsel_reads_back_its_low_byte(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, 0x12345617u), 0);
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_REGSEL, 4, &v), 0);
	assert_int_equal(v, 0x17u);
}

static void every_entry_is_masked_at_reset(void **state)
{
	(void)state;
	for (unsigned p = 0; p < VIOAPIC_PINS; p++) {
		assert_int_equal(rd(IOAPIC_REDTBL + 2 * p), IOAPIC_RTE_MASKED);
		assert_int_equal(rd(IOAPIC_REDTBL + 2 * p + 1), 0);
	}
}

static void redirection_entry_halves_read_back_what_was_written(void **state)
{
	(void)state;
	for (unsigned p = 0; p < VIOAPIC_PINS; p++) {
		uint32_t lo = IOAPIC_RTE_MASKED | IOAPIC_RTE_LEVEL | IOAPIC_RTE_POLARITY_LOW | IOAPIC_RTE_DEST_LOGICAL |
			      (1u << 8) | (0x30u + p);
		wr(IOAPIC_REDTBL + 2 * p, lo);
		wr(IOAPIC_REDTBL + 2 * p + 1, (p + 1) << 24);
	}
	for (unsigned p = 0; p < VIOAPIC_PINS; p++) {
		assert_int_equal(rd(IOAPIC_REDTBL + 2 * p) & 0xFFu, 0x30u + p);
		assert_int_equal(rd(IOAPIC_REDTBL + 2 * p + 1), (p + 1) << 24);
		assert_int_equal(vioapic_rte(&io, p) >> 56, p + 1);
	}
}

static void delivery_status_remote_irr_and_reserved_bits_are_read_only(void **state)
{
	(void)state;
	wr(IOAPIC_REDTBL + 2 * 5, 0xFFFFFFFFu);
	wr(IOAPIC_REDTBL + 2 * 5 + 1, 0xFFFFFFFFu);
	uint32_t lo = rd(IOAPIC_REDTBL + 2 * 5), hi = rd(IOAPIC_REDTBL + 2 * 5 + 1);
	assert_int_equal(lo & (uint32_t)(IOAPIC_RTE_DELIVS | IOAPIC_RTE_REMOTE_IRR), 0);
	assert_int_equal(lo & 0xFFFE0000u, 0);    /* 31:17 reserved */
	assert_int_equal(hi, 0xFF000000u);        /* 55:32 reserved */
	assert_int_equal(lo, 0x1AFFFu);           /* mask, level, polarity, dest mode, DM, vector */
	assert_int_equal(delivered, 0);           /* masked: nothing sent */
}

static void unimplemented_indirect_register_reads_zero_and_ignores_writes(void **state)
{
	(void)state;
	const uint32_t idx[] = { 0x03, 0x0F, IOAPIC_REDTBL + 2 * VIOAPIC_PINS, 0xFF };
	for (unsigned i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		wr(idx[i], 0xFFFFFFFFu);
		assert_int_equal(rd(idx[i]), 0);
	}
	assert_int_equal(rd(IOAPIC_REDTBL + 2 * 23), IOAPIC_RTE_MASKED); /* the last entry is untouched */
}

static void access_other_than_4_bytes_is_refused_and_changes_nothing(void **state)
{
	(void)state;
	const unsigned sizes[] = { 1, 2, 8, 0 };
	uint32_t v = 0x55;
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, sizes[i], IOAPIC_VER), -HV_EINVAL);
		v = 0x55;
		assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_WIN, sizes[i], &v), -HV_EINVAL);
		assert_int_equal(v, 0x55);
	}
	uint32_t sel = 0xdead;
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_REGSEL, 4, &sel), 0);
	assert_int_equal(sel, 0);
}

static void unaligned_outside_or_non_register_offsets_are_refused(void **state)
{
	(void)state;
	uint32_t v = 0x55;
	assert_int_equal(vioapic_mmio_write(&io, 0x01, 4, 1), -HV_EINVAL);
	assert_int_equal(vioapic_mmio_read(&io, 0x12, 4, &v), -HV_EINVAL);
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_MMIO_SIZE, 4, &v), -HV_ERANGE);
	assert_int_equal(vioapic_mmio_write(&io, 0xFFFFFFFCu, 4, 1), -HV_ERANGE);
	assert_int_equal(vioapic_mmio_read(&io, 0x04, 4, &v), -HV_ENOENT);
	assert_int_equal(vioapic_mmio_write(&io, 0x20, 4, 1), -HV_ENOENT);
	assert_int_equal(vioapic_mmio_read(&io, 0x30, 4, &v), -HV_ENOENT);
	assert_int_equal(v, 0x55);
	assert_int_equal(rd(IOAPIC_ID), 0);
}

static void eoi_register_reads_zero(void **state)
{
	(void)state;
	uint32_t v = 0x55;
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_EOI, 4, &v), 0);
	assert_int_equal(v, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(version_register_reports_24_entries_version_0x20, setup),
		cmocka_unit_test_setup(id_keeps_bits_27_24_and_arbitration_follows_it, setup),
		cmocka_unit_test_setup(ioregsel_reads_back_its_low_byte, setup),
		cmocka_unit_test_setup(every_entry_is_masked_at_reset, setup),
		cmocka_unit_test_setup(redirection_entry_halves_read_back_what_was_written, setup),
		cmocka_unit_test_setup(delivery_status_remote_irr_and_reserved_bits_are_read_only, setup),
		cmocka_unit_test_setup(unimplemented_indirect_register_reads_zero_and_ignores_writes, setup),
		cmocka_unit_test_setup(access_other_than_4_bytes_is_refused_and_changes_nothing, setup),
		cmocka_unit_test_setup(unaligned_outside_or_non_register_offsets_are_refused, setup),
		cmocka_unit_test_setup(eoi_register_reads_zero, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
