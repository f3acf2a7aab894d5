/* SPDX-License-Identifier: BSD-3-Clause */
/* Checks that say what they compared: "ok" lines, or "FAIL ... expected X, saw Y". */
#include "consumer.h"

#include <stdio.h>

static unsigned int failures;

bool check_u64(const char *what, uint64_t expected, uint64_t saw)
{
	if (expected == saw) {
		printf("consumer:   ok   %s = 0x%llx\n", what, (unsigned long long)saw);
		return true;
	}
	printf("consumer:   FAIL %s: expected 0x%llx, saw 0x%llx\n", what, (unsigned long long)expected,
	       (unsigned long long)saw);
	failures++;
	return false;
}

bool check_int(const char *what, long long expected, long long saw)
{
	if (expected == saw) {
		printf("consumer:   ok   %s = %lld\n", what, saw);
		return true;
	}
	printf("consumer:   FAIL %s: expected %lld, saw %lld\n", what, expected, saw);
	failures++;
	return false;
}

unsigned int check_failures(void)
{
	return failures;
}
