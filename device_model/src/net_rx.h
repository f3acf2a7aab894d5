/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive side of a virtio-net: a thread reads frames from the tap and hands them to the device under
 * the device model's lock (the ioreq loop dispatches under the same lock). While a frame waits for a
 * receive buffer, the thread stops reading the tap (the tap's queue holds the rest).
 */
#ifndef DM_NET_RX_H
#define DM_NET_RX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "virtio_net.h"

struct net_rx {
	pthread_t thread;
	struct virtio_net *net;
	int fd;
	pthread_mutex_t *lock;
	volatile bool stop;
	bool running;
	uint8_t frame[VIRTIO_NET_FRAME_MAX + 4];
};

/* 0 or -errno. */
int net_rx_start(struct net_rx *r, struct virtio_net *net, int fd, pthread_mutex_t *lock);
void net_rx_stop(struct net_rx *r);

#endif
