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
#include <vdev/rtc.h>
#include <vdev/uart16550.h>
#include <vdev/vdev.h>

struct vm_vdevs {
	plat_lock_t lock; /* lib/vdev is not thread-safe: one lock per VM around every call */
	struct vdev_table table;
	struct vuart uart;
	struct vdebug_exit debug_exit;
	struct vpm_timer pm_timer;
	struct vrtc rtc;
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

static uint8_t host_cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int host_cmos_value(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10u + (v & 0xfu);
}

/* MC146818A register A bit 7, update in progress: the time registers are not to be read until it clears. */
static void host_rtc_wait_update(void)
{
	for (unsigned int i = 0; i < 1000000 && (host_cmos(0x0a) & 0x80); i++)
		cpu_relax();
}

/* The host RTC's date (registers 0-9 and the century byte 0x32); false when no RTC answers (all ones). */
static bool host_rtc_read(struct vrtc_date *t)
{
	uint8_t sec = host_cmos(0x00), min = host_cmos(0x02), hour = host_cmos(0x04), day = host_cmos(0x07);
	uint8_t mon = host_cmos(0x08), year = host_cmos(0x09), century = host_cmos(0x32), b = host_cmos(0x0b);
	bool binary = (b & 0x04) != 0;
	*t = (struct vrtc_date){
		.sec = host_cmos_value(sec, binary), .min = host_cmos_value(min, binary),
		.hour = host_cmos_value(hour & 0x7f, binary), .day = host_cmos_value(day, binary),
		.month = host_cmos_value(mon, binary), .year = host_cmos_value(year, binary),
	};
	if (!(b & 0x02)) /* 12-hour clock: bit 7 of the hour is PM */
		t->hour = t->hour % 12 + ((hour & 0x80) ? 12 : 0);
	unsigned int c = host_cmos_value(century, binary);
	t->year += (c >= 19 && c <= 99) ? c * 100 : 2000;
	return sec != 0xff;
}

static bool date_plausible(const struct vrtc_date *t)
{
	return t->sec < 60 && t->min < 60 && t->hour < 24 && t->day >= 1 && t->day <= 31 && t->month >= 1 &&
	       t->month <= 12;
}

/*
 * The wall clock the VMs' RTCs start from: the host's own CMOS RTC, read once (at the first VM's set-up,
 * before any guest runs; a read waits for an update in progress to end), then advanced with the TSC.
 * 2000-01-01 00:00:00 when there is none (every register reads all ones).
 */
static uint64_t wall_clock(void)
{
	static uint64_t secs, at_tsc;
	if (at_tsc == 0) {
		struct vrtc_date t;
		host_rtc_wait_update();
		bool valid = host_rtc_read(&t) && date_plausible(&t);
		if (!valid)
			t = (struct vrtc_date){ .year = 2000, .month = 1, .day = 1 };
		secs = valid ? vrtc_seconds_from_date(&t) : 946684800u;
		at_tsc = rdtsc();
		hv_info("rtc: %s %04u-%02u-%02u %02u:%02u:%02u", valid ? "host clock" : "no host clock, VMs start at",
			t.year, t.month, t.day, t.hour, t.min, t.sec);
	}
	return secs + (rdtsc() - at_tsc) / tsc_hz();
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
	d->pm_timer = (struct vpm_timer){ .tsc_hz = tsc_hz(), .now = host_tsc, .ctx = NULL };
	return vpm_timer_register(&d->pm_timer, &d->table, VM_PM_TIMER_PORT);
}

static int add_rtc(struct vm_vdevs *d, struct vm *vm)
{
	if (!vm_has_rtc(vm))
		return 0;
	/* A PC's CMOS clock: a guest without one waits for it (Linux: a second per read, vrtc.h). */
	d->rtc = (struct vrtc){ .tsc_hz = tsc_hz(), .now = host_tsc, .ctx = NULL };
	return vrtc_register(&d->rtc, &d->table, wall_clock());
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
