/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit-scenario: check or show a scenario on the host with the hypervisor's own
 * parser and validation.
 *   hvkit-scenario check FILE.dts|FILE.dtb [--cpus N] [--modules a,b,c] [--ram BASE:SIZE]... [--board FILE]
 *       [--mode hybrid]   (also the hybrid mode's shape, as the hybrid image checks it at boot)
 *   hvkit-scenario dump FILE.dts|FILE.dtb
 *   hvkit-scenario compile FILE.dts|FILE.dtb -o OUT.hvsc [the facts check takes]   (checked as check does, then
 *       written in the compiled form the lapic_pt image reads; nothing is written when it is invalid)
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
	const char *output; /* compile's -o */
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
			"       hvkit-scenario compile FILE.dts|FILE.dtb -o OUT.hvsc [the options of check]\n"
			"exit status: 0 valid, 1 invalid, 2 usage error or unreadable input\n");
	return TOOL_UNREADABLE;
}

static int opt_cpus(struct options *o, const char *val)
{
	return tool_facts_cpus(&o->facts, val);
}

static int opt_modules(struct options *o, const char *val)
{
	return tool_facts_modules(&o->facts, val);
}

static int opt_ram(struct options *o, const char *val)
{
	return tool_facts_ram(&o->facts, val);
}

static int opt_mode(struct options *o, const char *val)
{
	o->hybrid = 1;
	return strcmp(val, "hybrid") == 0 ? 0 : -1;
}

static int opt_output(struct options *o, const char *val)
{
	o->output = val;
	return 0;
}

static int opt_board(struct options *o, const char *val)
{
	return tool_read_board(&o->facts, val) == TOOL_OK ? 0 : -1;
}

/* One "--option value" pair; 0 when understood. */
static int parse_option(struct options *o, const char *opt, const char *val)
{
	static const struct {
		const char *name;
		int (*parse)(struct options *o, const char *val);
	} options[] = {
		{ "--cpus", opt_cpus }, { "--modules", opt_modules }, { "--ram", opt_ram },
		{ "--mode", opt_mode }, { "--board", opt_board }, { "-o", opt_output },
	};

	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (strcmp(opt, options[i].name) == 0)
			return options[i].parse(o, val);
	return -1;
}

/* The "--option value" pairs after the file: --board ones in pass 0, the others in pass 1. */
static int parse_pass(struct options *o, int argc, char **argv, int pass)
{
	for (int i = 3; i < argc; i += 2) {
		int board = strcmp(argv[i], "--board") == 0;

		if (strcmp(o->cmd, "dump") == 0 || i + 1 >= argc)
			return -1;
		if (board == (pass == 0) && parse_option(o, argv[i], argv[i + 1]) != 0)
			return -1;
	}
	return 0;
}

static int parse_args(struct options *o, int argc, char **argv)
{
	if (argc < 3)
		return -1;
	o->cmd = argv[1];
	o->file = argv[2];
	if (strcmp(o->cmd, "check") != 0 && strcmp(o->cmd, "dump") != 0 && strcmp(o->cmd, "compile") != 0)
		return -1;
	/* --board first, so that --cpus and the others given beside it win */
	if (parse_pass(o, argc, argv, 0) != 0 || parse_pass(o, argc, argv, 1) != 0)
		return -1;
	/* -o: compile's, and only compile's */
	return (strcmp(o->cmd, "compile") == 0) == (o->output != NULL) ? 0 : -1;
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
	if (o->output != NULL)
		return tool_write_compiled(o->output, sc);
	tool_print_valid(stdout, sc);
	tool_print_summary(stdout, sc);
	print_unchecked(&o->facts.plat);
	return TOOL_OK;
}

/* Parse and print what parsed; then validate it (errors go to stderr after the dump). */
static int dump(const void *blob, size_t size, struct scenario *sc, struct scenario_report *rep)
{
	if (scenario_parse(blob, size, sc, rep) != 0)
		return TOOL_INVALID;
	tool_print_dump(stdout, sc);
	return scenario_validate(sc, NULL, rep) != 0 ? TOOL_INVALID : TOOL_OK;
}

static void report_invalid(const char *file, unsigned int errors)
{
	if (errors > 0)
		fprintf(stderr, "hvkit-scenario: %s: invalid, %u error(s)\n", file, errors);
	else
		fprintf(stderr, "hvkit-scenario: %s: invalid (dtc refused it)\n", file);
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
	if (rc == TOOL_OK)
		rc = strcmp(o.cmd, "dump") == 0 ? dump(blob, size, &sc, &rep) : check(&o, blob, size, &sc, &rep);
	if (rc == TOOL_INVALID)
		report_invalid(o.file, rep.errors);
	free(blob);
	free(o.facts.module_text);
	return rc;
}
