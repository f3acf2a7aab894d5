/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the decoder judges inside a structure: a VM name (1..31 printable non-space ASCII
 * characters, NUL-terminated, zeros after the NUL), a vCPU count (1..64), a memory range (4 KiB
 * aligned, not empty, not wrapping, below 2^52, reserved field 0), a vCPU's start state (vCPU 0 only,
 * a known mode, 32-bit RIP and RSP in protected mode, canonical RIP and RSP and an aligned CR3 in
 * long mode, reserved field 0), and VM ids (< 64, else -HVKIT_ENOENT).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

#define BASE 0x10000ull
#define AT (BASE + 0x40)

static int decode_struct(uint64_t nr, const void *s, size_t size, struct hc_request *out)
{
	struct fake_guest g;
	fake_guest_init(&g, BASE, 0x1000, 0xcc);
	assert_int_equal(size, hc_struct_size(hc_lookup(nr)->type));
	fake_guest_put(&g, AT, s, size);
	int rc = hc_test_service(&g, nr, AT, 0, 0, out);
	fake_guest_free(&g);
	return rc;
}

/* ---- vm_create ---- */

static int create(const char name[HVKIT_VM_NAME_MAX], uint32_t vcpus)
{
	struct hvkit_vm_create c;
	struct hc_request out;
	memset(&c, 0, sizeof(c));
	memcpy(c.name, name, HVKIT_VM_NAME_MAX);
	c.vcpus = vcpus;
	c.id = 0xabcdef;
	int rc = decode_struct(HVKIT_HC_VM_CREATE, &c, sizeof(c), &out);
	if (rc == 0)
		assert_memory_equal(&out.in.vm_create, &c, sizeof(c));
	return rc;
}

static int create_named(const char *text)
{
	char name[HVKIT_VM_NAME_MAX];
	memset(name, 0, sizeof(name));
	memcpy(name, text, strlen(text) < sizeof(name) ? strlen(text) : sizeof(name));
	return create(name, 1);
}

static void name_length(void **state)
{
	(void)state;
	char name[HVKIT_VM_NAME_MAX];
	assert_int_equal(create_named(""), -HVKIT_EINVAL);
	assert_int_equal(create_named("a"), 0);
	assert_int_equal(create_named("post-vm"), 0);
	memset(name, 'x', sizeof(name));
	name[31] = '\0';
	assert_int_equal(create(name, 1), 0);              /* 31 characters and the NUL */
	memset(name, 'x', sizeof(name));
	assert_int_equal(create(name, 1), -HVKIT_EINVAL);  /* 32 characters, no NUL */
}

static void name_characters(void **state)
{
	(void)state;
	/* Printable ASCII is 0x21 ('!') .. 0x7e ('~'). */
	assert_int_equal(create_named("!"), 0);
	assert_int_equal(create_named("~"), 0);
	assert_int_equal(create_named("A-Za-z_0.9/+"), 0);
	static const char bad[] = { ' ', '\t', '\n', '\r', 0x01, 0x1f, 0x7f, (char)0x80, (char)0xc3, (char)0xff };
	for (size_t i = 0; i < sizeof(bad); i++) {
		char name[HVKIT_VM_NAME_MAX] = "vm";
		name[2] = bad[i];
		assert_int_equal(create(name, 1), -HVKIT_EINVAL);
		name[2] = '\0';
		name[0] = bad[i];
		assert_int_equal(create(name, 1), -HVKIT_EINVAL);
	}
}

static void name_garbage_after_nul(void **state)
{
	(void)state;
	char name[HVKIT_VM_NAME_MAX] = "vm1";
	assert_int_equal(create(name, 1), 0);
	name[4] = 'x';  /* "vm1\0x" */
	assert_int_equal(create(name, 1), -HVKIT_EINVAL);
	name[4] = '\0';
	name[31] = 1;   /* the very last byte */
	assert_int_equal(create(name, 1), -HVKIT_EINVAL);
	name[31] = '\0';
	memset(name, 0, sizeof(name));
	name[1] = 'a';  /* empty, then garbage */
	assert_int_equal(create(name, 1), -HVKIT_EINVAL);
}

static void vcpu_count(void **state)
{
	(void)state;
	char name[HVKIT_VM_NAME_MAX] = "vm";
	assert_int_equal(create(name, 0), -HVKIT_EINVAL);
	assert_int_equal(create(name, 1), 0);
	assert_int_equal(create(name, 63), 0);
	assert_int_equal(create(name, 64), 0);
	assert_int_equal(create(name, 65), -HVKIT_EINVAL);
	assert_int_equal(create(name, 0x80000001u), -HVKIT_EINVAL);
	assert_int_equal(create(name, 0xffffffffu), -HVKIT_EINVAL);
}

/* ---- vm_set_memory ---- */

