/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A caller's RAM for the hypercall tests: one contiguous buffer at a guest-physical base, behind the
 * three hc_guest callbacks. Each callback counts its calls and remembers its last arguments, so a
 * test can say what the decoder touched; an access not wholly inside [base, base + size) is
 * -HVKIT_EFAULT (computed without overflow, so a wrapping range is refused too).
 */
#ifndef HC_TEST_FAKE_GUEST_H
#define HC_TEST_FAKE_GUEST_H

#include <hypercall/hypercall.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fake_guest {
	uint8_t *ram;           /* exactly size bytes on the heap (ASan sees any overrun) */
	uint64_t base;
	size_t size;
	unsigned int reads, writes, checks;
	uint64_t last_gpa;
	size_t last_len;
	struct hc_guest ops;
};

/* RAM of size bytes at base, filled with fill. */
void fake_guest_init(struct fake_guest *g, uint64_t base, size_t size, uint8_t fill);
void fake_guest_free(struct fake_guest *g);
/* Is [gpa, gpa + len) all RAM? */
bool fake_guest_contains(const struct fake_guest *g, uint64_t gpa, size_t len);
/* The host pointer for gpa (which must be RAM, len bytes of it). */
void *fake_guest_at(struct fake_guest *g, uint64_t gpa, size_t len);
/* Copy a structure into RAM at gpa. */
void fake_guest_put(struct fake_guest *g, uint64_t gpa, const void *src, size_t len);
/* Zero the call counters. */
void fake_guest_reset_counts(struct fake_guest *g);

/*
 * Arguments that pass every check of desc: a VM id, vCPU, pin, level and MSI in range, a valid
 * structure of desc's type written at base + HC_TEST_STRUCT_OFFSET, a page at base +
 * HC_TEST_PAGE_OFFSET, and HC_TEST_UNUSED in registers the call does not use. g must hold at least
 * HC_TEST_RAM bytes.
 */
#define HC_TEST_RAM 0x3000u
#define HC_TEST_STRUCT_OFFSET 0x100u
#define HC_TEST_PAGE_OFFSET 0x1000u
#define HC_TEST_UNUSED 0xdeadbeefcafef00dull
#define HC_TEST_VM 5u
void hc_test_valid_args(const struct hc_desc *desc, struct fake_guest *g, uint64_t arg[3]);
/* The valid structures hc_test_valid_args writes. */
void hc_test_valid_struct(enum hc_struct type, void *dst);

/* A call from a VM of kind at CPL cpl. */
struct hc_call hc_test_call(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, unsigned int cpl, uint8_t kind);
/* hc_decode of a CPL 0 call from the Service VM. */
int hc_test_service(struct fake_guest *g, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		    struct hc_request *out);

#endif
