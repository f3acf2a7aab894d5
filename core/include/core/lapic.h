/* SPDX-License-Identifier: BSD-3-Clause */
/* The host local APIC (x2APIC when the CPU has it, xAPIC MMIO otherwise) and its timer. */
#ifndef HVKIT_CORE_LAPIC_H
#define HVKIT_CORE_LAPIC_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

/* Enable this CPU's LAPIC (x2APIC mode when available), spurious vector, errors cleared. */
void lapic_init(void);
/* Mask every LVT entry the CPU has (timer, LINT0, LINT1, error, performance, thermal, CMCI). */
void lapic_mask_lvts(void);
/* The name of the first LVT entry that is not masked, or NULL. */
const char *lapic_unmasked_lvt(void);
bool lapic_is_x2apic(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

/* Send an IPI (mode: APIC_DM_FIXED, _NMI, _INIT, _STARTUP of <hvkit/arch/x86.h>; vector 0 where the mode has
 * none); returns false if the xAPIC never reported the send as done. */
bool lapic_send_ipi(uint32_t dest_apic_id, enum apic_delivery_mode mode, uint8_t vector);

/* Wake physical CPU `index` (a fixed IPI on the host's kick vector). */
void lapic_kick_cpu(unsigned int index);

/* The timer: TSC-deadline mode when the CPU has it, else one-shot from a calibrated rate. */
void lapic_timer_init(uint8_t vector);
void lapic_timer_arm_tsc(uint64_t deadline_tsc);
const char *lapic_timer_mode(void);
/* The timer's input clock in Hz (its count rate at divide by 1), calibrated against the TSC. */
uint64_t lapic_timer_hz(void);

#endif
