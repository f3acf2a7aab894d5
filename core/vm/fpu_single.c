/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest state the VMCS does not switch (x87/SSE/AVX registers, XCR0, the SYSCALL MSRs, KERNEL_GS_BASE,
 * IA32_SPEC_CTRL and DR0-DR3, DR6) where each CPU runs one vCPU for good: partition and lapic_pt, which refuse
 * a second vCPU on a CPU. The hypervisor never touches that state (fpu_switch.c says why), so nothing is ever
 * saved or kept in the vCPU: before the vCPU first runs, its CPU's registers are put in their reset state, and
 * from then on they are the vCPU's. Share and hybrid link fpu_switch.c (over fpu_regs.c) instead.
 */
#include <core/percpu.h>
#include <core/vm_internal.h>
#include <core/x86.h>

#define DR6_RESET 0xffff0ff0ull

/* The MSRs passed through that the VMCS does not switch; 0 after reset (SDM Vol. 3A 10.1.1, table 10-1). */
static const uint32_t reset_msrs[] = {
	IA32_STAR, IA32_LSTAR, IA32_CSTAR, IA32_FMASK, IA32_KERNEL_GS_BASE, IA32_SPEC_CTRL,
};

/* The vCPU whose state each CPU holds. */
static struct vcpu *fpu_owner[HV_MAX_CPUS];

int vcpu_fpu_init(struct vcpu *v)
{
	v->xcr0 = XCR0_X87; /* what exit_xsetbv changes: x87 only */
	return 0;
}

void vcpu_fpu_drop(struct vcpu *v)
{
	(void)v; /* nothing to give back: the vCPU's state was only ever its CPU's registers */
}

/* CPUID.(leaf,0):reg[bit], reg 2 for ECX, 3 for EDX. */
static bool cpuid_bit(uint32_t leaf, unsigned int reg, unsigned int bit)
{
	uint32_t r[4];
	cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
	return (r[reg] >> bit) & 1;
}

/* The MSRs (IA32_SPEC_CTRL where CPUID.(7,0):EDX[26] says it exists) and the debug registers. */
static void regs_reset(void)
{
	bool spec_ctrl = cpuid_bit(7, 3, 26);
	for (size_t i = 0; i < sizeof(reset_msrs) / sizeof(reset_msrs[0]); i++)
		if (reset_msrs[i] != IA32_SPEC_CTRL || spec_ctrl)
			wrmsr(reset_msrs[i], 0);
	uint64_t zero = 0, dr6 = DR6_RESET;
	__asm__ volatile("mov %0, %%db0" : : "r"(zero));
	__asm__ volatile("mov %0, %%db1" : : "r"(zero));
	__asm__ volatile("mov %0, %%db2" : : "r"(zero));
	__asm__ volatile("mov %0, %%db3" : : "r"(zero));
	__asm__ volatile("mov %0, %%db6" : : "r"(dr6));
}

/* FNINIT puts the x87 unit in its reset state (SDM Vol. 1 8.1.1 and 9.1.1's table 9-1), XSETBV XCR0 in its own
 * where the CPU has XSAVE (CPUID.1:ECX[26]). MXCSR and the XMM registers keep their power-up values (SDM Vol. 3A
 * 10.1.1): the hypervisor never touches them (nor could it set MXCSR here: LDMXCSR is #UD while the host's
 * CR4.OSFXSR is clear). */
void vcpu_fpu_load(struct vcpu *v)
{
	unsigned int cpu = this_cpu()->index;
	if (fpu_owner[cpu] == v)
		return;
	if (cpuid_bit(1, 2, 26))
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)XCR0_X87), "d"(0));
	__asm__ volatile("fninit" ::: "memory");
	regs_reset();
	fpu_owner[cpu] = v;
}
