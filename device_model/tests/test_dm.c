/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's whole life in hvkit-dm against a scripted /dev/hvkit, loading the real `hello` test guest
 * (argv[1]) with the hypervisor's guest loader: the ioctls in order, what lands in the VM's RAM, the boot
 * vCPU's state, the exit status of each ending, and every failure path leaving no VM behind.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture.h"
#include "dm.h"
#include "fake_hvdev.h"
#include "load.h"

#define R HVKIT_IOREQ_READ
#define W HVKIT_IOREQ_WRITE

static const char *hello_path;
static void *hello;
static size_t hello_size;

static struct fake_hvdev f;
static struct capture out;
static volatile sig_atomic_t signo;
static struct dm_args args;

/* "hello\n" through THR, an LSR read, the debug exit with 3 */
static struct fake_step hello_script[8];
#define N(s) (sizeof(s) / sizeof((s)[0]))

static void make_hello_script(void)
{
	for (unsigned i = 0; i < 6; i++)
		hello_script[i] = fake_pio(0, W, 0x3f8, 1, (uint8_t)"hello\n"[i]);
	hello_script[6] = fake_pio(0, R, 0x3fd, 1, 0);
	hello_script[7] = fake_pio(0, W, 0xf4, 4, 3);
}

static int setup(void **state)
{
	(void)state;
	make_hello_script();
	signo = 0;
	memset(&out, 0, sizeof(out));
	args = (struct dm_args){ .name = "user1", .mem_size = 32u << 20, .cpus = 2, .kernel = hello_path,
				 .cmdline = "count=1 ticks=1" };
	fake_hvdev_init(&f, hello_script, N(hello_script), &signo);
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

static int run(void)
{
	return dm_run(&args, &f.dev, (struct dm_kernel){ .data = hello, .size = hello_size }, capture_sink, &out, &signo);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Requests in this order, each once, and nothing else but the waits and completions. */
static void assert_order(const unsigned long *want, size_t n)
{
	long last = -1;
	for (size_t i = 0; i < n; i++) {
		long at = fake_first(&f, want[i]);
		if (at <= last)
			fail_msg("call %zu (0x%lx) at %ld, after %ld", i, want[i], at, last);
		assert_int_equal(fake_count(&f, want[i]), 1);
		last = at;
	}
	assert_int_equal(n + fake_count(&f, HVKIT_IOREQ_WAIT) + fake_count(&f, HVKIT_IOREQ_DONE) +
				 fake_count(&f, HVKIT_VM_STATUS), f.ncalls);
}

static void hello_guest_loaded_started_and_ended_by_debug_exit(void **state)
{
	(void)state;
	assert_int_equal(run(), 3);
	static const unsigned long order[] = { HVKIT_HV_INFO, HVKIT_VM_CREATE, FAKE_MAP, HVKIT_VCPU_SET_STATE,
					       HVKIT_VM_START, FAKE_UNMAP, HVKIT_VM_DESTROY, FAKE_CLOSE };
	assert_order(order, N(order));
	assert_true(fake_first(&f, HVKIT_IOREQ_WAIT) > fake_first(&f, HVKIT_VM_START));
	assert_true(fake_first(&f, FAKE_UNMAP) > fake_first(&f, HVKIT_IOREQ_WAIT));

	/* the VM asked for */
	assert_string_equal(f.created.name, "user1");
	assert_int_equal(f.created.vcpus, 2);
	assert_int_equal(f.created.mem_size, 32u << 20);
	assert_int_equal(f.ram_len, 32u << 20);

	/* the boot vCPU: Multiboot's entry state, at the ELF's entry point */
	const uint8_t *elf = hello;
	assert_int_equal(f.state.id, 3);
	assert_int_equal(f.state.vcpu, 0);
	assert_int_equal(f.state.mode, HVKIT_VCPU_MODE_PROTECTED32);
	assert_int_equal(f.state.rip, le32(elf + 0x18));
	assert_int_equal(f.state.rax, 0x2badb002);
	assert_int_equal(f.state.cr0 & 1, 1);
	assert_int_equal(f.state.rflags & 0x202, 2); /* interrupts off */

	/* the RAM: the image's Multiboot header near 1 MiB, the information with the command line at EBX */
	const uint8_t *ram = f.ram;
	uint64_t mb = 0;
	for (uint64_t off = 0x100000; off < 0x100000 + 8192; off += 4)
		if (le32(ram + off) == 0x1badb002) {
			mb = off;
			break;
		}
	assert_int_not_equal(mb, 0);
	uint64_t info = f.state.rbx;
	assert_true(info > 0 && info + 0x40 < f.ram_len);
	uint32_t flags = le32(ram + info);
	assert_int_equal(flags & (1u << 2), 1u << 2); /* cmdline */
	assert_int_equal(flags & 1u, 1u);             /* mem_lower/upper */
	assert_int_equal(le32(ram + info + 8), ((32u << 20) - 0x100000) / 1024); /* mem_upper */
	assert_string_equal((const char *)ram + le32(ram + info + 16), "count=1 ticks=1");

	/* what the guest printed, and the end */
	assert_string_equal(out.text, "[user1] hello\n");
	assert_int_equal(f.ncompleted, 7);
	assert_int_equal(f.completed[6].value, 0x60);
	const char *log = log_captured();
	assert_non_null(strstr(log, "hvkit-dm: user1: VM 3 started: "));
	assert_non_null(strstr(log, "hvkit-dm: user1: debug exit, status 3\n"));
	assert_null(strstr(log, "unclaimed"));
}

static void status_is_the_low_byte_and_partial_lines_come_out(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, W, 0x3f8, 1, 'o'), fake_pio(0, W, 0x3f8, 1, 'k'),
				       fake_pio(0, W, 0xf4, 4, 0x102) };
	fake_hvdev_init(&f, s, N(s), &signo);
	assert_int_equal(run(), 2);
	assert_string_equal(out.text, "[user1] ok\n");
	assert_non_null(strstr(log_captured(), "user1: debug exit, status 258"));
}

