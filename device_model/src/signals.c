/* SPDX-License-Identifier: BSD-3-Clause */
#include "signals.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t dm_signal;

static void on_stop(int sig)
{
	if (!dm_signal)
		dm_signal = sig;
	alarm(1);
}

static void on_alarm(int sig)
{
	(void)sig;
	if (dm_signal)
		alarm(1);
}

static int handle(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a blocked ioctl returns EINTR */
	return sigaction(sig, &sa, NULL) == 0 ? 0 : -errno;
}

int dm_signals_install(void)
{
	int rc = handle(SIGINT, on_stop);
	rc = rc ? rc : handle(SIGTERM, on_stop);
	rc = rc ? rc : handle(SIGALRM, on_alarm);
	rc = rc ? rc : handle(SIGPIPE, SIG_IGN);
	return rc;
}
