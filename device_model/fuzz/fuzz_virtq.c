/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the split-ring parser (src/virtq.c). The input is a queue and the guest's RAM:
 *
 *   byte  0       queue size: bits 3:0 give 1 << (n % 9); with bit 7 set, bytes 1..2 are the raw size
 *   bytes 1..2    raw size (little endian)
 *   bytes 3..14   desc, avail, used: guest-physical addresses (32 bits each, little endian)
 *   bytes 15..16  the device's last_avail and used_idx start (both)
 *   bytes 17..18  RAM size in bytes, % 0x4001
 *   bytes 19..    RAM contents, repeated to fill it (zeros when empty)
 *
 * The RAM is an exact-size heap buffer, so ASan sees any access outside it. Up to 64 chains are taken;
 * each must have at most queue-size segments, every segment inside RAM, readable ones first, lengths
 * that add up; a violation must come with a reason and leave last_avail alone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "virtq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static struct virtq_chain c;
static uint8_t scratch[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 19)
		return 0;
	struct virtq q;
	virtq_reset(&q);
	q.size = (data[0] & 0x80) ? (uint16_t)le(data + 1, 2) : (uint16_t)(1u << ((data[0] & 0xf) % 9));
	q.desc = le(data + 3, 4);
	q.avail = le(data + 7, 4);
	q.used = le(data + 11, 4);
	q.last_avail = q.used_idx = (uint16_t)le(data + 15, 2);
	q.enabled = true;
	size_t ram_size = le(data + 17, 2) % 0x4001;
	uint8_t *ram = malloc(ram_size ? ram_size : 1);
	if (!ram)
		return 0;
	for (size_t i = 0; i < ram_size; i++)
		ram[i] = size > 19 ? data[19 + i % (size - 19)] : 0;
	struct gmem m = { ram, ram_size };

	for (unsigned n = 0; n < 64; n++) {
		const char *why = NULL;
		uint16_t before = q.last_avail;
		int rc = virtq_pop(&q, &m, &c, &why);
		if (rc < 0) {
			if (!why || q.last_avail != before)
				abort();
			break;
		}
		if (rc == 0)
			break;
		if (c.nr + c.nw > q.size || c.head >= q.size || q.last_avail != (uint16_t)(before + 1))
			abort();
		uint64_t r = 0, w = 0;
		for (unsigned i = 0; i < c.nr + c.nw; i++) {
			if (!gmem_ptr(&m, c.seg[i].gpa, c.seg[i].len))
				abort();
			*(i < c.nr ? &r : &w) += c.seg[i].len;
		}
		if (r != c.rlen || w != c.wlen)
			abort();
		uint64_t got = virtq_read(&m, &c, 0, scratch, sizeof(scratch));
		if (got != (c.rlen < sizeof(scratch) ? c.rlen : sizeof(scratch)))
			abort();
		got = virtq_write(&m, &c, 0, scratch, sizeof(scratch));
		if (got != (c.wlen < sizeof(scratch) ? c.wlen : sizeof(scratch)))
			abort();
		if (virtq_push(&q, &m, c.head, (uint32_t)got, &why))
			break; /* the ring moved out of RAM: the driver's fault, reported */
	}
	virtq_no_interrupt(&q, &m);
	free(ram);
	return 0;
}
