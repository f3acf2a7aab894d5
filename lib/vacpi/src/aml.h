/* SPDX-License-Identifier: BSD-3-Clause */
/* AML encodings (ACPI 6.x 20.2) and resource descriptors (6.4) that dsdt.c and extras.c both write. */
#ifndef VACPI_AML_H
#define VACPI_AML_H

#include "vacpi_internal.h"

#define AML_ZERO_OP 0x00u
#define AML_ONE_OP 0x01u
#define AML_NAME_OP 0x08u
#define AML_BYTE_PREFIX 0x0au
#define AML_DWORD_PREFIX 0x0cu
#define AML_SCOPE_OP 0x10u
#define AML_BUFFER_OP 0x11u
#define AML_EXT_OP_PREFIX 0x5bu
#define AML_ROOT_CHAR 0x5cu     /* '\' */
#define AML_DEVICE_OP 0x82u     /* after the ExtOpPrefix */
#define RES_END_TAG 0x79u       /* small item 0xF, length 1 */

/* NameOp and a 4-character NameSeg at aml + n; returns the new end. */
uint32_t vacpi_aml_name(uint8_t *aml, uint32_t n, const char seg[4]);
/* A PkgLength (20.2.4) of len bytes of content plus itself at aml + n: one byte up to 63 in all, else two (bits 7:6
 * = 1 following byte, bits 3:0 the low nibble, the next byte the rest). Returns the new end. */
uint32_t vacpi_aml_pkg_length(uint8_t *aml, uint32_t n, uint32_t len);

#endif
