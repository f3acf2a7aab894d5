/* SPDX-License-Identifier: BSD-3-Clause */
/* One-line human summary of struct vmx_caps. */
#include <vmx/vmx.h>

#include "strbuf.h"

/* "(2M,1G,ad)": the EPT page sizes and accessed/dirty flags present, nothing when none is. */
static void ept_features(struct strbuf *sb, const struct vmx_caps *caps)
{
	const struct {
		bool on;
		const char *name;
	} f[] = { { caps->ept_2m, "2M" }, { caps->ept_1g, "1G" }, { caps->ept_ad, "ad" } };
	const char *sep = "(";
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!f[i].on)
			continue;
		sb_str(sb, sep);
		sb_str(sb, f[i].name);
		sep = ",";
	}
	if (sep[0] == ',')
		sb_str(sb, ")");
}

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
	if (caps->ept)
		ept_features(&sb, caps);
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
