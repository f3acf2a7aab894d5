/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Each VM's port devices (lib/vdev): vUART and debug-exit port from the scenario, the ACPI PM timer,
 * the CMOS RTC, and the interrupt controllers the image links (core/include/core/vm_irqchip.h), which
 * take the vUART's line.
 */
#include <core/console.h>
#include <core/tsc.h>
#include <core/vm_internal.h>
#include <core/vm_irqchip.h>
#include <core/x86.h>
#include <hvkit/errno.h>
#include <string.h>
#include <vdev/debug_exit.h>
#include <vdev/pm_timer.h>
#include <vdev/uart16550.h>
#include <vdev/vdev.h>

struct vm_vdevs {
	plat_lock_t lock; /* lib/vdev is not thread-safe: one lock per VM around every call */
	struct vdev_table table;
	struct vuart uart;
	struct vdebug_exit debug_exit;
	struct vpm_timer pm_timer;
	struct vm *vm;
};

static struct vm_vdevs vm_vdevs[VM_MAX];

static void uart_output(void *ctx, const char *line, size_t len)
{
	(void)ctx, (void)len;
	plat_log(PLAT_LOG_INFO, "%s", line);
}

/* Called with the VM's device lock held (from inside a vUART access). */
static void uart_irq_level(void *ctx, bool asserted)
{
	struct vm_vdevs *d = ctx;
	vm_irqchip_set_irq(d->vm, d->vm->cfg->vuart_irq, asserted);
}

static void debug_exit(void *ctx, uint32_t status)
{
	vm_stop(ctx, status, "debug exit, status %u", status);
}

uint64_t vm_host_tsc(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

/* Does the scenario pass any of ports base..base+count-1 through to the VM? */
static bool ports_passed_through(const struct vm *vm, uint16_t base, uint16_t count)
{
	const struct vm_config *cfg = vm->cfg;
	for (unsigned int i = 0; i < cfg->pio_count; i++)
		if (base + count > cfg->pio[i].base && base < cfg->pio[i].base + cfg->pio[i].count)
			return true;
	return false;
}

/* The ACPI PM timer's port, unless the scenario passes that port through. */
uint16_t vm_pm_timer_port(const struct vm *vm)
{
	return ports_passed_through(vm, VM_PM_TIMER_PORT, VPM_TIMER_PORTS) ? 0 : VM_PM_TIMER_PORT;
}

bool vm_has_rtc(const struct vm *vm)
{
	return !ports_passed_through(vm, VRTC_PORT, VRTC_PORTS);
}

/* Each device below: 0 when the VM does not get it. */
static int add_uart(struct vm_vdevs *d, struct vm *vm)
{
	if (!vm->cfg->has_vuart)
		return 0;
	const struct vuart_ops ops = { .ctx = d, .output = uart_output, .irq_level = uart_irq_level };
	vuart_init(&d->uart, vm->name, &ops);
	return vuart_register(&d->uart, &d->table, vm->cfg->vuart_port);
}

static int add_debug_exit(struct vm_vdevs *d, struct vm *vm)
{
	if (!vm->cfg->has_debug_exit)
		return 0;
	d->debug_exit = (struct vdebug_exit){ .ctx = vm, .exit = debug_exit };
	return vdebug_exit_register(&d->debug_exit, &d->table, vm->cfg->debug_exit_port);
}

static int add_pm_timer(struct vm_vdevs *d, struct vm *vm)
{
	if (!vm_pm_timer_port(vm))
		return 0;
	/* Real time for calibration: the host's TSC at the rate calibrated against the PIT. */
	d->pm_timer = (struct vpm_timer){ .tsc_hz = tsc_hz(), .now = vm_host_tsc, .ctx = NULL };
	return vpm_timer_register(&d->pm_timer, &d->table, VM_PM_TIMER_PORT);
}

static int add_rtc(struct vm_vdevs *d, struct vm *vm)
{
	return vm_has_rtc(vm) ? vm_rtc_add(vm, &d->table) : 0;
}

/* In this order, after the interrupt controllers (the vUART's line goes to them). */
static int (*const VDEV_ADD[])(struct vm_vdevs *d, struct vm *vm) = { add_uart, add_debug_exit, add_pm_timer, add_rtc };

int vm_vdevs_setup(struct vm *vm)
{
	struct vm_vdevs *d = &vm_vdevs[vm->id];
	const struct vm_config *cfg = vm->cfg;
	memset(d, 0, sizeof(*d));
	d->vm = vm;
	vm->vdevs = d;
	vdev_table_init(&d->table, vm->name);
	int rc = vm_irqchip_setup(vm, &d->table, &d->lock);
	for (size_t i = 0; rc == 0 && i < sizeof(VDEV_ADD) / sizeof(VDEV_ADD[0]); i++)
		rc = VDEV_ADD[i](d, vm);
	if (rc == 0 && vm_setup_ext && vm_setup_ext->vdevs)
		rc = vm_setup_ext->vdevs(vm, &d->table);
	if (rc)
		hv_error("vm %s: its virtual devices overlap (vUART 0x%x, debug exit 0x%x, PM timer 0x608, RTC 0x70, 8259 0x20/0xa0 if emulated)", vm->name,
			 cfg->vuart_port, cfg->debug_exit_port);
	return rc;
}

bool vm_vdev_io(struct vm *vm, uint16_t port, unsigned int size, bool write, uint32_t *val, bool unclaimed_too)
{
	struct vm_vdevs *d = vm->vdevs;
	plat_lock(&d->lock);
	bool handled = vdev_io(&d->table, port, size, write, val) == VDEV_HANDLED;
	if (!handled && unclaimed_too) {
		vdev_unclaimed(&d->table, port, size, write, val); /* all ones / ignored, logged once */
		handled = true;
	}
	plat_unlock(&d->lock);
	return handled;
}
