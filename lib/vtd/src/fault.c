/* SPDX-License-Identifier: BSD-3-Clause */
/* Fault recording, decoding, reporting and the fault-event interrupt (VT-d 7.2, 11.4.9). The caller's
 * vtd_fault_report writes the line for a fault (it knows whose device it is); this file decides how many. */
#include "vtd_internal.h"

/* At most 8 fault lines a second per unit (lib/ratelimit); the next allowed one is preceded by a count of the
 * lines held back. */
static bool log_allowed(struct vtd_unit *u)
{
	uint32_t held = 0;
	bool allow = ratelimit_allow(&u->fault_rl, &held);
	if (allow && held != 0)
		plat_log(PLAT_LOG_WARN, "vtd %p: %u fault log lines suppressed (%llu faults in all)", u->regs, held,
			(unsigned long long)u->fault_total);
	return allow;
}

/* 11.4.9.4: the requester, reason and address of one fault record. */
static void decode(uint64_t lo, uint64_t hi, struct vtd_fault *f)
{
	uint16_t sid = VTD_FRCD_HI_SID(hi);
	f->bus = (uint8_t)(sid >> 8);
	f->dev = (uint8_t)((sid >> 3) & 0x1Fu);
	f->fn = (uint8_t)(sid & 7u);
	f->reason = (uint8_t)VTD_FRCD_HI_FR(hi);
	f->is_write = (hi & VTD_FRCD_HI_T) == 0;
	f->addr = lo & ~0xFFFull;
	/* For interrupt-remapping faults FI[63:48] holds the interrupt_index. */
	f->ir_index = f->reason >= 0x20 ? (uint16_t)(lo >> 48) : 0;
	f->reason_name = vtd_fault_reason_name(f->reason);
}

/* 7.2.1: start at FRI and consume the records (circularly) while their F bit is set (write-1-to-clear). */
static int take_records(struct vtd_unit *u, uint32_t fsts)
{
	unsigned int idx = VTD_FSTS_FRI(fsts) % u->caps.nfr;
	int n = 0;
	for (; n < (int)u->caps.nfr; n++) {
		uint32_t off = u->caps.fro_off + ((idx + (unsigned int)n) % u->caps.nfr) * VTD_FRCD_SIZE;
		uint64_t hi = vtd_rd64(u, off + 8);
		if (!(hi & VTD_FRCD_HI_F))
			break;
		struct vtd_fault f;
		decode(vtd_rd64(u, off), hi, &f);
		vtd_wr32(u, off + 12, (uint32_t)(VTD_FRCD_HI_F >> 32));
		u->fault_total++;
		f.log = log_allowed(u);
		vtd_fault_report(u, &f);
	}
	return n;
}

int vtd_fault_handle(struct vtd_unit *u)
{
	int n = 0;

	plat_lock(&u->fault_lock);
	uint32_t fsts = vtd_rd32(u, VTD_FSTS_REG);
	if (fsts & VTD_FSTS_PPF)
		n = take_records(u, fsts);
	if (fsts & VTD_FSTS_PFO) {
		u->fault_overflows++;
		if (log_allowed(u))
			plat_log(PLAT_LOG_ERROR, "vtd %p: fault overflow: fault records were lost", u->regs);
	}
	/* PFO is write-1-to-clear; PPF follows the F bits (written for older units). */
	if (fsts & (VTD_FSTS_PFO | VTD_FSTS_PPF))
		vtd_wr32(u, VTD_FSTS_REG, fsts & (VTD_FSTS_PFO | VTD_FSTS_PPF));
	plat_unlock(&u->fault_lock);
	return n;
}

int vtd_fault_irq_setup(struct vtd_unit *unit, uint8_t vector, uint32_t dest_apic_id)
{
	if (vector < 16)
		return -HV_EINVAL;
	if (dest_apic_id > 0xFFu && !unit->ir_x2apic)
		return -HV_EINVAL;
	plat_lock(&unit->fault_lock);
	vtd_wr32(unit, VTD_FECTL_REG, VTD_FECTL_IM);
	vtd_wr32(unit, VTD_FEDATA_REG, vector); /* fixed delivery, edge */
	/* 11.4.9.3/11.4.9.4: FEADDR holds an MSI address, FEUADDR the upper destination bits (x2APIC). */
	vtd_wr32(unit, VTD_FEADDR_REG, 0xFEE00000u | ((dest_apic_id & 0xFFu) << 12));
	vtd_wr32(unit, VTD_FEUADDR_REG, dest_apic_id & 0xFFFFFF00u);
	vtd_wr32(unit, VTD_FECTL_REG, 0);
	plat_unlock(&unit->fault_lock);
	return 0;
}
