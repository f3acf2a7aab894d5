/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x2APIC Interrupt Command Register (MSR 830H) and the two registers whose reads
 * the lapic_pt mode virtualizes. Field layout: SDM Vol. 3A 11.12.9, Figure 11-28.
 */
#ifndef ICR_FILTER_X2APIC_ICR_H
#define ICR_FILTER_X2APIC_ICR_H

#include <stdint.h>

#define X2APIC_MSR_APICID 0x802u
#define X2APIC_MSR_LDR 0x80Du
#define X2APIC_MSR_ICR 0x830u

#define ICR_VECTOR_MASK 0xffull
#define ICR_DELIVERY_MODE_SHIFT 8
#define ICR_DELIVERY_MODE_MASK (7ull << ICR_DELIVERY_MODE_SHIFT)
#define ICR_DEST_MODE_LOGICAL (1ull << 11)
/* SDM 11.12.9: Delivery Status is gone in x2APIC mode; WRMSR ignores bit 12 (no #GP). */
#define ICR_DELIVERY_STATUS (1ull << 12)
#define ICR_LEVEL_ASSERT (1ull << 14)
#define ICR_TRIGGER_LEVEL (1ull << 15)
#define ICR_SHORTHAND_SHIFT 18
#define ICR_SHORTHAND_MASK (3ull << ICR_SHORTHAND_SHIFT)
#define ICR_DEST_SHIFT 32

/*
 * Bits a WRMSR to the ICR must leave zero: 13, 17:16 and 31:20 (Figure 11-28). A non-zero
 * write to a reserved bit of an x2APIC register raises #GP (SDM 11.12.1.3).
 */
#define ICR_RESERVED_BITS ((1ull << 13) | (3ull << 16) | (0xfffull << 20))

/* Destination ID meaning "all APICs", in physical and logical mode alike (SDM 11.12.9). */
#define X2APIC_BROADCAST_ID 0xffffffffu

/* ESR bit 5, Send Illegal Vector (SDM 11.5.3). */
#define APIC_ESR_SEND_ILLEGAL_VECTOR (1u << 5)

/* Vectors 0..15 are illegal for fixed and lowest-priority interrupts (SDM 11.5.3). */
#define APIC_FIRST_LEGAL_VECTOR 16u

enum icr_delivery_mode {
	ICR_DM_FIXED = 0,
	ICR_DM_LOWEST_PRIORITY = 1,
	ICR_DM_SMI = 2,
	ICR_DM_RESERVED_3 = 3,
	ICR_DM_NMI = 4,
	ICR_DM_INIT = 5,
	ICR_DM_STARTUP = 6,
	ICR_DM_RESERVED_7 = 7,
};

enum icr_shorthand {
	ICR_SH_NONE = 0,
	ICR_SH_SELF = 1,
	ICR_SH_ALL_INCLUDING_SELF = 2,
	ICR_SH_ALL_EXCLUDING_SELF = 3,
};

static inline uint8_t icr_vector(uint64_t icr)
{
	return (uint8_t)(icr & ICR_VECTOR_MASK);
}

static inline enum icr_delivery_mode icr_delivery_mode(uint64_t icr)
{
	return (enum icr_delivery_mode)((icr & ICR_DELIVERY_MODE_MASK) >> ICR_DELIVERY_MODE_SHIFT);
}

static inline enum icr_shorthand icr_shorthand(uint64_t icr)
{
	return (enum icr_shorthand)((icr & ICR_SHORTHAND_MASK) >> ICR_SHORTHAND_SHIFT);
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
