/* SPDX-License-Identifier: BSD-3-Clause */
/* VMCS construction: controls, host state, guest presets, guest-state re-check. */
#include "test_common.h"

#include <vmx/vmx_guest_check.h>
#include <vmx/vmx_ext.h>
#include <hvkit/arch/x86_ext.h>

static struct vmx_caps caps;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	mock_load_tigerlake();
	assert_int_equal(vmx_probe(&caps), 0);
	mock_hw.current_vmcs = 0x5000;
	return 0;
}

static struct vmx_controls ug_controls(bool ia32e)
{
	struct vmx_controls d = { .proc = CPU_BASED_HLT_EXITING,
		.proc2 = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
		.exit = VM_EXIT_HOST_ADDRESS_SPACE_SIZE, .entry = ia32e ? VM_ENTRY_IA32E_MODE_GUEST : 0 };
	struct vmx_controls out;
	assert_int_equal(vmx_controls_compute(&caps, &d, NULL, &out), 0);
	return out;
}

static void test_controls_activate_secondary_when_proc2_is_desired(void **state)
{
	struct vmx_controls out = ug_controls(false);
	(void)state;
	assert_true(out.proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	assert_true(out.proc & CPU_BASED_HLT_EXITING);
	assert_int_equal(out.proc2, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST);
	assert_int_equal(out.pin, 0); /* TRUE pin-based allows all zero */
	assert_true(out.exit & VM_EXIT_HOST_ADDRESS_SPACE_SIZE);
}

static void test_required_posted_interrupts_are_refused_on_tigerlake(void **state)
{
	struct vmx_controls d = {0}, r = { .pin = PIN_BASED_PROCESS_POSTED_INTERRUPTS }, out = { .pin = 99 };
	(void)state;
	assert_int_equal(vmx_controls_compute(&caps, &d, &r, &out), -HV_ENODEV);
	assert_int_equal(out.pin, 99);
}

static void test_proc2_without_secondary_controls_is_dropped_or_refused(void **state)
{
	struct vmx_controls d = { .proc2 = SECONDARY_ENABLE_EPT }, r = { .proc2 = SECONDARY_ENABLE_EPT }, out;
	(void)state;
	caps.procbased_ctls &= ~((uint64_t)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS << 32);
	assert_int_equal(vmx_controls_compute(&caps, &d, NULL, &out), 0);
	assert_int_equal(out.proc2, 0);
	assert_false(out.proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	assert_int_equal(vmx_controls_compute(&caps, &d, &r, &out), -HV_ENODEV);
}

static void test_controls_write_puts_five_fields(void **state)
{
	struct vmx_controls c = ug_controls(true);
	uint64_t v;
	(void)state;
	assert_int_equal(vmx_controls_write(&c), 0);
	assert_true(mock_vmcs_get(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, &v));
	assert_int_equal(v, c.proc2);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_CONTROLS, &v));
	assert_int_equal(v, c.entry);
	mock_hw.vmwrite_fail_field = VMCS_VM_EXIT_CONTROLS;
	assert_int_equal(vmx_controls_write(&c), -HV_EIO);
}

static struct vmx_host_state good_host(void)
{
	return (struct vmx_host_state){ .rip = 0x100000, .rsp = 0x200000, .cr3 = 0x1000, .cs = 0x08, .ss = 0x10,
		.ds = 0x10, .es = 0x10, .tr = 0x28, .tr_base = 0x300000, .gdtr_base = 0x301000, .load_efer = true };
}

static void test_host_state_is_written_with_current_cr0_cr4_and_efer(void **state)
{
	struct vmx_host_state h = good_host();
	uint64_t v;
	(void)state;
	mock_hw.cr4 = 0x22A0;
	mock_msr_set(IA32_EFER, 0xD01);
	assert_int_equal(vmx_host_state_write(&h), 0);
	assert_true(mock_vmcs_get(VMCS_HOST_CR4, &v));
	assert_int_equal(v, 0x22A0);
	assert_true(mock_vmcs_get(VMCS_HOST_IA32_EFER, &v));
	assert_int_equal(v, 0xD01);
	assert_true(mock_vmcs_get(VMCS_HOST_TR_SELECTOR, &v));
	assert_int_equal(v, 0x28);
	assert_true(mock_vmcs_get(VMCS_HOST_RIP, &v));
	assert_int_equal(v, 0x100000);
}

