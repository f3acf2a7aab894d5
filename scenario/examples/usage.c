/* SPDX-License-Identifier: BSD-3-Clause */
/* scenario: load a compiled scenario (a .dtb) and list its VMs. */
#include <scenario/scenario.h>
#include <stdio.h>

static void print_error(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

int main(int argc, char **argv)
{
	static unsigned char dtb[64 * 1024];
	static struct scenario sc;
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	if (f == NULL)
		return 2;
	size_t size = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	/* What the platform has; an unknown fact (0 / NULL) is not checked. */
	const struct scenario_platform plat = { .cpu_count = 4 };
	struct scenario_report rep = { .report = print_error };
	if (scenario_load(dtb, size, &plat, &sc, &rep) != 0) {
		fprintf(stderr, "%u error(s)\n", rep.errors);
		return 1;
	}
	for (uint32_t i = 0; i < sc.vm_count; i++) {
		const struct vm_config *vm = &sc.vms[i];
		printf("%s: %s, %u vCPU(s), kernel \"%s\" (%s)\n", vm->name, scenario_load_order_name(vm->load_order),
		       vm->cpu_count, vm->kernel, scenario_kernel_type_name(vm->kernel_type));
	}
	return 0;
}
