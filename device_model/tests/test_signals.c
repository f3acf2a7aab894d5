/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SIGINT/SIGTERM: a blocked system call (the ioreq wait stands in as a read of an empty pipe) returns EINTR
 * with dm_signal set; a signal that arrives before the call blocks is followed by SIGALRM kicks that still
 * end it; the first signal is the one kept; SIGPIPE does not kill.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "signals.h"

static int p[2];

static int setup(void **state)
{
	(void)state;
	dm_signal = 0;
	alarm(0);
	assert_int_equal(dm_signals_install(), 0);
	assert_int_equal(pipe(p), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	alarm(0);
	close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void blocked_call_returns_eintr(void **state)
{
	(void)state;
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		usleep(100000);
		kill(getppid(), SIGTERM);
		_exit(0);
	}
	char c;
	errno = 0;
	assert_int_equal(read(p[0], &c, 1), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(dm_signal, SIGTERM);
	waitpid(child, NULL, 0);
	/* the kick is armed */
	assert_true(alarm(0) > 0);
}

static void signal_before_the_block_is_kicked_out(void **state)
{
	(void)state;
	raise(SIGINT);
	assert_int_equal(dm_signal, SIGINT);
	double t0 = now();
	char c;
	errno = 0;
	assert_int_equal(read(p[0], &c, 1), -1); /* SIGALRM within a second */
	assert_int_equal(errno, EINTR);
	double dt = now() - t0;
	assert_true(dt < 2.5);
	/* and again: the kicks repeat until the process is gone */
	assert_int_equal(read(p[0], &c, 1), -1);
	assert_int_equal(errno, EINTR);
}

static void first_signal_is_kept(void **state)
{
	(void)state;
	raise(SIGTERM);
	raise(SIGINT);
	assert_int_equal(dm_signal, SIGTERM);
}

static void sigpipe_is_ignored(void **state)
{
	(void)state;
	close(p[0]);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	errno = 0;
	assert_int_equal(write(p[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(dm_signal, 0);
	assert_int_equal(pipe(p), 0); /* for teardown */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(blocked_call_returns_eintr, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_before_the_block_is_kicked_out, setup, teardown),
		cmocka_unit_test_setup_teardown(first_signal_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(sigpipe_is_ignored, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
