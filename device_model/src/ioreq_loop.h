/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ioreq loop: HVKIT_IOREQ_WAIT -> dispatch on the I/O bus -> HVKIT_IOREQ_DONE, until a device asks
 * for the VM's end, a signal arrives (the wait returns EINTR; *signo says which), or the VM stops in the
 * hypervisor (ESRCH).
 */
#ifndef DM_IOREQ_LOOP_H
#define DM_IOREQ_LOOP_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "debug_exit.h"
#include "hvdev.h"
#include "io_bus.h"

enum loop_end {
	LOOP_EXIT_REQUEST, /* a device (the debug-exit port) asked for the end: value */
	LOOP_SIGNAL,       /* signo */
	LOOP_VM_STOPPED,   /* the hypervisor stopped the VM */
	LOOP_FAILED,       /* an ioctl failed: request, err */
};

struct loop_result {
	enum loop_end end;
	uint64_t value;
	int signo;
	unsigned long request;
	int err;          /* positive errno */
	uint64_t served;  /* requests completed */
};

struct loop_ctx {
	struct hvdev *dev;
	struct io_bus *bus;
	struct exit_request *exit;
	volatile sig_atomic_t *signo; /* non-zero once SIGINT or SIGTERM arrived */
	pthread_mutex_t *lock;        /* held while a request is dispatched (the devices' lock); may be NULL */
};

struct loop_result ioreq_loop(const struct loop_ctx *c);

#endif
