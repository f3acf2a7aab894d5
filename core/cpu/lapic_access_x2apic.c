/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host LAPIC register access in x2APIC mode only (lapic_regs.h): the lapic_pt image, whose VMs drive their
 * CPUs' x2APICs and cannot run on a CPU without one. On such a CPU the image stops at boot (README "Footprint").
 */
#include <core/console.h>
#include <core/lapic.h>
#include <core/trap.h>
#include <core/x86.h>

#include "lapic_regs.h"

uint32_t lapic_read(unsigned int reg)
{
	return (uint32_t)rdmsr(0x800 + reg);
}

void lapic_write(unsigned int reg, uint32_t v)
{
	wrmsr(0x800 + reg, v);
}

bool lapic_is_x2apic(void)
{
	return true;
}

void lapic_enable(uint32_t cpuid1_ecx)
{
	if (!(cpuid1_ecx & CPUID_1_ECX_X2APIC))
		cpu_stop("this image drives the LAPIC in x2APIC mode only, which this CPU lacks");
	/* SDM Vol. 3A 11.12.5: xAPIC -> x2APIC by setting EXTD with EN set. */
	uint64_t base = rdmsr(IA32_APIC_BASE);
	wrmsr(IA32_APIC_BASE, base | APIC_BASE_EN);
	wrmsr(IA32_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
}

uint32_t lapic_id(void)
{
	return lapic_read(REG_ID);
}

/* x2APIC: one WRMSR sends it; there is no delivery status to wait for (SDM Vol. 3A 11.12.9). */
bool lapic_send_ipi(uint32_t dest, enum apic_delivery_mode mode, uint8_t vector)
{
	wrmsr(0x800 + REG_ICR_LO, ((uint64_t)dest << 32) | vector | ((uint32_t)mode << APIC_ICR_DM_SHIFT) |
					  APIC_ICR_LEVEL_ASSERT);
	return true;
}
