/* SPDX-License-Identifier: BSD-3-Clause */
#include "devices.h"

#include <string.h>

#include "log.h"

static void com1_tx(void *ctx, uint8_t byte)
{
	console_putc(ctx, byte);
}

int dm_devices_init(struct dm_devices *d, const char *vm_name, console_sink sink, void *sink_ctx)
{
	io_bus_init(&d->bus, vm_name);
	console_init(&d->console, vm_name, sink, sink_ctx);
	uart_init(&d->com1, com1_tx, &d->console);
	d->exit = (struct exit_request){ 0 };
	int rc = io_bus_register(&d->bus, HVKIT_IOREQ_PIO, COM1_PORT, UART_PORTS, "com1", &uart16550_io_ops,
				 &d->com1);
	rc = rc ? rc : io_bus_register(&d->bus, HVKIT_IOREQ_PIO, DEBUG_EXIT_PORT, DEBUG_EXIT_PORTS, "debug-exit",
				       &debug_exit_io_ops, &d->exit);
	if (rc)
		dm_log("%s: registering the devices failed: %s", vm_name, strerror(-rc));
	return rc;
}
