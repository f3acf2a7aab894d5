/* SPDX-License-Identifier: BSD-3-Clause */
/* A fake hypervisor core for the vlapic tests: records every ops callback. */
#ifndef VLAPIC_FAKE_CORE_H
#define VLAPIC_FAKE_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <host_platform.h>
#include <vlapic/vlapic.h>
#include <vlapic/vlapic_query.h>
#include <hvkit/arch/x86_ext.h>

#define FC_MAX 8

struct fc_vcpu {
	int index;
	unsigned int kicks, inits, sipis, nmis, pi_notifies;
	uint8_t sipi_vector;
	uint8_t pi_nv;
	uint32_t pi_ndst;
};

struct fc {
	struct vlapic_vm vm;
	struct vlapic vl[FC_MAX];
	struct fc_vcpu vcpu[FC_MAX];
	unsigned int n;
	/* timer */
	unsigned int arms, cancels;
	uint64_t last_deadline;
	struct vlapic *last_timer_vl;
	/* eoi_level */
	unsigned int eoi_levels;
	uint8_t last_eoi_vector;
	/* unroutable */
	unsigned int unroutables;
	uint32_t unroutable_dest, unroutable_icr;
	struct vlapic *unroutable_src;
};

extern struct fc fc;
extern const struct vlapic_ops fc_ops;

/* A VM with n vlapics whose APIC IDs are ids[i] (vCPU 0 is the BSP), software
 * enabled (SVR = 0x1FF) when sw_enable. */
void fc_setup(unsigned int n, const uint32_t *ids, bool sw_enable);
void fc_teardown(void);
/* Guest accesses in the current mode; fail the test if refused. */
void fc_write(struct vlapic *vl, uint32_t off, uint32_t val);
uint32_t fc_read(struct vlapic *vl, uint32_t off);
/* Switch vl to x2APIC mode through IA32_APIC_BASE. */
void fc_to_x2apic(struct vlapic *vl);
bool fc_irr(struct vlapic *vl, uint8_t vector);
bool fc_isr(struct vlapic *vl, uint8_t vector);
bool fc_tmr(struct vlapic *vl, uint8_t vector);

#endif
