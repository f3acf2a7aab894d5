/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A simulated VT-d remapping unit for lib/vtd's unit tests: implements the
 * vtd_hw seam over a register file that reacts like hardware. The "regs"
 * pointer lib/vtd receives is a struct sim_unit *.
 */
#ifndef VTD_SIM_UNIT_H
#define VTD_SIM_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* QEMU 7.2 intel-iommu (PLATFORM.md): 3-level, NFR 1 at 0x220, IOTLB at 0xF0, QI/IR/PT, not coherent. */
#define SIM_QEMU_CAP 0x00d2008c22260206ull
#define SIM_QEMU_ECAP 0x0000000000f00f4aull

enum sim_inv_kind { SIM_INV_CC, SIM_INV_IOTLB, SIM_INV_IEC };

struct sim_inv {
	enum sim_inv_kind kind;
	bool queued; /* through the invalidation queue (else registers) */
	unsigned int gran;
	uint16_t did, sid;
	uint64_t addr;
	unsigned int am;
	bool dr, dw;
	bool iec_global;
	uint16_t iec_index;
};

#define SIM_MAX_INV 64
#define SIM_MAX_FLUSH 512

struct sim_unit {
	uint8_t reg[4096];
	/* Behaviour knobs. */
	uint32_t stall_gsts;   /* GCMD bits whose GSTS handshake never completes */
	bool stall_ccmd, stall_iotlb, stall_queue;
	bool refuse_ccmd, refuse_iotlb; /* complete with CAIG/IAIG = 0 */
	bool fail_next_desc; /* treat the next non-wait descriptor as malformed (IQE) */
	uint64_t tsc_per_read; /* host TSC advance per register read (default 1000) */
	/* Observations. */
	struct sim_inv inv[SIM_MAX_INV];
	unsigned int inv_count;
	unsigned int gcmd_writes, gcmd_violations, reg_inv_while_qi, wait_descs, bad_descs;
	uint32_t gcmd_log[32];
	uint64_t root_latched, irta_latched;
	bool qi_on;
};

/* Fresh unit with the given CAP/ECAP (VER 1.0), all registers zero otherwise. */
void sim_init(struct sim_unit *s, uint64_t cap, uint64_t ecap);
uint32_t sim_gsts(struct sim_unit *s);
uint32_t sim_reg32(struct sim_unit *s, uint32_t off);
uint64_t sim_reg64(struct sim_unit *s, uint32_t off);
/* Record a fault in recording register idx; if its F is already set, set PFO instead. */
void sim_inject_fault(struct sim_unit *s, unsigned int idx, uint16_t sid, uint64_t fi, uint8_t reason, bool is_read);
/* Context entry the hardware would use for bus:devfn through the latched root; false if not present. */
bool sim_context(struct sim_unit *s, uint8_t bus, uint8_t devfn, uint64_t *lo, uint64_t *hi);

/* Cache flushes seen by vtd_hw_flush_cache. */
extern unsigned int sim_flush_count;
bool sim_flushed(const void *va, size_t len);
void sim_flush_reset(void);

struct vtd_unit;
struct vtd_fault;
/* What vtd_fault_report (defined by sim_unit.c for the tests) calls, when not NULL. */
extern void (*sim_fault_report)(struct vtd_unit *unit, const struct vtd_fault *fault);

#endif
