/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The lib/vmx hardware seam on real x86-64 (image build only): inline assembly.
 * VMX instruction outcomes come from RFLAGS per SDM Vol. 3C 30.2: CF=1
 * VMfailInvalid, ZF=1 VMfailValid.
 */
#include <vmx/vmx_hw.h>

#include "hw_x86_status.h"

void vmx_hw_cpuid(uint32_t leaf, uint32_t subleaf, struct vmx_cpuid_regs *out)
{
	__asm__ volatile("cpuid"
		: "=a"(out->eax), "=b"(out->ebx), "=c"(out->ecx), "=d"(out->edx)
		: "a"(leaf), "c"(subleaf));
}

uint64_t vmx_hw_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

void vmx_hw_wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)) : "memory");
}

/* Reading and writing control register n (CR0, CR4): the same two MOVs for each. */
#define VMX_CR_ACCESS(n)                                                                                    \
	uint64_t vmx_hw_read_cr##n(void)                                                                     \
	{                                                                                                    \
		uint64_t v;                                                                                      \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                              \
		return v;                                                                                        \
	}                                                                                                    \
	void vmx_hw_write_cr##n(uint64_t value)                                                              \
	{                                                                                                    \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(value) : "memory");                                 \
	}

VMX_CR_ACCESS(0)
VMX_CR_ACCESS(4)

/* VMXON, VMCLEAR and VMPTRLD: one instruction each, whose operand is a 64-bit physical address in memory. */
#define VMX_PA_INSN(fn, insn)                                                                               \
	enum vmx_insn_status fn(uint64_t pa)                                                                 \
	{                                                                                                    \
		uint8_t cf, zf;                                                                                  \
		__asm__ volatile(insn " %[pa]" : "=@ccc"(cf), "=@ccz"(zf) : [pa] "m"(pa) : "memory");         \
		return status_of(cf, zf);                                                                        \
	}

VMX_PA_INSN(vmx_hw_vmxon, "vmxon")
VMX_PA_INSN(vmx_hw_vmclear, "vmclear")
VMX_PA_INSN(vmx_hw_vmptrld, "vmptrld")

enum vmx_insn_status vmx_hw_vmread(uint64_t field, uint64_t *value)
{
	uint8_t cf, zf;
	uint64_t v = 0;

	/* AT&T operand order: vmread <field register>, <destination>. */
	__asm__ volatile("vmread %[field], %[val]"
		: [val] "=&r"(v), "=@ccc"(cf), "=@ccz"(zf)
		: [field] "r"(field)
		: "memory");
	enum vmx_insn_status st = status_of(cf, zf);
	if (st == VMX_SUCCEED)
		*value = v;
	return st;
}

enum vmx_insn_status vmx_hw_vmwrite(uint64_t field, uint64_t value)
{
	uint8_t cf, zf;

	/* AT&T operand order: vmwrite <value>, <field register>. */
	__asm__ volatile("vmwrite %[val], %[field]"
		: "=@ccc"(cf), "=@ccz"(zf)
		: [val] "rm"(value), [field] "r"(field)
		: "memory");
	return status_of(cf, zf);
}
