/* SPDX-License-Identifier: BSD-3-Clause */
/* The host mock of <ept/ept_hw.h>: records every INVEPT. */
#ifndef EPT_MOCK_HW_H
#define EPT_MOCK_HW_H

#include <ept/ept_hw.h>

#define MOCK_INVEPT_MAX 16

struct mock_invept_call {
	uint64_t type;
	struct invept_descriptor desc;
};

extern struct mock_invept_call mock_invept_calls[MOCK_INVEPT_MAX];
extern unsigned int mock_invept_count;
extern int mock_invept_result; /* what ept_hw_invept returns */

void mock_hw_reset(void);

#endif
