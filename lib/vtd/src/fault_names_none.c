/* SPDX-License-Identifier: BSD-3-Clause */
/* The registers-only flavour (partition, lapic_pt) names no fault reason: the log line carries the number, which
 * VT-d 7.1.3 (DMA remapping) and 7.1.4 (interrupt remapping) tabulate; fault_names.c has the names. */
#include "vtd_internal.h"

const char *vtd_fault_reason_name(uint8_t reason)
{
	(void)reason;
	return "see VT-d 7.1.3";
}
