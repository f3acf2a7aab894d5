/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ICR filter of the lapic_pt mode.
 *
 * A lapic_pt VM drives its physical x2APIC directly. The MSR bitmap passes every x2APIC
 * MSR through except WRMSR to the ICR (830H), which exits, and RDMSR of the APIC ID (802H)
 * and LDR (80DH), which return virtual values: vCPU i sees x2APIC ID i and the logical ID
 * the hardware would derive from i, so the guest sees a dense topology 0..n-1.
 *
 * This is the pure logic of those exits. icr_filter() validates one guest ICR write and
 * turns it into physical sends (always physical destination mode, one per target CPU,
 * never a logical destination or a broadcast shorthand on the physical bus, which could
 * reach another VM's CPUs), or into INIT/SIPI the core emulates. The library never
 * touches hardware: the core writes the physical ICR.
 *
 * Every function may run on any CPU; a map is read-only after icr_vm_map_init().
 */
#ifndef ICR_FILTER_ICR_FILTER_H
#define ICR_FILTER_ICR_FILTER_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

#include <hvkit/errno.h>

/*
 * The x2APIC ICR (MSR 830H, SDM Vol. 3A 11.12.9, Figure 11-28): the low half's fields are the platform's
 * APIC_ICR_* (<hvkit/arch/x86.h>), the destination is bits 63:32. Delivery Status (bit 12) is gone in x2APIC
 * mode and WRMSR ignores it; bits 13, 17:16 and 31:20 are reserved: a non-zero write is #GP (SDM 11.12.1.3).
 */
#define ICR_DEST_SHIFT 32
#define ICR_RESERVED_BITS ((1ull << 13) | (3ull << 16) | (0xfffull << 20))

static inline uint8_t icr_vector(uint64_t icr)
{
	return (uint8_t)(icr & APIC_ICR_VECTOR);
}

static inline enum apic_delivery_mode icr_delivery_mode(uint64_t icr)
{
	return (enum apic_delivery_mode)((icr & APIC_ICR_DM) >> APIC_ICR_DM_SHIFT);
}

static inline enum apic_shorthand icr_shorthand(uint64_t icr)
{
	return (enum apic_shorthand)((icr & APIC_ICR_SHORTHAND) >> APIC_ICR_SHORTHAND_SHIFT);
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

#define ICR_MAX_VCPUS 64u
/* One logical destination addresses at most one cluster of 16 IDs (SDM 11.12.10.2). */
#define ICR_MAX_DROPPED 16u

/* The guest's WRMSR must raise #GP(0) and change nothing (same convention as lib/vlapic). */
#define ICR_FILTER_GP (-HV_EPERM)
/* The write is refused and ignored without a fault: nothing is sent (SMI, reserved
 * delivery modes, and shorthand/mode combinations the SDM lists as invalid). */
#define ICR_FILTER_REFUSED (-HV_EINVAL)

/* A VM's vCPUs. Virtual x2APIC ID i is vCPU i (RDMSR 802H reads i: the core answers it); its virtual LDR is
 * x2apic_ldr_of_id(i). Fill with icr_vm_map_init(). */
struct icr_vm_map {
	unsigned int nr_vcpus;
	uint32_t phys_id[ICR_MAX_VCPUS]; /* physical x2APIC ID of the CPU running vCPU i */
};

enum icr_action_kind {
	/* Write sends[0..nr_sends) to the physical ICR, in order (nr_sends may be 0 when
	 * every destination was outside the VM). */
	ICR_ACT_SEND,
	/* INIT (level assert) to the vCPUs in targets: the core resets them itself. */
	ICR_ACT_EMULATE_INIT,
	/* INIT level de-assert (level 0, trigger level): no effect on processors with an
	 * x2APIC (SDM 11.6.1, unsupported since the Pentium 4); the core does nothing. */
	ICR_ACT_INIT_DEASSERT,
	/* Start-up IPI with start page `vector` to the vCPUs in targets: the core starts them. */
	ICR_ACT_EMULATE_SIPI,
	/* Fixed or lowest priority with a vector below 16: the APIC sends nothing and sets
	 * Send Illegal Vector in its ESR (SDM 11.5.3); the core sends nothing (the guest's
	 * physical ESR is its own). */
	ICR_ACT_ILLEGAL_VECTOR,
};

struct icr_send {
	unsigned int vcpu; /* the target vCPU */
	uint64_t icr;      /* the value to write to the physical ICR */
};

struct icr_action {
	enum icr_action_kind kind;
	uint8_t vector;
	uint64_t targets; /* bit i: vCPU i receives it (lowest priority: the chosen one) */
	unsigned int nr_sends;
	struct icr_send sends[ICR_MAX_VCPUS];
	/* Virtual x2APIC IDs the guest addressed that are not vCPUs of the VM: the core logs
	 * them (through lib/ratelimit). Filled for every kind. */
	unsigned int nr_dropped;
	uint32_t dropped_ids[ICR_MAX_DROPPED];
};

/*
 * Describe a VM of nr vCPUs; vCPU i runs on the CPU with x2APIC ID phys_ids[i].
 * Returns 0, or -HV_ERANGE (nr is 0 or above ICR_MAX_VCPUS), -HV_EINVAL (an ID is the
 * broadcast ID), -HV_EEXIST (two vCPUs on one CPU); on error *m is unchanged.
 */
int icr_vm_map_init(struct icr_vm_map *m, const uint32_t *phys_ids, unsigned int nr);

/*
 * Validate and translate the guest's WRMSR of `icr` to MSR 830H on vCPU src_vcpu.
 * Returns 0 with *out filled, ICR_FILTER_GP (reserved bits set), ICR_FILTER_REFUSED,
 * or -HV_ERANGE (src_vcpu not in the map). On any error *out is unchanged.
 */
int icr_filter(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr,
	       struct icr_action *out);

/*
 * Log, rate-limited at PLAT_LOG_WARN, the destinations of one filtered ICR write that
 * were outside the VM (nothing when a->nr_dropped is 0). vm names the VM in the line.
 * Returns true when a line was written.
 */
struct ratelimit;
bool icr_log_dropped(struct ratelimit *rl, const char *vm, unsigned int src_vcpu,
		     const struct icr_action *a);

#endif
