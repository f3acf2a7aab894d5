/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOMMU_UNPROTECTED_H
#define IOMMU_UNPROTECTED_H

#include <scenario/scenario.h>

/* Log that DMA is not remapped (why: "no DMAR found", ...) and which VMs' devices that leaves exposed. */
void iommu_say_unprotected(const struct scenario *sc, const char *why);

#endif
