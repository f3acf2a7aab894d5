/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hello: prints its name and command line, then a counter line every `ticks` million TSC ticks (default 10)
 * for `count` lines (default 3). Two of these side by side show two VMs sharing the serial console.
 */
#include "guest.h"

const char guest_name[] = "hello";

void guest_main(void)
{
	uint64_t count = 3, mticks = 10;
	cmdline_uint("count", &count);
	cmdline_uint("ticks", &mticks);

	gprintf("hello: hello from hello, cmdline \"%s\"\n", guest_cmdline());

	uint64_t interval = mticks * 1000000u;
	uint64_t next = rdtsc() + interval;
	for (uint64_t i = 1; i <= count; i++) {
		while ((int64_t)(rdtsc() - next) < 0)
			cpu_relax();
		next += interval;
		gprintf("hello: count %llu of %llu\n", (unsigned long long)i, (unsigned long long)count);
	}
	pass("counted to %llu", (unsigned long long)count);
}
