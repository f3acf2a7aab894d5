/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest state the VMCS does not switch (x87/SSE/AVX registers, XCR0, and fpu_regs.c's MSRs and debug
 * registers) where each CPU runs one vCPU for good: partition and lapic_pt, whose scheduler (lib/sched's
 * one-entity framework) refuses a second vCPU on a CPU. The hypervisor never touches that state
 * (fpu_switch.c says why), so nothing is ever saved: before the vCPU first runs, its CPU's registers are put
 * in their reset state, and from then on they are the vCPU's. Share and hybrid link fpu_switch.c instead.
 */
#include <core/percpu.h>
#include "fpu_regs.h"

/* The vCPU whose state each CPU holds. */
static struct vcpu *fpu_owner[HV_MAX_CPUS];

int vcpu_fpu_init(struct vcpu *v)
{
	vcpu_regs_reset(v);
	return 0;
}

void vcpu_fpu_drop(struct vcpu *v)
{
	(void)v; /* nothing to give back: the vCPU's state was only ever its CPU's registers */
}

/* FNINIT puts the x87 unit in its reset state (SDM Vol. 1 8.1.1 and 9.1.1's table 9-1). MXCSR and the XMM
 * registers keep their power-up values (SDM Vol. 3A 10.1.1): the hypervisor never touches them (nor could it set
 * MXCSR here: LDMXCSR is #UD while the host's CR4.OSFXSR is clear). */
void vcpu_fpu_load(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	if (fpu_owner[cpu] == v)
		return;
	if (vcpu_fpu_cpu_has_xsave())
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)v->xcr0), "d"((uint32_t)(v->xcr0 >> 32)));
	__asm__ volatile("fninit" ::: "memory");
	vcpu_regs_load(v);
	fpu_owner[cpu] = v;
}
