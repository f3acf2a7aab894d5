/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE /* fallocate */
#include "virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTOR 512u
#define HDR_BYTES 16u           /* le32 type, le32 reserved, le64 sector (5.2.6) */
#define DISCARD_SEG_BYTES 16u   /* le64 sector, le32 num_sectors, le32 flags */
#define SEG_MAX (VIRTQ_MAX_SIZE - 2u)
#define MAX_DISCARD_SECTORS 0x400000u /* 2 GiB per range */
#define MAX_DISCARD_SEG 16u

static struct virtio_blk *blk_of(struct virtio_dev *v)
{
	return v->ctx;
}

/* Configuration (5.2.4): capacity, seg_max, blk_size and, with DISCARD, its limits. */
static uint64_t cfg_read(struct virtio_dev *v, unsigned off, unsigned size)
{
	struct virtio_blk *b = blk_of(v);
	uint8_t img[64] = { 0 };
	uint64_t cap = b->be.size / SECTOR;
	vpci_put(img, 0, 4, (uint32_t)cap);
	vpci_put(img, 4, 4, (uint32_t)(cap >> 32));
	vpci_put(img, 12, 4, SEG_MAX);
	vpci_put(img, 20, 4, SECTOR);
	vpci_put(img, 36, 4, MAX_DISCARD_SECTORS);
	vpci_put(img, 40, 4, MAX_DISCARD_SEG);
	vpci_put(img, 44, 4, 1);
	if (off + size > sizeof(img))
		return 0;
	uint64_t r = 0;
	for (unsigned i = 0; i < size; i++)
		r |= (uint64_t)img[off + i] << (8 * i);
	return r;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Move k bytes between guest memory g and the file at pos, in as many calls as the backend needs. */
static int file_io(struct virtio_blk *b, void *g, uint64_t k, uint64_t pos, bool to_guest)
{
	for (uint64_t done = 0; done < k;) {
		long r = to_guest ? b->be.pread(b->be.ctx, (uint8_t *)g + done, k - done, pos + done)
				  : b->be.pwrite(b->be.ctx, (const uint8_t *)g + done, k - done, pos + done);
		if (r < 0)
			return (int)r;
		if (r == 0)
			return -EIO;
		done += (uint64_t)r;
	}
	return 0;
}

/* Move len bytes between the file at pos and the chain's segments [first, first+n) from byte skip. */
static int transfer(struct virtio_blk *b, const struct virtq_seg *seg, unsigned n, uint64_t skip, uint64_t len,
		    uint64_t pos, bool to_guest)
{
	for (unsigned i = 0; i < n && len; i++) {
		if (skip >= seg[i].len) {
			skip -= seg[i].len;
			continue;
		}
		uint64_t k = min_u64(seg[i].len - skip, len);
		void *g = gmem_ptr(&b->v.mem, seg[i].gpa + skip, k);
		if (!g)
			return -EFAULT; /* not reached: checked when popped */
		int rc = file_io(b, g, k, pos, to_guest);
		if (rc != 0)
			return rc;
		pos += k;
		len -= k;
		skip = 0;
	}
	return len ? -EIO : 0;
}

static bool in_disk(const struct virtio_blk *b, uint64_t sector, uint64_t bytes)
{
	uint64_t cap = b->be.size / SECTOR * SECTOR;
	return sector <= cap / SECTOR && bytes <= cap - sector * SECTOR;
}

/* 5.2.6: one discard segment: sector, sector count, flags (none defined for discard); inside the disk. */
static bool discard_segment(struct virtio_blk *b, const uint8_t *r)
{
	uint64_t sector = vpci_get(r, 0, 4) | (uint64_t)vpci_get(r, 4, 4) << 32;
	uint32_t count = vpci_get(r, 8, 4), flags = vpci_get(r, 12, 4);
	if (flags || count > MAX_DISCARD_SECTORS || !in_disk(b, sector, (uint64_t)count * SECTOR))
		return false;
	return b->be.punch(b->be.ctx, sector * SECTOR, (uint64_t)count * SECTOR) == 0;
}

static uint8_t discard(struct virtio_blk *b, const struct virtq_chain *c)
{
	uint64_t n = (c->rlen - HDR_BYTES) / DISCARD_SEG_BYTES;
	if (!b->be.punch)
		return VIRTIO_BLK_S_UNSUPP;
	if ((c->rlen - HDR_BYTES) % DISCARD_SEG_BYTES || n == 0 || n > MAX_DISCARD_SEG)
		return VIRTIO_BLK_S_IOERR;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t r[DISCARD_SEG_BYTES];
		virtq_read(&b->v.mem, c, HDR_BYTES + i * DISCARD_SEG_BYTES, r, sizeof(r));
		if (!discard_segment(b, r))
			return VIRTIO_BLK_S_IOERR;
	}
	b->discards++;
	return VIRTIO_BLK_S_OK;
}

/* VIRTIO_BLK_T_IN: whole sectors from the disk into the writable segments; returns the status. */
static uint8_t blk_in(struct virtio_blk *b, const struct virtq_chain *c, uint64_t sector, uint32_t *written)
{
	uint64_t wdata = c->wlen - 1;
	b->reads++;
	if (wdata % SECTOR || !in_disk(b, sector, wdata) ||
	    transfer(b, c->seg + c->nr, c->nw, 0, wdata, sector * SECTOR, true))
		return VIRTIO_BLK_S_IOERR;
	*written = (uint32_t)wdata;
	return VIRTIO_BLK_S_OK;
}

