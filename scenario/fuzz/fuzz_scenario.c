/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer target: any byte string goes through scenario_load without a crash or a sanitizer report. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <scenario/scenario_shared.h>

static void count_only(void *ctx, const char *message)
{
	size_t *total = ctx;

	*total += strlen(message); /* touch every byte of every message */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scenario sc;
	static const char *const mods[] = { "guest_hello", "initrd" };
	/* A PC's 512 MiB: the default scenarios' Service VMs have identity-mapped RAM below 640 KiB. */
	static const struct scenario_range ram[] = { { 0, 0x9f000 }, { 0x100000, 0x1ff00000 } };
	const struct scenario_platform plat = { 4, mods, 2, ram, 2, 0 };
	size_t total = 0;
	struct scenario_report rep = { count_only, &total, 0 };
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (scenario_load(copy, size, &plat, &sc, &rep) != 0 && (rep.errors == 0 || sc.vm_count != 0))
		abort(); /* a refusal always says why and leaves no VM */
	/* Every CPU index, and one beyond, has a policy the scheduler knows. */
	for (uint32_t cpu = 0; cpu <= SCENARIO_MAX_CPUS; cpu++)
		if ((unsigned int)scenario_cpu_sched(&sc, cpu) > SCENARIO_SCHED_PRIO)
			abort();
	free(copy);
	return 0;
}
