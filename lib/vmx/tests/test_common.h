/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared includes for lib/vmx tests. */
#ifndef VMX_TESTS_COMMON_H
#define VMX_TESTS_COMMON_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx.h>

#include "host_platform.h"
#include "mock_hw.h"

/* A fresh platform and hardware mock with a current VMCS, for tests that VMWRITE through it. */
static inline int setup_with_current_vmcs(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	mock_hw.current_vmcs = 0x2000;
	return 0;
}
#endif