static void sigterm_destroys_the_vm(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, W, 0x3f8, 1, 'z'), fake_err(EINTR, SIGTERM) };
	fake_hvdev_init(&f, s, N(s), &signo);
	assert_int_equal(run(), 128 + SIGTERM);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 1);
	assert_true(fake_first(&f, FAKE_CLOSE) > fake_first(&f, HVKIT_VM_DESTROY));
	assert_string_equal(out.text, "[user1] z\n");
	assert_non_null(strstr(log_captured(), "user1: SIGTERM: destroying the VM"));
	signo = 0;
	const struct fake_step s2[] = { fake_err(EINTR, SIGINT) };
	fake_hvdev_init(&f, s2, 1, &signo);
	assert_int_equal(run(), 128 + SIGINT);
}

static void vm_stopped_in_the_hypervisor(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, W, 0x3f8, 1, '!'), fake_err(ESRCH, 0) };
	fake_hvdev_init(&f, s, N(s), &signo);
	f.vm_state = HVKIT_VM_STATE_STOPPED;
	f.vm_exits = 1234;
	f.fail_request = HVKIT_VM_DESTROY; /* already gone: not a failure */
	f.fail_errno = ESRCH;
	assert_int_equal(run(), DM_EXIT_VM_STOPPED);
	assert_int_equal(fake_count(&f, HVKIT_VM_STATUS), 1);
	assert_int_equal(fake_count(&f, FAKE_CLOSE), 1);
	assert_non_null(strstr(log_captured(), "user1: the hypervisor stopped the VM (state stopped, 1234 VM exits)"));
	assert_null(strstr(log_captured(), "DESTROY"));
}

