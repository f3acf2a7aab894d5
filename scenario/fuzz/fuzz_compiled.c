/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: any bytes as a compiled scenario's struct scenario, behind a header with the right magic,
 * version, size and CRC-32 (what a hand-made blob can do), go through the partition and lapic_pt images' reader
 * (scenario_compiled_lib) without a crash or a sanitizer report: its bounds checks stand between them and the
 * rules and the boot code. An input that starts with the header (a .hvsc seed) is read from behind it; one
 * shorter than the structure is zero-filled.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <scenario/scenario_bin.h>

static void count_only(void *ctx, const char *message)
{
	size_t *total = ctx;

	*total += strlen(message); /* touch every byte of every message */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char body[sizeof(struct scenario)], blob[SCENARIO_BIN_SIZE];
	static struct scenario out;
	static const char *const mods[] = { "guest_hello", "initrd" };
	static const struct scenario_range ram[] = { { 0, 0x9f000 }, { 0x100000, 0x1ff00000 } };
	const struct scenario_platform plat = { 4, mods, 2, ram, 2, 1u << SCENARIO_KERNEL_PVH };
	size_t total = 0;
	struct scenario_report rep = { count_only, &total, 0 };
	uint32_t magic = SCENARIO_BIN_MAGIC;

	if (size >= sizeof(struct scenario_bin_header) && memcmp(data, &magic, 4) == 0) {
		data += sizeof(struct scenario_bin_header);
		size -= sizeof(struct scenario_bin_header);
	}
	memset(body, 0, sizeof(body));
	memcpy(body, data, size < sizeof(body) ? size : sizeof(body));
	/* scenario_bin_write copies the structure's bytes; it reads none of its fields. */
	scenario_bin_write((const struct scenario *)(const void *)body, blob);
	scenario_load(blob, sizeof(blob), &plat, &out, &rep);
	return 0;
}
