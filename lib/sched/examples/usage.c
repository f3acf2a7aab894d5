/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/sched: two vCPUs taking turns on one physical CPU under the round-robin policy. */
#include <sched/sched.h>
#include <sched/sched_rr.h>
#include <stdio.h>

/* The core's vCPU embeds the entity; the library hands the entity back. */
struct vcpu {
	const char *name;
	struct sched_entity se;
};

int main(void)
{
	static struct sched_pcpu pcpu; /* zeroed */
	struct vcpu a = { .name = "a" }, b = { .name = "b" };
	const struct sched_rr_args rr = { .slice = 1000000 }; /* TSC ticks */
	bool kick;
	if (sched_pcpu_init(&pcpu, plat_cpu_index(), &sched_rr_ops, &rr) != 0)
		return 1;
	struct vcpu *v[] = { &a, &b };
	for (int i = 0; i < 2; i++) {
		sched_entity_init(&v[i]->se, NULL);
		if (sched_add(&pcpu, &v[i]->se) != 0 || sched_wake(&v[i]->se, &kick) != 0)
			return 1; /* added BLOCKED; woken = runnable */
	}
	for (int turn = 0; turn < 4; turn++) {
		uint64_t deadline;
		struct sched_entity *e = sched_pick_next(&pcpu, &deadline);
		struct vcpu *cur = e == &a.se ? &a : &b;
		printf("turn %d: vCPU %s until TSC %llu\n", turn, cur->name, (unsigned long long)deadline);
		/* ... enter the guest; here it exits on PAUSE and gives up its turn: */
		sched_yield_current(&pcpu);
	}
	return 0;
}
