/* SPDX-License-Identifier: BSD-3-Clause */
/* The host mock of <ept/ept_hw.h>. */
#include "mock_hw.h"

#include <string.h>

struct mock_invept_call mock_invept_calls[MOCK_INVEPT_MAX];
unsigned int mock_invept_count;
int mock_invept_result;

void mock_hw_reset(void)
{
	memset(mock_invept_calls, 0, sizeof(mock_invept_calls));
	mock_invept_count = 0;
	mock_invept_result = 0;
}

int ept_hw_invept(uint64_t type, const struct invept_descriptor *desc)
{
	if (mock_invept_count < MOCK_INVEPT_MAX) {
		mock_invept_calls[mock_invept_count].type = type;
		mock_invept_calls[mock_invept_count].desc = *desc;
	}
	mock_invept_count++;
	return mock_invept_result;
}
