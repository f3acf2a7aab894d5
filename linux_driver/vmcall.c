// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor itself: is it there (CPUID), and VMCALL. The one file that differs in the test build
 * hvkit_fake.ko, where tests/fake_hv.c provides the same three functions without a hypervisor.
 *
 * VMCALL at CPL 0 with the number in RAX and up to three arguments in RDI, RSI, RDX; the result in RAX.
 * Outside VMX non-root operation VMCALL raises #UD, so nothing may call it before hvkit_hv_detect()
 * has said yes.
 */
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#include "hvkit.h"

/* Without the hypervisor bit, leaves above the highest basic leaf would return that leaf's data on Intel
 * CPUs, so the bit is checked before leaf 0x40000000 is read. */
bool hvkit_hv_detect(void)
{
	u32 eax, sig[3];

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return false;
	cpuid(HVKIT_CPUID_SIGNATURE_LEAF, &eax, &sig[0], &sig[1], &sig[2]);
	return memcmp(sig, HVKIT_CPUID_SIGNATURE, sizeof(sig)) == 0;
}

void hvkit_hv_cleanup(void)
{
}

long hvkit_vmcall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
	long ret;

	/* RDI, RSI and RDX are in/out operands so that the compiler does not count on them afterwards; the
	 * memory clobber makes argument blocks written before the call and read after it real accesses. */
	asm volatile("vmcall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
		     : "a"(nr)
		     : "memory", "cc");
	return ret;
}
