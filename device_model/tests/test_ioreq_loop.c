/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ioreq loop against a scripted /dev/hvkit, with the real devices: what a guest's port accesses become
 * (console lines, completions and their values), and each way the loop ends.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "capture.h"
#include "devices.h"
#include "fake_hvdev.h"
#include "ioreq_loop.h"

#define R HVKIT_IOREQ_READ
#define W HVKIT_IOREQ_WRITE

static struct fake_hvdev f;
static struct dm_devices d;
static struct capture out;
static volatile sig_atomic_t signo;

static struct loop_result run(const struct fake_step *script, size_t n)
{
	signo = 0;
	memset(&out, 0, sizeof(out));
	fake_hvdev_init(&f, script, n, &signo);
	assert_int_equal(dm_devices_init(&d, "user1", capture_sink, &out), 0);
	struct loop_ctx c = { &f.dev, &d.bus, &d.exit, &signo, NULL };
	return ioreq_loop(&c);
}

static int setup(void **state)
{
	(void)state;
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	fake_hvdev_free(&f);
	return 0;
}

/* The brief's case: "hello\n" through THR, an LSR read, then the debug exit with 3. */
static void hello_then_debug_exit_3(void **state)
{
	(void)state;
	const struct fake_step s[] = {
		fake_pio(0, W, 0x3f8, 1, 'h'), fake_pio(0, W, 0x3f8, 1, 'e'), fake_pio(0, W, 0x3f8, 1, 'l'),
		fake_pio(0, W, 0x3f8, 1, 'l'), fake_pio(0, W, 0x3f8, 1, 'o'), fake_pio(0, W, 0x3f8, 1, '\n'),
		fake_pio(0, R, 0x3fd, 1, 0),   fake_pio(0, W, 0xf4, 4, 3),
		fake_pio(0, R, 0x3fd, 1, 0), /* never reached */
	};
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_EXIT_REQUEST);
	assert_int_equal(r.value, 3);
	assert_int_equal(r.served, 7);
	assert_string_equal(out.text, "[user1] hello\n");
	assert_int_equal(out.calls, 1);
	/* every request but the exit completed, in order, the LSR read with THRE | TEMT */
	assert_int_equal(f.ncompleted, 7);
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(f.completed[i].direction, W);
		assert_int_equal(f.completed[i].address, 0x3f8);
		assert_int_equal(f.completed[i].value, (uint8_t)"hello\n"[i]);
		assert_int_equal(f.completed[i].vcpu, 0);
	}
	assert_int_equal(f.completed[6].address, 0x3fd);
	assert_int_equal(f.completed[6].value, 0x60);
	assert_int_equal(f.completed[6].state, HVKIT_IOREQ_PROCESSING); /* handed back as taken */
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 8);
	assert_int_equal(f.next, 8);
	assert_string_equal(log_captured(), "");
}

static void completions_go_to_the_requesting_vcpu(void **state)
{
	(void)state;
	const struct fake_step s[] = {
		fake_pio(1, W, 0x3ff, 1, 0x5a), fake_pio(0, R, 0x3ff, 1, 0), fake_pio(1, R, 0x3ff, 1, 0),
		fake_pio(63, R, 0x3fa, 1, 0),   fake_pio(0, W, 0xf4, 1, 0),
	};
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_EXIT_REQUEST);
	assert_int_equal(r.value, 0);
	assert_int_equal(f.ncompleted, 4);
	assert_int_equal(f.completed[0].vcpu, 1);
	assert_int_equal(f.completed[1].vcpu, 0);
	assert_int_equal(f.completed[1].value, 0x5a); /* the scratch register, shared by the vCPUs */
	assert_int_equal(f.completed[2].vcpu, 1);
	assert_int_equal(f.completed[3].vcpu, 63);
	assert_int_equal(f.completed[3].value, 0x01); /* IIR: no interrupt */
}

static void unclaimed_and_mmio_are_completed(void **state)
{
	(void)state;
	const struct fake_step s[] = {
		fake_pio(0, R, 0x250, 1, 0), fake_pio(0, R, 0x250, 2, 0), fake_pio(0, R, 0x250, 4, 0),
		fake_pio(0, W, 0x80, 1, 0x11), fake_mmio(0, R, 0xfebf0000, 8, 0), fake_mmio(0, W, 0xfebf0000, 4, 9),
		fake_pio(0, W, 0xf4, 2, 0x1ff),
	};
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_EXIT_REQUEST);
	assert_int_equal(r.value, 0x1ff);
	assert_int_equal(f.ncompleted, 6);
	assert_int_equal(f.completed[0].value, 0xff);
	assert_int_equal(f.completed[1].value, 0xffff);
	assert_int_equal(f.completed[2].value, 0xffffffff);
	assert_int_equal(f.completed[4].value, ~0ull);
	assert_int_equal(f.completed[4].type, HVKIT_IOREQ_MMIO);
	assert_int_equal(d.bus.unclaimed[HVKIT_IOREQ_PIO].reads, 3);
	assert_int_equal(d.bus.unclaimed[HVKIT_IOREQ_MMIO].writes, 1);
	assert_non_null(strstr(log_captured(), "user1: unclaimed MMIO read at 0xfebf0000 (8 bytes): all ones"));
}

