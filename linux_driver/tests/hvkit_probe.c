// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvkit-probe: checks /dev/hvkit (hvkit.ko) from user space, as root, in the Service VM's initramfs.
 *
 *   hvkit-probe                       on hvkit: who may open /dev/hvkit, garbage ioctls, ioctls before a VM
 *   hvkit-probe --vm NAME --mem BYTES   ... and a real post-launched VM NAME of the scenario: create, mmap,
 *                                     ioreq argument checks, destroy, re-create
 *   hvkit-probe --native              no hypervisor: the module is loaded but made no /dev/hvkit
 *   hvkit-probe --fake                natively, with the test module hvkit_fake.ko (tests/fake_hv.c, a pretend
 *                                     hypervisor): everything above on its VM "fake-vm", plus an ioreq round
 *                                     trip (start, a port read answered, the write that carries it, the stop)
 *
 * One line per check, `hvkit-probe: PASS <check>` or `hvkit-probe: FAIL <check>: <what happened>`, then
 * `hvkit-probe: summary: N passed, N failed, N skipped`. Exit status 0 only when nothing failed.
 * Built static (linux_driver/build.sh), so it needs nothing else in the initramfs.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hvkit/abi/hvkit_ioctl.h>

#define NOBODY 65534

static int passed, failed, skipped;

static void result(bool ok, const char *check, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void result(bool ok, const char *check, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("hvkit-probe: PASS %s\n", check);
	} else {
		failed++;
		printf("hvkit-probe: FAIL %s: ", check);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static void skip(const char *check, const char *why)
{
	skipped++;
	printf("hvkit-probe: SKIP %s: %s\n", check, why);
	fflush(stdout);
}

/* A call that must fail with errno want (ret is its return value, errno still as it left it). */
static void expect_errno(const char *check, long ret, int want)
{
	int e = errno;

	result(ret == -1 && e == want, check, "returned %ld, errno %d (%s); expected errno %d (%s)", ret,
	       ret == -1 ? e : 0, ret == -1 ? strerror(e) : "-", want, strerror(want));
}

static void expect_ok(const char *check, long ret)
{
	int e = errno;

	result(ret == 0, check, "returned %ld, errno %d (%s); expected 0", ret, ret == -1 ? e : 0,
	       ret == -1 ? strerror(e) : "-");
}

static bool hvkit_cpuid(void)
{
	unsigned int eax, ebx, ecx, edx;
	char sig[13];

	__cpuid(1, eax, ebx, ecx, edx);
	if (!(ecx & (1u << 31)))
		return false; /* no hypervisor bit: leaf 0x40000000 would be the highest basic leaf's data */
	__cpuid(HVKIT_CPUID_SIGNATURE_LEAF, eax, ebx, ecx, edx);
	memcpy(sig, &ebx, 4);
	memcpy(sig + 4, &ecx, 4);
	memcpy(sig + 8, &edx, 4);
	sig[12] = '\0';
	return strcmp(sig, HVKIT_CPUID_SIGNATURE) == 0;
}

static const char *module_dir = "/sys/module/hvkit";

static void check_module_loaded(void)
{
	char check[96];
	struct stat st;

	int rc = stat(module_dir, &st);

	snprintf(check, sizeof(check), "the module is loaded (%s)", module_dir);
	result(rc == 0 && S_ISDIR(st.st_mode), check, "%s", rc ? strerror(errno) : "not a directory");
}

/* In a child: run fn and pass its errno back as the exit status (0: open succeeded, which is wrong here). */
static int child_open_errno(void (*drop)(void))
{
	pid_t pid = fork();
	int status, fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		drop();
		fd = open(HVKIT_DEVICE, O_RDWR);
		if (fd >= 0)
			_exit(0);
		_exit(errno & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		_exit(250);
}

/* Still uid 0 (so the file's 0600 mode lets it in), but without CAP_SYS_ADMIN in the effective set. */
static void drop_sys_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		_exit(251);
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &h, d))
		_exit(252);
}

