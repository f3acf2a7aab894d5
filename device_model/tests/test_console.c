/* SPDX-License-Identifier: BSD-3-Clause */
/* Console lines: the "[NAME] " prefix, one sink call per line, CR dropped, long lines cut, partial flush. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture.h"
#include "console.h"

static struct capture cap;
static struct console con;

static int setup(void **state)
{
	(void)state;
	memset(&cap, 0, sizeof(cap));
	console_init(&con, "user1", capture_sink, &cap);
	return 0;
}

static void puts_con(const char *s)
{
	while (*s)
		console_putc(&con, (uint8_t)*s++);
}

static void lines_are_prefixed_and_whole(void **state)
{
	(void)state;
	puts_con("hel");
	assert_int_equal(cap.calls, 0);
	puts_con("lo\r\nworld\n\n");
	assert_string_equal(cap.text, "[user1] hello\n[user1] world\n[user1] \n");
	assert_int_equal(cap.calls, 3);
}

static void partial_line_flushed_once(void **state)
{
	(void)state;
	puts_con("no newline");
	console_flush(&con);
	console_flush(&con);
	assert_string_equal(cap.text, "[user1] no newline\n");
	assert_int_equal(cap.calls, 1);
}

static void long_lines_are_cut(void **state)
{
	(void)state;
	for (unsigned i = 0; i < CONSOLE_LINE_MAX + 5; i++)
		console_putc(&con, (uint8_t)('a' + i % 26));
	console_putc(&con, '\n');
	assert_int_equal(cap.calls, 2);
	const char *second = strchr(cap.text, '\n') + 1;
	assert_int_equal(second - cap.text, (long)(strlen("[user1] ") + CONSOLE_LINE_MAX + 1));
	assert_int_equal(strncmp(second, "[user1] ", 8), 0);
	assert_int_equal(strlen(second), 8 + 5 + 1);
}

static void longest_name(void **state)
{
	(void)state;
	console_init(&con, "abcdefghijklmnopqrstuvwxyz01234", capture_sink, &cap);
	for (unsigned i = 0; i < CONSOLE_LINE_MAX; i++)
		console_putc(&con, 'x');
	console_putc(&con, '\n');
	assert_int_equal(cap.calls, 1);
	assert_int_equal(cap.len, 2 + 31 + 1 + CONSOLE_LINE_MAX + 1);
}

static void fd_sink_writes_everything(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	console_init(&con, "vm", console_fd_sink, &p[1]);
	puts_con("through a pipe\n");
	char buf[64] = { 0 };
	assert_int_equal(read(p[0], buf, sizeof(buf) - 1), (ssize_t)strlen("[vm] through a pipe\n"));
	assert_string_equal(buf, "[vm] through a pipe\n");
	close(p[0]);
	/* a closed reader: the line is dropped (SIGPIPE is ignored by hvkit-dm; here too) */
	signal(SIGPIPE, SIG_IGN);
	puts_con("dropped\n");
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(lines_are_prefixed_and_whole, setup),
		cmocka_unit_test_setup(partial_line_flushed_once, setup),
		cmocka_unit_test_setup(long_lines_are_cut, setup),
		cmocka_unit_test_setup(longest_name, setup),
		cmocka_unit_test_setup(fd_sink_writes_everything, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
