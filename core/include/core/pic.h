/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef HVKIT_CORE_PIC_H
#define HVKIT_CORE_PIC_H
/* Remap the 8259s to vectors 0x20-0x2f and mask every line (the BIOS leaves IRQ0 on vector 8). */
void pic_disable(void);
#endif
