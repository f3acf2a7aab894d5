/* SPDX-License-Identifier: BSD-3-Clause */
/* Exit-qualification decoders (SDM 27.2.1 tables 27-3, 27-5) and GPR numbering. */
#include "test_common.h"

#include <vmx/vmx_decode.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_run.h>

static void test_cr_access_mov_to_cr4_from_rbx(void **state)
{
	struct vmx_cr_access a;
	(void)state;
	vmx_decode_cr_access(0x304, &a);
	assert_int_equal(a.cr, 4);
	assert_int_equal(a.access_type, VMX_CR_ACCESS_MOV_TO_CR);
	assert_int_equal(a.gpr, 3);
}

static void test_cr_access_mov_from_cr3_to_r12(void **state)
{
	struct vmx_cr_access a;
	(void)state;
	vmx_decode_cr_access(0xC13, &a);
	assert_int_equal(a.cr, 3);
	assert_int_equal(a.access_type, VMX_CR_ACCESS_MOV_FROM_CR);
	assert_int_equal(a.gpr, 12);
}

static void test_cr_access_lmsw_source_and_clts(void **state)
{
	struct vmx_cr_access a;
	(void)state;
	vmx_decode_cr_access(0x000F0070ull, &a);
	assert_int_equal(a.access_type, VMX_CR_ACCESS_LMSW);
	assert_int_equal(a.lmsw_source, 0xF);
	vmx_decode_cr_access(0x20, &a);
	assert_int_equal(a.access_type, VMX_CR_ACCESS_CLTS);
}

static void test_io_out_byte_to_immediate_port(void **state)
{
	struct vmx_io_access io;
	(void)state;
	assert_true(vmx_decode_io(0x00E90040ull, &io));
	assert_int_equal(io.port, 0xE9);
	assert_int_equal(io.size, 1);
	assert_false(io.in);
	assert_false(io.string);
	assert_false(io.rep);
}

static void test_io_rep_insd_from_dx(void **state)
{
	struct vmx_io_access io;
	(void)state;
	assert_true(vmx_decode_io(0x01F00039ull | 0x3, &io));
	assert_int_equal(io.port, 0x1F0);
	assert_int_equal(io.size, 4);
	assert_true(io.in);
	assert_true(io.string);
	assert_true(io.rep);
	assert_true(vmx_decode_io(0x1, &io));
	assert_int_equal(io.size, 2);
}

static void test_io_invalid_size_encoding_is_rejected(void **state)
{
	struct vmx_io_access io = { .port = 7 };
	(void)state;
	assert_false(vmx_decode_io(0x2, &io));
	assert_false(vmx_decode_io(0x4, &io));
	assert_int_equal(io.port, 7);
}

static void test_gpr_numbering_matches_sdm_and_rsp_is_in_vmcs(void **state)
{
	struct vmx_guest_regs r;
	(void)state;
	memset(&r, 0, sizeof(r));
	*vmx_guest_gpr(&r, 0) = 1;
	*vmx_guest_gpr(&r, 1) = 2;
	*vmx_guest_gpr(&r, 3) = 4;
	*vmx_guest_gpr(&r, 7) = 8;
	*vmx_guest_gpr(&r, 15) = 16;
	assert_int_equal(r.rax, 1);
	assert_int_equal(r.rcx, 2);
	assert_int_equal(r.rbx, 4);
	assert_int_equal(r.rdi, 8);
	assert_int_equal(r.r15, 16);
	assert_null(vmx_guest_gpr(&r, 4));
	assert_null(vmx_guest_gpr(&r, 16));
	assert_null(vmx_guest_gpr(NULL, 0));
}

static void test_entry_failure_qualifications_are_explained(void **state)
{
	(void)state;
	assert_non_null(strstr(vmx_entry_failure_text(33, 4), "VMCS link pointer"));
	assert_non_null(strstr(vmx_entry_failure_text(33, 2), "PDPTE"));
	assert_non_null(strstr(vmx_entry_failure_text(33, 3), "NMI"));
	assert_non_null(strstr(vmx_entry_failure_text(33, 0), "26.3.1"));
	assert_non_null(strstr(vmx_entry_failure_text(34, 2), "MSR loading"));
	assert_non_null(strstr(vmx_entry_failure_text(41, 0), "machine-check"));
	assert_string_equal(vmx_entry_failure_text(10, 0), "not a VM-entry failure");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr_access_mov_to_cr4_from_rbx),
		cmocka_unit_test(test_cr_access_mov_from_cr3_to_r12),
		cmocka_unit_test(test_cr_access_lmsw_source_and_clts),
		cmocka_unit_test(test_io_out_byte_to_immediate_port),
		cmocka_unit_test(test_io_rep_insd_from_dx),
		cmocka_unit_test(test_io_invalid_size_encoding_is_rejected),
		cmocka_unit_test(test_gpr_numbering_matches_sdm_and_rsp_is_in_vmcs),
		cmocka_unit_test(test_entry_failure_qualifications_are_explained),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
