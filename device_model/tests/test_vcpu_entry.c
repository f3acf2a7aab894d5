/* SPDX-License-Identifier: BSD-3-Clause */
/* struct guest_entry -> struct hvkit_vcpu_state: every register carried, and what the ABI cannot say refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vcpu_entry.h"

static struct guest_entry e;
static struct hvkit_vcpu_state s;
static const char *why;

static const struct guest_seg code32 = { GUEST_SEL_CODE, 0, 0xffffffffu, GUEST_AR_CODE32 };
static const struct guest_seg code64 = { GUEST_SEL_CODE, 0, 0xffffffffu, GUEST_AR_CODE64 };
static const struct guest_seg data = { GUEST_SEL_DATA, 0, 0xffffffffu, GUEST_AR_DATA };

/* What multiboot_load leaves: 32-bit flat, no GDT, EAX magic, EBX information. */
static int setup_multiboot(void **state)
{
	(void)state;
	memset(&e, 0, sizeof(e));
	e.mode = GUEST_ENTRY_PROTECTED32;
	e.rip = 0x10000c;
	e.rflags = RFLAGS_FIXED;
	e.rax = 0x2badb002;
	e.rbx = 0x8000;
	e.cr0 = CR0_PE | CR0_ET;
	e.cs = code32;
	e.ds = data;
	memset(&s, 0x77, sizeof(s));
	return 0;
}

static void multiboot_entry(void **state)
{
	(void)state;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), 0);
	assert_null(why);
	assert_int_equal(s.id, 0);
	assert_int_equal(s.vcpu, 0);
	assert_int_equal(s.reserved, 0);
	assert_int_equal(s.mode, HVKIT_VCPU_MODE_PROTECTED32);
	assert_int_equal(s.rip, 0x10000c);
	assert_int_equal(s.rsp, 0);
	assert_int_equal(s.rflags, 2);
	assert_int_equal(s.rax, 0x2badb002);
	assert_int_equal(s.rbx, 0x8000);
	assert_int_equal(s.cr0, CR0_PE | CR0_ET);
	assert_int_equal(s.cr3 | s.cr4 | s.efer | s.rcx | s.rdx | s.rsi | s.rdi | s.rbp, 0);
}

static void every_register_is_carried(void **state)
{
	(void)state;
	e.rsp = 0x7000;
	e.rflags = 0x202;
	e.rcx = 3;
	e.rdx = 4;
	e.rsi = 5;
	e.rdi = 6;
	e.rbp = 7;
	e.cr4 = 0x20;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), 0);
	assert_int_equal(s.rsp, 0x7000);
	assert_int_equal(s.rflags, 0x202);
	assert_int_equal(s.rcx, 3);
	assert_int_equal(s.rdx, 4);
	assert_int_equal(s.rsi, 5);
	assert_int_equal(s.rdi, 6);
	assert_int_equal(s.rbp, 7);
	assert_int_equal(s.cr4, 0x20);
}

static void long_mode_entry(void **state)
{
	(void)state;
	e.mode = GUEST_ENTRY_LONG64;
	e.cs = code64;
	e.rip = 0x100000200ull; /* 64-bit entries may lie above 4 GiB */
	e.cr0 = CR0_PE | CR0_ET | CR0_PG;
	e.cr3 = 0x2000;
	e.cr4 = CR4_PAE;
	e.efer = IA32_EFER_LME | IA32_EFER_LMA;
	e.rsi = 0x8000;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), 0);
	assert_int_equal(s.mode, HVKIT_VCPU_MODE_LONG64);
	assert_int_equal(s.rip, 0x100000200ull);
	assert_int_equal(s.cr3, 0x2000);
	assert_int_equal(s.cr4, CR4_PAE);
	assert_int_equal(s.efer, IA32_EFER_LME | IA32_EFER_LMA);
	assert_int_equal(s.rsi, 0x8000);
	/* long mode needs paging, PAE and LMA */
	e.efer = IA32_EFER_LME;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), -1);
	assert_non_null(strstr(why, "long mode"));
	e.efer |= IA32_EFER_LMA;
	e.cs = code32;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), -1);
	assert_non_null(strstr(why, "64-bit"));
}

static void refused(void)
{
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), -1);
	assert_non_null(why);
	assert_int_equal(s.rip, 0); /* nothing half-converted */
}

static void a_gdt_cannot_be_passed(void **state)
{
	(void)state;
	e.gdtr_base = 0x1000; /* what raw and bzImage loads give */
	e.gdtr_limit = 0x1f;
	refused(); /* a 32-bit entry: the ABI loads no GDT there */
	assert_non_null(strstr(why, "GDTR"));
}

/* A bzImage's 64-bit entry: the boot GDT at 0x1000 is what LONG64 loads, so it is carried; another GDT is not. */
static void the_boot_gdt_of_a_64bit_entry_is_carried(void **state)
{
	(void)state;
	e.mode = GUEST_ENTRY_LONG64;
	e.cs = code64;
	e.rip = 0x100200;
	e.cr0 = CR0_PE | CR0_ET | CR0_PG;
	e.cr3 = 0x3000;
	e.cr4 = CR4_PAE;
	e.efer = IA32_EFER_LME | IA32_EFER_LMA;
	e.rsi = 0x7000; /* boot_params */
	e.gdtr_base = 0x1000;
	e.gdtr_limit = 0x1f;
	assert_int_equal(vcpu_state_from_entry(&e, &s, &why), 0);
	assert_int_equal(s.mode, HVKIT_VCPU_MODE_LONG64);
	assert_int_equal(s.rsi, 0x7000);
	e.gdtr_base = 0x2000;
	refused();
	assert_non_null(strstr(why, "GDTR"));
	e.gdtr_base = 0x1000;
	e.gdtr_limit = 0xff;
	refused();
}

static void segments_must_be_flat(void **state)
{
	(void)state;
	e.cs.base = 0x1000;
	refused();
	setup_multiboot(NULL);
	e.cs.limit = 0xfffff;
	refused();
	setup_multiboot(NULL);
	e.ds.ar = 0xc0f3; /* DPL 3 */
	refused();
	assert_non_null(strstr(why, "data"));
	setup_multiboot(NULL);
	e.cs = code64;
	refused();
}

static void protected_mode_limits(void **state)
{
	(void)state;
	e.rip = 0x100000000ull;
	refused();
	setup_multiboot(NULL);
	e.rsp = 0x100000000ull;
	refused();
	setup_multiboot(NULL);
	e.cr0 = 0;
	refused();
	setup_multiboot(NULL);
	e.cr0 |= CR0_PG;
	refused();
	setup_multiboot(NULL);
	e.mode = (enum guest_entry_mode)7;
	refused();
	assert_non_null(strstr(why, "mode"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(multiboot_entry, setup_multiboot),
		cmocka_unit_test_setup(every_register_is_carried, setup_multiboot),
		cmocka_unit_test_setup(long_mode_entry, setup_multiboot),
		cmocka_unit_test_setup(a_gdt_cannot_be_passed, setup_multiboot),
		cmocka_unit_test_setup(the_boot_gdt_of_a_64bit_entry_is_carried, setup_multiboot),
		cmocka_unit_test_setup(segments_must_be_flat, setup_multiboot),
		cmocka_unit_test_setup(protected_mode_limits, setup_multiboot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
