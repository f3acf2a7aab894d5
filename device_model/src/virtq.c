/* SPDX-License-Identifier: BSD-3-Clause */
#include "virtq.h"

#include <string.h>

/* Ring layouts (virtio 1.1, 2.6.5, 2.6.6, 2.6.8), all little-endian (x86: native). */
#define DESC_BYTES 16u
#define AVAIL_HDR 4u  /* flags, idx; then ring[size] of le16, then used_event */
#define USED_HDR 4u   /* flags, idx; then ring[size] of {le32 id, le32 len}, then avail_event */
#define USED_ELEM 8u

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

void virtq_reset(struct virtq *q)
{
	*q = (struct virtq){ .size = VIRTQ_MAX_SIZE, .msix_vector = 0xffff };
}

static int bad(const char **why, const char *what)
{
	*why = what;
	return -1;
}

/* 2.6: a queue size is a power of two, here at most VIRTQ_MAX_SIZE. */
static bool size_ok(uint16_t size)
{
	return size != 0 && size <= VIRTQ_MAX_SIZE && (size & (size - 1)) == 0;
}

/* 2.6: the descriptor table, the available ring and the used ring (each with its event field) in RAM. */
static bool rings_in_ram(const struct virtq *q, const struct gmem *m)
{
	return gmem_ptr(m, q->desc, (uint64_t)DESC_BYTES * q->size) &&
	       gmem_ptr(m, q->avail, AVAIL_HDR + 2ull * q->size + 2) &&
	       gmem_ptr(m, q->used, USED_HDR + (uint64_t)USED_ELEM * q->size + 2);
}

int virtq_check(const struct virtq *q, const struct gmem *m, const char **why)
{
	if (!size_ok(q->size))
		return bad(why, "queue size not a power of two up to 256");
	if ((q->desc & 15) || (q->avail & 1) || (q->used & 3))
		return bad(why, "ring address misaligned");
	if (!rings_in_ram(q, m))
		return bad(why, "ring outside the VM's RAM");
	return 0;
}

static uint16_t ld16(const struct gmem *m, uint64_t gpa)
{
	uint16_t v;
	memcpy(&v, gmem_ptr(m, gpa, 2), 2); /* callers checked the ring with virtq_check */
	return v;
}

/* A copy of descriptor i of a table at gpa (the driver may change it meanwhile; only the copy is used). */
static struct desc load_desc(const struct gmem *m, uint64_t table, uint16_t i)
{
	struct desc d;
	memcpy(&d, gmem_ptr(m, table + (uint64_t)i * DESC_BYTES, DESC_BYTES), DESC_BYTES);
	return d;
}

/* Add one buffer to the chain, checking it lies in RAM and readable ones come first (2.6.4.2). */
static int add_seg(const struct gmem *m, struct virtq_chain *c, const struct desc *d, unsigned limit,
		   const char **why)
{
	if (c->nr + c->nw >= limit)
		return bad(why, "descriptor chain longer than the queue (a loop?)");
	if (!gmem_ptr(m, d->addr, d->len))
		return bad(why, "buffer outside the VM's RAM");
	struct virtq_seg s = { d->addr, d->len };
	if (d->flags & VIRTQ_DESC_F_WRITE) {
		c->seg[c->nr + c->nw++] = s;
		c->wlen += d->len;
	} else {
		if (c->nw)
			return bad(why, "device-readable buffer after a device-writable one");
		c->seg[c->nr++] = s;
		c->rlen += d->len;
	}
	return 0;
}

/* Walk an indirect table (2.6.5.3): 16-byte multiple, inside RAM, no nested INDIRECT, bounded. */
static int indirect_table_ok(const struct gmem *m, const struct desc *in, const char **why)
{
	if (in->len == 0 || in->len % DESC_BYTES)
		return bad(why, "indirect table length not a non-zero multiple of 16");
	if (in->addr & 15)
		return bad(why, "indirect table misaligned");
	if (!gmem_ptr(m, in->addr, in->len))
		return bad(why, "indirect table outside the VM's RAM");
	if (in->flags & VIRTQ_DESC_F_NEXT)
		return bad(why, "indirect descriptor with NEXT");
	return 0;
}

