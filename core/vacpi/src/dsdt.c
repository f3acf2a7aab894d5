/*
 * Differentiated System Description Table (ACPI 6.x 5.2.11.1): a definition block with no AML.
 *
 * The FADT must point at a DSDT, but nothing the VM needs is described in AML: its vCPUs and
 * interrupt controllers are all in the MADT, and a hardware-reduced platform has no fixed
 * hardware to describe. An empty definition block is valid AML (a TermList may be empty).
 */
#include "vacpi_internal.h"

/* Revision 2: integers in the (empty) definition block are 64-bit (5.2.11.1). */
#define DSDT_REVISION 2u

int vacpi_write_dsdt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa)
{
	struct vacpi_table_writer w;
	vacpi_table_begin(&w, mem, gpa);
	return vacpi_table_finish(&w, "DSDT", DSDT_REVISION, cfg);
}
