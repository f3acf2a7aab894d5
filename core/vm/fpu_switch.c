/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest state the VMCS does not switch, when vCPUs share a CPU (share and hybrid): x87/SSE/AVX registers
 * and XCR0, and the MSRs and debug registers of fpu_regs.c. The hypervisor itself never touches them (it is built with
 * -mgeneral-regs-only and uses neither SYSCALL, SWAPGS nor debug registers), so a vCPU's state simply stays in
 * the CPU while it is the last vCPU to have run there; only when another vCPU is about to run is it saved to
 * the vCPU's own area (XSAVE of every component its XCR0 enables, SDM Vol. 1 13.7-13.8; FXSAVE without
 * XSAVE) and the other's restored.
 */
#include <core/percpu.h>
#include "fpu_regs.h"
#include <core/x86.h>
#include <hvkit/errno.h>
#include <string.h>

#define FXSAVE_FCW 0u          /* x87 control word, FXSAVE layout (SDM Vol. 1 10.5.1) */
#define FXSAVE_MXCSR 24u
#define FCW_RESET 0x037fu      /* the x87 control word after FINIT / reset */
#define MXCSR_RESET 0x1f80u    /* every SIMD exception masked (SDM Vol. 1 10.2.3) */

static struct vcpu *fpu_owner[HV_MAX_CPUS];

static void save_regs(struct vcpu *v)
{
	bool spec = vcpu_fpu_cpu_has_spec_ctrl();
	for (unsigned int i = 0; i < VCPU_SWITCHED_MSRS; i++)
		if (vcpu_switched_msrs[i] != IA32_SPEC_CTRL || spec)
			v->switched_msr[i] = rdmsr(vcpu_switched_msrs[i]);
	__asm__ volatile("mov %%db0, %0" : "=r"(v->dr[0]));
	__asm__ volatile("mov %%db1, %0" : "=r"(v->dr[1]));
	__asm__ volatile("mov %%db2, %0" : "=r"(v->dr[2]));
	__asm__ volatile("mov %%db3, %0" : "=r"(v->dr[3]));
	__asm__ volatile("mov %%db6, %0" : "=r"(v->dr[4]));
}

int vcpu_fpu_init(struct vcpu *v)
{
	uint8_t *area = plat_page_alloc(1);
	if (area == NULL)
		return -HV_ENOMEM;
	/* A vCPU starts in the reset state. With XSTATE_BV 0 XRSTOR initializes every component but
	 * MXCSR, which it loads from the area whenever SSE or AVX is requested (SDM Vol. 1 13.8.1). */
	uint16_t fcw = FCW_RESET;
	uint32_t mxcsr = MXCSR_RESET;
	memcpy(area + FXSAVE_FCW, &fcw, sizeof(fcw));
	memcpy(area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
	v->fpu_area = area;
	vcpu_regs_reset(v);
	return 0;
}

/* On the vCPU's own CPU, as it leaves for good: its state is dropped (only that CPU reads its owner). */
void vcpu_fpu_drop(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	if (fpu_owner[cpu] == v)
		fpu_owner[cpu] = NULL;
}

void vcpu_fpu_load(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	struct vcpu *o = fpu_owner[cpu];
	if (o == v || v->fpu_area == NULL)
		return;
	bool xsave = vcpu_fpu_cpu_has_xsave();
	if (o != NULL && o->fpu_area != NULL) {
		save_regs(o);
		if (xsave)
			__asm__ volatile("xsave64 (%0)" : : "r"(o->fpu_area), "a"(~0u), "d"(~0u) : "memory");
		else
			__asm__ volatile("fxsave64 (%0)" : : "r"(o->fpu_area) : "memory");
	}
	if (xsave) {
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)v->xcr0), "d"((uint32_t)(v->xcr0 >> 32)));
		__asm__ volatile("xrstor64 (%0)" : : "r"(v->fpu_area), "a"(~0u), "d"(~0u) : "memory");
	} else {
		__asm__ volatile("fxrstor64 (%0)" : : "r"(v->fpu_area) : "memory");
	}
	vcpu_regs_load(v); /* a vCPU that never ran gets the reset values */
	fpu_owner[cpu] = v;
}
