/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest registers the VMCS does not switch besides x87/SSE/AVX (fpu_switch.c; fpu_single.c resets them
 * itself): the SYSCALL MSRs (STAR, LSTAR, CSTAR, SFMASK), KERNEL_GS_BASE, IA32_SPEC_CTRL (all passed through)
 * and DR0-DR3, DR6 (MOV-DR exiting is off); their reset values, and loading a vCPU's copy into the CPU.
 */
#include "fpu_regs.h"
#include <core/x86.h>
#include <string.h>

#define DR6_RESET 0xffff0ff0ull

const uint32_t vcpu_switched_msrs[VCPU_SWITCHED_MSRS] = {
	IA32_STAR, IA32_LSTAR, IA32_CSTAR, IA32_FMASK, IA32_KERNEL_GS_BASE, IA32_SPEC_CTRL,
};

bool vcpu_fpu_cpu_has_spec_ctrl(void)
{
	uint32_t a, b, c, d;
	cpuid(7, 0, &a, &b, &c, &d);
	return (d & (1u << 26)) != 0; /* CPUID.(7,0):EDX.IBRS_IBPB: IA32_SPEC_CTRL exists */
}

bool vcpu_fpu_cpu_has_xsave(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	return (c & (1u << 26)) != 0;
}

void vcpu_regs_reset(struct vcpu *v)
{
	v->xcr0 = XCR0_X87; /* x87 only */
	memset(v->switched_msr, 0, sizeof(v->switched_msr));
	memset(v->dr, 0, sizeof(v->dr));
	v->dr[4] = DR6_RESET;
}

void vcpu_regs_load(const struct vcpu *v)
{
	bool spec = vcpu_fpu_cpu_has_spec_ctrl();
	for (unsigned int i = 0; i < VCPU_SWITCHED_MSRS; i++)
		if (vcpu_switched_msrs[i] != IA32_SPEC_CTRL || spec)
			wrmsr(vcpu_switched_msrs[i], v->switched_msr[i]);
	__asm__ volatile("mov %0, %%db0" : : "r"(v->dr[0]));
	__asm__ volatile("mov %0, %%db1" : : "r"(v->dr[1]));
	__asm__ volatile("mov %0, %%db2" : : "r"(v->dr[2]));
	__asm__ volatile("mov %0, %%db3" : : "r"(v->dr[3]));
	__asm__ volatile("mov %0, %%db6" : : "r"(v->dr[4]));
}
