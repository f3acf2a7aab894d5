/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.1, 2.6), the device's side: take the next descriptor chain the driver made
 * available, and return it as used. Pure: guest memory only through gmem_ptr. Everything the driver wrote
 * is checked before use, and a violation is an error with a reason (the transport then sets
 * DEVICE_NEEDS_RESET): rings outside RAM or misaligned, an available index more than the queue size ahead,
 * a head or next index outside the table, a chain longer than the queue size (which is how loops end), a
 * buffer outside RAM, an indirect table that is not a multiple of 16 bytes, outside RAM, nested, or
 * combined with NEXT, a device-readable buffer after a device-writable one.
 */
#ifndef DM_VIRTQ_H
#define DM_VIRTQ_H

#include <stdbool.h>
#include <stdint.h>

#include "gmem.h"

#define VIRTQ_MAX_SIZE 256u /* the queue size devices offer; chains are at most this long */

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u

struct virtq {
	uint16_t size;          /* a power of two, 1..VIRTQ_MAX_SIZE */
	bool enabled;
	uint16_t msix_vector;
	uint64_t desc, avail, used; /* guest-physical */
	uint16_t last_avail;    /* next available-ring entry to take */
	uint16_t used_idx;      /* our copy of used->idx */
};

struct virtq_seg {
	uint64_t gpa;
	uint32_t len;
};

/* One chain: its readable segments first (nr), then its writable ones (nw). */
struct virtq_chain {
	uint16_t head;
	unsigned nr, nw;
	struct virtq_seg seg[VIRTQ_MAX_SIZE];
	uint64_t rlen, wlen;    /* total bytes readable, writable */
};

/* Back to the reset state (size VIRTQ_MAX_SIZE, disabled, addresses 0, vector 0xffff). */
void virtq_reset(struct virtq *q);

/* The rings of q (size, desc/avail/used) inside RAM and aligned (2.6: 16, 2, 4). 0, or -1 with *why. */
int virtq_check(const struct virtq *q, const struct gmem *m, const char **why);

/* The next available chain: 1 (c filled), 0 (none), -1 (a violation; *why says which). */
int virtq_pop(struct virtq *q, const struct gmem *m, struct virtq_chain *c, const char **why);

/* Put head on the used ring with len bytes written. 0, or -1 with *why (the ring left RAM). */
int virtq_push(struct virtq *q, const struct gmem *m, uint16_t head, uint32_t len, const char **why);

/* Whether the driver asked for no interrupts (avail->flags bit 0, VIRTQ_AVAIL_F_NO_INTERRUPT). */
bool virtq_no_interrupt(const struct virtq *q, const struct gmem *m);

/* Copy out of the chain's readable bytes from offset; returns bytes copied (less at the end). */
uint64_t virtq_read(const struct gmem *m, const struct virtq_chain *c, uint64_t off, void *buf, uint64_t len);
/* Copy into the chain's writable bytes from offset; returns bytes copied. */
uint64_t virtq_write(const struct gmem *m, const struct virtq_chain *c, uint64_t off, const void *buf, uint64_t len);

#endif