static void check_access(void)
{
	struct stat st;
	int e;

	if (stat(HVKIT_DEVICE, &st)) {
		result(false, "/dev/hvkit exists", "stat: %s", strerror(errno));
		return;
	}
	result(S_ISCHR(st.st_mode) && st.st_uid == 0 && (st.st_mode & 07777) == 0600,
	       "/dev/hvkit is a character device owned by root, mode 0600", "mode %o uid %u",
	       (unsigned int)st.st_mode, (unsigned int)st.st_uid);

	e = child_open_errno(drop_to_nobody);
	result(e == EACCES || e == EPERM, "an unprivileged process (uid 65534) cannot open /dev/hvkit",
	       "child status %d (%s; 0: the open succeeded)", e, e > 0 ? strerror(e) : "-");

	e = child_open_errno(drop_sys_admin);
	result(e == EPERM, "root without CAP_SYS_ADMIN cannot open /dev/hvkit (EPERM)",
	       "child status %d (%s; 0: the open succeeded)", e, e > 0 ? strerror(e) : "-");
}

/* A page followed by an inaccessible one: arguments that run off the end of user memory. */
static char *edge_page(void)
{
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p + 4096, 4096, PROT_NONE))
		return NULL;
	return p;
}

static void check_garbage(int fd, char *edge)
{
	struct hvkit_hv_info info;
	struct hvkit_create c;
	long r;

	r = ioctl(fd, 0, 0);
	expect_errno("ioctl number 0 -> ENOTTY", r, ENOTTY);
	r = ioctl(fd, _IO(HVKIT_IOCTL_MAGIC, 0x7f), 0);
	expect_errno("unknown ioctl _IO('H', 0x7f) -> ENOTTY", r, ENOTTY);
	r = ioctl(fd, _IO('X', 0x10), 0);
	expect_errno("ioctl of another magic -> ENOTTY", r, ENOTTY);
	r = ioctl(fd, _IOWR(HVKIT_IOCTL_MAGIC, 0x10, char[8]), &c);
	expect_errno("HVKIT_VM_CREATE's number with the wrong size -> ENOTTY", r, ENOTTY);
	r = ioctl(fd, 0xffffffffu, &c);
	expect_errno("ioctl 0xffffffff -> ENOTTY", r, ENOTTY);

	r = ioctl(fd, HVKIT_HV_INFO, NULL);
	expect_errno("HVKIT_HV_INFO(NULL) -> EFAULT", r, EFAULT);
	r = ioctl(fd, HVKIT_HV_INFO, (void *)1);
	expect_errno("HVKIT_HV_INFO((void *)1) -> EFAULT", r, EFAULT);
	r = ioctl(fd, HVKIT_HV_INFO, (void *)0xffffffff81000000ull);
	expect_errno("HVKIT_HV_INFO(a kernel address) -> EFAULT", r, EFAULT);
	if (edge) {
		r = ioctl(fd, HVKIT_HV_INFO, edge + 4096 - sizeof(info) / 2);
		expect_errno("HVKIT_HV_INFO(half past the end of a mapping) -> EFAULT", r, EFAULT);
	}
	memset(&info, 0xa5, sizeof(info));
	r = ioctl(fd, HVKIT_HV_INFO, &info);
	result(r == 0 && info.abi_version == HVKIT_ABI_VERSION, "HVKIT_HV_INFO reports ABI version 2",
	       "returned %ld (%s), abi_version %u", r, r ? strerror(errno) : "-", info.abi_version);
	if (r == 0)
		printf("hvkit-probe: info: Service VM id %u, %u CPUs, %llu free pages\n", info.self_id,
		       info.cpu_count, (unsigned long long)info.free_pages);
}

