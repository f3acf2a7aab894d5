/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_hvdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void record(struct fake_hvdev *f, unsigned long request)
{
	if (f->ncalls < FAKE_CALLS_MAX)
		f->calls[f->ncalls++] = request;
}

static int f_ioctl(struct hvdev *d, unsigned long request, void *arg)
{
	struct fake_hvdev *f = (struct fake_hvdev *)d;
	record(f, request);
	if (f->closed)
		return -EBADF;
	if (request == f->fail_request)
		return -f->fail_errno;
	switch (request) {
	case HVKIT_HV_INFO:
		*(struct hvkit_hv_info *)arg = (struct hvkit_hv_info){ .abi_version = f->abi_version, .cpu_count = 2 };
		return 0;
	case HVKIT_VM_CREATE:
		f->created = *(struct hvkit_create *)arg;
		((struct hvkit_create *)arg)->id = 3;
		return 0;
	case HVKIT_VCPU_SET_STATE:
		f->state = *(const struct hvkit_vcpu_state *)arg;
		return 0;
	case HVKIT_VM_START:
	case HVKIT_VM_DESTROY:
		return 0;
	case HVKIT_VM_STATUS: {
		struct hvkit_vm_status *s = arg;
		s->state = f->vm_state;
		s->exits = f->vm_exits;
		return 0;
	}
	case HVKIT_IOREQ_WAIT: {
		if (f->next == f->steps)
			return -ESRCH;
		const struct fake_step *s = &f->script[f->next++];
		if (s->err) {
			if (s->signo && f->signo)
				*f->signo = s->signo;
			return -s->err;
		}
		*(struct hvkit_ioreq *)arg = s->req;
		((struct hvkit_ioreq *)arg)->state = HVKIT_IOREQ_PROCESSING;
		return 0;
	}
	case HVKIT_IOREQ_DONE:
		if (f->ncompleted < FAKE_CALLS_MAX)
			f->completed[f->ncompleted++] = *(const struct hvkit_ioreq *)arg;
		return 0;
	default:
		return -ENOTTY;
	}
}

static int f_map(struct hvdev *d, size_t len, void **out)
{
	struct fake_hvdev *f = (struct fake_hvdev *)d;
	record(f, FAKE_MAP);
	if (f->fail_request == FAKE_MAP)
		return -f->fail_errno;
	f->ram = calloc(1, len);
	if (!f->ram)
		return -ENOMEM;
	f->ram_len = len;
	*out = f->ram;
	return 0;
}

static void f_unmap(struct hvdev *d, void *p, size_t len)
{
	struct fake_hvdev *f = (struct fake_hvdev *)d;
	record(f, FAKE_UNMAP);
	if (p != f->ram || len != f->ram_len)
		abort(); /* unmapping something that was not mapped */
}

static void f_close(struct hvdev *d)
{
	struct fake_hvdev *f = (struct fake_hvdev *)d;
	record(f, FAKE_CLOSE);
	f->closed++;
}

void fake_hvdev_init(struct fake_hvdev *f, const struct fake_step *script, size_t steps,
		     volatile sig_atomic_t *signo)
{
	free(f->ram); /* a fake used again */
	memset(f, 0, sizeof(*f));
	f->dev = (struct hvdev){ f_ioctl, f_map, f_unmap, f_close };
	f->script = script;
	f->steps = steps;
	f->signo = signo;
	f->abi_version = HVKIT_ABI_VERSION;
	f->vm_state = HVKIT_VM_STATE_RUNNING;
}

void fake_hvdev_free(struct fake_hvdev *f)
{
	free(f->ram);
	f->ram = NULL;
}

size_t fake_count(const struct fake_hvdev *f, unsigned long request)
{
	size_t n = 0;
	for (size_t i = 0; i < f->ncalls; i++)
		n += f->calls[i] == request;
	return n;
}

long fake_first(const struct fake_hvdev *f, unsigned long request)
{
	for (size_t i = 0; i < f->ncalls; i++)
		if (f->calls[i] == request)
			return (long)i;
	return -1;
}

static struct fake_step req(uint32_t type, uint32_t vcpu, uint32_t dir, uint64_t addr, uint32_t size, uint64_t v)
{
	return (struct fake_step){ .req = { .state = HVKIT_IOREQ_PENDING, .type = type, .direction = dir,
					    .size = size, .address = addr, .value = v, .vcpu = vcpu } };
}

struct fake_step fake_pio(uint32_t vcpu, uint32_t dir, uint16_t port, uint32_t size, uint64_t value)
{
	return req(HVKIT_IOREQ_PIO, vcpu, dir, port, size, value);
}

struct fake_step fake_mmio(uint32_t vcpu, uint32_t dir, uint64_t gpa, uint32_t size, uint64_t value)
{
	return req(HVKIT_IOREQ_MMIO, vcpu, dir, gpa, size, value);
}

struct fake_step fake_err(int err, int signo)
{
	return (struct fake_step){ .err = err, .signo = signo };
}
