/* SPDX-License-Identifier: BSD-3-Clause */
#include "virtio_console.h"

#include <string.h>

#define RXQ 0u /* port 0 receive (5.3.2): offered, never filled */
#define TXQ 1u

/* The bytes of one transmit buffer chain, to the console. */
static void print_chain(struct virtio_console *con, const struct gmem *mem, const struct virtq_chain *c)
{
	uint8_t buf[256];
	for (uint64_t off = 0; off < c->rlen;) {
		uint64_t n = virtq_read(mem, c, off, buf, sizeof(buf));
		for (uint64_t i = 0; i < n; i++)
			console_putc(con->out, buf[i]);
		off += n;
		con->bytes += n;
		if (n == 0)
			break;
	}
}

static void notify(struct virtio_dev *v, unsigned q)
{
	static struct virtq_chain c;
	struct virtio_console *con = v->ctx;
	if (q != TXQ)
		return; /* receive buffers stay with the device until input exists */
	bool any = false;
	while (virtio_pop(v, q, &c) == 1) {
		print_chain(con, &v->mem, &c);
		virtio_push(v, q, c.head, 0);
		any = true;
	}
	if (any && virtio_live(v))
		virtio_notify_used(v, q);
}

static uint64_t cfg_read(struct virtio_dev *v, unsigned off, unsigned size)
{
	(void)v;
	(void)off;
	(void)size;
	return 0; /* no F_SIZE, no F_MULTIPORT: cols, rows, max_nr_ports unused */
}

static const struct virtio_dev_ops console_ops = { .cfg_read = cfg_read, .notify = notify };

void virtio_console_init(struct virtio_console *c, const char *vm_name, struct console *out, struct gmem mem,
			 struct irq_sink irq)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	virtio_dev_init(&c->v, vm_name, "virtio-console", VIRTIO_ID_CONSOLE, 0x078000 /* communication, other */, 2, 0,
			&console_ops, c, mem, irq);
}
