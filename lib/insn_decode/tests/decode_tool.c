/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tool for objdump_crosscheck.py: each stdin line "MODE HEX" (MODE 16, 32 or 64) becomes one
 * stdout line "rc write size src reg high8 imm ext dst_size len" (numbers; imm in hex).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <insn_decode/mmio_insn.h>

int main(void)
{
	char line[256];

	while (fgets(line, sizeof(line), stdin) != NULL) {
		uint8_t bytes[64];
		size_t n = 0;
		int bits = atoi(line);
		const char *hex = strchr(line, ' ');
		enum mmio_cpu_mode mode = bits == 64 ? MMIO_MODE_64 : bits == 32 ? MMIO_MODE_32 : MMIO_MODE_16;
		struct mmio_insn in = { 0 };
		unsigned int b;
		int rc;

		while (hex != NULL && n < sizeof(bytes) && sscanf(hex, " %2x", &b) == 1) {
			bytes[n++] = (uint8_t)b;
			hex += strspn(hex, " ") + 2;
		}
		rc = mmio_insn_decode(bytes, n, mode, &in);
		printf("%d %d %u %d %u %d %llx %d %u %u\n", rc, in.write, in.size, (int)in.src, in.reg, in.high8,
		       (unsigned long long)in.imm, (int)in.ext, in.dst_size, in.len);
	}
	return 0;
}
