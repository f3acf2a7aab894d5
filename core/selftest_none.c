/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No deliberate faults (the lapic_pt image): "selftest=..." on the command line is ignored, with one line
 * saying so. The exception report and the recovery point they would exercise are core/cpu/trap.c's, the
 * same in every image; the partition image proves them (cases selftest-*-2cpu,
 * hostile-hypervisor-fault-in-exit-handler).
 */
#include <core/console.h>
#include <core/selftest.h>
#include <string.h>

void selftest_set_cmdline(const char *cmdline)
{
	if (strstr(cmdline, "selftest=") != NULL)
		hv_warn("selftest: this image injects no faults; the option is ignored");
}

void selftest_maybe_fault(struct percpu *cpu)
{
	(void)cpu;
}

bool selftest_asked(const char *what)
{
	(void)what;
	return false;
}
