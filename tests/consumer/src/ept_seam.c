/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/ept's hardware seam (<ept/ept_hw.h>): a hosted program cannot execute INVEPT, so it records the
 * request. (The freestanding libhvkit-ept.a has the real instruction built in.)
 */
#include "consumer.h"

#include <ept/ept_hw.h>

struct consumer_invept consumer_invept_seen;

int ept_hw_invept(uint64_t type, const struct invept_descriptor *desc)
{
	consumer_invept_seen.count++;
	consumer_invept_seen.type = type;
	consumer_invept_seen.eptp = desc->eptp;
	return 0;
}
