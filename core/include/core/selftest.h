/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault injection for tests of the hypervisor's own error paths: with "selftest=pagefault",
 * "selftest=stack-overflow" or "selftest=canary" on the command line, CPU 1 (once online)
 * commits that fault. The exception handler must report it and stop only CPU 1 (core/selftest.c; the lapic_pt
 * image links core/selftest_none.c, which injects none and says that the option is ignored).
 */
#ifndef HVKIT_CORE_SELFTEST_H
#define HVKIT_CORE_SELFTEST_H

#include <core/percpu.h>

void selftest_set_cmdline(const char *cmdline);
void selftest_maybe_fault(struct percpu *cpu);
/* Is "selftest=WHAT" on the command line? ("exit-fault": hypercall 0x7e57 faults in its handler, to
 * prove that an exception while handling a guest's exit stops that VM, not the CPU.) */
bool selftest_asked(const char *what);

#endif