static void test_host_selectors_with_rpl_or_null_cs_tr_are_refused(void **state)
{
	struct vmx_host_state h = good_host();
	(void)state;
	h.ds = 0x13;
	assert_int_equal(vmx_host_state_write(&h), -HV_EINVAL);
	h = good_host();
	h.tr = 0;
	assert_int_equal(vmx_host_state_write(&h), -HV_EINVAL);
	h = good_host();
	h.cs = 0;
	assert_int_equal(vmx_host_state_write(&h), -HV_EINVAL);
	h = good_host();
	h.gdtr_base = 0x0000800000000000ull; /* not canonical */
	assert_int_equal(vmx_host_state_write(&h), -HV_EINVAL);
	assert_int_equal(mock_hw.vmwrites, 0);
}

static void test_guest_cr0_relaxes_pe_pg_only_under_unrestricted_guest(void **state)
{
	(void)state;
	assert_int_equal(vmx_guest_cr0(&caps, 0x10, true), 0x30);          /* NE forced, PE/PG not */
	assert_int_equal(vmx_guest_cr0(&caps, 0x10, false), 0x80000031);  /* PE, PG, NE forced */
	assert_int_equal(vmx_guest_cr4(&caps, 0), CR4_VMXE);
}

static void test_protected32_preset_passes_checks_with_unrestricted_guest(void **state)
{
	struct vmx_guest_state gs;
	struct vmx_controls c = ug_controls(false);
	(void)state;
	assert_int_equal(vmx_guest_preset_protected32(&caps, 0x100000, 0x8000, &gs), 0);
	assert_int_equal(gs.cs.access_rights, 0xC09B);
	assert_int_equal(gs.ds.access_rights, 0xC093);
	assert_int_equal(gs.cr0 & (CR0_PE | CR0_PG), CR0_PE);
	assert_true(gs.needs_unrestricted_guest);
	assert_int_equal(gs.cr0_read_shadow, 0x11);
	assert_true(gs.cr4_guest_host_mask & CR4_VMXE);
	assert_int_equal(gs.rip, 0x100000);
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	/* Without UG, paging-off CR0 breaks CR0_FIXED0. */
	c.proc2 &= ~SECONDARY_UNRESTRICTED_GUEST;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CR0_FIXED);
}

static void test_presets_needing_ug_are_refused_without_it(void **state)
{
	struct vmx_guest_state gs;
	(void)state;
	caps.unrestricted_guest = false;
	assert_int_equal(vmx_guest_preset_protected32(&caps, 0, 0, &gs), -HV_ENODEV);
	assert_int_equal(vmx_guest_preset_real(&caps, 0xF000, 0xFFF0, &gs), -HV_ENODEV);
	assert_int_equal(vmx_guest_preset_long64(&caps, 0x1000, 0, 0, &gs), 0);
}

static void test_long64_preset_passes_checks_in_ia32e_mode(void **state)
{
	struct vmx_guest_state gs;
	struct vmx_controls c = ug_controls(true);
	(void)state;
	assert_int_equal(vmx_guest_preset_long64(&caps, 0x9000, 0x200000, 0x7000, &gs), 0);
	assert_int_equal(gs.cs.access_rights, 0xA09B);
	assert_true(gs.ia32e_mode_guest);
	assert_false(gs.needs_unrestricted_guest);
	assert_int_equal(gs.efer, IA32_EFER_LME | IA32_EFER_LMA);
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	c.entry |= VM_ENTRY_LOAD_IA32_EFER;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	gs.efer = IA32_EFER_LME;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_EFER_LMA_MISMATCH);
	assert_int_equal(vmx_guest_preset_long64(&caps, 0x9001, 0, 0, &gs), -HV_EINVAL);
}

static void test_long64_without_ia32e_control_or_pae_is_reported(void **state)
{
	struct vmx_guest_state gs;
	struct vmx_controls c = ug_controls(true);
	(void)state;
	assert_int_equal(vmx_guest_preset_long64(&caps, 0x9000, 0, 0, &gs), 0);
	gs.cr4 &= ~CR4_PAE;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_IA32E_NEEDS_PG_PAE);
	gs.cr4 |= CR4_PAE;
	gs.cs.access_rights |= VMX_AR_DB; /* L and D/B together */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CS_ACCESS_RIGHTS);
}

