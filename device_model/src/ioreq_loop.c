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

struct loop_result ioreq_loop(const struct loop_ctx *c)
{
	struct loop_result r = { 0 };

	for (;;) {
		if (*c->signo) {
			r.end = LOOP_SIGNAL;
			r.signo = *c->signo;
			return r;
		}
		struct hvkit_ioreq q = { 0 };
		int rc = c->dev->ioctl(c->dev, HVKIT_IOREQ_WAIT, &q);
		if (rc == -EINTR)
			continue;
		if (rc)
			return failed(r, HVKIT_IOREQ_WAIT, rc);
		if (c->lock)
			pthread_mutex_lock(c->lock);
		io_bus_dispatch(c->bus, &q);
		if (c->lock)
			pthread_mutex_unlock(c->lock);
		if (c->exit->requested) {
			/* Not completed: the vCPU stays where it is until the VM is destroyed. */
			r.end = LOOP_EXIT_REQUEST;
			r.value = c->exit->value;
			return r;
		}
		do
			rc = c->dev->ioctl(c->dev, HVKIT_IOREQ_DONE, &q);
		while (rc == -EINTR && !*c->signo);
		if (rc == -EINTR)
			continue; /* a signal: the VM is destroyed with this request open */
		if (rc)
			return failed(r, HVKIT_IOREQ_DONE, rc);
		r.served++;
	}
}