static void create_refused(void **state)
{
	(void)state;
	f.fail_request = HVKIT_VM_CREATE;
	f.fail_errno = ENOENT;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_int_equal(fake_count(&f, FAKE_MAP), 0);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 0);
	assert_int_equal(fake_count(&f, FAKE_CLOSE), 1);
	assert_non_null(strstr(log_captured(), "hvkit-dm: user1: HVKIT_VM_CREATE failed: No such file or directory "
					       "(the scenario has no post-launched VM of that name)\n"));
}

static void abi_mismatch(void **state)
{
	(void)state;
	f.abi_version = HVKIT_ABI_VERSION + 1;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_int_equal(fake_count(&f, HVKIT_VM_CREATE), 0);
	assert_non_null(strstr(log_captured(), "ABI version"));
	setup(NULL);
	f.fail_request = HVKIT_HV_INFO;
	f.fail_errno = ENOTTY;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_non_null(strstr(log_captured(), "HVKIT_HV_INFO failed: Inappropriate ioctl for device"));
}

/* After the VM exists, every failure destroys it before closing. */
static void failure_after_create(unsigned long request, int err, const char *msg)
{
	setup(NULL);
	f.fail_request = request;
	f.fail_errno = err;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 1);
	assert_int_equal(fake_count(&f, FAKE_CLOSE), 1);
	assert_true(fake_first(&f, FAKE_CLOSE) > fake_first(&f, HVKIT_VM_DESTROY));
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 0);
	if (!strstr(log_captured(), msg))
		fail_msg("no '%s' in:\n%s", msg, log_captured());
	teardown(NULL);
}

static void failures_after_create_destroy_the_vm(void **state)
{
	(void)state;
	failure_after_create(FAKE_MAP, ENOMEM, "user1: mapping the VM's RAM (33554432 bytes of /dev/hvkit) failed: "
					       "Cannot allocate memory");
	assert_int_equal(fake_count(&f, FAKE_UNMAP), 0);
	failure_after_create(HVKIT_VCPU_SET_STATE, EINVAL, "user1: HVKIT_VCPU_SET_STATE failed: Invalid argument");
	assert_int_equal(fake_count(&f, HVKIT_VM_START), 0);
	assert_int_equal(fake_count(&f, FAKE_UNMAP), 1);
	failure_after_create(HVKIT_VM_START, EBUSY, "user1: HVKIT_VM_START failed: Device or resource busy");
	setup(NULL);
}

static void kernel_refused_by_the_loader(void **state)
{
	(void)state;
	static const uint8_t junk[8192] = { 1, 2, 3 };
	assert_int_equal(dm_run(&args, &f.dev, (struct dm_kernel){ .data = junk, .size = sizeof(junk) }, capture_sink, &out, &signo),
			 DM_EXIT_FAILURE);
	assert_int_equal(fake_count(&f, HVKIT_VCPU_SET_STATE), 0);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 1);
	/* one line: what hvkit-dm was doing and the loader's own reason */
	char want[512];
	snprintf(want, sizeof(want), "hvkit-dm: user1: loading %s as a Multiboot kernel failed: multiboot: no header "
		 "magic 0x1BADB002 in the first 8 KiB\n", hello_path);
	assert_string_equal(log_captured(), want);
	/* too little RAM for a kernel at 1 MiB */
	setup(NULL);
	args.mem_size = 1u << 20;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_int_equal(fake_count(&f, HVKIT_VM_START), 0);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 1);
}

static void destroy_failure_is_reported(void **state)
{
	(void)state;
	f.fail_request = HVKIT_VM_DESTROY;
	f.fail_errno = EIO;
	assert_int_equal(run(), DM_EXIT_FAILURE);
	assert_non_null(strstr(log_captured(), "user1: HVKIT_VM_DESTROY failed: Input/output error"));
	assert_int_equal(fake_count(&f, FAKE_CLOSE), 1);
}

