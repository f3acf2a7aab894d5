/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.1, 5.1) on a tap device: queue 0 receives, queue 1 transmits; no control queue, no
 * offloads, one queue pair, a fixed MAC (52:54:00:12:34:NN, NN from the slot). Every buffer starts with the
 * 12-byte struct virtio_net_hdr (VERSION_1), which the device writes as zeros on receive and skips on send.
 * Receive: the tap's frames, as the rx thread hands them over (virtio_net_rx); a frame finding no buffer
 * waits (one frame held) until the driver adds some.
 */
#ifndef DM_VIRTIO_NET_H
#define DM_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_pci.h"

#define VIRTIO_ID_NET 1u
#define VIRTIO_NET_F_MAC (1ull << 5)
#define VIRTIO_NET_F_STATUS (1ull << 16)
#define VIRTIO_NET_HDR_BYTES 12u
#define VIRTIO_NET_FRAME_MAX 1514u
#define VIRTIO_NET_RXQ 0u
#define VIRTIO_NET_TXQ 1u

/* The tap: send one frame, replaced by a fake in the tests. */
struct net_backend {
	long (*send)(void *ctx, const void *frame, uint64_t len); /* bytes or -errno */
	void *ctx;
};

struct virtio_net {
	struct virtio_dev v;
	struct net_backend be;
	uint8_t mac[6];
	uint8_t held[VIRTIO_NET_FRAME_MAX]; /* a received frame waiting for a buffer */
	uint32_t held_len;                  /* 0: none */
	uint64_t rx_frames, tx_frames, rx_dropped, tx_errors;
};

void virtio_net_init(struct virtio_net *n, const char *vm_name, struct net_backend be, struct gmem mem,
		     struct irq_sink irq);

/* A frame from the tap: into a receive buffer, or held (true) / dropped (false) when none is there and one is held. */
bool virtio_net_rx(struct virtio_net *n, const void *frame, uint32_t len);
/* Whether a frame is held (the rx thread then waits for the driver before reading the tap again). */
bool virtio_net_rx_blocked(const struct virtio_net *n);

/* Open tap device name (IFF_TAP | IFF_NO_PI); returns the fd or -errno. */
int tap_open(const char *name);

#endif
