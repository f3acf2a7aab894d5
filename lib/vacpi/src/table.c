/* SPDX-License-Identifier: BSD-3-Clause */
/* The description-table header (ACPI 6.x 5.2.6) and the streaming table writer. */
#include <string.h>

#include "vacpi_internal.h"

/* Who made the tables: the header's Creator ID and Creator Revision. */
static const char creator_id[4] = { 'H', 'V', 'K', 'T' };
#define CREATOR_REVISION 1u

void vacpi_table_begin(struct vacpi_table_writer *w, const struct guest_mem *mem, uint64_t gpa)
{
	w->mem = mem;
	w->gpa = gpa;
	w->len = 0;
	w->sum = 0;
	w->rc = 0;
}

void vacpi_table_emit(struct vacpi_table_writer *w, const void *p, uint32_t n)
{
	if (w->rc != 0)
		return;
	w->sum = (uint8_t)(w->sum + acpi_sum(p, n));
	w->rc = w->mem->write(w->mem->ctx, w->gpa + ACPI_HEADER_LEN + w->len, p, n);
	w->len += n;
}

int vacpi_table_finish(struct vacpi_table_writer *w, const char sig[4], uint8_t revision,
		       const struct vacpi_config *cfg)
{
	if (w->rc != 0)
		return w->rc;
	uint8_t h[ACPI_HEADER_LEN] = { 0 };
	memcpy(h + 0, sig, 4);
	put32(h + 4, ACPI_HEADER_LEN + w->len);
	h[8] = revision;
	memcpy(h + 10, cfg->oem_id, 6);
	memcpy(h + 16, cfg->oem_table_id, 8);
	put32(h + 24, cfg->oem_revision);
	memcpy(h + 28, creator_id, 4);
	put32(h + 32, CREATOR_REVISION);
	h[9] = (uint8_t)(0u - (uint8_t)(acpi_sum(h, sizeof(h)) + w->sum));
	return w->mem->write(w->mem->ctx, w->gpa, h, sizeof(h));
}
