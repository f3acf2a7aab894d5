/* SPDX-License-Identifier: BSD-3-Clause */
/* The fake caller RAM of fake_guest.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

bool fake_guest_contains(const struct fake_guest *g, uint64_t gpa, size_t len)
{
	return gpa >= g->base && len <= g->size && gpa - g->base <= g->size - len;
}

static int fg_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	struct fake_guest *g = ctx;
	g->reads++;
	g->last_gpa = gpa;
	g->last_len = len;
	if (!fake_guest_contains(g, gpa, len))
		return -HVKIT_EFAULT;
	memcpy(dst, g->ram + (gpa - g->base), len);
	return 0;
}

static int fg_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct fake_guest *g = ctx;
	g->writes++;
	g->last_gpa = gpa;
	g->last_len = len;
	if (!fake_guest_contains(g, gpa, len))
		return -HVKIT_EFAULT;
	memcpy(g->ram + (gpa - g->base), src, len);
	return 0;
}

static int fg_check(void *ctx, uint64_t gpa, size_t len)
{
	struct fake_guest *g = ctx;
	g->checks++;
	g->last_gpa = gpa;
	g->last_len = len;
	return fake_guest_contains(g, gpa, len) ? 0 : -HVKIT_EFAULT;
}

void fake_guest_init(struct fake_guest *g, uint64_t base, size_t size, uint8_t fill)
{
	memset(g, 0, sizeof(*g));
	g->ram = malloc(size ? size : 1);
	assert_non_null(g->ram);
	memset(g->ram, fill, size);
	g->base = base;
	g->size = size;
	g->ops.ctx = g;
	g->ops.read = fg_read;
	g->ops.write = fg_write;
	g->ops.check = fg_check;
}

void fake_guest_free(struct fake_guest *g)
{
	free(g->ram);
	g->ram = NULL;
}

void *fake_guest_at(struct fake_guest *g, uint64_t gpa, size_t len)
{
	assert_true(fake_guest_contains(g, gpa, len));
	return g->ram + (gpa - g->base);
}

void fake_guest_put(struct fake_guest *g, uint64_t gpa, const void *src, size_t len)
{
	memcpy(fake_guest_at(g, gpa, len), src, len);
}

void fake_guest_reset_counts(struct fake_guest *g)
{
	g->reads = g->writes = g->checks = 0;
	g->last_gpa = 0;
	g->last_len = 0;
}

struct hc_call hc_test_call(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, unsigned int cpl, uint8_t kind)
{
	struct hc_call c = { .nr = nr, .arg = { a0, a1, a2 }, .cpl = cpl, .caller_kind = kind };
	return c;
}

int hc_test_service(struct fake_guest *g, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		    struct hc_request *out)
{
	struct hc_call c = hc_test_call(nr, a0, a1, a2, 0, HC_KIND_SERVICE);
	return hc_decode(&c, &g->ops, out);
}

void hc_test_valid_struct(enum hc_struct type, void *dst)
{
	switch (type) {
	case HC_STRUCT_HV_INFO: {
		/* An out structure: whatever the caller left there is accepted. */
		struct hvkit_hv_info s;
		memset(&s, 0xa5, sizeof(s));
		memcpy(dst, &s, sizeof(s));
		return;
	}
	case HC_STRUCT_VM_CREATE: {
		struct hvkit_vm_create s = { .name = "user-vm.1", .vcpus = 2, .id = 0 };
		memcpy(dst, &s, sizeof(s));
		return;
	}
	case HC_STRUCT_VM_MEMORY: {
		struct hvkit_vm_memory s = { .id = HC_TEST_VM, .gpa = 0x100000, .size = 0x200000 };
		memcpy(dst, &s, sizeof(s));
		return;
	}
	case HC_STRUCT_VCPU_STATE: {
		struct hvkit_vcpu_state s = { .id = HC_TEST_VM, .vcpu = 0, .mode = HVKIT_VCPU_MODE_LONG64,
					      .rip = 0xffffffff81000000ull, .rsp = 0x7fffffffe000ull,
					      .rflags = 2, .rsi = 0x8000, .cr0 = 0x80050033ull,
					      .cr3 = 0x1000, .cr4 = 0x20, .efer = 0x500 };
		memcpy(dst, &s, sizeof(s));
		return;
	}
	case HC_STRUCT_VM_STATUS: {
		struct hvkit_vm_status s = { .id = HC_TEST_VM };
		memcpy(dst, &s, sizeof(s));
		return;
	}
	case HC_STRUCT_NONE:
		return;
	}
	fail_msg("unknown structure type %d", (int)type);
}

void hc_test_valid_args(const struct hc_desc *desc, struct fake_guest *g, uint64_t arg[3])
{
	assert_true(g->size >= HC_TEST_RAM);
	for (unsigned int i = 0; i < 3; i++) {
		switch (desc->arg[i]) {
		case HC_ARG_NONE:
			arg[i] = HC_TEST_UNUSED;
			break;
		case HC_ARG_VM_ID:
			arg[i] = HC_TEST_VM;
			break;
		case HC_ARG_VCPU:
			arg[i] = 3;
			break;
		case HC_ARG_PIN:
			arg[i] = 9;
			break;
		case HC_ARG_IRQ_LEVEL:
			arg[i] = HVKIT_IRQ_PULSE;
			break;
		case HC_ARG_MSI_ADDR:
			arg[i] = 0xfee01000u;
			break;
		case HC_ARG_MSI_DATA:
			arg[i] = 0x4031;
			break;
		case HC_ARG_STRUCT: {
			uint8_t buf[sizeof(((struct hc_request *)0)->in)];
			hc_test_valid_struct(desc->type, buf);
			arg[i] = g->base + HC_TEST_STRUCT_OFFSET;
			fake_guest_put(g, arg[i], buf, hc_struct_size(desc->type));
			break;
		}
		case HC_ARG_PAGE:
			arg[i] = g->base + HC_TEST_PAGE_OFFSET;
			break;
		}
	}
}
