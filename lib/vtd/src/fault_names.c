/* SPDX-License-Identifier: BSD-3-Clause */
/* The fault reasons' names for the log (vtd_lib; the registers-only flavour links fault_names_none.c). */
#include "vtd_internal.h"

/* VT-d 7.1.3 (DMA remapping, legacy mode) and 7.1.4 (interrupt remapping); index = fault reason. */
static const char *const fault_reason_names[] = {
	[0x01] = "root entry not present",
	[0x02] = "context entry not present",
	[0x03] = "invalid context entry programming",
	[0x04] = "address beyond the domain's address width",
	[0x05] = "write to a page without write permission",
	[0x06] = "read from a page without read permission",
	[0x07] = "error accessing a second-level paging entry",
	[0x08] = "error accessing the root entry",
	[0x09] = "error accessing the context entry",
	[0x0A] = "reserved field set in root entry",
	[0x0B] = "reserved field set in context entry",
	[0x0C] = "reserved field set in second-level paging entry",
	[0x0D] = "request blocked by context entry translation type",
	[0x20] = "reserved field set in remappable interrupt request",
	[0x21] = "interrupt index beyond interrupt-remapping table size",
	[0x22] = "interrupt-remapping table entry not present",
	[0x23] = "error accessing the interrupt-remapping table",
	[0x24] = "reserved field set in interrupt-remapping table entry",
	[0x25] = "compatibility-format interrupt blocked",
	[0x26] = "interrupt source-id validation failed",
};

const char *vtd_fault_reason_name(uint8_t reason)
{
	if (reason >= sizeof(fault_reason_names) / sizeof(fault_reason_names[0]) || !fault_reason_names[reason])
		return "unknown fault reason";
	return fault_reason_names[reason];
}