static void test_real_mode_preset_at_cs_ip_passes_checks(void **state)
{
	struct vmx_guest_state gs;
	struct vmx_controls c = ug_controls(false);
	(void)state;
	assert_int_equal(vmx_guest_preset_real(&caps, 0x9A00, 0x0010, &gs), 0);
	assert_int_equal(gs.cs.selector, 0x9A00);
	assert_int_equal(gs.cs.base, 0x9A000);
	assert_int_equal(gs.cs.limit, 0xFFFF);
	assert_int_equal(gs.rip, 0x10);
	assert_int_equal(gs.cr0 & (CR0_PE | CR0_PG), 0);
	assert_int_equal(gs.idtr_limit, 0x3FF);
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
}

static void test_guest_check_reports_each_broken_rule(void **state)
{
	struct vmx_guest_state base, gs;
	struct vmx_controls c = ug_controls(false);
	(void)state;
	assert_int_equal(vmx_guest_preset_protected32(&caps, 0x100000, 0x8000, &base), 0);

	gs = base; gs.cr0 |= CR0_PG; gs.cr0 &= ~CR0_PE;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CR0_PG_WITHOUT_PE);
	gs = base; gs.cr0 &= ~CR0_NE;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CR0_FIXED);
	gs = base; gs.cr4 &= ~CR4_VMXE;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CR4_FIXED);
	gs = base; gs.rflags = 0;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_RFLAGS_RESERVED);
	gs = base; gs.rflags = 0x2 | (1u << 15);
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_RFLAGS_RESERVED);
	gs = base; gs.activity_state = 4;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_ACTIVITY_STATE);
	gs = base; gs.activity_state = VMX_ACTIVITY_SHUTDOWN;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	caps.misc &= ~VMX_MISC_ACTIVITY_SHUTDOWN; /* a CPU without the shutdown state */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_ACTIVITY_STATE);
	gs = base; gs.activity_state = VMX_ACTIVITY_HLT;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	gs = base; gs.interruptibility = VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS;
	gs.rflags |= RFLAGS_IF;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_INTERRUPTIBILITY);
	gs = base; gs.interruptibility = VMX_INTERRUPTIBILITY_STI; /* with IF=0 */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_INTERRUPTIBILITY);
	gs = base; gs.interruptibility = 1u << 5;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_INTERRUPTIBILITY);
	gs = base; gs.cs.access_rights = 0xC091; /* read-only data type in CS (type 3 is allowed under UG) */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CS_ACCESS_RIGHTS);
	gs = base; gs.cs.access_rights &= ~VMX_AR_P;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_CS_ACCESS_RIGHTS);
	gs = base; gs.ss.access_rights = 0xC09B; /* code in SS */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_SS_ACCESS_RIGHTS);
	gs = base; gs.ds.access_rights = 0xC092; /* not accessed */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS);
	gs = base; gs.es.access_rights = VMX_AR_UNUSABLE; /* unusable data segments are fine */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_OK);
	gs = base; gs.tr.access_rights = 0x89; /* available, not busy, TSS */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_TR_ACCESS_RIGHTS);
	gs = base; gs.ldtr.access_rights = 0x83; /* usable but not an LDT */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_LDTR_ACCESS_RIGHTS);
	gs = base; gs.ds.limit = 0x1000; /* G=1 with limit bits 11:0 not all 1 */
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_SEGMENT_LIMIT_GRANULARITY);
	gs = base; gs.vmcs_link_pointer = 0;
	assert_int_equal(vmx_guest_state_check(&caps, &gs, &c), VMX_GUEST_VMCS_LINK_POINTER);
	assert_string_equal(vmx_guest_check_text(VMX_GUEST_VMCS_LINK_POINTER),
		"VMCS link pointer is not FFFFFFFF_FFFFFFFFH");
}

static void test_guest_state_write_then_read_round_trips(void **state)
{
	struct vmx_guest_state gs, back;
	struct vmx_controls c = ug_controls(true);
	uint64_t v;
	(void)state;
	assert_int_equal(vmx_guest_preset_long64(&caps, 0x9000, 0x200000, 0x7000, &gs), 0);
	gs.ss.selector = 0x18;
	gs.gdtr_limit = 0x27;
	assert_int_equal(vmx_controls_write(&c), 0);
	assert_int_equal(vmx_guest_state_write(&caps, &gs), 0);
	assert_true(mock_vmcs_get(VMCS_GUEST_CS_AR_BYTES, &v));
	assert_int_equal(v, 0xA09B);
	assert_true(mock_vmcs_get(VMCS_GUEST_IA32_EFER, &v));
	assert_int_equal(v, IA32_EFER_LME | IA32_EFER_LMA);
	assert_true(mock_vmcs_get(VMCS_VMCS_LINK_POINTER, &v));
	assert_int_equal(v, ~0ull);
	assert_int_equal(vmx_guest_state_read(&caps, &back), 0);
	assert_memory_equal(&gs, &back, sizeof(gs));
	mock_hw.vmwrite_fail_field = VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_TR);
	assert_int_equal(vmx_guest_state_write(&caps, &gs), -HV_EIO);
}

