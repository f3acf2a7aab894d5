/* SPDX-License-Identifier: BSD-3-Clause */
#include "devices.h"

#include <string.h>
#include <unistd.h>

#include "log.h"

static void com1_tx(void *ctx, uint8_t byte)
{
	console_putc(ctx, byte);
}

int dm_devices_init(struct dm_devices *d, const char *vm_name, console_sink sink, void *sink_ctx)
{
	io_bus_init(&d->bus, vm_name);
	console_init(&d->console, vm_name, sink, sink_ctx);
	console_init(&d->vconsole, vm_name, sink, sink_ctx);
	uart_init(&d->com1, com1_tx, &d->console);
	d->exit = (struct exit_request){ 0 };
	d->nvirtio = 0;
	int rc = io_bus_register(&d->bus, HVKIT_IOREQ_PIO, COM1_PORT, UART_PORTS, "com1", &uart16550_io_ops,
				 &d->com1);
	rc = rc ? rc : io_bus_register(&d->bus, HVKIT_IOREQ_PIO, DEBUG_EXIT_PORT, DEBUG_EXIT_PORTS, "debug-exit",
				       &debug_exit_io_ops, &d->exit);
	if (rc) {
		dm_log("%s: registering the devices failed: %s", vm_name, strerror(-rc));
		return rc;
	}
	return vpci_init(&d->pci, &d->bus, vm_name);
}

static long tap_send(void *ctx, const void *frame, uint64_t len)
{
	ssize_t r = write(*(int *)ctx, frame, len);
	return r < 0 ? -1 : r;
}

/* One virtio device of the kind asked for, on its backend (a disk image, a tap, the console); -1 after the
 * message when the backend cannot be opened. */
static int virtio_backend_init(struct dm_devices *d, struct dm_virtio *v, const struct dm_virtio_arg *va,
			       const char *name, struct gmem mem, struct irq_sink irq)
{
	v->kind = va->kind;
	v->fd = -1;
	if (va->kind == DM_VIRTIO_BLK) {
		struct blk_backend be;
		int rc = blk_file_open(&be, va->arg);
		if (rc) {
			dm_log("%s: --virtio-blk %s: cannot open it: %s", name, va->arg, strerror(-rc));
			return -1;
		}
		virtio_blk_init(&v->u.blk, name, be, mem, irq);
	} else if (va->kind == DM_VIRTIO_NET) {
		v->fd = tap_open(va->arg);
		if (v->fd < 0) {
			dm_log("%s: --virtio-net %s: cannot open the tap: %s", name, va->arg, strerror(-v->fd));
			return -1;
		}
		virtio_net_init(&v->u.net, name, (struct net_backend){ tap_send, &v->fd }, mem, irq);
	} else {
		virtio_console_init(&v->u.con, name, &d->vconsole, mem, irq);
	}
	return 0;
}

int dm_devices_add_virtio(struct dm_devices *d, const struct dm_args *a, struct gmem mem, struct irq_sink irq)
{
	for (unsigned i = 0; i < a->nvirtio; i++) {
		struct dm_virtio *v = &d->virtio[d->nvirtio];
		const struct dm_virtio_arg *va = &a->virtio[i];
		if (virtio_backend_init(d, v, va, a->name, mem, irq) != 0)
			return -1;
		int slot = vpci_attach(&d->pci, &v->u.dev.pci);
		if (slot < 0) {
			dm_log("%s: no room on the PCI bus for device %u", a->name, i + 1);
			return -1;
		}
		d->nvirtio++;
		dm_log("%s: %s at 00:%02x.0, BAR0 0x%x, GSI %u%s%s", a->name, v->u.dev.name, (unsigned)slot,
		       vpci_bar_base(&v->u.dev.pci, 0), vpci_gsi((unsigned)slot), va->arg ? " on " : "",
		       va->arg ? va->arg : "");
	}
	return 0;
}

void dm_devices_report(const struct dm_devices *d, const char *vm_name)
{
	for (unsigned i = 0; i < d->nvirtio; i++) {
		const struct dm_virtio *v = &d->virtio[i];
		if (v->kind == DM_VIRTIO_BLK)
			dm_log("%s: virtio-blk: %llu reads, %llu writes, %llu flushes, %llu discards, %llu errors, "
			       "%llu resets needed", vm_name, (unsigned long long)v->u.blk.reads,
			       (unsigned long long)v->u.blk.writes, (unsigned long long)v->u.blk.flushes,
			       (unsigned long long)v->u.blk.discards, (unsigned long long)v->u.blk.errors,
			       (unsigned long long)v->u.dev.violations);
		else if (v->kind == DM_VIRTIO_NET)
			dm_log("%s: virtio-net: %llu frames received, %llu sent, %llu dropped, %llu send errors, "
			       "%llu resets needed", vm_name, (unsigned long long)v->u.net.rx_frames,
			       (unsigned long long)v->u.net.tx_frames, (unsigned long long)v->u.net.rx_dropped,
			       (unsigned long long)v->u.net.tx_errors, (unsigned long long)v->u.dev.violations);
		else
			dm_log("%s: virtio-console: %llu bytes, %llu resets needed", vm_name,
			       (unsigned long long)v->u.con.bytes, (unsigned long long)v->u.dev.violations);
	}
}
