/* SPDX-License-Identifier: BSD-3-Clause */
/* The conformance guest's XSAVE checks (group 0x400, xsave.c). */
#ifndef CONFORMANCE_XSAVE_H
#define CONFORMANCE_XSAVE_H

/*
 * CPUID leaf 0DH must describe what XSAVE, XSAVEC and XRSTOR do with every state component the guest may
 * enable (SDM Vol. 1 13.2-13.4): the sizes in sub-leaves 0 and 1 follow from the components' own sizes and
 * offsets, and each component sits where its sub-leaf says, proved by the registers it holds.
 */
void check_xsave(void);

#endif