static void check_before_create(int fd)
{
	struct hvkit_vm_status st = { 0 };
	struct hvkit_ioreq req = { 0 };
	struct hvkit_irq irq = { 0, HVKIT_IRQ_PULSE };
	struct hvkit_vcpu_state vs = { .mode = HVKIT_VCPU_MODE_PROTECTED32 };
	void *p;
	long r;

	r = ioctl(fd, HVKIT_VM_START);
	expect_errno("HVKIT_VM_START before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_VM_DESTROY);
	expect_errno("HVKIT_VM_DESTROY before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_VM_STATUS, &st);
	expect_errno("HVKIT_VM_STATUS before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_VCPU_SET_STATE, &vs);
	expect_errno("HVKIT_VCPU_SET_STATE before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_INJECT_IRQ, &irq);
	expect_errno("HVKIT_INJECT_IRQ before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	expect_errno("HVKIT_IOREQ_WAIT before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_errno("HVKIT_IOREQ_DONE before HVKIT_VM_CREATE -> ENOENT", r, ENOENT);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_errno("mmap before HVKIT_VM_CREATE -> ENOENT", p == MAP_FAILED ? -1 : 0, ENOENT);
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

static void check_create_args(int fd, char *edge)
{
	struct hvkit_create c;
	struct hvkit_vm_status st;
	long r;

	r = ioctl(fd, HVKIT_VM_CREATE, NULL);
	expect_errno("HVKIT_VM_CREATE(NULL) -> EFAULT", r, EFAULT);
	r = ioctl(fd, HVKIT_VM_CREATE, (void *)-1L);
	expect_errno("HVKIT_VM_CREATE((void *)-1) -> EFAULT", r, EFAULT);
	if (edge) {
		r = ioctl(fd, HVKIT_VM_CREATE, edge + 4096 - 8);
		expect_errno("HVKIT_VM_CREATE(8 bytes before the end of a mapping) -> EFAULT", r, EFAULT);
	}

	memset(&c, 0, sizeof(c));
	memset(c.name, 'A', sizeof(c.name)); /* no NUL */
	c.vcpus = 1;
	c.mem_size = 1 << 20;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with a name of 32 bytes and no NUL -> EINVAL", r, EINVAL);

	memset(&c, 0, sizeof(c));
	c.vcpus = 1;
	c.mem_size = 1 << 20;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with an empty name -> EINVAL", r, EINVAL);

	strcpy(c.name, "no-such-vm");
	c.vcpus = 0;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with 0 vCPUs -> EINVAL", r, EINVAL);
	c.vcpus = HVKIT_IOREQ_SLOTS + 1;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with 65 vCPUs -> EINVAL", r, EINVAL);
	c.vcpus = 0xffffffffu;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with 0xffffffff vCPUs -> EINVAL", r, EINVAL);

	c.vcpus = 1;
	c.mem_size = 0;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with mem_size 0 -> EINVAL", r, EINVAL);
	c.mem_size = 4097;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE with mem_size 4097 -> EINVAL", r, EINVAL);

	/* Well-formed, but the scenario has no such VM: the hypervisor refuses, and the file has no VM. */
	c.mem_size = 1 << 20;
	errno = 0;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	result(r == -1 && errno != 0, "HVKIT_VM_CREATE of a VM the scenario does not have fails",
	       "returned %ld", r);
	if (r == -1)
		printf("hvkit-probe: info: creating 'no-such-vm' failed with errno %d (%s)\n", errno,
		       strerror(errno));
	r = ioctl(fd, HVKIT_VM_STATUS, &st);
	expect_errno("after a refused HVKIT_VM_CREATE the file still has no VM (ENOENT)", r, ENOENT);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Random commands and arguments; the point is that the kernel survives (no oops) and answers each with an
 * error. Anything that could block (IOREQ_WAIT on a VM) is cut short by an alarm. */
static void check_fuzz(int fd, char *edge)
{
	static const unsigned int cmds[] = {
		HVKIT_HV_INFO, HVKIT_VM_CREATE, HVKIT_VM_START, HVKIT_VM_PAUSE, HVKIT_VM_RESET,
		HVKIT_VM_DESTROY, HVKIT_VCPU_SET_STATE, HVKIT_VM_STATUS, HVKIT_IOREQ_WAIT, HVKIT_IOREQ_DONE,
		HVKIT_INJECT_IRQ, HVKIT_INJECT_MSI,
	};
	unsigned char buf[256];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	int i, j, ok = 0, bad = 0;
	long r;

	for (i = 0; i < 4000; i++) {
		unsigned int cmd;
		void *arg;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 4) {
		case 0:
			cmd = cmds[(x >> 8) % (sizeof(cmds) / sizeof(cmds[0]))];
			break;
		case 1:
			cmd = _IOC((x >> 8) & 3, HVKIT_IOCTL_MAGIC, (x >> 16) & 0xff, (x >> 24) & 0x3fff);
			break;
		default:
			cmd = (unsigned int)(x >> 32);
			break;
		}
		for (j = 0; j < (int)sizeof(buf); j++)
			buf[j] = (unsigned char)(x >> (j % 57));
		switch ((x >> 40) % 6) {
		case 0:
			arg = NULL;
			break;
		case 1:
			arg = (void *)(uintptr_t)(x | 0xffff800000000000ull);
			break;
		case 2:
			arg = edge ? edge + 4096 - ((x >> 48) % 64) : NULL;
			break;
		case 3: /* below mmap_min_addr: never mapped */
			arg = (void *)(uintptr_t)((x >> 16) & 0xffff);
			break;
		default:
			arg = buf;
			break;
		}
		if (cmd == HVKIT_VM_CREATE && arg == buf)
			continue; /* a random name could in theory be a real VM */
		alarm(1);
		r = ioctl(fd, cmd, arg);
		alarm(0);
		if (r == -1)
			ok++;
		else if (cmd != HVKIT_HV_INFO)
			bad++;
	}
	result(bad == 0, "4000 random ioctls (numbers, sizes, pointers) all fail cleanly",
	       "%d of them returned success (%d failed as they should)", bad, ok);
}

static void check_vm(const char *name, uint64_t mem)
{
	struct hvkit_hv_info info;
	struct hvkit_create c;
	struct hvkit_vm_status st;
	struct hvkit_ioreq req;
	struct hvkit_irq irq;
	struct hvkit_msi msi;
	struct hvkit_vcpu_state vs;
	volatile uint8_t *ram;
	void *p;
	int fd, fd2;
	long r;

	fd = open(HVKIT_DEVICE, O_RDWR);
	if (fd < 0) {
		result(false, "open /dev/hvkit for a VM", "%s", strerror(errno));
		return;
	}
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.vcpus = 1;
	c.mem_size = mem;
	c.id = 0xdeadbeef;
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_ok("HVKIT_VM_CREATE of the scenario's post-launched VM", r);
	if (r) {
		close(fd);
		return;
	}
	printf("hvkit-probe: info: VM '%s' created with id %u\n", name, c.id);
	memset(&info, 0, sizeof(info));
	r = ioctl(fd, HVKIT_HV_INFO, &info);
	result(r == 0 && c.id != 0xdeadbeef && c.id != info.self_id && c.id < 64,
	       "HVKIT_VM_CREATE returns the VM id (below 64, not the Service VM's own)", "id %u, Service VM id %u",
	       c.id, info.self_id);
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("a second HVKIT_VM_CREATE on the same file -> EBUSY", r, EBUSY);

	memset(&st, 0xff, sizeof(st));
	r = ioctl(fd, HVKIT_VM_STATUS, &st);
	result(r == 0 && st.id == c.id && st.state == HVKIT_VM_STATE_CREATED,
	       "HVKIT_VM_STATUS of the new VM: its id, state CREATED", "returned %ld (%s), id %u, state %u", r,
	       r ? strerror(errno) : "-", st.id, st.state);

	p = mmap(NULL, mem, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	expect_errno("a MAP_PRIVATE mmap of the VM's RAM -> EINVAL", p == MAP_FAILED ? -1 : 0, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, mem);
	p = mmap(NULL, mem + 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_errno("an mmap longer than the VM's RAM -> EINVAL", p == MAP_FAILED ? -1 : 0, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, mem + 4096);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, mem);
	expect_errno("an mmap at offset mem_size -> EINVAL", p == MAP_FAILED ? -1 : 0, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	p = mmap(NULL, mem, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	result(p != MAP_FAILED, "mmap of the VM's whole RAM", "%s", strerror(errno));
	if (p != MAP_FAILED) {
		ram = p;
		result(ram[0] == 0 && ram[mem - 1] == 0, "the new VM's RAM reads as zeroes", "first %u last %u",
		       ram[0], ram[mem - 1]);
		ram[0] = 0x5a;
		ram[mem - 1] = 0xa5;
		result(ram[0] == 0x5a && ram[mem - 1] == 0xa5, "the VM's RAM keeps what is written to it",
		       "read back %#x %#x", ram[0], ram[mem - 1]);
		r = ioctl(fd, HVKIT_VM_DESTROY);
		expect_errno("HVKIT_VM_DESTROY while its RAM is mapped -> EBUSY", r, EBUSY);
		munmap(p, mem);
	}

	memset(&req, 0, sizeof(req));
	req.vcpu = HVKIT_IOREQ_SLOTS;
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_errno("HVKIT_IOREQ_DONE for vCPU 64 -> EINVAL", r, EINVAL);
	req.vcpu = 0;
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_errno("HVKIT_IOREQ_DONE for a slot that is not PROCESSING -> EINVAL", r, EINVAL);
	r = ioctl(fd, HVKIT_IOREQ_DONE, NULL);
	expect_errno("HVKIT_IOREQ_DONE(NULL) -> EFAULT", r, EFAULT);
	alarm(1);
	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	alarm(0);
	expect_errno("HVKIT_IOREQ_WAIT on a VM that is not running is interrupted by a signal -> EINTR", r,
		     EINTR);

	irq.pin = 4;
	irq.level = 7;
	r = ioctl(fd, HVKIT_INJECT_IRQ, &irq);
	expect_errno("HVKIT_INJECT_IRQ with level 7 -> EINVAL", r, EINVAL);
	memset(&msi, 0, sizeof(msi));
	msi.reserved = 1;
	r = ioctl(fd, HVKIT_INJECT_MSI, &msi);
	expect_errno("HVKIT_INJECT_MSI with reserved != 0 -> EINVAL", r, EINVAL);
	memset(&vs, 0, sizeof(vs));
	vs.mode = 0;
	r = ioctl(fd, HVKIT_VCPU_SET_STATE, &vs);
	expect_errno("HVKIT_VCPU_SET_STATE with mode 0 -> EINVAL", r, EINVAL);
	vs.mode = HVKIT_VCPU_MODE_PROTECTED32;
	vs.vcpu = 99;
	r = ioctl(fd, HVKIT_VCPU_SET_STATE, &vs);
	expect_errno("HVKIT_VCPU_SET_STATE for vCPU 99 -> EINVAL", r, EINVAL);
	r = ioctl(fd, HVKIT_VCPU_SET_STATE, NULL);
	expect_errno("HVKIT_VCPU_SET_STATE(NULL) -> EFAULT", r, EFAULT);

	r = ioctl(fd, HVKIT_VM_DESTROY);
	expect_ok("HVKIT_VM_DESTROY", r);
	r = ioctl(fd, HVKIT_VM_STATUS, &st);
	expect_errno("HVKIT_VM_STATUS after HVKIT_VM_DESTROY -> ENOENT", r, ENOENT);
	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	expect_errno("HVKIT_IOREQ_WAIT after HVKIT_VM_DESTROY -> ESRCH", r, ESRCH);
	r = ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_errno("HVKIT_VM_CREATE after HVKIT_VM_DESTROY on the same file -> EBUSY", r, EBUSY);
	close(fd);

	/* Closing a file destroys its VM: the same VM can be created again on a new file, and closing that
	 * file (without HVKIT_VM_DESTROY) frees it too. */
	fd2 = open(HVKIT_DEVICE, O_RDWR);
	r = fd2 < 0 ? -1 : ioctl(fd2, HVKIT_VM_CREATE, &c);
	expect_ok("HVKIT_VM_CREATE of the same VM on a new file", r);
	if (fd2 >= 0)
		close(fd2);
	fd2 = open(HVKIT_DEVICE, O_RDWR);
	r = fd2 < 0 ? -1 : ioctl(fd2, HVKIT_VM_CREATE, &c);
	expect_ok("... and again after closing that file (release destroyed it)", r);
	if (fd2 >= 0)
		close(fd2);
}

/* Create NAME on a new file and start it; returns the file or -1 (after a FAIL line). */
static int create_started(const char *check, const char *name, uint64_t mem)
{
	struct hvkit_create c;
	long r;
	int fd;

	fd = open(HVKIT_DEVICE, O_RDWR);
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.vcpus = 1;
	c.mem_size = mem;
	r = fd < 0 ? -1 : ioctl(fd, HVKIT_VM_CREATE, &c);
	if (r == 0)
		r = ioctl(fd, HVKIT_VM_START);
	if (r) {
		result(false, check, "create and start: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Only against tests/fake_hv.c, which tears a running VM down some time after HVKIT_HC_VM_DESTROY said 1:
 * the driver's destroy (ioctl and close) must wait for it, so that the slot is free when it returns. */
static void check_destroy_running(const char *name, uint64_t mem)
{
	int fd, fd2;
	long r;

	fd = create_started("HVKIT_VM_DESTROY of a running VM", name, mem);
	if (fd < 0)
		return;
	r = ioctl(fd, HVKIT_VM_DESTROY);
	expect_ok("HVKIT_VM_DESTROY of a running VM (the hypervisor answers 'stopping')", r);
	fd2 = create_started("... returns once it is gone: its name can be created and started again", name, mem);
	if (fd2 >= 0)
		result(true, "... returns once it is gone: its name can be created and started again", "-");
	close(fd);
	if (fd2 < 0)
		return;
	close(fd2); /* a running VM destroyed by close */
	fd = create_started("closing the file of a running VM destroys it and waits until it is gone", name, mem);
	if (fd >= 0) {
		result(true, "closing the file of a running VM destroys it and waits until it is gone", "-");
		close(fd);
	}
}

/* Only against tests/fake_hv.c, whose vCPU 0 reads port 0x510, writes that value plus one to port 0x511,
 * then stops. */
static void check_ioreq_flow(const char *name, uint64_t mem)
{
	struct hvkit_vcpu_state vs;
	struct hvkit_vm_status st;
	struct hvkit_create c;
	struct hvkit_ioreq req;
	long r;
	int fd;

	fd = open(HVKIT_DEVICE, O_RDWR);
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.vcpus = 1;
	c.mem_size = mem;
	r = fd < 0 ? -1 : ioctl(fd, HVKIT_VM_CREATE, &c);
	expect_ok("ioreq round trip: HVKIT_VM_CREATE", r);
	if (r) {
		if (fd >= 0)
			close(fd);
		return;
	}
	memset(&vs, 0, sizeof(vs));
	vs.mode = HVKIT_VCPU_MODE_PROTECTED32;
	vs.rip = 0x100000;
	r = ioctl(fd, HVKIT_VCPU_SET_STATE, &vs);
	expect_ok("ioreq round trip: HVKIT_VCPU_SET_STATE", r);
	r = ioctl(fd, HVKIT_VM_START);
	expect_ok("ioreq round trip: HVKIT_VM_START", r);

	alarm(10); /* a lost upcall ends as EINTR instead of a hang */
	memset(&req, 0xff, sizeof(req));
	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	result(r == 0 && req.state == HVKIT_IOREQ_PROCESSING && req.type == HVKIT_IOREQ_PIO &&
	       req.direction == HVKIT_IOREQ_READ && req.size == 4 && req.address == 0x510 && req.vcpu == 0,
	       "ioreq round trip: HVKIT_IOREQ_WAIT wakes with vCPU 0's 4-byte read of port 0x510, PROCESSING",
	       "returned %ld (%s): state %u type %u dir %u size %u address %#llx vcpu %u", r,
	       r ? strerror(errno) : "-", req.state, req.type, req.direction, req.size,
	       (unsigned long long)req.address, req.vcpu);
	req.value = 0x1234;
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_ok("ioreq round trip: HVKIT_IOREQ_DONE with the value 0x1234", r);
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_errno("ioreq round trip: the same HVKIT_IOREQ_DONE again -> EINVAL", r, EINVAL);

	memset(&req, 0xff, sizeof(req));
	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	result(r == 0 && req.type == HVKIT_IOREQ_PIO && req.direction == HVKIT_IOREQ_WRITE && req.size == 4 &&
	       req.address == 0x511 && req.value == 0x1235,
	       "ioreq round trip: the next request writes 0x1235 to port 0x511 (the read's value arrived)",
	       "returned %ld (%s): type %u dir %u size %u address %#llx value %#llx", r,
	       r ? strerror(errno) : "-", req.type, req.direction, req.size,
	       (unsigned long long)req.address, (unsigned long long)req.value);
	r = ioctl(fd, HVKIT_IOREQ_DONE, &req);
	expect_ok("ioreq round trip: HVKIT_IOREQ_DONE of the write", r);

	r = ioctl(fd, HVKIT_IOREQ_WAIT, &req);
	expect_errno("ioreq round trip: HVKIT_IOREQ_WAIT once the VM has stopped -> ESRCH", r, ESRCH);
	alarm(0);
	memset(&st, 0, sizeof(st));
	r = ioctl(fd, HVKIT_VM_STATUS, &st);
	result(r == 0 && st.state == HVKIT_VM_STATE_STOPPED && st.exits == 2,
	       "ioreq round trip: HVKIT_VM_STATUS says STOPPED after 2 exits",
	       "returned %ld (%s): state %u exits %llu", r, r ? strerror(errno) : "-", st.state,
	       (unsigned long long)st.exits);
	close(fd);
	check_destroy_running(name, mem);
}

static int native(void)
{
	int fd;

	result(!hvkit_cpuid(), "no hvkit CPUID signature (natively)", "CPUID 0x40000000 says hvkit");
	check_module_loaded();
	fd = open(HVKIT_DEVICE, O_RDWR);
	expect_errno("no /dev/hvkit without the hypervisor (ENOENT)", fd < 0 ? -1 : 0, ENOENT);
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	const char *vm = NULL;
	uint64_t mem = 0;
	bool native_mode = false, fake = false;
	char *edge;
	int i, fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "--free-pages")) {
		/* Just the hypervisor's free page count (HVKIT_HV_INFO), for scripts. */
		struct hvkit_hv_info info;
		fd = open(HVKIT_DEVICE, O_RDWR);
		if (fd < 0 || ioctl(fd, HVKIT_HV_INFO, &info) != 0) {
			perror("hvkit-probe: " HVKIT_DEVICE);
			return 1;
		}
		printf("%llu\n", (unsigned long long)info.free_pages);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--native")) {
			native_mode = true;
		} else if (!strcmp(argv[i], "--fake")) {
			fake = true;
			module_dir = "/sys/module/hvkit_fake";
			vm = "fake-vm";
			mem = 1 << 20;
		} else if (!strcmp(argv[i], "--vm") && i + 1 < argc) {
			vm = argv[++i];
		} else if (!strcmp(argv[i], "--mem") && i + 1 < argc) {
			mem = strtoull(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "usage: hvkit-probe [--native | --fake | --vm NAME --mem BYTES | --free-pages]\n");
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: a blocked ioctl returns EINTR */
	sigaction(SIGALRM, &sa, NULL);

	if (native_mode) {
		native();
	} else {
		if (!fake)
			result(hvkit_cpuid(), "hvkit CPUID signature present", "CPUID 0x40000000 is not \"%s\"",
			       HVKIT_CPUID_SIGNATURE);
		check_module_loaded();
		check_access();
		fd = open(HVKIT_DEVICE, O_RDWR);
		result(fd >= 0, "root opens /dev/hvkit", "%s", strerror(errno));
		if (fd >= 0) {
			edge = edge_page();
			check_garbage(fd, edge);
			check_before_create(fd);
			check_create_args(fd, edge);
			check_fuzz(fd, edge);
			close(fd);
		}
		if (vm && mem)
			check_vm(vm, mem);
		if (fake)
			check_ioreq_flow(vm, mem);
		if (!vm || !mem)
			skip("a real VM (create, mmap, destroy)", "no --vm NAME --mem BYTES given");
	}
	printf("hvkit-probe: summary: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
