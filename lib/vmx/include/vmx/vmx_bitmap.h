/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MSR bitmap (SDM Vol. 3C 24.6.9) and I/O bitmaps (24.6.4). A set bit makes the
 * access exit. Bitmap pages are 4 KiB, zeroed (nothing intercepted), owned by
 * the caller (plat_page_alloc); their physical addresses go into
 * VMCS_MSR_BITMAP, VMCS_IO_BITMAP_A/B.
 */
#ifndef VMX_VMX_BITMAP_H
#define VMX_VMX_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define VMX_MSR_READ 1u
#define VMX_MSR_WRITE 2u

/*
 * Set (intercept=true) or clear the read and/or write intercept (access: VMX_MSR_READ |
 * VMX_MSR_WRITE) for msr. Only MSRs 0x0-0x1FFF and 0xC0000000-0xC0001FFF have bits;
 * others always exit: -HV_ERANGE. -HV_EINVAL for a NULL bitmap or access 0.
 */
int vmx_msr_bitmap_set(void *msr_bitmap, uint32_t msr, unsigned int access, bool intercept);

/*
 * Set or clear the intercept for ports [port, port + count). Bitmap A covers
 * 0x0000-0x7FFF, B 0x8000-0xFFFF. -HV_EINVAL NULL bitmap or count 0,
 * -HV_ERANGE if the range passes 0xFFFF (nothing changed).
 */
int vmx_io_bitmap_set(void *io_bitmap_a, void *io_bitmap_b, uint16_t port, uint32_t count, bool intercept);

#endif /* VMX_VMX_BITMAP_H */
