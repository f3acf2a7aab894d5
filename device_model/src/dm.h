/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One VM's life in hvkit-dm: check the ABI version, create the VM, map its RAM, load the kernel, set the
 * boot vCPU's state, start it, serve its I/O requests until it ends, then unmap, destroy and close.
 */
#ifndef DM_DM_H
#define DM_DM_H

#include <signal.h>
#include <stddef.h>

#include "args.h"
#include "console.h"
#include "hvdev.h"

#define DM_EXIT_VM_STOPPED 124 /* the hypervisor stopped the VM (triple fault, bad access, ...) */
#define DM_EXIT_FAILURE 125    /* hvkit-dm itself failed (the message says what) */

struct dm_kernel {
	const void *data;
	size_t size;
	const void *initrd; /* NULL: none */
	size_t initrd_size;
};

/*
 * Run the VM a describes on dev (which dm_run closes), with the guest's UART lines going to sink. signo is
 * the signal flag (dm_signal). Returns the process's exit status: the debug-exit value & 0xff, 128 + the
 * signal, DM_EXIT_VM_STOPPED or DM_EXIT_FAILURE.
 */
int dm_run(const struct dm_args *a, struct hvdev *dev, struct dm_kernel kernel, console_sink sink, void *sink_ctx,
	   volatile sig_atomic_t *signo);

#endif
