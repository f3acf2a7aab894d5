/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The debug-exit port (0xf4, as in QEMU's isa-debug-exit and hvkit's own VMs): a 1-, 2- or 4-byte write of
 * N asks for the VM's end with status N. The device only records the request; the ioreq loop sees it after
 * the dispatch and stops without completing the write (the VM is destroyed, the vCPU never resumes).
 */
#ifndef DM_DEBUG_EXIT_H
#define DM_DEBUG_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include "io_bus.h"

#define DEBUG_EXIT_PORT 0xf4u
#define DEBUG_EXIT_PORTS 1u /* a request is routed by its first port: a 4-byte write at 0xf4 lands here */

/* What devices set when the VM is to end (shared by every device that can end it). */
struct exit_request {
	bool requested;
	uint64_t value;
};

/* Bus handlers (ctx: struct exit_request *): a write requests the exit (the first one
 * counts); reads are all ones. */
extern const struct io_ops debug_exit_io_ops;

#endif
