/* SPDX-License-Identifier: BSD-3-Clause */
#include "ioreq_loop.h"

#include <errno.h>

#include <hvkit/abi/hvkit_ioctl.h>

static struct loop_result failed(struct loop_result r, unsigned long request, int rc)
{
	r.end = rc == -ESRCH ? LOOP_VM_STOPPED : LOOP_FAILED;
	r.request = request;
	r.err = -rc;
	return r;
}

/* The devices handle the request, under the lock the other threads of the device model share. */
static void dispatch_locked(const struct loop_ctx *c, struct hvkit_ioreq *q)
{
	if (c->lock)
		pthread_mutex_lock(c->lock);
	io_bus_dispatch(c->bus, q);
	if (c->lock)
		pthread_mutex_unlock(c->lock);
}

/* Complete the request, again after an interruption unless a signal is pending. */
static int complete(const struct loop_ctx *c, struct hvkit_ioreq *q)
{
	int rc;

	do
		rc = c->dev->ioctl(c->dev, HVKIT_IOREQ_DONE, q);
	while (rc == -EINTR && !*c->signo);
	return rc;
}

/* Wait for one request, dispatch it, complete it. Returns true when the loop ends (why in r). */
static bool serve_one(const struct loop_ctx *c, struct loop_result *r)
{
	struct hvkit_ioreq q = { 0 };
	int rc = c->dev->ioctl(c->dev, HVKIT_IOREQ_WAIT, &q);
	if (rc == -EINTR)
		return false;
	if (rc) {
		*r = failed(*r, HVKIT_IOREQ_WAIT, rc);
		return true;
	}
	dispatch_locked(c, &q);
	if (c->exit->requested) {
		/* Not completed: the vCPU stays where it is until the VM is destroyed. */
		r->end = LOOP_EXIT_REQUEST;
		r->value = c->exit->value;
		return true;
	}
	rc = complete(c, &q);
	if (rc == -EINTR)
		return false; /* a signal: the VM is destroyed with this request open */
	if (rc) {
		*r = failed(*r, HVKIT_IOREQ_DONE, rc);
		return true;
	}
	r->served++;
	return false;
}

struct loop_result ioreq_loop(const struct loop_ctx *c)
{
	struct loop_result r = { 0 };

	for (;;) {
		if (*c->signo) {
			r.end = LOOP_SIGNAL;
			r.signo = *c->signo;
			return r;
		}
		if (serve_one(c, &r))
			return r;
	}
}
