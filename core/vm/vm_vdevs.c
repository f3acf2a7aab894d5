/* INTERIM: the VM's vUART transmit path and debug-exit port until core/vdev lands. */
#include <core/console.h>
#include <core/vm_internal.h>

struct interim_vdevs {
	char line[160];
	unsigned int len;
};
static struct interim_vdevs interim[VM_MAX];

int vm_vdevs_setup(struct vm *vm)
{
	vm->vdevs = &interim[vm->id];
	return 0;
}

int vm_vdev_io(struct vm *vm, uint16_t port, unsigned int size, bool write, uint32_t *val)
{
	struct interim_vdevs *d = vm->vdevs;
	const struct vm_config *cfg = vm->cfg;
	(void)size;
	if (cfg->has_debug_exit && port == cfg->debug_exit_port) {
		if (write)
			vm_stop(vm, *val, "debug exit, status %u", *val);
		return 1;
	}
	if (!cfg->has_vuart || port < cfg->vuart_port || port >= cfg->vuart_port + 8)
		return 0;
	unsigned int reg = port - cfg->vuart_port;
	if (write && reg == 0) {
		char c = (char)*val;
		if (c != '\r' && c != '\n' && d->len < sizeof(d->line) - 1)
			d->line[d->len++] = c;
		if (c == '\n' || d->len == sizeof(d->line) - 1) {
			d->line[d->len] = '\0';
			plat_log(PLAT_LOG_INFO, "[%s] %s", vm->name, d->line);
			d->len = 0;
		}
	} else if (!write) {
		*val = reg == 5 ? 0x60 : 0;
	}
	return 1;
}
