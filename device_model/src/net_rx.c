/* SPDX-License-Identifier: BSD-3-Clause */
#include "net_rx.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#define POLL_MS 100 /* how soon the thread notices net_rx_stop */
#define WAIT_US 1000 /* re-check for receive buffers while a frame is held */

static void *rx_main(void *arg)
{
	struct net_rx *r = arg;
	while (!r->stop) {
		pthread_mutex_lock(r->lock);
		bool blocked = virtio_net_rx_blocked(r->net);
		pthread_mutex_unlock(r->lock);
		if (blocked) {
			usleep(WAIT_US);
			continue;
		}
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		if (poll(&p, 1, POLL_MS) <= 0 || !(p.revents & POLLIN))
			continue;
		ssize_t n = read(r->fd, r->frame, sizeof(r->frame));
		if (n <= 0)
			continue;
		pthread_mutex_lock(r->lock);
		virtio_net_rx(r->net, r->frame, (uint32_t)n);
		pthread_mutex_unlock(r->lock);
	}
	return NULL;
}

int net_rx_start(struct net_rx *r, struct virtio_net *net, int fd, pthread_mutex_t *lock)
{
	*r = (struct net_rx){ .net = net, .fd = fd, .lock = lock };
	/* The thread takes no signals: SIGTERM and SIGALRM must interrupt the ioreq loop's wait. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&r->thread, NULL, rx_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc)
		return -rc;
	r->running = true;
	return 0;
}

void net_rx_stop(struct net_rx *r)
{
	if (!r->running)
		return;
	r->stop = true;
	pthread_join(r->thread, NULL);
	r->running = false;
}
