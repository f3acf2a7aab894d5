/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vtd: one Intel VT-d remapping unit (DRHD) in legacy (not scalable)
 * mode: root/context tables, invalidation (register-based and queued), fault
 * reporting and interrupt remapping. Second-level page tables are built by the
 * caller; lib/vtd only points context entries at them.
 *
 * <vtd/vtd.h> has what bringing a unit up and translating DMA needs;
 * <vtd/vtd_ext.h> the rest (tear-down, removal, invalidation by granularity,
 * interrupt remapping), kept apart so that an image including only this
 * header does not count those declarations.
 *
 * Every function returns 0 (or a non-negative value where noted) or a negative
 * HV_E* code. Refused requests change nothing. Every wait for the hardware is
 * bounded by unit->timeout_ticks (TSC ticks) and returns -HV_ETIMEDOUT.
 */
#ifndef VTD_VTD_H
#define VTD_VTD_H

#include <hvkit/platform.h>
#include <ratelimit/ratelimit.h>
#include <stdbool.h>
#include <stdint.h>

/* What the unit can do, decoded from VER, CAP and ECAP (VT-d 11.4.1-11.4.3). */
struct vtd_caps {
	uint64_t cap, ecap;  /* as read: the fields below are what lib/vtd uses often, or its policy (qi, ir) */
	uint32_t nd_count;   /* number of domain ids: 2^(4 + 2 * CAP.ND) */
	uint8_t sagaw;       /* VTD_SAGAW_39 | VTD_SAGAW_48 */
	uint16_t nfr;        /* number of fault-recording registers */
	uint32_t fro_off;    /* offset of the first fault-recording register */
	uint32_t iro_off;    /* offset of IVA_REG (IOTLB_REG follows at +8) */
	bool cm, coherent;
	bool qi, ir;         /* queued invalidation this library uses; interrupt remapping (needs qi, 11.4.3) */
};

/* A decoded fault record (VT-d 7.2.1, 11.4.9.4). */
struct vtd_fault {
	uint8_t bus, dev, fn; /* the requester */
	uint64_t addr;       /* faulting page address (DMA faults) */
	uint16_t ir_index;   /* interrupt_index (interrupt-remapping faults, reason >= 0x20) */
	uint8_t reason;      /* fault reason code */
	bool is_write;       /* request type (T = 0) */
	const char *reason_name;
	bool log;            /* within the unit's fault_rl: vtd_fault_report logs it (7.2 storms) */
};

struct vtd_unit {
	/* Set by vtd_unit_init, read-only afterwards. */
	void *regs;
	uint16_t segment;
	struct vtd_caps caps;
	/* Bound on every hardware wait, in TSC ticks (default: 10 ms). Tests lower it. */
	uint64_t timeout_ticks;

	/* Internal state. */
	plat_lock_t lock;
	uint64_t *root;          /* 256 root entries, 2 quadwords each */
	uint64_t *ctx[256];      /* context table per bus, NULL until used */
	bool qi_enabled;
	uint64_t *iq;            /* invalidation queue: one page, 256 descriptors */
	volatile uint32_t *iq_status; /* wait-descriptor status word */
	uint32_t iq_seq;
	uint32_t iq_tail;
	uint64_t *irt;           /* interrupt-remapping table */
	uint32_t irt_entries;
	bool ir_x2apic;

	/* Faults. */
	plat_lock_t fault_lock;
	struct ratelimit fault_rl; /* fault lines: 8 a second */
	uint64_t fault_total, fault_overflows;
};

/* ---- unit (src/unit.c) ---- */

/*
 * Read VER/CAP/ECAP of the unit whose registers are mapped at regs, allocate
 * its root table, and leave translation off (the invalidation queue's pages
 * are allocated when the queue is first turned on). Refuses units that support neither 39- nor 48-bit tables (HV_ENODEV)
 * or that already have translation enabled (HV_EBUSY).
 */
int vtd_unit_init(struct vtd_unit *unit, void *regs, uint16_t segment);

/*
 * Turn DMA remapping on: flush the write buffer (CAP.RWBF), enable queued
 * invalidation when ECAP.QI, set the root table pointer (SRTP), invalidate the context cache and IOTLB globally,
 * then set TE (VT-d 6.5.x / 10.4.4 order).
 */
int vtd_enable_translation(struct vtd_unit *unit);

/* ---- root and context tables (src/context.c) ---- */

/*
 * Give the device bus:devfn (segment must be the unit's) to domain did, whose
 * second-level tables start at slpt_hpa, walked with aw_bits (39 or 48).
 * HV_ERANGE: did >= ND count; HV_EINVAL: did 0 when CAP.CM, misaligned
 * slpt_hpa, other width or segment; HV_ENODEV: width not in SAGAW; HV_EBUSY:
 * already assigned; HV_ENOMEM.
 */
int vtd_assign_device(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn, uint16_t did,
	uint64_t slpt_hpa, unsigned int aw_bits);

/* ---- faults (src/fault.c) ---- */

/*
 * Called for every fault record, from vtd_fault_handle(), with the unit's fault
 * lock held: the caller of lib/vtd defines it (a link-time seam, as <vtd/vtd_hw.h>;
 * the core names the owning VM), and writes the fault's line when fault->log.
 */
void vtd_fault_report(struct vtd_unit *unit, const struct vtd_fault *fault);
/*
 * Program the fault-event interrupt: vector on the CPU whose APIC id is
 * dest_apic_id (xAPIC: <= 255 unless the unit runs in x2APIC mode), then
 * unmask it. HV_EINVAL for vector < 16 or a destination that does not fit.
 */
int vtd_fault_irq_setup(struct vtd_unit *unit, uint8_t vector, uint32_t dest_apic_id);
/*
 * Read, clear, decode and report (vtd_fault_report, rate-limited lines) every pending
 * fault record, then clear PFO. Returns the number of records handled. Call
 * from the fault-event interrupt or by polling.
 */
int vtd_fault_handle(struct vtd_unit *unit);
/* Spec name of a fault reason code (VT-d 7.1.3 and 7.1.4 tables); the registers-only flavour (vtd_reg_only_lib)
 * returns "see VT-d 7.1.3" for every code. */
const char *vtd_fault_reason_name(uint8_t reason);


#endif /* VTD_VTD_H */
