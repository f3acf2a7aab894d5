/* SPDX-License-Identifier: BSD-3-Clause */
#include "dm.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hvkit/abi/hvkit_ioctl.h>

#include "devices.h"
#include "ioreq_loop.h"
#include "linux_boot.h"
#include "load.h"
#include "log.h"
#include "net_rx.h"
#include "vcpu_entry.h"

struct dm_vm {
	const struct dm_args *a;
	struct hvdev *dev;
	bool created;
	uint32_t id;
	struct guest_ram ram; /* base NULL until mapped */
};

static const char *hint(unsigned long request, int err)
{
	if (err == EACCES || err == EPERM)
		return " (root only; or the VM's kind may not do this)";
	if (request != HVKIT_VM_CREATE)
		return "";
	switch (err) {
	case ENOENT: return " (the scenario has no post-launched VM of that name)";
	case EEXIST: return " (that VM exists already)";
	case ERANGE: return " (more vCPUs or RAM than the scenario gives that VM)";
	case ENOMEM: return " (the hypervisor has no room)";
	case EBUSY: return " (this file already manages a VM)";
	default: return "";
	}
}

static int call(struct dm_vm *vm, unsigned long request, void *arg)
{
	int rc = vm->dev->ioctl(vm->dev, request, arg);
	if (rc)
		dm_log("%s: %s failed: %s%s", vm->a->name, hvdev_request_name(request), strerror(-rc),
		       hint(request, -rc));
	return rc;
}

static struct dm_devices devs; /* one VM per process; kept off the stack */
static int attach_devices(struct dm_vm *vm, console_sink sink, void *sink_ctx);

static int setup(struct dm_vm *vm, struct dm_kernel k, console_sink sink, void *sink_ctx)
{
	const struct dm_args *a = vm->a;
	struct hvkit_hv_info info = { 0 };
	if (call(vm, HVKIT_HV_INFO, &info))
		return -1;
	if (info.abi_version != HVKIT_ABI_VERSION) {
		dm_log("%s: the hypervisor speaks ABI version %u, hvkit-dm version %u", a->name, info.abi_version,
		       HVKIT_ABI_VERSION);
		return -1;
	}

	struct hvkit_create c = { .vcpus = a->cpus, .mem_size = a->mem_size };
	memcpy(c.name, a->name, strnlen(a->name, sizeof(c.name) - 1));
	if (call(vm, HVKIT_VM_CREATE, &c))
		return -1;
	vm->created = true;
	vm->id = c.id;

	void *p;
	int rc = vm->dev->map(vm->dev, a->mem_size, &p);
	if (rc) {
		dm_log("%s: mapping the VM's RAM (%llu bytes of /dev/hvkit) failed: %s", a->name,
		       (unsigned long long)a->mem_size, strerror(-rc));
		return -1;
	}
	vm->ram = (struct guest_ram){ p, a->mem_size };

	struct guest_entry entry;
	enum dm_kernel_kind kind = dm_kernel_kind(k.data, k.size);
	if (kind == DM_KERNEL_MULTIBOOT && k.initrd) {
		dm_log("%s: --initrd is for Linux kernels; %s is a Multiboot kernel", a->name, a->kernel);
		return -1;
	}
	bool multiboot = kind == DM_KERNEL_MULTIBOOT || kind == DM_KERNEL_UNKNOWN; /* the loader says what is wrong */
	if (multiboot)
		rc = load_multiboot(&vm->ram, k.data, k.size, a->cmdline, &entry);
	else
		rc = load_linux(&vm->ram, kind, (struct guest_image){ k.data, k.size },
				(struct guest_image){ k.initrd, k.initrd_size }, a->cmdline, a->cpus, &entry);
	if (rc) {
		dm_log("%s: loading %s as a %s failed: %s", a->name, a->kernel,
		       multiboot ? "Multiboot kernel" : "Linux kernel", load_error());
		return -1;
	}
	struct hvkit_vcpu_state st;
	const char *why;
	if (vcpu_state_from_entry(&entry, &st, &why)) {
		dm_log("%s: the entry state of %s does not fit struct hvkit_vcpu_state: %s", a->name, a->kernel, why);
		return -1;
	}
	st.id = vm->id;
	/* The devices (and their files and taps) before the VM runs: a missing disk ends hvkit-dm first. */
	if (attach_devices(vm, sink, sink_ctx))
		return -1;
	if (call(vm, HVKIT_VCPU_SET_STATE, &st) || call(vm, HVKIT_VM_START, NULL))
		return -1;
	dm_log("%s: VM %u started: %s (%s) at 0x%llx, %llu KiB, %u vCPU%s", a->name, vm->id, a->kernel,
	       dm_kernel_kind_name(kind), (unsigned long long)st.rip, (unsigned long long)(a->mem_size >> 10),
	       a->cpus, a->cpus == 1 ? "" : "s");
	return 0;
}

static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
}

