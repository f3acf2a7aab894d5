/* SPDX-License-Identifier: BSD-3-Clause */
/* Writing a compiled scenario (the host tool's `compile`, tests): the header, then the structure's bytes. */
#include <string.h>
#include <scenario/scenario_bin.h>

void scenario_bin_write(const struct scenario *sc, unsigned char out[SCENARIO_BIN_SIZE])
{
	struct scenario_bin_header h = {
		.magic = SCENARIO_BIN_MAGIC,
		.version = SCENARIO_BIN_VERSION,
		.size = (uint32_t)sizeof(*sc),
		.crc32 = scenario_bin_crc32(sc, sizeof(*sc)),
	};

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), sc, sizeof(*sc));
}
