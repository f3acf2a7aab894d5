/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-scenario, the host tool: its pieces. */
#ifndef HVKIT_SCENARIO_TOOL_H
#define HVKIT_SCENARIO_TOOL_H

#include <stddef.h>
#include <stdio.h>
#include <scenario/scenario_shared.h>

/* Exit statuses of the tool. */
enum { TOOL_OK = 0, TOOL_INVALID = 1, TOOL_UNREADABLE = 2 };

/*
 * Read FILE as a DTB (it starts with the FDT magic), or compile it with dtc when it
 * is text (the dtc run is $HVKIT_DTC, default "dtc" from PATH); dtc's messages are
 * printed as FILE:LINE: message. Returns TOOL_OK with a malloc'd blob and its size,
 * TOOL_INVALID when dtc refused the text, TOOL_UNREADABLE for a missing, unreadable,
 * empty or binary file (the reason printed).
 */
int tool_load_blob(const char *path, void **blob, size_t *size);

/* One line "valid: N VMs (name: CPUs a,b, M MiB; ...)". */
void tool_print_valid(FILE *out, const struct scenario *sc);

#define TOOL_MAX_MODULES 64
#define TOOL_MAX_RAM 16

/* What the tool knows about the machine (from --cpus, --ram, --modules, --board). */
struct tool_facts {
	struct scenario_platform plat;
	const char *modules[TOOL_MAX_MODULES];
	char *module_text;
	struct scenario_range ram[TOOL_MAX_RAM];
};

/* Each returns 0 when the value is well formed and recorded. */
int tool_facts_cpus(struct tool_facts *f, const char *val);
int tool_facts_ram(struct tool_facts *f, const char *base_colon_size);
int tool_facts_modules(struct tool_facts *f, const char *comma_list);

/* Read a board description (board.c); TOOL_UNREADABLE after printing FILE:LINE: why. */
int tool_read_board(struct tool_facts *f, const char *path);

/* Write sc's compiled form to path (compile.c); TOOL_UNREADABLE after printing why (nothing left behind). */
int tool_write_compiled(const char *path, const struct scenario *sc);

/* One line per VM (hvkit-scenario check). */
void tool_print_summary(FILE *out, const struct scenario *sc);
/* Every field of every VM (hvkit-scenario dump). */
void tool_print_dump(FILE *out, const struct scenario *sc);

#endif
