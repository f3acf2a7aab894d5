/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guests' x87/SSE/AVX state (and XCR0) when vCPUs share a CPU. The hypervisor itself never touches
 * those registers (it is built with -mgeneral-regs-only), so a vCPU's state simply stays in the CPU while
 * it is the last vCPU to have run there; only when another vCPU is about to run is it saved to the
 * vCPU's own area (XSAVE of every component its XCR0 enables) and the other's restored (XSETBV of its
 * XCR0, then XRSTOR). SDM Vol. 1 13.7-13.8. Without XSAVE (a CPU without it), FXSAVE/FXRSTOR.
 */
#include <core/percpu.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <hvkit/errno.h>
#include <string.h>

#define FXSAVE_FCW 0u          /* x87 control word, FXSAVE layout (SDM Vol. 1 10.5.1) */
#define FXSAVE_MXCSR 24u
#define FCW_RESET 0x037fu      /* the x87 control word after FINIT / reset */
#define MXCSR_RESET 0x1f80u    /* every SIMD exception masked (SDM Vol. 1 10.2.3) */
#define XCR0_RESET 1u          /* x87 only */

static struct vcpu *fpu_owner[HV_MAX_CPUS];

static bool cpu_has_xsave(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	return (c & (1u << 26)) != 0;
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
	v->xcr0 = XCR0_RESET;
	return 0;
}

/* On the vCPU's own CPU, as it leaves for good: its state is dropped (only that CPU reads its owner). */
void vcpu_fpu_drop(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	if (fpu_owner[cpu] == v)
		fpu_owner[cpu] = NULL;
}

/* At tear-down, after vcpu_fpu_drop on its CPU (or if it never ran). */
void vcpu_fpu_release(struct vcpu *v)
{
	plat_page_free(v->fpu_area, 1);
	v->fpu_area = NULL;
}

void vcpu_fpu_load(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	struct vcpu *o = fpu_owner[cpu];
	if (o == v || v->fpu_area == NULL)
		return;
	bool xsave = cpu_has_xsave();
	if (o != NULL && o->fpu_area != NULL) {
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
	fpu_owner[cpu] = v;
}