/* The segment fields by index are SDM Vol. 3D appendix B's encodings (B.1.2, B.3.3, B.4.3). */
static void test_segment_field_encodings_are_the_sdms(void **state)
{
	(void)state;
	assert_int_equal(VMCS_GUEST_SEG_SELECTOR(VMX_SEG_ES), 0x0800);
	assert_int_equal(VMCS_GUEST_SEG_SELECTOR(VMX_SEG_TR), 0x080E);
	assert_int_equal(VMCS_GUEST_SEG_LIMIT(VMX_SEG_GS), 0x480A);
	assert_int_equal(VMCS_GUEST_SEG_LIMIT(VMX_SEG_TR), 0x480E);
	assert_int_equal(VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_ES), 0x4814);
	assert_int_equal(VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_TR), 0x4822);
	assert_int_equal(VMCS_GUEST_SEG_BASE(VMX_SEG_CS), 0x6808);
	assert_int_equal(VMCS_GUEST_SEG_BASE(VMX_SEG_LDTR), 0x6812);
	assert_int_equal(VMCS_GUEST_SEG_BASE(VMX_SEG_TR), 0x6814);
	assert_int_equal(VMCS_GUEST_SS_AR_BYTES, 0x4818);
}

/* The diagnosis reads the controls and the guest state back from the VMCS: unrestricted guest from proc2
 * exempts CR0.PE/PG, a broken rule is named. */
static void test_diagnose_reads_the_vmcs_and_names_the_rule(void **state)
{
	struct vmx_guest_state gs;
	struct vmx_controls c = ug_controls(false);
	(void)state;
	assert_int_equal(vmx_guest_preset_real(&caps, 0xF000, 0xFFF0, &gs), 0);
	assert_int_equal(vmx_controls_write(&c), 0);
	assert_int_equal(vmx_guest_state_write(&caps, &gs), 0);
	assert_string_equal(vmx_guest_state_diagnose(&caps), "not found by the software re-check");
	mock_vmcs_set(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, 0); /* real mode without unrestricted guest */
	assert_string_equal(vmx_guest_state_diagnose(&caps), "CR0 violates IA32_VMX_CR0_FIXED0/FIXED1");
	mock_vmcs_set(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, c.proc2);
	mock_vmcs_set(VMCS_VMCS_LINK_POINTER, 0);
	assert_string_equal(vmx_guest_state_diagnose(&caps), "VMCS link pointer is not FFFFFFFF_FFFFFFFFH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_controls_activate_secondary_when_proc2_is_desired, setup),
		cmocka_unit_test_setup(test_required_posted_interrupts_are_refused_on_tigerlake, setup),
		cmocka_unit_test_setup(test_proc2_without_secondary_controls_is_dropped_or_refused, setup),
		cmocka_unit_test_setup(test_controls_write_puts_five_fields, setup),
		cmocka_unit_test_setup(test_host_state_is_written_with_current_cr0_cr4_and_efer, setup),
		cmocka_unit_test_setup(test_host_selectors_with_rpl_or_null_cs_tr_are_refused, setup),
		cmocka_unit_test_setup(test_guest_cr0_relaxes_pe_pg_only_under_unrestricted_guest, setup),
		cmocka_unit_test_setup(test_protected32_preset_passes_checks_with_unrestricted_guest, setup),
		cmocka_unit_test_setup(test_presets_needing_ug_are_refused_without_it, setup),
		cmocka_unit_test_setup(test_long64_preset_passes_checks_in_ia32e_mode, setup),
		cmocka_unit_test_setup(test_long64_without_ia32e_control_or_pae_is_reported, setup),
		cmocka_unit_test_setup(test_real_mode_preset_at_cs_ip_passes_checks, setup),
		cmocka_unit_test_setup(test_guest_check_reports_each_broken_rule, setup),
		cmocka_unit_test_setup(test_guest_state_write_then_read_round_trips, setup),
		cmocka_unit_test_setup(test_diagnose_reads_the_vmcs_and_names_the_rule, setup),
		cmocka_unit_test_setup(test_segment_field_encodings_are_the_sdms, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
