/* SPDX-License-Identifier: BSD-3-Clause */
/* A VM's sub-nodes: the kernel and ramdisk modules and the virtual devices. */
#include "sc_fdt.h"
#include "sc_msg.h"
#include "sc_names.h"
#include "sc_parse.h"

static const char *const kernel_props[] = { "module", "type", "load-address", "entry-address", "bootargs", NULL };
static const char *const ramdisk_props[] = { "module", NULL };
static const char *const vuart_props[] = { "port", "irq", NULL };
static const char *const debug_exit_props[] = { "port", NULL };
static const char *const no_subnodes[] = { NULL };

/* A vuart or debug-exit node without a port (or IRQ) gets these (docs/scenario.md). */
#define VUART_PORT_DEFAULT 0x3f8u
#define VUART_IRQ_DEFAULT 4u
#define DEBUG_EXIT_PORT_DEFAULT 0xf4u

#define KERNEL_TYPES_EXPECTED "\"multiboot-elf\", \"raw\", \"bzimage\" or \"pvh\""

/* Offset of the VM's sub-node called name, or -1; sn is then set up to read it. */
static int sub(const struct sc_node *vmn, const char *name, struct sc_node *sn)
{
	int off = fdt_subnode_offset(vmn->fdt, vmn->offset, name);

	*sn = (struct sc_node){ vmn->fdt, off, vmn->node, name, vmn->rep };
	return off;
}

static void parse_module(const struct sc_node *sn, char *out)
{
	if (sc_string(sn, "module", out, SCENARIO_MODULE_MAX, 0) == SC_ABSENT)
		sc_missing(sn, "module", "the boot module's name");
}

static void parse_raw_address(const struct sc_node *sn, const struct vm_config *vm, const char *prop,
			      uint64_t *out)
{
	enum sc_got got = sc_u64(sn, prop, out);

	if (vm->kernel_type == SCENARIO_KERNEL_RAW && got == SC_ABSENT)
		sc_missing(sn, prop, "required for type \"raw\"");
	if (vm->kernel_type != SCENARIO_KERNEL_RAW && got != SC_ABSENT)
		sc_fail(sn->rep, sn->node, sn->sub, prop, "applies only to type \"raw\"");
}

static void parse_kernel(const struct sc_node *vmn, struct vm_config *vm)
{
	struct sc_node sn;

	if (sub(vmn, "kernel", &sn) < 0) {
		/* A post-launched VM's kernel comes from its device model, not from a boot module. */
		if (vm->load_order != SCENARIO_POST_LAUNCHED)
			sc_fail(vmn->rep, vmn->node, NULL, NULL, "sub-node \"kernel\" is missing");
		return;
	}
	sc_only_known(&sn, kernel_props, no_subnodes);
	parse_module(&sn, vm->kernel);
	int type = sc_enum(&sn, "type", "kernel type", sc_kernel_type_names, SC_KERNEL_TYPE_COUNT, KERNEL_TYPES_EXPECTED);
	vm->kernel_type = type < 0 ? SCENARIO_KERNEL_MULTIBOOT_ELF : (enum scenario_kernel_type)type;
	parse_raw_address(&sn, vm, "load-address", &vm->kernel_load_addr);
	parse_raw_address(&sn, vm, "entry-address", &vm->kernel_entry_addr);
	sc_string(&sn, "bootargs", vm->bootargs, sizeof(vm->bootargs), 1);
}

static void parse_port(const struct sc_node *sn, const char *prop, uint32_t width, uint16_t *port)
{
	uint32_t v;

	if (sc_u32(sn, prop, &v) != SC_OK)
		return;
	if (v > 0x10000u - width) {
		sc_fail(sn->rep, sn->node, sn->sub, prop, "port 0x%x is beyond 0xffff (the device uses %u%s", v, width, width == 1 ? " port)" : " ports)");
		return;
	}
	*port = (uint16_t)v;
}

static void parse_devices(const struct sc_node *vmn, struct vm_config *vm)
{
	struct sc_node sn;
	uint32_t irq;

	if (sub(vmn, "vuart", &sn) >= 0) {
		sc_only_known(&sn, vuart_props, no_subnodes);
		vm->has_vuart = true;
		vm->vuart_port = VUART_PORT_DEFAULT;
		vm->vuart_irq = VUART_IRQ_DEFAULT;
		parse_port(&sn, "port", 8, &vm->vuart_port);
		if (sc_u32(&sn, "irq", &irq) == SC_OK) {
			if (irq > 15) {
				sc_fail(sn.rep, sn.node, sn.sub, "irq", "IRQ %u is not a legacy (ISA) IRQ 0..15", irq);
			} else {
				vm->vuart_irq = (uint8_t)irq;
			}
		}
	}
	if (sub(vmn, "debug-exit", &sn) >= 0) {
		sc_only_known(&sn, debug_exit_props, no_subnodes);
		vm->has_debug_exit = true;
		vm->debug_exit_port = DEBUG_EXIT_PORT_DEFAULT;
		parse_port(&sn, "port", 1, &vm->debug_exit_port);
	}
}

void sc_parse_vm_subnodes(const struct sc_node *vmn, struct vm_config *vm)
{
	struct sc_node sn;

	parse_kernel(vmn, vm);
	if (sub(vmn, "ramdisk", &sn) >= 0) {
		sc_only_known(&sn, ramdisk_props, no_subnodes);
		vm->has_ramdisk = true;
		parse_module(&sn, vm->ramdisk);
	}
	parse_devices(vmn, vm);
}
