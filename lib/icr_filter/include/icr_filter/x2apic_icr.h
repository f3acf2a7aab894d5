/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x2APIC Interrupt Command Register (MSR 830H) and the two registers whose reads
 * the lapic_pt mode virtualizes. Field layout: SDM Vol. 3A 11.12.9, Figure 11-28.
 */
#ifndef ICR_FILTER_X2APIC_ICR_H
#define ICR_FILTER_X2APIC_ICR_H

#include <hvkit/arch/x86.h>
#include <stdint.h>

/* The low half's fields are the platform's APIC_ICR_* (<hvkit/arch/x86.h>), widened to the 64-bit register. */
#define ICR_VECTOR_MASK ((uint64_t)APIC_ICR_VECTOR)
#define ICR_DELIVERY_MODE_SHIFT APIC_ICR_DM_SHIFT
#define ICR_DELIVERY_MODE_MASK ((uint64_t)APIC_ICR_DM)
#define ICR_DEST_MODE_LOGICAL ((uint64_t)APIC_ICR_DEST_LOGICAL)
/* SDM 11.12.9: Delivery Status is gone in x2APIC mode; WRMSR ignores bit 12 (no #GP). */
#define ICR_DELIVERY_STATUS ((uint64_t)APIC_ICR_DELIVERY_STATUS)
#define ICR_LEVEL_ASSERT ((uint64_t)APIC_ICR_LEVEL_ASSERT)
#define ICR_TRIGGER_LEVEL ((uint64_t)APIC_ICR_TRIGGER_LEVEL)
#define ICR_SHORTHAND_SHIFT APIC_ICR_SHORTHAND_SHIFT
#define ICR_SHORTHAND_MASK ((uint64_t)APIC_ICR_SHORTHAND)
#define ICR_DEST_SHIFT 32

/*
 * Bits a WRMSR to the ICR must leave zero: 13, 17:16 and 31:20 (Figure 11-28). A non-zero
 * write to a reserved bit of an x2APIC register raises #GP (SDM 11.12.1.3).
 */
#define ICR_RESERVED_BITS ((1ull << 13) | (3ull << 16) | (0xfffull << 20))

static inline uint8_t icr_vector(uint64_t icr)
{
	return (uint8_t)(icr & ICR_VECTOR_MASK);
}

static inline enum apic_delivery_mode icr_delivery_mode(uint64_t icr)
{
	return (enum apic_delivery_mode)((icr & ICR_DELIVERY_MODE_MASK) >> ICR_DELIVERY_MODE_SHIFT);
}

static inline enum apic_shorthand icr_shorthand(uint64_t icr)
{
	return (enum apic_shorthand)((icr & ICR_SHORTHAND_MASK) >> ICR_SHORTHAND_SHIFT);
}

static inline uint32_t icr_destination(uint64_t icr)
{
	return (uint32_t)(icr >> ICR_DEST_SHIFT);
}

/*
 * The logical x2APIC ID the hardware derives from an x2APIC ID (SDM 11.12.10.2):
 * cluster ID = ID[19:4] in bits 31:16, and bit ID[3:0] set in bits 15:0.
 */
static inline uint32_t x2apic_ldr_of_id(uint32_t x2apic_id)
{
	return (((x2apic_id >> 4) & 0xffffu) << 16) | (1u << (x2apic_id & 0xfu));
}

#endif