static const char *state_name(uint32_t s)
{
	static const char *const names[] = { "created", "running", "paused", "stopped" };
	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

static void report_stopped(struct dm_vm *vm)
{
	struct hvkit_vm_status st = { .id = vm->id };
	int rc = vm->dev->ioctl(vm->dev, HVKIT_VM_STATUS, &st);
	if (rc)
		dm_log("%s: the hypervisor stopped the VM (and HVKIT_VM_STATUS failed: %s); its log says why",
		       vm->a->name, strerror(-rc));
	else
		dm_log("%s: the hypervisor stopped the VM (state %s, %llu VM exits); its log says why", vm->a->name,
		       state_name(st.state), (unsigned long long)st.exits);
}

/* Device interrupts through /dev/hvkit; a failure is logged (the first few), the device model goes on. */
static void irq_failed(struct dm_vm *vm, const char *what, int rc)
{
	static unsigned logged;
	if (logged++ < 5)
		dm_log("%s: %s failed: %s", vm->a->name, what, strerror(-rc));
}

static void inject_msi(void *ctx, uint64_t address, uint32_t data)
{
	struct dm_vm *vm = ctx;
	struct hvkit_msi m = { .address = address, .data = data };
	int rc = vm->dev->ioctl(vm->dev, HVKIT_INJECT_MSI, &m);
	if (rc)
		irq_failed(vm, "HVKIT_INJECT_MSI", rc);
}

static void inject_line(void *ctx, uint32_t pin, uint32_t level)
{
	struct dm_vm *vm = ctx;
	struct hvkit_irq q = { .pin = pin, .level = level };
	int rc = vm->dev->ioctl(vm->dev, HVKIT_INJECT_IRQ, &q);
	if (rc)
		irq_failed(vm, "HVKIT_INJECT_IRQ", rc);
}

static int attach_devices(struct dm_vm *vm, console_sink sink, void *sink_ctx)
{
	if (dm_devices_init(&devs, vm->a->name, sink, sink_ctx))
		return -1;
	struct irq_sink irq = { inject_msi, inject_line, vm };
	return dm_devices_add_virtio(&devs, vm->a, (struct gmem){ vm->ram.base, vm->ram.size }, irq);
}

static int serve(struct dm_vm *vm, volatile sig_atomic_t *signo)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct net_rx rx[DM_VIRTIO_MAX];
	const char *name = vm->a->name;
	for (unsigned i = 0; i < devs.nvirtio; i++) {
		int rc = devs.virtio[i].kind == DM_VIRTIO_NET ? net_rx_start(&rx[i], &devs.virtio[i].u.net, devs.virtio[i].fd, &lock) : 0;
		if (rc) {
			dm_log("%s: starting the virtio-net receive thread failed: %s", name, strerror(-rc));
			for (unsigned j = 0; j < i; j++)
				net_rx_stop(&rx[j]);
			return DM_EXIT_FAILURE;
		}
	}

	struct loop_ctx c = { vm->dev, &devs.bus, &devs.exit, signo, &lock };
	struct loop_result r = ioreq_loop(&c);
	for (unsigned i = 0; i < devs.nvirtio; i++)
		net_rx_stop(&rx[i]);
	console_flush(&devs.console);
	console_flush(&devs.vconsole);
	int status;
	switch (r.end) {
	case LOOP_EXIT_REQUEST:
		dm_log("%s: debug exit, status %llu", name, (unsigned long long)r.value);
		status = (int)(r.value & 0xff);
		break;
	case LOOP_SIGNAL:
		dm_log("%s: %s: destroying the VM", name, signal_name(r.signo));
		status = 128 + r.signo;
		break;
	case LOOP_VM_STOPPED:
		report_stopped(vm);
		status = DM_EXIT_VM_STOPPED;
		break;
	default:
		dm_log("%s: %s failed: %s", name, hvdev_request_name(r.request), strerror(r.err));
		status = DM_EXIT_FAILURE;
		break;
	}
	io_bus_report(&devs.bus);
	dm_devices_report(&devs, name);
	return status;
}

static void teardown(struct dm_vm *vm, int *status)
{
	if (vm->ram.base)
		vm->dev->unmap(vm->dev, vm->ram.base, vm->ram.size);
	if (vm->created) {
		int rc;
		do /* the SIGALRM kicks that follow a SIGTERM must not make the destroy fail */
			rc = vm->dev->ioctl(vm->dev, HVKIT_VM_DESTROY, NULL);
		while (rc == -EINTR);
		/* A VM the hypervisor already took away is not a failure. */
		if (rc && rc != -ESRCH && rc != -ENOENT) {
			dm_log("%s: HVKIT_VM_DESTROY failed: %s", vm->a->name, strerror(-rc));
			*status = DM_EXIT_FAILURE;
		}
	}
	vm->dev->close(vm->dev);
}

int dm_run(const struct dm_args *a, struct hvdev *dev, struct dm_kernel kernel, console_sink sink, void *sink_ctx,
	   volatile sig_atomic_t *signo)
{
	struct dm_vm vm = { .a = a, .dev = dev };
	int status = setup(&vm, kernel, sink, sink_ctx) ? DM_EXIT_FAILURE : serve(&vm, signo);
	teardown(&vm, &status);
	return status;
}
