/* SPDX-License-Identifier: BSD-3-Clause */
/* One-line human summary of struct vmx_caps. */
#include <vmx/vmx.h>

#include "strbuf.h"

size_t vmx_caps_summary(const struct vmx_caps *caps, char *buf, size_t len)
{
	struct strbuf sb;

	sb_init(&sb, buf, len);
	if (caps == NULL) {
		sb_str(&sb, "vmx: unavailable");
		return sb.pos;
	}
	if (caps->failure) {
		sb_str(&sb, "vmx: unavailable: ");
		sb_str(&sb, caps->failure);
		return sb.pos;
	}
	sb_str(&sb, "vmx: rev ");
	sb_hex(&sb, caps->vmcs_revision_id);
	sb_yesno(&sb, "ept", caps->ept);
	if (caps->ept && (caps->ept_2m || caps->ept_1g || caps->ept_ad)) {
		const char *sep = "(";
		if (caps->ept_2m) {
			sb_str(&sb, sep);
			sb_str(&sb, "2M");
			sep = ",";
		}
		if (caps->ept_1g) {
			sb_str(&sb, sep);
			sb_str(&sb, "1G");
			sep = ",";
		}
		if (caps->ept_ad) {
			sb_str(&sb, sep);
			sb_str(&sb, "ad");
		}
		sb_str(&sb, ")");
	}
	sb_yesno(&sb, "vpid", caps->vpid);
	sb_yesno(&sb, "ug", caps->unrestricted_guest);
	sb_yesno(&sb, "tpr-shadow", caps->tpr_shadow);
	sb_yesno(&sb, "apic-access", caps->virtualize_apic_accesses);
	sb_yesno(&sb, "x2apic-virt", caps->virtualize_x2apic_mode);
	sb_yesno(&sb, "apic-reg-virt", caps->apic_register_virtualization);
	sb_yesno(&sb, "vid", caps->virtual_interrupt_delivery);
	sb_yesno(&sb, "posted-intr", caps->posted_interrupts);
	sb_yesno(&sb, "preempt-timer", caps->preemption_timer);
	if (caps->preemption_timer) {
		sb_str(&sb, "(rate ");
		sb_dec(&sb, caps->preemption_timer_rate);
		sb_str(&sb, ")");
	}
	return sb.pos;
}
