/* SPDX-License-Identifier: BSD-3-Clause */
/* The parser of the images that start pre-launched VMs only, one vCPU per CPU (parse_sched_none.c,
 * validate_service_none.c): the binding's other parts are refused by node and property. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tree.h"

#define NO_SCHED "is not supported by this image (it runs one vCPU per CPU; the share and hybrid images schedule)"
#define NOT_STARTED "is not a load order this image starts (it starts pre-launched VMs only; the share and hybrid " \
	"images start the others)"

static void accepts_pre_launched_vms(void **state)
{
	struct scenario sc;
	(void)state;
	expect_accepted(tree_base(), NULL, &sc);
	assert_int_equal(sc.vm_count, 2);
	assert_int_equal(sc.sched_policy_count, 0);
}

static void refuses_sched_policy(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, HV, "sched-policy", "bvt");
	expect_refused(t, NULL, "scenario: " HV ": property \"sched-policy\": " NO_SCHED);
}

static void refuses_each_sched_param(void **state)
{
	const char *const props[] = { "sched-weight", "sched-priority", "sched-warp-us" };
	char want[512];
	(void)state;
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		void *t = tree_base();
		tree_set_u32(t, VM1, props[i], 1);
		snprintf(want, sizeof(want), "scenario: " VM1 ": property \"%s\": " NO_SCHED, props[i]);
		expect_refused(t, NULL, want);
	}
}

static void refuses_service_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_make_service(t, VM0, 0x10000000u);
	expect_refused(t, NULL, "scenario: " VM0 ": property \"load-order\": \"service\" " NOT_STARTED);
}

static void refuses_post_launched_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1, "load-order", "post-launched");
	expect_refused(t, NULL, "scenario: " VM1 ": property \"load-order\": \"post-launched\" " NOT_STARTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_pre_launched_vms),
		cmocka_unit_test(refuses_sched_policy),
		cmocka_unit_test(refuses_each_sched_param),
		cmocka_unit_test(refuses_service_vm),
		cmocka_unit_test(refuses_post_launched_vm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
