/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI Express memory-mapped configuration space base address description table (MCFG; PCI Firmware
 * Specification 3.0, 4.1.2): 8 reserved bytes after the header, then one 16-byte allocation: base address,
 * PCI segment group 0, start and end bus, 4 reserved bytes.
 */
#include "vacpi_internal.h"

#define MCFG_REVISION 1u

int vacpi_write_mcfg(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa)
{
	struct vacpi_table_writer w;
	const struct vacpi_pci_root *pci = &vacpi_extras_of(cfg)->pci;
	uint8_t body[8 + 16] = { 0 };
	put64(body + 8, pci->ecam_base);
	put16(body + 16, 0);         /* segment group */
	body[18] = 0;                /* start bus */
	body[19] = pci->bus_end;     /* end bus */
	vacpi_table_begin(&w, mem, gpa);
	vacpi_table_emit(&w, body, sizeof(body));
	return vacpi_table_finish(&w, "MCFG", MCFG_REVISION, cfg);
}
