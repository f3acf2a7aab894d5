/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/ratelimit: a guest that floods the log gets 3 lines, then a count of what was held back. */
#include <ratelimit/ratelimit.h>
#include <stdio.h>

int main(void)
{
	struct ratelimit rl;
	ratelimit_init(&rl, 3, 1000); /* 3 lines a second (plat_tsc, plat_tsc_hz) */
	unsigned int shown = 0;
	for (int i = 0; i < 100; i++) {
		uint32_t held_back;
		if (!ratelimit_allow(&rl, &held_back))
			continue;
		shown++;
		printf("guest wrote to port 0x%x%s\n", 0x80 + i, held_back ? " (and more, held back)" : "");
	}
	printf("%u lines shown, %llu held back\n", shown, (unsigned long long)rl.suppressed_total);
	return 0;
}
