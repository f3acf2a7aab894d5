/* SPDX-License-Identifier: BSD-3-Clause */
/* What the VT-d test image's checks share: the device, its VM and the other VM. */
#ifndef VTD_IMAGE_VTD_TEST_H
#define VTD_IMAGE_VTD_TEST_H

#include <scenario/scenario.h>

#include "edu.h"

struct vtd_test {
	struct edu edu;
	const struct scenario *sc;
	int owner;  /* index of the VM the edu device is given to */
	int other;  /* another VM with fixed host RAM, or -1 */
};

/* Host address of guest-physical gpa of VM v (inside its RAM). */
uint64_t vm_gpa_to_hpa(const struct vm_config *vm, uint64_t gpa);

void dma_checks(struct vtd_test *t);
void ir_checks(struct vtd_test *t);

#endif