/* VIRTIO_BLK_T_OUT: whole sectors from the readable segments after the header to the disk. */
static uint8_t blk_out(struct virtio_blk *b, const struct virtq_chain *c, uint64_t sector)
{
	uint64_t len = c->rlen - HDR_BYTES;
	b->writes++;
	if (len % SECTOR || !in_disk(b, sector, len) ||
	    transfer(b, c->seg, c->nr, HDR_BYTES, len, sector * SECTOR, false))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

static uint8_t blk_flush(struct virtio_blk *b)
{
	b->flushes++;
	return b->be.flush(b->be.ctx) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

/* VIRTIO_BLK_T_GET_ID: the id string, cut to the writable bytes. */
static uint32_t blk_get_id(struct virtio_blk *b, const struct virtq_chain *c)
{
	uint64_t wdata = c->wlen - 1;
	return (uint32_t)virtq_write(&b->v.mem, c, 0, b->be.id, wdata < VIRTIO_BLK_ID_BYTES ? wdata : VIRTIO_BLK_ID_BYTES);
}

/* One request: header, data, status byte (the chain's last writable byte). Returns bytes written. */
static uint32_t request(struct virtio_blk *b, const struct virtq_chain *c)
{
	uint8_t h[HDR_BYTES];
	virtq_read(&b->v.mem, c, 0, h, sizeof(h));
	uint32_t type = vpci_get(h, 0, 4);
	uint64_t sector = vpci_get(h, 8, 4) | (uint64_t)vpci_get(h, 12, 4) << 32;
	uint8_t st = VIRTIO_BLK_S_OK;
	uint32_t written = 0;

	switch (type) {
	case VIRTIO_BLK_T_IN: st = blk_in(b, c, sector, &written); break;
	case VIRTIO_BLK_T_OUT: st = blk_out(b, c, sector); break;
	case VIRTIO_BLK_T_FLUSH: st = blk_flush(b); break;
	case VIRTIO_BLK_T_GET_ID: written = blk_get_id(b, c); break;
	case VIRTIO_BLK_T_DISCARD: st = discard(b, c); break;
	default: st = VIRTIO_BLK_S_UNSUPP; break;
	}
	if (st != VIRTIO_BLK_S_OK)
		b->errors++;
	virtq_write(&b->v.mem, c, c->wlen - 1, &st, 1);
	return written + 1;
}

static void notify(struct virtio_dev *v, unsigned q)
{
	static struct virtq_chain c; /* 4 KiB: off the stack; one thread serves the devices */
	bool any = false;
	while (virtio_pop(v, q, &c) == 1) {
		if (c.rlen < HDR_BYTES || c.wlen < 1) {
			virtio_fail(v, q, "virtio-blk request without its header or status byte");
			return;
		}
		virtio_push(v, q, c.head, request(blk_of(v), &c));
		any = true;
	}
	if (any && virtio_live(v))
		virtio_notify_used(v, q);
}

static const struct virtio_dev_ops blk_ops = { .cfg_read = cfg_read, .notify = notify };

void virtio_blk_init(struct virtio_blk *b, const char *vm_name, struct blk_backend be, struct gmem mem,
		     struct irq_sink irq)
{
	memset(b, 0, sizeof(*b));
	b->be = be;
	uint64_t f = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_FLUSH | (be.punch ? VIRTIO_BLK_F_DISCARD : 0);
	virtio_dev_init(&b->v, vm_name, "virtio-blk", VIRTIO_ID_BLOCK, 0x010000 /* mass storage, SCSI */, 1, f,
			&blk_ops, b, mem, irq);
}

/* ---- the file ---- */

static long file_pread(void *ctx, void *buf, uint64_t len, uint64_t off)
{
	ssize_t r;
	do
		r = pread(*(int *)ctx, buf, len, (off_t)off);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static long file_pwrite(void *ctx, const void *buf, uint64_t len, uint64_t off)
{
	ssize_t r;
	do
		r = pwrite(*(int *)ctx, buf, len, (off_t)off);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int file_flush(void *ctx)
{
	return fsync(*(int *)ctx) ? -errno : 0;
}

static int file_punch(void *ctx, uint64_t off, uint64_t len)
{
	return fallocate(*(int *)ctx, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) ? -errno : 0;
}

int blk_file_open(struct blk_backend *be, const char *path)
{
	static int fds[8];
	static unsigned nfds;
	if (nfds == sizeof(fds) / sizeof(fds[0]))
		return -EMFILE;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st)) {
		int e = -errno;
		close(fd);
		return e;
	}
	fds[nfds] = fd;
	*be = (struct blk_backend){ file_pread, file_pwrite, file_flush, NULL, &fds[nfds++], (uint64_t)st.st_size, { 0 } };
	/* Discard only where the file system punches holes: try on zero bytes past the end (a no-op). */
	if (S_ISREG(st.st_mode) &&
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, st.st_size, SECTOR) == 0)
		be->punch = file_punch;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	memcpy(be->id, base, strnlen(base, VIRTIO_BLK_ID_BYTES));
	return 0;
}
