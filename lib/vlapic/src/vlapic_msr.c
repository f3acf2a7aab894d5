/* SPDX-License-Identifier: BSD-3-Clause */
/* The MSR interface: IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC range. */
#include "vlapic_priv.h"

static bool x2apic_msr(uint32_t msr)
{
	return msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST;
}

/* An x2APIC register read as an MSR (SDM 11.12.1.2); the ICR is one 64-bit register. */
static int x2apic_rdmsr(struct vlapic *vl, uint32_t msr, uint64_t *val)
{
	if (msr == MSR_X2APIC_ICR) {
		*val = ((uint64_t)reg_get(vl, APIC_OFF_ICR_HIGH) << 32) | reg_get(vl, APIC_OFF_ICR_LOW);
		return 0;
	}
	uint32_t v;
	int rc = vlapic_reg_read(vl, (msr - MSR_X2APIC_FIRST) << 4, &v, true);
	if (rc == 0)
		*val = v;
	return rc;
}

int vlapic_rdmsr(struct vlapic *vl, uint32_t msr, uint64_t *val)
{
	if (msr == IA32_APIC_BASE) {
		*val = vl->apic_base;
		return 0;
	}
	if (msr == IA32_TSC_DEADLINE) {
		*val = vlapic_timer_read_deadline(vl);
		return 0;
	}
	if (!x2apic_msr(msr))
		return -HV_ENOENT;
	/* SDM 11.12.2: the x2APIC MSRs exist only in x2APIC mode. */
	if (!vlapic_x2apic_mode(vl))
		return VLAPIC_GP;
	return x2apic_rdmsr(vl, msr, val);
}

/* SDM 11.12.9: the x2APIC ICR is written in one 64-bit write; destination in bits 63:32. */
static int x2apic_write_icr(struct vlapic *vl, uint64_t val)
{
	uint32_t low = (uint32_t)val, dest = (uint32_t)(val >> 32);
	if (low & ~APIC_ICR_LOW_WMASK)
		return VLAPIC_GP;
	reg_set(vl, APIC_OFF_ICR_HIGH, dest);
	reg_set(vl, APIC_OFF_ICR_LOW, low);
	vlapic_send_icr(vl, low, dest);
	return 0;
}

int vlapic_wrmsr(struct vlapic *vl, uint32_t msr, uint64_t val)
{
	if (msr == IA32_APIC_BASE)
		return vlapic_write_apic_base(vl, val);
	if (msr == IA32_TSC_DEADLINE) {
		vlapic_timer_write_deadline(vl, val);
		return 0;
	}
	if (!x2apic_msr(msr))
		return -HV_ENOENT;
	if (!vlapic_x2apic_mode(vl))
		return VLAPIC_GP;
	if (msr == MSR_X2APIC_ICR)
		return x2apic_write_icr(vl, val);
	/* SDM 11.12.1.3: bits 63:32 of a 32-bit register are reserved. */
	if (val >> 32)
		return VLAPIC_GP;
	return vlapic_reg_write(vl, (msr - MSR_X2APIC_FIRST) << 4, (uint32_t)val, true);
}
