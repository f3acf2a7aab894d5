/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A board description for `hvkit-scenario check --board FILE`: the machine facts the
 * hypervisor knows at boot, one per line ('#' starts a comment):
 *   cpus 2
 *   ram 0x0:0x9f000            (usable RAM, BASE:SIZE; may repeat)
 *   modules guest_hello,initrd (boot-module names)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tool.h"

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return s;
}

/* One "key value" line; 0 when it is understood. */
static int board_line(struct tool_facts *f, char *ln)
{
	char *val = ln + strcspn(ln, " \t");

	if (*val != '\0')
		*val++ = '\0';
	val = trim(val);
	if (strcmp(ln, "cpus") == 0)
		return tool_facts_cpus(f, val);
	if (strcmp(ln, "ram") == 0)
		return tool_facts_ram(f, val);
	if (strcmp(ln, "modules") == 0)
		return tool_facts_modules(f, val);
	return -1;
}

int tool_read_board(struct tool_facts *f, const char *path)
{
	char buf[512];
	unsigned lineno = 0;
	FILE *in = fopen(path, "r");

	if (in == NULL) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path, strerror(errno));
		return TOOL_UNREADABLE;
	}
	while (fgets(buf, sizeof(buf), in) != NULL) {
		char *ln;

		lineno++;
		buf[strcspn(buf, "#")] = '\0';
		ln = trim(buf);
		if (*ln == '\0')
			continue;
		if (board_line(f, ln) != 0) {
			fprintf(stderr, "%s:%u: expected \"cpus N\", \"ram BASE:SIZE\" or \"modules a,b\"\n", path,
				lineno);
			fclose(in);
			return TOOL_UNREADABLE;
		}
	}
	fclose(in);
	return TOOL_OK;
}
