/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-scenario compile: a checked scenario written in its compiled form (<scenario/scenario_bin.h>). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <scenario/scenario_bin.h>
#include "tool.h"

int tool_write_compiled(const char *path, const struct scenario *sc)
{
	static unsigned char out[SCENARIO_BIN_SIZE];
	FILE *f = fopen(path, "wb");
	int ok;

	scenario_bin_write(sc, out);
	if (f == NULL) {
		fprintf(stderr, "hvkit-scenario: %s: %s\n", path, strerror(errno));
		return TOOL_UNREADABLE;
	}
	ok = fwrite(out, 1, sizeof(out), f) == sizeof(out);
	ok = fclose(f) == 0 && ok;
	if (ok)
		return TOOL_OK;
	fprintf(stderr, "hvkit-scenario: %s: could not write %zu bytes\n", path, sizeof(out));
	unlink(path);
	return TOOL_UNREADABLE;
}
