/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VM's RAM as the virtio devices see it: one range at guest-physical 0 (hvkit-dm's mapping). Every
 * access a device makes on the guest's behalf goes through gmem_ptr, which refuses anything not wholly
 * inside the range, so no guest-supplied address or length can reach outside the VM's RAM.
 */
#ifndef DM_GMEM_H
#define DM_GMEM_H

#include <stddef.h>
#include <stdint.h>

struct gmem {
	uint8_t *base; /* guest-physical 0 */
	uint64_t size;
};

/* A pointer to [gpa, gpa + len) in the VM's RAM, or NULL when any of it lies outside (or wraps). */
static inline void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	if (gpa > m->size || len > m->size - gpa)
		return NULL;
	return m->base + gpa;
}

#endif
