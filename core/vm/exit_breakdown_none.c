/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The lapic_pt image does not time the run loop's stages (core/vm/exit_breakdown.c: the exit-breakdown
 * benchmark runs in partition mode). The switch stays off, so the run loop never calls the three below;
 * "bench=exit-breakdown" on the command line gets a warning instead of figures.
 */
#include <core/console.h>
#include <core/mode.h>
#include <core/vm_internal.h>
#include <string.h>

bool exit_breakdown_on;
bool vm_check_invariants;

void exit_breakdown_setup(const char *cmdline)
{
	if (strstr(cmdline, "bench=exit-breakdown") != NULL)
		hv_warn("bench=exit-breakdown: the %s image does not time the run loop's stages", hv_mode_name);
}

void exit_breakdown_exit(struct exit_breakdown *b, uint16_t reason)
{
	(void)b;
	(void)reason;
}

void exit_breakdown_entry(struct exit_breakdown *b)
{
	(void)b;
}

void exit_breakdown_report(const struct exit_breakdown *b)
{
	(void)b;
}
