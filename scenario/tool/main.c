/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit-scenario: check or show a scenario on the host with the hypervisor's own
 * parser and validation.
 *   hvkit-scenario check FILE.dts|FILE.dtb [--cpus N] [--modules a,b,c] [--ram BASE:SIZE]... [--board FILE]
 *       [--mode hybrid]   (also the hybrid mode's shape, as the hybrid image checks it at boot)
 *   hvkit-scenario dump FILE.dts|FILE.dtb
 * Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input (missing, empty or binary file).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tool.h"

struct options {
	const char *cmd;
	const char *file;
	struct tool_facts facts;
	int hybrid;
};

static void print_error(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

static int usage(void)
{
	fprintf(stderr, "usage: hvkit-scenario check FILE.dts|FILE.dtb [--cpus N] [--modules a,b,c] "
			"[--ram BASE:SIZE]... [--board FILE] [--mode hybrid]\n"
			"       hvkit-scenario dump FILE.dts|FILE.dtb\n"
			"exit status: 0 valid, 1 invalid, 2 usage error or unreadable input\n");
	return TOOL_UNREADABLE;
}

/* One "--option value" pair; 0 when understood. */
static int parse_option(struct options *o, const char *opt, const char *val)
{
	if (strcmp(opt, "--cpus") == 0)
		return tool_facts_cpus(&o->facts, val);
	if (strcmp(opt, "--modules") == 0)
		return tool_facts_modules(&o->facts, val);
	if (strcmp(opt, "--ram") == 0)
		return tool_facts_ram(&o->facts, val);
	if (strcmp(opt, "--mode") == 0) {
		o->hybrid = 1;
		return strcmp(val, "hybrid") == 0 ? 0 : -1;
	}
	if (strcmp(opt, "--board") == 0)
		return tool_read_board(&o->facts, val) == TOOL_OK ? 0 : -1;
	return -1;
}

static int parse_args(struct options *o, int argc, char **argv)
{
	if (argc < 3)
		return -1;
	o->cmd = argv[1];
	o->file = argv[2];
	if (strcmp(o->cmd, "check") != 0 && strcmp(o->cmd, "dump") != 0)
		return -1;
	/* --board first, so that --cpus and the others given beside it win */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 3; i < argc; i += 2) {
			int board = strcmp(argv[i], "--board") == 0;

			if (strcmp(o->cmd, "check") != 0 || i + 1 >= argc)
				return -1;
			if (board == (pass == 0) && parse_option(o, argv[i], argv[i + 1]) != 0)
				return -1;
		}
	}
	return 0;
}

/* What a check without the machine's facts could not check (the boot-time check does). */
static void print_unchecked(const struct scenario_platform *plat)
{
	const char *what[3];
	int n = 0;

	if (plat->cpu_count == 0)
		what[n++] = "the CPU count (--cpus N)";
	if (plat->modules == NULL)
		what[n++] = "boot modules (--modules a,b)";
	if (plat->ram == NULL)
		what[n++] = "usable RAM (--ram BASE:SIZE)";
	if (n == 0)
		return;
	printf("not checked, for want of the machine's facts: ");
	for (int i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", what[i]);
	printf("; or give them all with --board FILE\n");
}

/* Parse, then validate whatever parsed, so that every error is reported, not only the first stage's. */
static int check(struct options *o, const void *blob, size_t size, struct scenario *sc,
		 struct scenario_report *rep)
{
	int perr = scenario_parse(blob, size, sc, rep);

	if (sc->vm_count > 0)
		scenario_validate(sc, &o->facts.plat, rep);
	if (sc->vm_count > 0 && o->hybrid)
		scenario_validate_hybrid(sc, rep);
	if (perr != 0 || rep->errors != 0)
		return TOOL_INVALID;
	tool_print_valid(stdout, sc);
	tool_print_summary(stdout, sc);
	print_unchecked(&o->facts.plat);
	return TOOL_OK;
}

int main(int argc, char **argv)
{
	static struct options o;
	static struct scenario sc;
	struct scenario_report rep = { print_error, NULL, 0 };
	size_t size = 0;
	void *blob = NULL;
	int rc;

	if (parse_args(&o, argc, argv) != 0)
		return usage();
	rc = tool_load_blob(o.file, &blob, &size);
	if (rc == TOOL_OK && strcmp(o.cmd, "dump") == 0) {
		rc = scenario_parse(blob, size, &sc, &rep) == 0 ? TOOL_OK : TOOL_INVALID;
		if (rc == TOOL_OK)
			tool_print_dump(stdout, &sc);
		if (rc == TOOL_OK && scenario_validate(&sc, NULL, &rep) != 0)
			rc = TOOL_INVALID;
	} else if (rc == TOOL_OK) {
		rc = check(&o, blob, size, &sc, &rep);
	}
	if (rc == TOOL_INVALID && rep.errors > 0)
		fprintf(stderr, "hvkit-scenario: %s: invalid, %u error(s)\n", o.file, rep.errors);
	else if (rc == TOOL_INVALID)
		fprintf(stderr, "hvkit-scenario: %s: invalid (dtc refused it)\n", o.file);
	free(blob);
	free(o.facts.module_text);
	return rc;
}
