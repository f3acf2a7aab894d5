/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CMOS RTC of the partition and lapic_pt images (lib/vdev rtc_host.c): a VM reads the host's own clock
 * registers, one at a time under a lock (the index and data ports are one pair for every CPU); it cannot
 * write them. share and hybrid give each VM a settable clock instead (vm_rtc.c).
 */
#include <core/vm_internal.h>
#include <core/x86.h>
#include <vdev/rtc_host.h>

static struct vrtc_host vm_rtcs[VM_MAX];
static plat_lock_t cmos_lock;

static uint8_t host_cmos(void *ctx, uint8_t reg)
{
	(void)ctx;
	plat_lock(&cmos_lock);
	outb(VRTC_PORT, reg); /* bit 7 clear: NMIs stay enabled */
	uint8_t v = inb(VRTC_PORT + 1);
	plat_unlock(&cmos_lock);
	return v;
}

int vm_rtc_add(struct vm *vm, struct vdev_table *t)
{
	vm_rtcs[vm->id] = (struct vrtc_host){ .read = host_cmos };
	return vrtc_host_register(&vm_rtcs[vm->id], t);
}
