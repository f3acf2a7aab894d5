/* SPDX-License-Identifier: BSD-3-Clause */
/* Value rules of emulated MSRs (SDM Vol. 4; Vol. 3A 11.12.2 for IA32_PAT, 9.8.5 for IA32_EFER). */
#include <guest_rules/msr_rules.h>

bool pat_valid(uint64_t pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		uint8_t type = (uint8_t)(pat >> (8 * i));
		if (type >= 8 || type == 2 || type == 3)
			return false;
	}
	return true;
}

bool efer_write(uint64_t cur, uint64_t val, bool cr0_pg, uint64_t *out)
{
	if (val & ~(IA32_EFER_SCE | IA32_EFER_LME | IA32_EFER_LMA | IA32_EFER_NXE))
		return false;
	if (cr0_pg && ((val ^ cur) & IA32_EFER_LME))
		return false;
	*out = (val & ~IA32_EFER_LMA) | (cur & IA32_EFER_LMA);
	return true;
}

bool misc_enable_write(uint64_t cur, uint64_t val, uint64_t *out)
{
	if (val & ~(MISC_ENABLE_WRITABLE | MISC_ENABLE_FIXED_ONE | MISC_ENABLE_FIXED_ZERO))
		return false;
	*out = (val & MISC_ENABLE_WRITABLE) | (cur & ~MISC_ENABLE_WRITABLE);
	return true;
}