static int memory(uint32_t id, uint32_t reserved, uint64_t gpa, uint64_t size)
{
	struct hvkit_vm_memory m = { .id = id, .reserved = reserved, .gpa = gpa, .size = size,
				     .host_address = 0x1234 };
	struct hc_request out;
	int rc = decode_struct(HVKIT_HC_VM_SET_MEMORY, &m, sizeof(m), &out);
	if (rc == 0)
		assert_memory_equal(&out.in.vm_memory, &m, sizeof(m));
	return rc;
}

static void memory_vm_id(void **state)
{
	(void)state;
	assert_int_equal(memory(0, 0, 0, 0x1000), 0);
	assert_int_equal(memory(63, 0, 0, 0x1000), 0);
	assert_int_equal(memory(64, 0, 0, 0x1000), -HVKIT_ENOENT);
	assert_int_equal(memory(0xffffffffu, 0, 0, 0x1000), -HVKIT_ENOENT);
	/* The id is judged first. */
	assert_int_equal(memory(64, 1, 3, 0), -HVKIT_ENOENT);
}

static void memory_alignment_and_size(void **state)
{
	(void)state;
	assert_int_equal(memory(1, 0, 0x100000, 0x200000), 0);
	assert_int_equal(memory(1, 0, 0x100001, 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x100800, 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x100000, 0xfff), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x100000, 0x1001), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x100000, 0x800), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x100000, 0), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0, 0), -HVKIT_EINVAL);
}

static void memory_wrapping_and_limit(void **state)
{
	(void)state;
	const uint64_t top = 1ull << 52;
	assert_int_equal(memory(1, 0, 0, top), 0);                      /* all of it */
	assert_int_equal(memory(1, 0, top - 0x1000, 0x1000), 0);        /* ends at 2^52 */
	assert_int_equal(memory(1, 0, top - 0x1000, 0x2000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, top, 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0, top + 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 1ull << 63, 0x1000), -HVKIT_EINVAL);
	/* base + size wraps around 2^64 (to 0, or past it). */
	assert_int_equal(memory(1, 0, 0xfffffffffffff000ull, 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0xfffffffffffff000ull, 0x2000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x1000, 0xfffffffffffff000ull), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0, 0x2000, 0xfffffffffffff000ull), -HVKIT_EINVAL);
}

static void memory_reserved_field(void **state)
{
	(void)state;
	assert_int_equal(memory(1, 1, 0x100000, 0x1000), -HVKIT_EINVAL);
	assert_int_equal(memory(1, 0x80000000u, 0x100000, 0x1000), -HVKIT_EINVAL);
}

/* ---- vcpu_set_state ---- */

static struct hvkit_vcpu_state long_state(void)
{
	struct hvkit_vcpu_state s;
	hc_test_valid_struct(HC_STRUCT_VCPU_STATE, &s);
	return s;
}

static struct hvkit_vcpu_state protected_state(void)
{
	struct hvkit_vcpu_state s = { .id = 2, .vcpu = 0, .mode = HVKIT_VCPU_MODE_PROTECTED32,
				      .rip = 0x100000, .rsp = 0x90000, .rflags = 2, .rbx = 0x9000,
				      .cr0 = 0x11, .cr3 = 0x1234 /* paging is off: not looked at */ };
	return s;
}

static int vcpu_state(const struct hvkit_vcpu_state *s)
{
	struct hc_request out;
	int rc = decode_struct(HVKIT_HC_VCPU_SET_STATE, s, sizeof(*s), &out);
	if (rc == 0)
		assert_memory_equal(&out.in.vcpu_state, s, sizeof(*s));
	return rc;
}

static void state_vm_vcpu_reserved(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = long_state();
	assert_int_equal(vcpu_state(&s), 0);
	s.id = 63;
	assert_int_equal(vcpu_state(&s), 0);
	s.id = 64;
	assert_int_equal(vcpu_state(&s), -HVKIT_ENOENT);
	s.vcpu = 1; /* the id is judged first */
	assert_int_equal(vcpu_state(&s), -HVKIT_ENOENT);
	s = long_state();
	s.vcpu = 1;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s.vcpu = 63;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s.vcpu = 0xffffffffu;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s = long_state();
	s.reserved = 1;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
}

static void state_modes(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = protected_state();
	assert_int_equal(vcpu_state(&s), 0);
	s = long_state();
	assert_int_equal(vcpu_state(&s), 0);
	static const uint32_t bad[] = { 0, 3, 4, 0x80000001u, 0xffffffffu };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.mode = bad[i];
		assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	}
}

