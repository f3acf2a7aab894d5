/* SPDX-License-Identifier: BSD-3-Clause */
/* EPT-violation exit qualification (SDM Vol. 3C 28.2.1, Table 28-7). */
#include <ept/ept.h>

#include <string.h>

void ept_decode_violation(uint64_t q, struct ept_violation *out)
{
	memset(out, 0, sizeof(*out));
	out->read = (q & EPT_VQ_READ) != 0;
	out->write = (q & EPT_VQ_WRITE) != 0;
	out->fetch = (q & EPT_VQ_FETCH) != 0;
	/* Bits 5:3: the AND of bits 2:0 over every EPT entry of the translation. */
	out->perm = (uint8_t)((q >> 3) & PT_PERM_RWX);
	out->gla_valid = (q & EPT_VQ_GLA_VALID) != 0;
	/* Bit 8 is meaningful only when bit 7 is set. */
	out->gla_translation = out->gla_valid && (q & EPT_VQ_GLA_TRANSLATION) != 0;
	out->nmi_unblocking = (q & EPT_VQ_NMI_UNBLOCKING) != 0;
}
