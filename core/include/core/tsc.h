/* SPDX-License-Identifier: BSD-3-Clause */
/* TSC frequency, calibrated against the 8254 PIT (channel 2) at boot. */
#ifndef HVKIT_CORE_TSC_H
#define HVKIT_CORE_TSC_H

#include <stdint.h>

void tsc_calibrate(void);
uint64_t tsc_hz(void);
void tsc_delay_us(uint64_t us);

#endif
