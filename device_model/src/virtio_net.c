/* SPDX-License-Identifier: BSD-3-Clause */
#include "virtio_net.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define LINK_UP 1u /* VIRTIO_NET_S_LINK_UP */

static uint64_t cfg_read(struct virtio_dev *v, unsigned off, unsigned size)
{
	struct virtio_net *n = v->ctx;
	uint8_t img[8] = { 0 }; /* mac[6], le16 status (5.1.4) */
	memcpy(img, n->mac, 6);
	img[5] = (uint8_t)v->pci.slot;
	img[6] = LINK_UP;
	if (off + size > sizeof(img))
		return 0;
	uint64_t r = 0;
	for (unsigned i = 0; i < size; i++)
		r |= (uint64_t)img[off + i] << (8 * i);
	return r;
}

/* Put one frame in the next receive buffer, behind a zeroed header. false: no buffer (or the device failed). */
static bool deliver(struct virtio_net *n, const void *frame, uint32_t len)
{
	static struct virtq_chain c;
	if (virtio_pop(&n->v, VIRTIO_NET_RXQ, &c) != 1)
		return false;
	uint8_t hdr[VIRTIO_NET_HDR_BYTES] = { 0 };
	hdr[10] = 1; /* num_buffers (5.1.6.3.1: VERSION_1 has it) */
	uint32_t w = 0;
	if (c.wlen >= VIRTIO_NET_HDR_BYTES + (uint64_t)len) {
		w = (uint32_t)virtq_write(&n->v.mem, &c, 0, hdr, sizeof(hdr));
		w += (uint32_t)virtq_write(&n->v.mem, &c, sizeof(hdr), frame, len);
		n->rx_frames++;
	} else {
		n->rx_dropped++; /* a buffer too small for the frame: the frame is lost, the buffer returned empty */
	}
	virtio_push(&n->v, VIRTIO_NET_RXQ, c.head, w);
	if (virtio_live(&n->v))
		virtio_notify_used(&n->v, VIRTIO_NET_RXQ);
	return true;
}

bool virtio_net_rx(struct virtio_net *n, const void *frame, uint32_t len)
{
	if (len == 0 || len > VIRTIO_NET_FRAME_MAX) {
		n->rx_dropped++;
		return false;
	}
	if (deliver(n, frame, len))
		return true;
	if (n->held_len) {
		n->rx_dropped++;
		return false;
	}
	memcpy(n->held, frame, len);
	n->held_len = len;
	return true;
}

bool virtio_net_rx_blocked(const struct virtio_net *n)
{
	return n->held_len != 0;
}

static void transmit(struct virtio_net *n)
{
	static struct virtq_chain c;
	static uint8_t frame[VIRTIO_NET_HDR_BYTES + 65536];
	bool any = false;
	while (virtio_pop(&n->v, VIRTIO_NET_TXQ, &c) == 1) {
		uint64_t len = virtq_read(&n->v.mem, &c, 0, frame, sizeof(frame));
		if (len < VIRTIO_NET_HDR_BYTES || c.rlen > sizeof(frame) ||
		    n->be.send(n->be.ctx, frame + VIRTIO_NET_HDR_BYTES, len - VIRTIO_NET_HDR_BYTES) < 0)
			n->tx_errors++;
		else
			n->tx_frames++;
		virtio_push(&n->v, VIRTIO_NET_TXQ, c.head, 0);
		any = true;
	}
	if (any && virtio_live(&n->v))
		virtio_notify_used(&n->v, VIRTIO_NET_TXQ);
}

static void notify(struct virtio_dev *v, unsigned q)
{
	struct virtio_net *n = v->ctx;
	if (q == VIRTIO_NET_TXQ) {
		transmit(n);
	} else if (q == VIRTIO_NET_RXQ && n->held_len) {
		if (deliver(n, n->held, n->held_len))
			n->held_len = 0;
	}
}

static void reset(struct virtio_dev *v)
{
	struct virtio_net *n = v->ctx;
	n->held_len = 0;
}

static const struct virtio_dev_ops net_ops = { .cfg_read = cfg_read, .notify = notify, .reset = reset };

void virtio_net_init(struct virtio_net *n, const char *vm_name, struct net_backend be, struct gmem mem,
		     struct irq_sink irq)
{
	memset(n, 0, sizeof(*n));
	n->be = be;
	virtio_dev_init(&n->v, vm_name, "virtio-net", VIRTIO_ID_NET, 0x020000 /* network, Ethernet */, 2,
			VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS, &net_ops, n, mem, irq);
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x00 };
	memcpy(n->mac, mac, 6);
}

int tap_open(const char *name)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct ifreq r;
	memset(&r, 0, sizeof(r));
	r.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(r.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &r) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}
