/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration mechanism #1, shared by config.c (reads) and config_write.c (writes). */
#ifndef CORE_PCI_CONFIG_H
#define CORE_PCI_CONFIG_H

#include <hvkit/platform.h>
#include <pci/pci.h>

#define PCI_CONFIG_DATA 0xCFC

/* The address/data pair is one shared resource: every access holds this lock. */
extern plat_lock_t pci_cfg_lock;
/* Latch b's register off (its dword) into CONFIG_ADDRESS. */
void pci_cfg_select(struct pci_bdf b, uint8_t off);

#endif
