/* SPDX-License-Identifier: BSD-3-Clause */
/* One log line summing up struct vmx_caps. */
#include <hvkit/platform.h>
#include <vmx/vmx.h>

static const char *yn(bool v)
{
	return v ? "yes" : "no";
}

/* Whether a control can be 1, from its field's capability MSR value. */
static const char *can(uint64_t allowed, uint32_t control)
{
	return yn(vmx_allowed1(allowed, control));
}

/* "(2M,1G,ad)": the EPT page sizes and accessed/dirty flags of IA32_VMX_EPT_VPID_CAP (SDM Vol. 3D A.10),
 * indexed 2M | 1G << 1 | ad << 2. */
static const char *ept_features(const struct vmx_caps *caps)
{
	static const char *const text[8] = { "", "(2M)", "(1G)", "(2M,1G)", "(ad)", "(2M,ad)", "(1G,ad)",
		"(2M,1G,ad)" };
	uint64_t ev = caps->ept_vpid_cap;
	unsigned int i = (ev & VMX_EPT_PDE_2MB ? 1u : 0u) | (ev & VMX_EPT_PDPTE_1GB ? 2u : 0u) |
		(ev & VMX_EPT_ACCESSED_DIRTY ? 4u : 0u);
	return caps->ept ? text[i] : "";
}

#define SUMMARY "vmx: rev 0x%x ept=%s%s vpid=%s ug=%s tpr-shadow=%s apic-access=%s x2apic-virt=%s " \
	"apic-reg-virt=%s vid=%s posted-intr=%s preempt-timer="

void vmx_caps_log(const struct vmx_caps *caps)
{
	if (caps->failure) {
		plat_log(PLAT_LOG_ERROR, "vmx: unavailable: %s", caps->failure);
		return;
	}
	/* The two formats take the same arguments; the second leaves the rate unused (C11 7.21.6.1p2). */
	const char *fmt = caps->preemption_timer ? SUMMARY "yes(rate %u)" : SUMMARY "no";
	uint64_t p2 = caps->procbased_ctls2;
	plat_log(PLAT_LOG_INFO, fmt, caps->vmcs_revision_id, yn(caps->ept), ept_features(caps), yn(caps->vpid),
		yn(caps->unrestricted_guest), can(caps->procbased_ctls, CPU_BASED_USE_TPR_SHADOW),
		can(p2, SECONDARY_VIRTUALIZE_APIC_ACCESSES), can(p2, SECONDARY_VIRTUALIZE_X2APIC_MODE),
		can(p2, SECONDARY_APIC_REGISTER_VIRTUALIZATION), can(p2, SECONDARY_VIRTUAL_INTERRUPT_DELIVERY),
		can(caps->pinbased_ctls, PIN_BASED_PROCESS_POSTED_INTERRUPTS), caps->preemption_timer_rate);
}
