/* SPDX-License-Identifier: BSD-3-Clause */
/* The legacy 8259 pair: remapped away from the exception vectors, then fully masked. */
#include <core/pic.h>
#include <core/trap.h>
#include <core/x86.h>

void pic_disable(void)
{
	/* ICW1-ICW4 (8259A datasheet): cascade, vector bases 0x20/0x28, master has slave on IR2. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, VECTOR_PIC_BASE);
	outb(0xa1, VECTOR_PIC_BASE + 8);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}
