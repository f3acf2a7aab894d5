/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ACPI fixed hardware's PM1a event and control blocks (ACPI 6.x 4.8.3.1, 4.8.3.2, 4.8.4.1, 4.8.4.2), six
 * ports from base: PM1_STS (base, 2 bytes), PM1_EN (base + 2, 2 bytes), PM1_CNT (base + 4, 2 bytes); the FADT
 * names them (vacpi_config.pm1). A VM that has them is told its platform is not hardware-reduced (so an OS keeps
 * the PC's legacy ISA IRQs) and is always in ACPI mode: SCI_EN reads 1 whatever is written (no SMI command port,
 * 4.8.2.1). No fixed event ever happens (no power or sleep button, no PM timer overflow interrupt, no global
 * lock owner but the OS), so PM1_STS reads 0 but for bits the OS has not yet cleared, and no SCI is raised.
 * Writing SLP_EN (PM1_CNT bit 13) with SLP_TYP (bits 12:10) equal to the \_S5 sleep type is the VM's power-off:
 * the power_off callback (the core stops the VM). Another sleep type is refused: sleep_refused, and the VM runs
 * on as if it had woken at once (WAK_STS set, 4.8.3.1.1).
 */
#ifndef VDEV_PM1_H
#define VDEV_PM1_H

#include <stdint.h>

#include <vdev/vdev.h>

#define VPM1_PORTS 6u
#define VPM1_CNT_OFFSET 4u

#define VPM1_STS_WAK (1u << 15)
#define VPM1_CNT_SCI_EN (1u << 0)
#define VPM1_CNT_SLP_TYP_SHIFT 10u
#define VPM1_CNT_SLP_TYP_MASK (7u << VPM1_CNT_SLP_TYP_SHIFT)
#define VPM1_CNT_SLP_EN (1u << 13)

struct vpm1 {
	void *ctx;
	uint8_t s5_type;                                   /* SLP_TYP of S5, as the DSDT's \_S5 says */
	void (*power_off)(void *ctx);
	void (*sleep_refused)(void *ctx, unsigned int slp_typ); /* may be NULL */
	uint16_t base;                                     /* set by vpm1_register */
	uint16_t sts, en, cnt;                             /* the registers (cnt without SCI_EN and SLP_EN) */
};

int vpm1_register(struct vpm1 *d, struct vdev_table *t, uint16_t base);

int vpm1_read(void *dev, uint16_t port, unsigned int size, uint32_t *val);
int vpm1_write(void *dev, uint16_t port, unsigned int size, uint32_t val);

#endif
