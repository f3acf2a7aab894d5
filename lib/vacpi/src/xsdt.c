/* SPDX-License-Identifier: BSD-3-Clause */
/* Extended System Description Table (ACPI 6.x 5.2.8): 64-bit pointers to the other tables. */
#include "vacpi_internal.h"

#define XSDT_REVISION 1u

int vacpi_write_xsdt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     const uint64_t *entries, uint32_t count)
{
	struct vacpi_table_writer w;
	vacpi_table_begin(&w, mem, gpa);
	for (uint32_t i = 0; i < count; i++) {
		uint8_t e[8];
		put64(e, entries[i]);
		vacpi_table_emit(&w, e, sizeof(e));
	}
	return vacpi_table_finish(&w, "XSDT", XSDT_REVISION, cfg);
}