static void state_protected_mode_limits(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = protected_state();
	s.rip = 0xffffffffu;
	s.rsp = 0xffffffffu;
	assert_int_equal(vcpu_state(&s), 0);
	s.rip = 0;
	s.rsp = 0;
	assert_int_equal(vcpu_state(&s), 0);
	s = protected_state();
	s.rip = 0x100000000ull;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s = protected_state();
	s.rsp = 0x100000000ull;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s = protected_state();
	s.rip = 0xffffffff81000000ull; /* a canonical 64-bit address is still not a 32-bit one */
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	s = protected_state();
	s.rsp = 0x8000000000000000ull;
	assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
}

/* Canonical (48-bit) addresses: bits 63:47 all equal. */
static const uint64_t canonical[] = {
	0, 0x1000, 0x00007fffffffffffull, 0xffff800000000000ull, 0xffffffff81000000ull, ~0ull,
};
static const uint64_t non_canonical[] = {
	0x0000800000000000ull, 0x0001000000000000ull, 0x00ff000000000000ull, 0x8000000000000000ull,
	0xffff7fffffffffffull, 0xfffe800000000000ull, 0x7fffffffffffffffull,
};

static void state_long_mode_rip(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = long_state();
	for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++) {
		s.rip = canonical[i];
		assert_int_equal(vcpu_state(&s), 0);
	}
	for (size_t i = 0; i < sizeof(non_canonical) / sizeof(non_canonical[0]); i++) {
		s.rip = non_canonical[i];
		assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	}
}

static void state_long_mode_rsp(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = long_state();
	for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++) {
		s.rsp = canonical[i];
		assert_int_equal(vcpu_state(&s), 0);
	}
	for (size_t i = 0; i < sizeof(non_canonical) / sizeof(non_canonical[0]); i++) {
		s.rsp = non_canonical[i];
		assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	}
}

static void state_long_mode_cr3(void **state)
{
	(void)state;
	struct hvkit_vcpu_state s = long_state();
	static const uint64_t ok[] = { 0x1000, 0x9000, 0x7ffff000ull, 0xfffff000000ull };
	static const uint64_t bad[] = { 0x1001, 0x1008, 0x1800, 0x1fff, 0x18 };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		s.cr3 = ok[i];
		assert_int_equal(vcpu_state(&s), 0);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.cr3 = bad[i];
		assert_int_equal(vcpu_state(&s), -HVKIT_EINVAL);
	}
	/* Long mode with 32-bit limits off: a 64-bit entry point is the point. */
	s = long_state();
	s.rip = 0xffffffff80000000ull;
	s.rsp = 0xffffc90000000000ull;
	assert_int_equal(vcpu_state(&s), 0);
}

/* ---- vm_status, hv_info ---- */

static void status_vm_id(void **state)
{
	(void)state;
	struct hvkit_vm_status st = { .id = 0, .state = 0xffffffffu, .exits = ~0ull }; /* out fields: anything */
	struct hc_request out;
	assert_int_equal(decode_struct(HVKIT_HC_VM_STATUS, &st, sizeof(st), &out), 0);
	assert_memory_equal(&out.in.vm_status, &st, sizeof(st));
	st.id = 63;
	assert_int_equal(decode_struct(HVKIT_HC_VM_STATUS, &st, sizeof(st), &out), 0);
	st.id = 64;
	assert_int_equal(decode_struct(HVKIT_HC_VM_STATUS, &st, sizeof(st), &out), -HVKIT_ENOENT);
	st.id = 0xffffffffu;
	assert_int_equal(decode_struct(HVKIT_HC_VM_STATUS, &st, sizeof(st), &out), -HVKIT_ENOENT);
}

static void hv_info_is_output_only(void **state)
{
	(void)state;
	struct hvkit_hv_info info;
	struct hc_request out;
	memset(&info, 0xff, sizeof(info));
	assert_int_equal(decode_struct(HVKIT_HC_HV_INFO, &info, sizeof(info), &out), 0);
	memset(&info, 0, sizeof(info));
	assert_int_equal(decode_struct(HVKIT_HC_HV_INFO, &info, sizeof(info), &out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_length),
		cmocka_unit_test(name_characters),
		cmocka_unit_test(name_garbage_after_nul),
		cmocka_unit_test(vcpu_count),
		cmocka_unit_test(memory_vm_id),
		cmocka_unit_test(memory_alignment_and_size),
		cmocka_unit_test(memory_wrapping_and_limit),
		cmocka_unit_test(memory_reserved_field),
		cmocka_unit_test(state_vm_vcpu_reserved),
		cmocka_unit_test(state_modes),
		cmocka_unit_test(state_protected_mode_limits),
		cmocka_unit_test(state_long_mode_rip),
		cmocka_unit_test(state_long_mode_rsp),
		cmocka_unit_test(state_long_mode_cr3),
		cmocka_unit_test(status_vm_id),
		cmocka_unit_test(hv_info_is_output_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
