/* SPDX-License-Identifier: BSD-3-Clause */
/* The hybrid mode's shape (scenario_validate_hybrid): what it accepts, and each rejection naming node and property. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <hvkit/errno.h>
#include <scenario/scenario_shared.h>
#include "tree.h"

#define VM2 HV "/vm@2"

/* vm@0 the Service VM on CPU 0, its RAM identity-mapped at 0x14000000; vm@1 rt1: pre-launched,
 * lapic-passthrough, real-time, CPU 1; vm@2 user2, post-launched on CPU 0. */
static void *tree_hybrid(void)
{
	void *t = tree_base();
	tree_make_service(t, VM0, 0x14000000u);
	tree_set_str(t, VM0, "vm-name", "service");
	tree_set_str(t, VM1, "vm-name", "rt1");
	tree_set_raw(t, VM1, "lapic-passthrough", NULL, 0);
	tree_set_raw(t, VM1, "real-time", NULL, 0);
	tree_add_vm(t, 2);
	tree_set_str(t, VM2, "vm-name", "user2");
	tree_set_str(t, VM2, "load-order", "post-launched");
	tree_set_u32(t, VM2, "cpus", 0);
	tree_del(t, VM2, "host-base");
	tree_del_node(t, VM2 "/kernel");
	return t;
}

static struct scenario sc;
static struct collected hybrid_col;

static void collect(void *ctx, const char *message)
{
	struct collected *c = ctx;
	if (c->n < COLLECT_MAX)
		snprintf(c->line[c->n], sizeof(c->line[0]), "%s", message);
	c->n++;
}

/* The scenario passes scenario_load; the hybrid shape then reports exactly `expected` (or nothing). */
static void expect_hybrid(const void *t, const char *expected)
{
	struct scenario_report rep = { collect, &hybrid_col, 0 };
	expect_accepted(t, NULL, &sc);
	memset(&hybrid_col, 0, sizeof(hybrid_col));
	int rc = scenario_validate_hybrid(&sc, &rep);
	for (unsigned int i = 0; i < hybrid_col.n && i < COLLECT_MAX; i++)
		print_message("reported: %s\n", hybrid_col.line[i]);
	if (expected == NULL) {
		assert_int_equal(rc, 0);
		assert_int_equal(hybrid_col.n, 0);
		return;
	}
	assert_int_equal(rc, -HV_EINVAL);
	assert_int_equal(rep.errors, 1);
	assert_int_equal(hybrid_col.n, 1);
	assert_string_equal(hybrid_col.line[0], expected);
}

static void accepts_real_time_vm_beside_service_vm_and_post_launched_vm(void **state)
{
	(void)state;
	expect_hybrid(tree_hybrid(), NULL);
	assert_int_equal(sc.vm_count, 3);
	for (uint32_t i = 0; i < sc.vm_count; i++) {
		const struct vm_config *vm = &sc.vms[i];
		if (strcmp(vm->name, "rt1") == 0)
			assert_true(vm->lapic_passthrough && vm->real_time && vm->load_order == SCENARIO_PRE_LAUNCHED);
		else if (strcmp(vm->name, "user2") == 0)
			assert_int_equal(vm->load_order, SCENARIO_POST_LAUNCHED);
		else
			assert_int_equal(vm->load_order, SCENARIO_SERVICE);
	}
	assert_int_equal(scenario_validate_hybrid(&sc, NULL), 0);
}

static void accepts_a_pre_launched_vm_that_is_not_real_time(void **state)
{
	void *t = tree_hybrid();
	(void)state;
	tree_del(t, VM1, "real-time");
	tree_del(t, VM1, "lapic-passthrough");
	expect_hybrid(t, NULL);
}

static void refuses_a_scenario_without_service_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, VM1, "lapic-passthrough", NULL, 0);
	expect_hybrid(t, "scenario: " HV ": hybrid mode needs a Service VM (a vm node with load-order = \"service\") "
			 "and has none");
}

static void refuses_a_scenario_without_pre_launched_vm(void **state)
{
	void *t = tree_hybrid();
	(void)state;
	tree_del(t, VM1, "real-time");
	tree_del(t, VM1, "lapic-passthrough");
	tree_set_str(t, VM1, "load-order", "post-launched");
	tree_set_u32(t, VM1, "cpus", 0);
	tree_del(t, VM1, "host-base");
	expect_hybrid(t, "scenario: " HV ": hybrid mode needs at least one pre-launched VM (without one, the scenario "
			 "is share mode's)");
}

static void refuses_real_time_without_lapic_passthrough(void **state)
{
	void *t = tree_hybrid();
	(void)state;
	tree_del(t, VM1, "lapic-passthrough");
	expect_hybrid(t, "scenario: " VM1 ": property \"real-time\": a real-time VM needs lapic-passthrough in hybrid "
			 "mode: an emulated LAPIC's timer and IPIs go through the hypervisor the shared side also uses");
}

static void refuses_post_launched_vm_off_the_service_vms_cpus(void **state)
{
	void *t = tree_hybrid();
	(void)state;
	tree_set_u32(t, VM2, "cpus", 2);
	expect_hybrid(t, "scenario: " VM2 ": property \"cpus\": CPU 2 is not one of the Service VM's (" VM0 "): in "
			 "hybrid mode a post-launched VM runs on the shared side's CPUs only");
}

/* scenario_validate's own rules stay in force: a real-time VM's CPU given to the Service VM too. */
static void refuses_real_time_cpu_shared_with_service_vm(void **state)
{
	void *t = tree_hybrid();
	const uint32_t cpus[] = { 0, 1 };
	(void)state;
	tree_set_cells(t, VM0, "cpus", cpus, 2);
	expect_refused(t, NULL, "scenario: " VM1 ": property \"cpus\": CPU 1 is already given to vm \"service\" (" VM0 ")");
}

/* The boot CPU is the shared side's. */
static void refuses_real_time_vm_on_cpu_0(void **state)
{
	void *t = tree_hybrid();
	(void)state;
	tree_set_u32(t, VM0, "cpus", 1);
	tree_set_u32(t, VM2, "cpus", 1);
	tree_set_u32(t, VM1, "cpus", 0);
	expect_hybrid(t, "scenario: " VM1 ": property \"cpus\": CPU 0 cannot be a real-time VM's in hybrid mode: it is "
			 "the boot CPU, which takes the platform's interrupts and the hypervisor's own work for the "
			 "shared side");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_real_time_vm_beside_service_vm_and_post_launched_vm),
		cmocka_unit_test(accepts_a_pre_launched_vm_that_is_not_real_time),
		cmocka_unit_test(refuses_a_scenario_without_service_vm),
		cmocka_unit_test(refuses_a_scenario_without_pre_launched_vm),
		cmocka_unit_test(refuses_real_time_without_lapic_passthrough),
		cmocka_unit_test(refuses_post_launched_vm_off_the_service_vms_cpus),
		cmocka_unit_test(refuses_real_time_cpu_shared_with_service_vm),
		cmocka_unit_test(refuses_real_time_vm_on_cpu_0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
