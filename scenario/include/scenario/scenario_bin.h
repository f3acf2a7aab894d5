/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A compiled scenario: struct scenario as the host tool parsed and validated it from a device tree
 * (`hvkit-scenario compile`), for images that link no device-tree parser (lapic_pt). The file is this
 * header, then sizeof(struct scenario) bytes of the structure itself (x86-64 byte order and layout, the
 * same in the tool and the image). The image's reader (scenario_compiled_lib) checks the header, then
 * every bound its boot code relies on, then the same validation as the parser's images.
 */
#ifndef HVKIT_SCENARIO_BIN_H
#define HVKIT_SCENARIO_BIN_H

#include <scenario/scenario.h>

#define SCENARIO_BIN_MAGIC 0x63737668u /* "hvsc", the file's first four bytes */
#define SCENARIO_BIN_VERSION 1u       /* one more whenever struct scenario's layout changes */
#define SCENARIO_BIN_SUFFIX ".hvsc"   /* the boot module's file name ends so */

struct scenario_bin_header {
	uint32_t magic;
	uint32_t version;
	uint32_t size;  /* sizeof(struct scenario): the bytes after the header */
	uint32_t crc32; /* CRC-32 (IEEE 802.3, zlib's) of those bytes */
};

#define SCENARIO_BIN_SIZE (sizeof(struct scenario_bin_header) + sizeof(struct scenario))

/* CRC-32 as zlib's crc32(0, data, size) computes it. */
uint32_t scenario_bin_crc32(const void *data, size_t size);

/* The compiled form of a scenario (host side: the tool and tests). */
void scenario_bin_write(const struct scenario *sc, unsigned char out[SCENARIO_BIN_SIZE]);

#endif /* HVKIT_SCENARIO_BIN_H */
