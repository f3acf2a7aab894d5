/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Each VM's port devices (core/vdev): vUART and debug-exit port from the scenario, the ACPI PM timer,
 * and the interrupt controllers the image links (core/include/core/vm_irqchip.h), which take the
 * vUART's line.
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
	plat_lock_t lock; /* core/vdev is not thread-safe: one lock per VM around every call */
	struct vdev_table table;
	struct vuart uart;
	struct vdebug_exit debug_exit;
	struct vpm_timer pm_timer;
	struct vm *vm;
};

static struct vm_vdevs vm_vdevs[VM_MAX];

static void uart_output(void *ctx, const char *line, size_t len)
{
	char buf[VUART_LINE_MAX + 1];
	(void)ctx;
	if (len > VUART_LINE_MAX)
		len = VUART_LINE_MAX;
	memcpy(buf, line, len);
	buf[len] = '\0';
	plat_log(PLAT_LOG_INFO, "%s", buf);
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

static uint64_t host_tsc(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

/* The ACPI PM timer's port, unless the scenario passes that port through. */
uint16_t vm_pm_timer_port(const struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	for (unsigned int i = 0; i < cfg->pio_count; i++)
		if (VM_PM_TIMER_PORT + VPM_TIMER_PORTS > cfg->pio[i].base &&
		    VM_PM_TIMER_PORT < cfg->pio[i].base + cfg->pio[i].count)
			return 0;
	return VM_PM_TIMER_PORT;
}

int vm_vdevs_setup(struct vm *vm)
{
	struct vm_vdevs *d = &vm_vdevs[vm->id];
	const struct vm_config *cfg = vm->cfg;
	memset(d, 0, sizeof(*d));
	d->vm = vm;
	vm->vdevs = d;
	vdev_table_init(&d->table, vm->name);
	int rc = vm_irqchip_setup(vm, &d->table, &d->lock);
	if (rc == 0 && cfg->has_vuart) {
		const struct vuart_ops ops = { .ctx = d, .output = uart_output, .irq_level = uart_irq_level };
		vuart_init(&d->uart, vm->name, &ops);
		rc = vuart_register(&d->uart, &d->table, cfg->vuart_port);
	}
	if (rc == 0 && cfg->has_debug_exit) {
		d->debug_exit = (struct vdebug_exit){ .ctx = vm, .exit = debug_exit };
		rc = vdebug_exit_register(&d->debug_exit, &d->table, cfg->debug_exit_port);
	}
	if (rc == 0 && vm_pm_timer_port(vm)) {
		/* Real time for calibration: the host's TSC at the rate calibrated against the PIT. */
		d->pm_timer = (struct vpm_timer){ .tsc_hz = tsc_hz(), .now = host_tsc, .ctx = NULL };
		rc = vpm_timer_register(&d->pm_timer, &d->table, VM_PM_TIMER_PORT);
	}
	if (rc)
		hv_error("vm %s: its virtual devices overlap (vUART 0x%x, debug exit 0x%x, PM timer 0x608, 8259 0x20/0xa0 if emulated)", vm->name,
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
