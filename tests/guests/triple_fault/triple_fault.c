/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * triple_fault: loads an empty IDT and executes UD2. #UD cannot be delivered (no gate), nor can the #GP that
 * follows, nor the #DF: the CPU shuts down (a triple fault). The hypervisor must stop only this VM; natively
 * Bochs resets or, with reset_on_triple_fault=0, ends the run.
 */
#include "guest.h"

const char guest_name[] = "triple_fault";

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void guest_main(void)
{
	static const struct idt_pointer empty = { 0, 0 };

	gprintf("triple_fault: loading an empty IDT and raising #UD (expect a triple fault)\n");
	serial_flush();
	__asm__ __volatile__("lidt %0\n\tud2" : : "m"(empty) : "memory");
	idt_load();
	fail("still running after a triple fault", "expected the VM stopped, got it running");
}
