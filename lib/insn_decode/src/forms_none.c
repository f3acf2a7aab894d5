/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No MOV forms beyond MOV between memory and a register or an immediate (the partition image): MOV with a memory
 * offset, MOVZX and MOVSX decode as -HV_ENOSYS, so the core injects #UD and logs it (core/vm/mmio.c).
 */
#include "insn_parts.h"

const struct insn_form insn_more_forms[1] = { { 1, 0, NULL } }; /* an empty range: never matches */
const size_t insn_more_form_count = 0;
