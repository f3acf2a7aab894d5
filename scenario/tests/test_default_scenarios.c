/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The default scenarios (argv: mode=path.dtb ...) are valid on a 2-CPU machine and on a
 * 4-CPU one with 512 MiB of RAM, with the test guest modules they name loaded (guest_hello; share and hybrid:
 * the service and latency guests), and have their mode's shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tree.h"

static int n_dtbs;
static char **dtbs;

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = malloc(1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	*size = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static unsigned int count(const struct scenario *sc, enum scenario_load_order o)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < sc->vm_count; i++)
		n += sc->vms[i].load_order == o;
	return n;
}

static void check_shape(const char *mode, const struct scenario *sc)
{
	unsigned int pre = count(sc, SCENARIO_PRE_LAUNCHED), svc = count(sc, SCENARIO_SERVICE);
	unsigned int lapic_pt = 0;

	for (uint32_t i = 0; i < sc->vm_count; i++)
		lapic_pt += sc->vms[i].lapic_passthrough;
	if (strcmp(mode, "partition") == 0) {
		assert_true(pre == sc->vm_count && pre >= 2 && lapic_pt == 0);
	} else if (strcmp(mode, "lapic_pt") == 0) {
		assert_true(pre == sc->vm_count && lapic_pt >= 1);
	} else if (strcmp(mode, "share") == 0) {
		assert_true(pre == 0 && svc == 1 && sc->vm_count >= 2);
	} else if (strcmp(mode, "hybrid") == 0) {
		assert_true(pre >= 1 && svc == 1 && lapic_pt >= 1 && sc->vm_count > pre + svc);
	} else {
		fail_msg("unknown mode %s", mode);
	}
}

static void default_scenarios_are_valid_on_small_machines(void **state)
{
	const char *const mods[] = { "guest_hello", "service", "latency" };
	/* 512 MiB as a PC's memory map has it: 636 KiB below the legacy hole, then 1 MiB to 512 MiB. */
	const struct scenario_range ram[] = { { 0, 0x9f000 }, { 0x100000, 0x1ff00000 } };
	const struct scenario_platform machines[] = {
		{ 2, mods, 3, ram, 2, 0 },
		{ 4, mods, 3, ram, 2, 0 },
	};
	static struct scenario sc;
	(void)state;
	assert_true(n_dtbs == 4);
	for (int i = 0; i < n_dtbs; i++) {
		char mode[32];
		const char *eq = strchr(dtbs[i], '=');
		size_t size;
		void *blob;

		assert_non_null(eq);
		snprintf(mode, sizeof(mode), "%.*s", (int)(eq - dtbs[i]), dtbs[i]);
		blob = read_file(eq + 1, &size);
		for (unsigned int m = 0; m < 2; m++) {
			struct scenario_report rep = { NULL, NULL, 0 };

			print_message("%s on %u CPUs\n", mode, machines[m].cpu_count);
			assert_int_equal(scenario_load(blob, size, &machines[m], &sc, &rep), 0);
			assert_int_equal(rep.errors, 0);
			check_shape(mode, &sc);
		}
		free(blob);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_scenarios_are_valid_on_small_machines),
	};
	n_dtbs = argc - 1;
	dtbs = argv + 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
