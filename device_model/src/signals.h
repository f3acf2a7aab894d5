/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SIGINT and SIGTERM end hvkit-dm cleanly: the handler records the signal, and the ioreq loop, whose wait
 * returns EINTR (the handlers are installed without SA_RESTART), destroys the VM. A signal that lands just
 * before the wait starts could leave it blocked, so the handler also arms SIGALRM to interrupt the wait
 * again every second until hvkit-dm is gone. SIGPIPE is ignored (output to a closed pipe is dropped).
 */
#ifndef DM_SIGNALS_H
#define DM_SIGNALS_H

#include <signal.h>

extern volatile sig_atomic_t dm_signal; /* the first SIGINT or SIGTERM, 0 until then */

/* 0 or -errno. */
int dm_signals_install(void);

#endif
