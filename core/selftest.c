/* SPDX-License-Identifier: BSD-3-Clause */
/* Deliberate faults, so integration tests can prove the exception, guard-page and canary paths. */
#include <core/console.h>
#include <core/selftest.h>
#include <string.h>

static const char *selftest_cmdline = "";

void selftest_set_cmdline(const char *cmdline)
{
	selftest_cmdline = cmdline;
}

bool selftest_asked(const char *what)
{
	char opt[48];
	hv_snprintf(opt, sizeof(opt), "selftest=%s", what);
	return strstr(selftest_cmdline, opt) != NULL;
}

/* Each frame takes 1 KiB of stack, so this reaches the guard page below the 16 KiB stack. */
static __attribute__((noinline)) uint64_t recurse(volatile uint64_t depth)
{
	volatile uint8_t pad[1024];
	pad[0] = (uint8_t)depth;
	if (depth > 1000000) /* never reached: the guard page stops it first */
		return pad[0];
	return recurse(depth + 1) + pad[0];
}

static __attribute__((noinline)) void smash_canary(void)
{
	char buf[16];
	volatile char *p = buf;
	for (int i = 0; i < 64; i++)
		p[i] = 'A';
}

void selftest_maybe_fault(struct percpu *cpu)
{
	if (cpu->index != 1)
		return;
	if (selftest_asked("pagefault")) {
		hv_info("selftest: cpu %u reads address 0", cpu->index);
		(void)*(volatile uint64_t *)(uintptr_t)0x0;
	} else if (selftest_asked("stack-overflow")) {
		hv_info("selftest: cpu %u overflows its stack", cpu->index);
		recurse(0);
	} else if (selftest_asked("canary")) {
		hv_info("selftest: cpu %u overwrites a stack canary", cpu->index);
		smash_canary();
	}
}
