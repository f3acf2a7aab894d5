/* SPDX-License-Identifier: BSD-3-Clause */
/* scenario_load for the images that link no device-tree parser (scenario_compiled_lib): a compiled scenario's
 * header (<scenario/scenario_bin.h>), its bounds (bin_check.c), then scenario_validate as every image runs it. */
#include <string.h>
#include <hvkit/errno.h>
#include <scenario/scenario_bin.h>
#include "sc_bin.h"
#include "sc_msg.h"

/* The header's format and size, then the contents against its checksum; 0 or -1 after the error. */
static int check_contents(const struct scenario_bin_header *h, const uint8_t *body, size_t body_size,
			  struct scenario_report *rep)
{
	if (h->version != SCENARIO_BIN_VERSION || h->size != sizeof(struct scenario))
		sc_fail(rep, "/", NULL, NULL, "compiled scenario format %u of %u bytes: this image reads format %u of "
			"%zu bytes (compile it with this tree's hvkit-scenario)", h->version, h->size,
			SCENARIO_BIN_VERSION, sizeof(struct scenario));
	else if (body_size < h->size)
		sc_fail(rep, "/", NULL, NULL, "compiled scenario cut short: %zu bytes after its header, %u expected",
			body_size, h->size);
	else if (scenario_bin_crc32(body, h->size) != h->crc32)
		sc_fail(rep, "/", NULL, NULL, "compiled scenario corrupt: its contents do not match its CRC-32 0x%x",
			h->crc32);
	else
		return 0;
	return -1;
}

static int check_header(const uint8_t *blob, size_t size, struct scenario_report *rep)
{
	struct scenario_bin_header h;

	if (blob != NULL && size >= 4 && memcmp(blob, "\xd0\x0d\xfe\xed", 4) == 0) {
		sc_fail(rep, "/", NULL, NULL, "this image takes a compiled scenario, not a device tree: "
			"hvkit-scenario compile FILE.dts -o FILE" SCENARIO_BIN_SUFFIX);
		return -1;
	}
	if (blob == NULL || size < sizeof(h)) {
		sc_fail(rep, "/", NULL, NULL, "not a compiled scenario (shorter than its %zu-byte header)", sizeof(h));
		return -1;
	}
	memcpy(&h, blob, sizeof(h));
	if (h.magic != SCENARIO_BIN_MAGIC) {
		sc_fail(rep, "/", NULL, NULL, "not a compiled scenario (no \"hvsc\" magic at its start)");
		return -1;
	}
	return check_contents(&h, blob + sizeof(h), size - sizeof(h), rep);
}

int scenario_load(const void *blob, size_t size, const struct scenario_platform *plat,
		  struct scenario *out, struct scenario_report *rep)
{
	struct scenario_report quiet = { NULL, NULL, 0 };

	if (rep == NULL)
		rep = &quiet;
	uint32_t before = rep->errors;
	memset(out, 0, sizeof(*out));
	if (check_header(blob, size, rep) == 0) {
		memcpy(out, (const uint8_t *)blob + sizeof(struct scenario_bin_header), sizeof(*out));
		if (sc_bin_check(out, rep) == 0)
			scenario_validate(out, plat, rep);
	}
	if (rep->errors == before)
		return 0;
	memset(out, 0, sizeof(*out));
	return -HV_EINVAL;
}