static int walk_indirect(const struct gmem *m, struct virtq_chain *c, const struct desc *in, unsigned limit,
			 const char **why)
{
	if (indirect_table_ok(m, in, why))
		return -1;
	uint32_t n = in->len / DESC_BYTES;
	uint16_t i = 0;
	for (unsigned steps = 0;; steps++) {
		if (steps >= n)
			return bad(why, "indirect chain longer than its table (a loop?)");
		struct desc d = load_desc(m, in->addr, i);
		if (d.flags & VIRTQ_DESC_F_INDIRECT)
			return bad(why, "nested indirect table");
		if (add_seg(m, c, &d, limit, why))
			return -1;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		if (d.next >= n)
			return bad(why, "indirect next index outside its table");
		i = d.next;
	}
}

/* Follow the chain from head through the descriptor table (2.6.5), into an indirect table where one is given. */
static int walk_chain(const struct virtq *q, const struct gmem *m, struct virtq_chain *c, uint16_t head,
		      const char **why)
{
	c->head = head;
	c->nr = c->nw = 0;
	c->rlen = c->wlen = 0;
	uint16_t i = head;
	for (unsigned steps = 0;; steps++) {
		if (steps >= q->size)
			return bad(why, "descriptor chain longer than the queue (a loop?)");
		struct desc d = load_desc(m, q->desc, i);
		if (d.flags & VIRTQ_DESC_F_INDIRECT)
			return walk_indirect(m, c, &d, q->size, why);
		if (add_seg(m, c, &d, q->size, why))
			return -1;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		if (d.next >= q->size)
			return bad(why, "next index outside the descriptor table");
		i = d.next;
	}
}

int virtq_pop(struct virtq *q, const struct gmem *m, struct virtq_chain *c, const char **why)
{
	if (virtq_check(q, m, why))
		return -1;
	uint16_t avail_idx = ld16(m, q->avail + 2);
	uint16_t ahead = (uint16_t)(avail_idx - q->last_avail);
	if (ahead == 0)
		return 0;
	if (ahead > q->size)
		return bad(why, "available index more than the queue size ahead");
	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* the ring entry after its index (2.6.13) */
	uint16_t head = ld16(m, q->avail + AVAIL_HDR + 2ull * (q->last_avail % q->size));
	if (head >= q->size)
		return bad(why, "head index outside the descriptor table");
	if (walk_chain(q, m, c, head, why))
		return -1;
	q->last_avail++;
	return 1;
}

int virtq_push(struct virtq *q, const struct gmem *m, uint16_t head, uint32_t len, const char **why)
{
	if (virtq_check(q, m, why))
		return -1;
	uint8_t *e = gmem_ptr(m, q->used + USED_HDR + (uint64_t)USED_ELEM * (q->used_idx % q->size), USED_ELEM);
	uint32_t id = head;
	memcpy(e, &id, 4);
	memcpy(e + 4, &len, 4);
	__atomic_thread_fence(__ATOMIC_RELEASE); /* the element before the index (2.6.8.2) */
	q->used_idx++;
	uint16_t idx = q->used_idx;
	memcpy(gmem_ptr(m, q->used + 2, 2), &idx, 2);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

bool virtq_no_interrupt(const struct virtq *q, const struct gmem *m)
{
	const uint8_t *p = gmem_ptr(m, q->avail, 2);
	return p && (p[0] & 1);
}

static uint64_t copy(const struct gmem *m, const struct virtq_seg *seg, unsigned n, uint64_t off, uint8_t *buf,
		     uint64_t len, bool to_guest)
{
	uint64_t done = 0;
	for (unsigned i = 0; i < n && done < len; i++) {
		if (off >= seg[i].len) {
			off -= seg[i].len;
			continue;
		}
		uint64_t k = seg[i].len - off < len - done ? seg[i].len - off : len - done;
		uint8_t *g = gmem_ptr(m, seg[i].gpa + off, k);
		if (!g)
			break; /* not reached: segments were checked when popped and RAM does not shrink */
		if (to_guest)
			memcpy(g, buf + done, k);
		else
			memcpy(buf + done, g, k);
		done += k;
		off = 0;
	}
	return done;
}

uint64_t virtq_read(const struct gmem *m, const struct virtq_chain *c, uint64_t off, void *buf, uint64_t len)
{
	return copy(m, c->seg, c->nr, off, buf, len, false);
}

uint64_t virtq_write(const struct gmem *m, const struct virtq_chain *c, uint64_t off, const void *buf, uint64_t len)
{
	return copy(m, c->seg + c->nr, c->nw, off, (uint8_t *)(uintptr_t)buf, len, true);
}
