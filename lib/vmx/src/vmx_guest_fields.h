/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest-state area (SDM Vol. 3C 24.4) as a table that writing (vmx_guest_state.c) and reading
 * (vmx_guest_state_read.c, linked only where the guest state is re-checked) share. Internal to lib/vmx. */
#ifndef VMX_GUEST_FIELDS_H
#define VMX_GUEST_FIELDS_H

#include <stdint.h>

/* A VMCS field and the struct vmx_guest_state member (offset, width in bytes) it holds. */
struct vmx_guest_field {
	uint16_t field;
	uint16_t offset;
	uint8_t width;
};

extern const struct vmx_guest_field vmx_guest_fields[];
extern const unsigned int vmx_guest_field_count;

#endif
