/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No MOVZX or MOVSX (the partition image): they decode as -HV_ENOSYS, as any instruction the decoder does not know,
 * so the core injects #UD and logs it (core/vm/mmio.c).
 */
#include "insn_parts.h"

const struct insn_form insn_more_forms[1] = { { 1, 0, NULL } }; /* an empty range: never matches */
const size_t insn_more_form_count = 0;
