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
#endif
