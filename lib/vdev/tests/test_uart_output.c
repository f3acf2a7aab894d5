/* SPDX-License-Identifier: BSD-3-Clause */
/* vUART output: lines with the VM's name as prefix, flushed on newline, when full, or on request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "uart_test.h"

static void newline_flushes_a_prefixed_line(void **state)
{
	(void)state;
	puts_uart("hello");
	assert_int_equal(nlines, 0);
	puts_uart("\nworld\n");
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "[vm0] hello");
	assert_string_equal(lines[1], "[vm0] world");
}

static void carriage_returns_are_dropped(void **state)
{
	(void)state;
	puts_uart("a\r\nb\r\n");
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "[vm0] a");
	assert_string_equal(lines[1], "[vm0] b");
}

static void empty_line_is_just_the_prefix(void **state)
{
	(void)state;
	puts_uart("\n");
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "[vm0] ");
}

static void full_buffer_is_flushed_and_the_rest_gets_a_new_prefix(void **state)
{
	(void)state;
	const size_t room = VUART_LINE_MAX - strlen("[vm0] ");
	for (size_t i = 0; i < room; i++)
		out8(UART_THR, (uint8_t)('a' + i % 26));
	assert_int_equal(nlines, 1);
	assert_int_equal(strlen(lines[0]), VUART_LINE_MAX);
	assert_memory_equal(lines[0], "[vm0] abc", 9);
	assert_int_equal(lines[0][VUART_LINE_MAX - 1], 'a' + (room - 1) % 26);
	puts_uart("tail\n");
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[1], "[vm0] tail");
}

static void flush_passes_a_partial_line_once(void **state)
{
	(void)state;
	vuart_flush(&u);
	assert_int_equal(nlines, 0); /* nothing buffered: nothing passed */
	puts_uart("partial");
	vuart_flush(&u);
	vuart_flush(&u);
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "[vm0] partial");
}

static void prefix_uses_each_vms_name(void **state)
{
	(void)state;
	struct vuart other;
	const struct vuart_ops ops = { .output = cap_output };
	vuart_init(&other, "service-vm", &ops);
	vuart_write(&other, COM1, 1, 'x');
	vuart_write(&other, COM1, 1, '\n');
	assert_string_equal(lines[0], "[service-vm] x");
	vuart_init(&other, "a-very-long-vm-name-that-goes-on-and-on", &ops);
	vuart_write(&other, COM1, 1, '\n');
	assert_string_equal(lines[1], "[a-very-long-vm-name-that-goes-on] "); /* kept to VUART_NAME_MAX */
}

#define T(fn) cmocka_unit_test_setup(fn, uart_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(newline_flushes_a_prefixed_line),
		T(carriage_returns_are_dropped),
		T(empty_line_is_just_the_prefix),
		T(full_buffer_is_flushed_and_the_rest_gets_a_new_prefix),
		T(flush_passes_a_partial_line_once),
		T(prefix_uses_each_vms_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
