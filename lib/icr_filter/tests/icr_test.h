/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared fixtures for the icr_filter tests: a 20-vCPU VM spread over two virtual
 * clusters (IDs 0-15 and 16-19) on scattered physical x2APIC IDs. */
#ifndef ICR_FILTER_TESTS_ICR_TEST_H
#define ICR_FILTER_TESTS_ICR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/arch/x86_ext.h>
#include <icr_filter/icr_filter.h>

#define TEST_NR_VCPUS 20u

/* The ICR's low-half fields widened to the 64-bit register, as the tests build values. */
#define ICR_DELIVERY_MODE_SHIFT APIC_ICR_DM_SHIFT
#define ICR_SHORTHAND_SHIFT APIC_ICR_SHORTHAND_SHIFT
#define ICR_DEST_MODE_LOGICAL ((uint64_t)APIC_ICR_DEST_LOGICAL)
#define ICR_DELIVERY_STATUS ((uint64_t)APIC_ICR_DELIVERY_STATUS)
#define ICR_LEVEL_ASSERT ((uint64_t)APIC_ICR_LEVEL_ASSERT)
#define ICR_TRIGGER_LEVEL ((uint64_t)APIC_ICR_TRIGGER_LEVEL)

/* vCPU i runs on physical x2APIC ID 0x40 + 3*i: physical clusters differ from virtual. */
static inline uint32_t test_phys_id(unsigned int vcpu)
{
	return 0x40u + 3u * vcpu;
}

static inline void test_map(struct icr_vm_map *m, unsigned int nr)
{
	uint32_t ids[ICR_MAX_VCPUS];
	for (unsigned int i = 0; i < nr; i++)
		ids[i] = test_phys_id(i);
	assert_int_equal(icr_vm_map_init(m, ids, nr), 0);
}

/* An x2APIC ICR value (SDM 11.12.9 Figure 11-28). */
static inline uint64_t icr_make(uint32_t dest, enum apic_shorthand sh, bool logical,
				enum apic_delivery_mode dm, uint8_t vector)
{
	return ((uint64_t)dest << ICR_DEST_SHIFT) | ((uint64_t)sh << ICR_SHORTHAND_SHIFT) |
	       (logical ? ICR_DEST_MODE_LOGICAL : 0) | ((uint64_t)dm << ICR_DELIVERY_MODE_SHIFT) |
	       ICR_LEVEL_ASSERT | vector;
}

#define PHYS(dest, dm, vec) icr_make((dest), APIC_SH_NONE, false, (dm), (vec))
#define LOGICAL(dest, dm, vec) icr_make((dest), APIC_SH_NONE, true, (dm), (vec))
#define SHORT(sh, dm, vec) icr_make(0, (sh), false, (dm), (vec))

/*
 * Every physical send must be a physical-destination, no-shorthand IPI to the CPU of a
 * vCPU of the VM (or the self shorthand from the sender): nothing may reach a foreign CPU.
 */
static inline void assert_sends_stay_in_vm(const struct icr_vm_map *m, unsigned int src,
					   const struct icr_action *a)
{
	assert_int_equal(a->kind, ICR_ACT_SEND);
	for (unsigned int i = 0; i < a->nr_sends; i++) {
		uint64_t icr = a->sends[i].icr;
		unsigned int v = a->sends[i].vcpu;
		assert_true(v < m->nr_vcpus);
		assert_true(a->targets & (1ull << v));
		assert_int_equal(icr & ICR_DEST_MODE_LOGICAL, 0);
		assert_int_equal(icr & (ICR_RESERVED_BITS | ICR_DELIVERY_STATUS), 0);
		if (icr_shorthand(icr) == APIC_SH_SELF) {
			assert_int_equal(v, src);
			assert_int_equal(icr_destination(icr), 0);
		} else {
			assert_int_equal(icr_shorthand(icr), APIC_SH_NONE);
			assert_int_equal(icr_destination(icr), m->phys_id[v]);
		}
	}
	assert_int_equal(a->nr_sends, (unsigned int)__builtin_popcountll(a->targets));
}

#endif
