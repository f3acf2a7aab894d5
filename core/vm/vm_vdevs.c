/* Each VM's port-I/O devices (core/vdev): its vUART and debug-exit port from the scenario. */
#include <core/console.h>
#include <core/vm_internal.h>
#include <string.h>
#include <vdev/debug_exit.h>
#include <vdev/uart16550.h>
#include <vdev/vdev.h>

struct vm_vdevs {
	struct vdev_table table;
	struct vuart uart;
	struct vdebug_exit debug_exit;
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

static void debug_exit(void *ctx, uint32_t status)
{
	vm_stop(ctx, status, "debug exit, status %u", status);
}

int vm_vdevs_setup(struct vm *vm)
{
	struct vm_vdevs *d = &vm_vdevs[vm->id];
	const struct vm_config *cfg = vm->cfg;
	vdev_table_init(&d->table, vm->name);
	vm->vdevs = d;
	int rc = 0;
	if (cfg->has_vuart) {
		const struct vuart_ops ops = { .ctx = vm, .output = uart_output, .irq_level = NULL };
		vuart_init(&d->uart, vm->name, &ops);
		rc = vuart_register(&d->uart, &d->table, cfg->vuart_port);
	}
	if (rc == 0 && cfg->has_debug_exit) {
		d->debug_exit = (struct vdebug_exit){ .ctx = vm, .exit = debug_exit };
		rc = vdebug_exit_register(&d->debug_exit, &d->table, cfg->debug_exit_port);
	}
	if (rc)
		hv_error("vm %s: its virtual devices overlap (vUART 0x%x, debug exit 0x%x)", vm->name, cfg->vuart_port,
			 cfg->debug_exit_port);
	return rc;
}

void vm_vdev_io(struct vm *vm, uint16_t port, unsigned int size, bool write, uint32_t *val)
{
	struct vm_vdevs *d = vm->vdevs;
	if (vdev_io(&d->table, port, size, write, val) != VDEV_HANDLED)
		vdev_unclaimed(&d->table, port, size, write, val); /* all ones / ignored, logged once */
}
