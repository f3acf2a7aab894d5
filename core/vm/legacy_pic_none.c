/* SPDX-License-Identifier: BSD-3-Clause */
/* No 8259 pair (the partition image; core/include/core/vm_legacy_pic.h): its ports read as no device. */
#include <core/vm_legacy_pic.h>

const bool vm_legacy_pic_present = false;

int vm_legacy_pic_setup(struct vm *vm, struct vdev_table *table)
{
	(void)vm;
	(void)table;
	return 0;
}

void vm_legacy_pic_set_gsi(struct vm *vm, unsigned int gsi, bool level)
{
	(void)vm;
	(void)gsi;
	(void)level; /* no 8259 input: the vIOAPIC alone takes the line */
}
