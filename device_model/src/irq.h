/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How a device model's device interrupts its VM: an MSI (address/data, HVKIT_INJECT_MSI) or a level on a
 * vIOAPIC pin (HVKIT_INJECT_IRQ). dm.c implements it on /dev/hvkit; the unit tests record the calls.
 */
#ifndef DM_IRQ_H
#define DM_IRQ_H

#include <stdint.h>

struct irq_sink {
	void (*msi)(void *ctx, uint64_t address, uint32_t data);
	void (*line)(void *ctx, uint32_t pin, uint32_t level); /* HVKIT_IRQ_LOW / _HIGH */
	void *ctx;
};

#endif
