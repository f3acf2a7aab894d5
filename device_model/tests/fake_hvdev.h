/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A scripted /dev/hvkit for the unit tests: IOREQ_WAIT hands out the script's steps in order (a request, or
 * an error with an optional signal raised "during" the wait); when the script is exhausted the VM counts as
 * stopped (ESRCH). Every call is recorded, completions with their values; any one ioctl can be made to fail.
 */
#ifndef FAKE_HVDEV_H
#define FAKE_HVDEV_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <hvkit/abi/hvkit_ioctl.h>

#include "hvdev.h"

/* Pseudo request codes for the calls that are not ioctls. */
#define FAKE_MAP 1ul
#define FAKE_UNMAP 2ul
#define FAKE_CLOSE 3ul

struct fake_step {
	int err;                 /* 0: hand out req; else the wait fails with -err */
	int signo;               /* with err EINTR: the signal that interrupted the wait */
	struct hvkit_ioreq req;
};

#define FAKE_CALLS_MAX 256u

struct fake_hvdev {
	struct hvdev dev;
	const struct fake_step *script;
	size_t steps, next;
	volatile sig_atomic_t *signo;

	unsigned long fail_request; /* this request (or FAKE_MAP) fails with -fail_errno */
	int fail_errno;
	uint32_t abi_version;
	uint32_t vm_state;
	uint64_t vm_exits;

	unsigned long calls[FAKE_CALLS_MAX];
	size_t ncalls;
	struct hvkit_ioreq completed[FAKE_CALLS_MAX];
	size_t ncompleted;
	struct hvkit_create created;
	struct hvkit_vcpu_state state;
	uint8_t *ram;
	size_t ram_len;
	int closed;
};

/* f must be zeroed (static) or initialized before; its RAM from an earlier run is freed. */
void fake_hvdev_init(struct fake_hvdev *f, const struct fake_step *script, size_t steps,
		     volatile sig_atomic_t *signo);
void fake_hvdev_free(struct fake_hvdev *f);
/* How often request was made, and the position (index in calls) of its first call, or -1. */
size_t fake_count(const struct fake_hvdev *f, unsigned long request);
long fake_first(const struct fake_hvdev *f, unsigned long request);

/* Script helpers. */
struct fake_step fake_pio(uint32_t vcpu, uint32_t dir, uint16_t port, uint32_t size, uint64_t value);
struct fake_step fake_mmio(uint32_t vcpu, uint32_t dir, uint64_t gpa, uint32_t size, uint64_t value);
struct fake_step fake_err(int err, int signo);

#endif
