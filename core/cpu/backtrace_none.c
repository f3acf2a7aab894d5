/* SPDX-License-Identifier: BSD-3-Clause */
/* No backtrace (the lapic_pt image): an exception report ends with the registers (RIP, RBP, RSP, CR2, ...). */
#include <core/trap.h>

void trap_backtrace(uint64_t rbp, uint64_t rip)
{
	(void)rbp;
	(void)rip;
}
