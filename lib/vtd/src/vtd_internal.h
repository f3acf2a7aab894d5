/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vtd internals shared by its source files. Callers hold unit->lock. */
#ifndef VTD_INTERNAL_H
#define VTD_INTERNAL_H

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vtd/vtd.h>
#include <vtd/vtd_hw.h>
#include <vtd/vtd_regs.h>

static inline uint32_t vtd_rd32(struct vtd_unit *u, uint32_t off) { return (uint32_t)vtd_hw_read(u->regs, off, 4); }
static inline uint64_t vtd_rd64(struct vtd_unit *u, uint32_t off) { return vtd_hw_read(u->regs, off, 8); }
static inline void vtd_wr32(struct vtd_unit *u, uint32_t off, uint32_t v) { vtd_hw_write(u->regs, off, v, 4); }
static inline void vtd_wr64(struct vtd_unit *u, uint32_t off, uint64_t v) { vtd_hw_write(u->regs, off, v, 8); }

/* Make CPU writes to [va, va+len) visible to a unit that does not snoop (ECAP.C = 0). */
static inline void vtd_sync(struct vtd_unit *u, const void *va, size_t len)
{
	if (!u->caps.coherent)
		vtd_hw_flush_cache(va, len);
}

/* Poll a register, 64 bits wide or 32, until (value & mask) == want, at most unit->timeout_ticks; *last (if not
 * NULL): the value read last. */
int vtd_wait(struct vtd_unit *u, uint32_t off, bool wide, uint64_t mask, uint64_t want, uint64_t *last,
	const char *what);

/* One GCMD command (set or clear one bit) and its GSTS handshake (VT-d 11.4.4). */
int vtd_gcmd(struct vtd_unit *u, uint32_t bit, bool on, const char *what);

/* Turn off what firmware left enabled (translation, interrupt remapping, queued invalidation). */
int vtd_unit_quiesce(struct vtd_unit *u);

/* The context entry of bus:devfn (creating its context table when `create`): 0, or -HV_ENOENT / -HV_ENOMEM. */
int vtd_ctx_entry(struct vtd_unit *u, uint8_t bus, uint8_t devfn, bool create, volatile uint64_t **out);

/* Make the context entry of bus:devfn present with lo/hi (domain did added) and publish it. */
int vtd_ctx_assign(struct vtd_unit *u, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t did, uint64_t lo,
	uint64_t hi);

/* Invalidation, lock held: vtd_inv_cc_locked and vtd_inv_iotlb_locked through the queue when it is on, else
 * through the registers (vtd_reg_inv_*); vtd_inv_queue_usable: will this library use a unit's ECAP.QI? */
bool vtd_inv_queue_usable(uint64_t ecap);
int vtd_reg_inv_cc(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid);
int vtd_reg_inv_iotlb(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am);
int vtd_inv_cc_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid);
int vtd_inv_iotlb_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am);
int vtd_wbf_locked(struct vtd_unit *u);
int vtd_qi_enable_locked(struct vtd_unit *u);

#endif
