/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit-scenario: check or show a scenario on the host with the hypervisor's own
 * parser and validation.
 *   hvkit-scenario check FILE.dts|FILE.dtb [--cpus N] [--modules a,b,c] [--ram BASE:SIZE]... [--mode hybrid]
 *   (--mode hybrid: also the hybrid mode's shape, as the hybrid image checks it at boot)
 *   hvkit-scenario dump FILE.dts|FILE.dtb
 * Exit status: 0 valid, 1 invalid, 2 usage or I/O error.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tool.h"

#define MAX_MODULES 64
#define MAX_RAM 16

struct options {
	const char *cmd;
	const char *file;
	int hybrid;
	struct scenario_platform plat;
	const char *modules[MAX_MODULES];
	char *module_text;
	struct scenario_range ram[MAX_RAM];
};

static void print_error(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

static int usage(void)
{
	fprintf(stderr, "usage: hvkit-scenario check FILE.dts|FILE.dtb [--cpus N] [--modules a,b,c] "
			"[--ram BASE:SIZE]... [--mode hybrid]\n"
			"       hvkit-scenario dump FILE.dts|FILE.dtb\n");
	return 2;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s == '\0' || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end == '\0' ? 0 : -1;
}

static int parse_modules(struct options *o, const char *list)
{
	char *save = NULL;

	free(o->module_text);
	o->module_text = strdup(list);
	o->plat.modules = o->modules;
	o->plat.module_count = 0;
	if (o->module_text == NULL)
		return -1;
	for (char *t = strtok_r(o->module_text, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		if (o->plat.module_count == MAX_MODULES)
			return -1;
		o->modules[o->plat.module_count++] = t;
	}
	return 0;
}

static int parse_ram(struct options *o, const char *arg)
{
	char buf[64];
	char *colon;
	uint64_t base, size;

	if (strlen(arg) >= sizeof(buf) || o->plat.ram_count == MAX_RAM)
		return -1;
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (parse_u64(buf, &base) != 0 || parse_u64(colon + 1, &size) != 0)
		return -1;
	o->ram[o->plat.ram_count++] = (struct scenario_range){ base, size };
	o->plat.ram = o->ram;
	return 0;
}

static int parse_args(struct options *o, int argc, char **argv)
{
	if (argc < 3)
		return -1;
	o->cmd = argv[1];
	o->file = argv[2];
	for (int i = 3; i < argc; i++) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;

		if (strcmp(o->cmd, "check") != 0 || val == NULL)
			return -1;
		if (strcmp(argv[i], "--cpus") == 0 && parse_u64(val, &n) == 0 && n > 0 && n <= SCENARIO_MAX_CPUS)
			o->plat.cpu_count = (uint32_t)n;
		else if (strcmp(argv[i], "--modules") == 0 && parse_modules(o, val) == 0)
			;
		else if (strcmp(argv[i], "--ram") == 0 && parse_ram(o, val) == 0)
			;
		else if (strcmp(argv[i], "--mode") == 0 && strcmp(val, "hybrid") == 0)
			o->hybrid = 1;
		else
			return -1;
		i++;
	}
	return strcmp(o->cmd, "check") == 0 || strcmp(o->cmd, "dump") == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct options o;
	static struct scenario sc;
	struct scenario_report rep = { print_error, NULL, 0 };
	size_t size = 0;
	void *blob;
	int rc;

	if (parse_args(&o, argc, argv) != 0)
		return usage();
	blob = tool_load_blob(o.file, &size);
	if (blob == NULL)
		return 2;
	if (strcmp(o.cmd, "dump") == 0) {
		rc = scenario_parse(blob, size, &sc, &rep);
		if (rc == 0) {
			tool_print_dump(stdout, &sc);
			rc = scenario_validate(&sc, NULL, &rep);
		}
	} else {
		rc = scenario_load(blob, size, &o.plat, &sc, &rep);
		if (rc == 0 && o.hybrid)
			rc = scenario_validate_hybrid(&sc, &rep);
		if (rc == 0)
			tool_print_summary(stdout, &sc);
	}
	if (rc != 0)
		fprintf(stderr, "hvkit-scenario: %s: %u error(s)\n", o.file, rep.errors);
	free(blob);
	free(o.module_text);
	return rc == 0 ? 0 : 1;
}
