/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the icr_filter source files. */
#ifndef ICR_FILTER_ICR_INTERNAL_H
#define ICR_FILTER_ICR_INTERNAL_H

#include <hvkit/arch/x86.h>
#include <stdint.h>

#include <icr_filter/icr_filter.h>

/* 0, ICR_FILTER_GP or ICR_FILTER_REFUSED for a guest ICR value (icr_validate.c). */
int icr_validate(uint64_t icr);

/* Fixed or lowest priority with a vector below 16 (icr_validate.c). */
bool icr_has_illegal_vector(uint64_t icr);

/*
 * The vCPUs a validated ICR value addresses, as a bitmap; IDs it addresses outside the
 * VM go to dropped[0..*nr_dropped) (icr_route.c).
 */
uint64_t icr_route(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr,
		   uint32_t dropped[ICR_MAX_DROPPED], unsigned int *nr_dropped);

#endif
