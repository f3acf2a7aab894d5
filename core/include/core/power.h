/* SPDX-License-Identifier: BSD-3-Clause */
/* Ending a run: emulator exit ports when the command line asks for "poweroff" when done. */
#ifndef HVKIT_CORE_POWER_H
#define HVKIT_CORE_POWER_H

#include <boot/boot_info.h>

/* With "poweroff" on the command line: end Bochs (port 0x8900) or QEMU (isa-debug-exit 0xf4). */
void power_off_if_asked(const struct boot_info *bi, unsigned int status);

#endif
