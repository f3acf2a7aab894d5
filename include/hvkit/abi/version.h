/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/* hvkit's hypercall ABI version (HVKIT_HC_VERSION answers it), apart from the rest of the ABI so that an image
 * without share mode's hypercalls compiles only this. */
#ifndef HVKIT_ABI_VERSION_H
#define HVKIT_ABI_VERSION_H

#define HVKIT_ABI_VERSION 2u

#endif
