/* SPDX-License-Identifier: BSD-3-Clause */
/* MOV to CR0/CR4 rules: SDM Vol. 3A 2.5 (control registers), Vol. 2B MOV CRn (protected-mode and
 * 64-bit-mode exceptions). */
#include <guest_rules/cr_rules.h>

struct cr4_feature {
	uint8_t leaf7; /* 0: leaf 1, 1: leaf 7 sub-leaf 0 */
	uint8_t reg;   /* 1 EBX, 2 ECX, 3 EDX */
	uint8_t bit;
	uint64_t cr4;
};

/* CR4 bits and the CPUID feature that makes each one defined (SDM Vol. 3A Table 2-2 and 2.5). */
static const struct cr4_feature cr4_features[] = {
	{ 0, 3, 1, CR4_VME | CR4_PVI }, { 0, 3, 2, CR4_DE }, { 0, 3, 3, CR4_PSE }, { 0, 3, 6, CR4_PAE },
	{ 0, 3, 7, CR4_MCE }, { 0, 3, 13, CR4_PGE }, { 0, 3, 24, CR4_OSFXSR }, { 0, 3, 25, CR4_OSXMMEXCPT },
	{ 0, 2, 17, CR4_PCIDE }, { 0, 2, 26, CR4_OSXSAVE },
	{ 1, 1, 0, CR4_FSGSBASE }, { 1, 1, 7, CR4_SMEP }, { 1, 1, 20, CR4_SMAP },
	{ 1, 2, 2, CR4_UMIP }, { 1, 2, 3, CR4_PKE }, { 1, 2, 7, CR4_CET }, { 1, 2, 16, CR4_LA57 },
	{ 1, 2, 23, CR4_KL }, { 1, 2, 31, CR4_PKS },
};

uint64_t cr4_reserved_bits(const struct cr_cpuid *c, uint64_t vmx_cr4_fixed1)
{
	uint64_t reserved = ~vmx_cr4_fixed1 | (0xffffffffull << 32) | CR4_VMXE | CR4_SMXE;
	for (unsigned int i = 0; i < sizeof(cr4_features) / sizeof(cr4_features[0]); i++) {
		const struct cr4_feature *f = &cr4_features[i];
		const uint32_t *leaf = f->leaf7 ? c->leaf7 : c->leaf1;
		if (!((leaf[f->reg] >> f->bit) & 1))
			reserved |= f->cr4;
	}
	return reserved;
}

/* In IA-32e mode CR4.PAE stays set and the paging depth (LA57) does not change. */
static bool cr4_ia32e_faults(const struct cr_state *s, uint64_t val)
{
	return s->efer_lma && (!(val & CR4_PAE) || ((val ^ s->cr4) & CR4_LA57));
}

/* PCIDE 0 -> 1 only in IA-32e mode with CR3[11:0] = 0. */
static bool cr4_pcide_faults(const struct cr_state *s, uint64_t val)
{
	bool setting = (val & CR4_PCIDE) && !(s->cr4 & CR4_PCIDE);
	return setting && (!s->efer_lma || (s->cr3 & 0xfffu));
}

bool cr4_write_faults(const struct cr_state *s, uint64_t val)
{
	if ((val & s->cr4_reserved) || cr4_ia32e_faults(s, val) || cr4_pcide_faults(s, val))
		return true;
	return (val & CR4_CET) && !(s->cr0 & CR0_WP); /* CET needs CR0.WP */
}

/* Rules on the value alone: bits 63:32 reserved, NW only with CD, PG only with PE. */
static bool cr0_value_faults(uint64_t val)
{
	if (val >> 32)
		return true;
	return ((val & CR0_NW) && !(val & CR0_CD)) || ((val & CR0_PG) && !(val & CR0_PE));
}

/* Turning paging on with EFER.LME activates IA-32e mode, which needs PAE; paging cannot be turned off
 * with PCIDE set. */
static bool cr0_paging_faults(const struct cr_state *s, uint64_t val)
{
	bool on = (val & CR0_PG) && !(s->cr0 & CR0_PG), off = !(val & CR0_PG) && (s->cr0 & CR0_PG);
	return (on && s->efer_lme && !(s->cr4 & CR4_PAE)) || (off && (s->cr4 & CR4_PCIDE));
}

bool cr0_write_faults(const struct cr_state *s, uint64_t val)
{
	if (cr0_value_faults(val) || cr0_paging_faults(s, val))
		return true;
	return !(val & CR0_WP) && (s->cr4 & CR4_CET); /* CET needs WP */
}