static void unclaimed_summary_at_the_end(void **state)
{
	(void)state;
	const struct fake_step s[] = { fake_pio(0, R, 0x61, 1, 0), fake_pio(0, W, 0x70, 1, 0),
				       fake_pio(0, W, 0xf4, 4, 0) };
	fake_hvdev_init(&f, s, N(s), &signo);
	assert_int_equal(run(), 0);
	assert_non_null(strstr(log_captured(), "user1: unclaimed accesses: 1 port reads, 1 port writes"));
}

static void read_file_errors(void **state)
{
	(void)state;
	void *p = (void *)1;
	size_t n = 7;
	assert_int_equal(read_file("/nonexistent/hvkit-dm-test", &p, &n), -ENOENT);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_int_equal(read_file("/", &p, &n), -EISDIR);
}

/* --virtio-blk on a file: the device is on the bus (its ids read through 0xCF8/0xCFC), the end reports it. */
static void virtio_blk_attached(void **state)
{
	(void)state;
	char path[] = "/tmp/test_dm_blkXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 65536), 0);
	close(fd);
	static struct fake_step script[3];
	script[0] = fake_pio(0, W, 0xcf8, 4, 0x80000800u); /* 00:01.0, register 0 */
	script[1] = fake_pio(0, R, 0xcfc, 4, 0);
	script[2] = fake_pio(0, W, 0xf4, 4, 3);
	fake_hvdev_init(&f, script, N(script), &signo);
	args.virtio[0] = (struct dm_virtio_arg){ DM_VIRTIO_BLK, path };
	args.nvirtio = 1;
	assert_int_equal(run(), 3);
	assert_int_equal(f.ncompleted, 2);
	assert_int_equal(f.completed[1].value, 0x10421af4u);
	char want[160];
	snprintf(want, sizeof(want), "hvkit-dm: user1: virtio-blk at 00:01.0, BAR0 0xc0000000, GSI 16 on %s\n", path);
	assert_non_null(strstr(log_captured(), want));
	assert_non_null(strstr(log_captured(), "hvkit-dm: user1: virtio-blk: 0 reads, 0 writes, 0 flushes, 0 discards, "
					       "0 errors, 0 resets needed\n"));
	unlink(path);
	/* a file that is not there: status 125, one line, the VM destroyed without having run */
	fake_hvdev_init(&f, script, N(script), &signo);
	log_capture_start();
	args.virtio[0].arg = "/nonexistent/disk.img";
	assert_int_equal(run(), 125);
	assert_string_equal(log_captured(), "hvkit-dm: user1: --virtio-blk /nonexistent/disk.img: cannot open it: "
					    "No such file or directory\n");
	assert_int_equal(fake_count(&f, HVKIT_VM_START), 0);
	assert_int_equal(fake_count(&f, HVKIT_VM_DESTROY), 1);
	assert_int_equal(fake_count(&f, HVKIT_IOREQ_WAIT), 0);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s HELLO.ELF\n", argv[0]);
		return 2;
	}
	hello_path = argv[1];
	int rc = read_file(hello_path, &hello, &hello_size);
	if (rc) {
		fprintf(stderr, "%s: cannot read %s: %s\n", argv[0], hello_path, strerror(-rc));
		return 2;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hello_guest_loaded_started_and_ended_by_debug_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(status_is_the_low_byte_and_partial_lines_come_out, setup, teardown),
		cmocka_unit_test_setup_teardown(sigterm_destroys_the_vm, setup, teardown),
		cmocka_unit_test_setup_teardown(vm_stopped_in_the_hypervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(create_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(abi_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(failures_after_create_destroy_the_vm, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_refused_by_the_loader, setup, teardown),
		cmocka_unit_test_setup_teardown(destroy_failure_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(unclaimed_summary_at_the_end, setup, teardown),
		cmocka_unit_test_setup_teardown(read_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(virtio_blk_attached, setup, teardown),
	};
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(hello);
	return rc;
}