static void signal_during_the_wait(void **state)
{
	(void)state;
	const struct fake_step s[] = {
		fake_pio(0, W, 0x3f8, 1, 'x'), fake_err(EINTR, SIGTERM), fake_pio(0, W, 0x3f8, 1, 'y'),
	};
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_SIGNAL);
	assert_int_equal(r.signo, SIGTERM);
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 2); /* no wait after the signal */
	assert_int_equal(f.ncompleted, 1);
}

static void eintr_without_our_signal_waits_again(void **state)
{
	(void)state;
	const struct fake_step s[] = {
		fake_err(EINTR, 0), fake_err(EINTR, 0), fake_pio(0, W, 0xf4, 1, 5),
	};
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_EXIT_REQUEST);
	assert_int_equal(r.value, 5);
}

static void signal_before_the_first_wait(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, W, 0x3f8, 1, 'x') };
	signo = 0;
	fake_hvdev_init(&f, s, 1, &signo);
	dm_devices_init(&d, "user1", capture_sink, &out);
	signo = SIGINT;
	struct loop_ctx c = { &f.dev, &d.bus, &d.exit, &signo, NULL };
	struct loop_result r = ioreq_loop(&c);
	assert_int_equal(r.end, LOOP_SIGNAL);
	assert_int_equal(r.signo, SIGINT);
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 0);
}

static void vm_stopped_by_the_hypervisor(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, W, 0x3f8, 1, 'x'), fake_err(ESRCH, 0) };
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_VM_STOPPED);
	assert_int_equal(r.request, HVKIT_IOREQ_WAIT);
	assert_int_equal(r.served, 1);
}

static void wait_failure(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_err(EIO, 0) };
	struct loop_result r = run(s, sizeof(s) / sizeof(s[0]));
	assert_int_equal(r.end, LOOP_FAILED);
	assert_int_equal(r.request, HVKIT_IOREQ_WAIT);
	assert_int_equal(r.err, EIO);
}

static void complete_failure(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, R, 0x3fd, 1, 0), fake_pio(0, R, 0x3fd, 1, 0) };
	signo = 0;
	fake_hvdev_init(&f, s, 2, &signo);
	f.fail_request = HVKIT_IOREQ_DONE;
	f.fail_errno = EINVAL;
	dm_devices_init(&d, "user1", capture_sink, &out);
	struct loop_ctx c = { &f.dev, &d.bus, &d.exit, &signo, NULL };
	struct loop_result r = ioreq_loop(&c);
	assert_int_equal(r.end, LOOP_FAILED);
	assert_int_equal(r.request, HVKIT_IOREQ_DONE);
	assert_int_equal(r.err, EINVAL);
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 1);
	/* ESRCH from the completion: the VM stopped meanwhile */
	fake_hvdev_init(&f, s, 2, &signo);
	f.fail_request = HVKIT_IOREQ_DONE;
	f.fail_errno = ESRCH;
	r = ioreq_loop(&c);
	assert_int_equal(r.end, LOOP_VM_STOPPED);
}

static void only_the_first_debug_exit_counts(void **state)
{
	(void)state;
	/* a 1-byte write of the low byte; the status is what the guest wrote, as written */
	const struct fake_step s[] = { fake_pio(0, W, 0xf4, 1, 0x2a) };
	struct loop_result r = run(s, 1);
	assert_int_equal(r.value, 0x2a);
	assert_int_equal(f.ncompleted, 0);
	/* reading the port is not an exit */
	const struct fake_step s2[] = { fake_pio(0, R, 0xf4, 4, 0), fake_pio(0, W, 0xf4, 4, 0x101) };
	r = run(s2, 2);
	assert_int_equal(f.completed[0].value, 0xffffffff);
	assert_int_equal(r.value, 0x101);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hello_then_debug_exit_3, setup, teardown),
		cmocka_unit_test_setup_teardown(completions_go_to_the_requesting_vcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(unclaimed_and_mmio_are_completed, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_during_the_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(eintr_without_our_signal_waits_again, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_before_the_first_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(vm_stopped_by_the_hypervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(wait_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(complete_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_first_debug_exit_counts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
