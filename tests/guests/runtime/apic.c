/* SPDX-License-Identifier: BSD-3-Clause */
/* Local APIC helpers: x2APIC through MSRs, xAPIC through MMIO. */
#include "guest.h"

bool x2apic_supported(void)
{
	return (cpuid(1, 0).ecx & (1u << 21)) != 0;
}

void x2apic_enable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	/* SDM Vol. 3A 10.12.5: disabled -> xAPIC -> x2APIC; EXTD may only be set with EN. */
	if (!(base & APIC_BASE_EN)) {
		base |= APIC_BASE_EN;
		wrmsr(MSR_IA32_APIC_BASE, base);
	}
	if (!(base & APIC_BASE_EXTD))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
}

uint32_t x2apic_id(void)
{
	return (uint32_t)rdmsr(X2APIC_MSR(APIC_REG_ID));
}

void x2apic_send_icr(uint32_t dest, uint32_t icr_low)
{
	/* x2APIC ICR is one 64-bit MSR: destination in bits 63:32; no delivery-status polling needed. */
	wrmsr(X2APIC_MSR(APIC_REG_ICR_LO), ((uint64_t)dest << 32) | icr_low);
}

static volatile uint32_t *xapic_reg(uint32_t reg)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_ADDR_MASK;
	return (volatile uint32_t *)(uintptr_t)(base + reg);
}

uint32_t xapic_read(uint32_t reg) { return *xapic_reg(reg); }

void xapic_write(uint32_t reg, uint32_t v) { *xapic_reg(reg) = v; }

uint32_t xapic_id(void) { return xapic_read(APIC_REG_ID) >> 24; }

void xapic_send_icr(uint32_t dest, uint32_t icr_low)
{
	xapic_write(APIC_REG_ICR_HI, dest << 24);
	xapic_write(APIC_REG_ICR_LO, icr_low);
	for (unsigned i = 0; i < 1000000u && (xapic_read(APIC_REG_ICR_LO) & APIC_ICR_PENDING); i++)
		cpu_relax();
}
