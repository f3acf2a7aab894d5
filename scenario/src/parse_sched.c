/* SPDX-License-Identifier: BSD-3-Clause */
/* Scheduling properties: how a CPU shared by several vCPUs picks the next one (share and hybrid images, the host
 * tool; the images with one vCPU per CPU parse nothing and refuse the fields in scenario/src/bin_check.c). */
#include <string.h>
#include <scenario/scenario_shared.h>
#include "sc_fdt.h"
#include "sc_msg.h"
#include "sc_parse.h"

static const char *const sched_names[] = { "", "bvt", "rr", "prio" };

/* The policy named (1..3), 0 for an unknown name or none. */
static uint8_t sched_policy_of(const char *name)
{
	for (uint8_t k = 1; name != NULL && k < sizeof(sched_names) / sizeof(sched_names[0]); k++)
		if (strcmp(name, sched_names[k]) == 0)
			return k;
	return 0;
}

/* How many strings "sched-policy" holds (1..64), or -1 after the error. */
static int policy_count(const struct sc_node *n)
{
	int count = fdt_stringlist_count(n->fdt, n->offset, "sched-policy");
	if (count < 0) {
		sc_fail(n->rep, n->node, n->sub, "sched-policy", "is not a list of strings");
		return -1;
	}
	if (count == 0 || count > (int)SCENARIO_MAX_CPUS) {
		sc_fail(n->rep, n->node, n->sub, "sched-policy", "must be 1 to 64 strings (one for every CPU, or one per CPU)");
		return -1;
	}
	return count;
}

void sc_parse_sched_policy(const struct sc_node *n, struct scenario *out)
{
	int len = 0;
	const char *list = fdt_getprop(n->fdt, n->offset, "sched-policy", &len);
	if (list == NULL)
		return;
	int count = policy_count(n);
	if (count < 0)
		return;
	for (int i = 0; i < count; i++) {
		const char *name = fdt_stringlist_get(n->fdt, n->offset, "sched-policy", i, NULL);
		uint8_t policy = sched_policy_of(name);
		if (policy == 0) {
			sc_fail(n->rep, n->node, n->sub, "sched-policy", "unknown policy \"%s\" (expected \"bvt\", \"rr\" or \"prio\")", name ? name : "");
			return;
		}
		out->sched_policy[i] = policy;
	}
	out->sched_policy_count = (uint32_t)count;
}

void sc_parse_sched_params(const struct sc_node *n, struct vm_config *vm)
{
	const struct {
		const char *prop, *what, *outside;
		uint32_t *value;
		uint32_t min, max;
	} param[] = {
		{ "sched-weight", "weight", "is outside 1 .. 1024", &vm->sched_weight, 1, SCENARIO_SCHED_WEIGHT_MAX },
		{ "sched-priority", "priority", "is outside 0 .. 31", &vm->sched_priority, 0,
			SCENARIO_SCHED_PRIORITY_MAX },
		{ "sched-warp-us", "warp", "is outside 0 .. 1 s", &vm->sched_warp_us, 0, SCENARIO_SCHED_WARP_US_MAX },
	};

	for (size_t i = 0; i < sizeof(param) / sizeof(param[0]); i++) {
		uint32_t *v = param[i].value;
		if (sc_u32(n, param[i].prop, v) == SC_OK && (*v < param[i].min || *v > param[i].max))
			sc_fail(n->rep, n->node, n->sub, param[i].prop, "%s 0x%lx %s", param[i].what, (uint64_t)*v,
				param[i].outside);
	}
}
