/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk (virtio 1.1, 5.2) on a file: IN (pread), OUT (pwrite), FLUSH (fsync), GET_ID (the file's
 * name, up to 20 bytes), DISCARD (fallocate PUNCH_HOLE, offered only when the file takes a hole); one
 * request queue. Capacity: the file's size in 512-byte sectors (a partial last sector is not exposed).
 */
#ifndef DM_VIRTIO_BLK_H
#define DM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_pci.h"

#define VIRTIO_ID_BLOCK 2u

#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)
#define VIRTIO_BLK_F_DISCARD (1ull << 13)

/* Request types and status (5.2.6). */
#define VIRTIO_BLK_T_IN 0u
#define VIRTIO_BLK_T_OUT 1u
#define VIRTIO_BLK_T_FLUSH 4u
#define VIRTIO_BLK_T_GET_ID 8u
#define VIRTIO_BLK_T_DISCARD 11u
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u
#define VIRTIO_BLK_ID_BYTES 20u

/* The file behind the disk: pread/pwrite/fsync/punch on a descriptor, replaced by a fake in the tests. */
struct blk_backend {
	long (*pread)(void *ctx, void *buf, uint64_t len, uint64_t off);   /* bytes, or -errno */
	long (*pwrite)(void *ctx, const void *buf, uint64_t len, uint64_t off);
	int (*flush)(void *ctx);                                           /* 0 or -errno */
	int (*punch)(void *ctx, uint64_t off, uint64_t len);               /* NULL: no discard */
	void *ctx;
	uint64_t size;                                                     /* bytes */
	char id[VIRTIO_BLK_ID_BYTES];
};

struct virtio_blk {
	struct virtio_dev v;
	struct blk_backend be;
	uint64_t reads, writes, flushes, discards, errors;
};

void virtio_blk_init(struct virtio_blk *b, const char *vm_name, struct blk_backend be, struct gmem mem,
		     struct irq_sink irq);

/* A backend on the file at path (opened read-write; discard offered when a hole can be punched at its end). */
int blk_file_open(struct blk_backend *be, const char *path); /* 0 or -errno */

#endif
