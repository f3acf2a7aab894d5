/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Recovery points: while a CPU runs a vCPU (its exits, its entries), an exception the hypervisor
 * takes must stop that vCPU's VM, not the CPU. The run loop sets a point; the exception handler
 * resumes there (core/cpu/trap.c), as if recover_point_set had returned a second time, non-zero.
 */
#ifndef HVKIT_CORE_RECOVER_H
#define HVKIT_CORE_RECOVER_H

#include <stdint.h>

struct recover_point {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip; /* callee-saved state at the set (recover.S) */
	uint64_t vector, error_code, fault_rip;          /* filled by the exception handler */
};

/* 0 when called; 1 when an exception resumed here. */
int recover_point_set(struct recover_point *p) __attribute__((returns_twice));

#endif
