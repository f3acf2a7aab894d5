/* SPDX-License-Identifier: BSD-3-Clause */
/* Host LAPIC register access in x2APIC mode where the CPU has it, xAPIC MMIO otherwise (lapic_regs.h). */
#include <core/lapic.h>
#include <core/x86.h>

#include "lapic_regs.h"

static bool use_x2apic;
static volatile uint32_t *xapic_mmio = (volatile uint32_t *)(uintptr_t)APIC_BASE_DEFAULT;

uint32_t lapic_read(unsigned int reg)
{
	if (use_x2apic)
		return (uint32_t)rdmsr(0x800 + reg);
	return xapic_mmio[reg * 4];
}

void lapic_write(unsigned int reg, uint32_t v)
{
	if (use_x2apic)
		wrmsr(0x800 + reg, v);
	else
		xapic_mmio[reg * 4] = v;
}

bool lapic_is_x2apic(void)
{
	return use_x2apic;
}

void lapic_enable(uint32_t cpuid1_ecx)
{
	uint64_t base = rdmsr(IA32_APIC_BASE);
	wrmsr(IA32_APIC_BASE, base | APIC_BASE_EN);
	if (cpuid1_ecx & CPUID_1_ECX_X2APIC) {
		/* SDM Vol. 3A 11.12.5: xAPIC -> x2APIC by setting EXTD with EN set. */
		wrmsr(IA32_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
		use_x2apic = true;
	} else {
		xapic_mmio = (volatile uint32_t *)(uintptr_t)(base & 0xfffff000ull);
	}
}

uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(REG_ID);
	return use_x2apic ? id : id >> 24;
}

bool lapic_send_ipi(uint32_t dest, enum apic_delivery_mode mode, uint8_t vector)
{
	uint32_t lo = vector | ((uint32_t)mode << APIC_ICR_DM_SHIFT) | APIC_ICR_LEVEL_ASSERT;
	if (use_x2apic) {
		wrmsr(0x800 + REG_ICR_LO, ((uint64_t)dest << 32) | lo);
		return true;
	}
	lapic_write(REG_ICR_HI, dest << 24);
	lapic_write(REG_ICR_LO, lo);
	for (unsigned int i = 0; i < 1000000; i++) {
		if (!(lapic_read(REG_ICR_LO) & (1u << 12)))
			return true; /* delivery status idle */
		cpu_relax();
	}
	return false;
}
