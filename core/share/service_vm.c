/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Service VM's view of the platform. It owns every device and I/O port that neither the hypervisor
 * nor a pre-launched VM owns: its I/O bitmap passes everything through except the interrupt controllers
 * (its 8259 pair is virtual), the hypervisor's console UART (its vUART sits there), PCI configuration
 * space (filtered: other VMs' functions are invisible), the machine's reset paths and the ports of
 * other VMs; its EPT maps, besides its identity-mapped RAM, the platform's MMIO holes uncached, except
 * the IOAPIC and LAPIC pages (virtual) and the IOMMU. Its ACPI tables add hvkit's control device, the PCI
 * root bridge (its PCI devices are the platform's, enumerated below \_SB.PCI0 by an ACPI OS) and the PM1 blocks
 * with the SCI (a full FADT, not a hardware-reduced one: Linux then keeps the PC's legacy ISA IRQs, which the
 * platform's legacy-mode IDE controller needs for IRQ 14/15); the PM1 blocks are virtual (core/vdev pm1.c) and
 * its S5 power-off stops the Service VM, as does any other end of the Service VM.
 */
#include "share_internal.h"

#include <boot/boot_info.h>
#include <core/console.h>
#include <core/x86.h>
#include <ept/ept.h>
#include <pci/pci_write.h>
#include <string.h>
#include <vacpi/extras.h>
#include <vacpi/vacpi.h>
#include <vdev/pm1.h>
#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_decode.h>

#define PORT_PIC_MASTER 0x20u
#define PORT_PIC_SLAVE 0xa0u
#define PORT_ELCR 0x4d0u
#define PORT_KBC 0x60u           /* 0x60-0x64: the 8042, whose command 0xFE resets the machine */
#define PORT_FAST_A20_RESET 0x92u
#define PORT_PCI_CONFIG 0xcf8u   /* 0xCF8-0xCFF, with the reset control register at 0xCF9 */
#define PORT_HV_CONSOLE 0x3f8u
#define PORT_BOCHS_SHUTDOWN 0x8900u
#define PORT_PM_TIMER 0x608u
#define PORT_PM1 0x600u          /* PM1a_EVT_BLK 0x600-0x603, PM1a_CNT_BLK 0x604-0x605, before the PM timer */
#define SERVICE_SCI_IRQ 9u       /* ISA IRQ 9, as on a PC's PIIX4/ICH: level, active low (ACPI 6.x 5.2.9 SCI_INT) */
#define SERVICE_S5_TYPE 5u
#define MMIO_IOAPIC 0xfec00000ull
#define MMIO_LAPIC 0xfee00000ull
#define FOUR_GB (1ull << 32)

/* The lower end of the platform's MMIO below 4 GiB (service_map_mmio; 0 before it ran). */
static uint64_t service_mmio_base;

static void trap(struct vm *vm, uint16_t port, uint32_t count)
{
	vmx_io_bitmap_set(vm->io_bitmap_a, vm->io_bitmap_b, port, count, true);
}

static void service_io_bitmap(struct vm *vm)
{
	if (vm->cfg->load_order != SCENARIO_SERVICE)
		return;
	vmx_io_bitmap_set(vm->io_bitmap_a, vm->io_bitmap_b, 0, 0x10000, false);
	trap(vm, PORT_PIC_MASTER, 2);
	trap(vm, PORT_PIC_SLAVE, 2);
	trap(vm, PORT_ELCR, 2);
	trap(vm, PORT_KBC, 5);
	trap(vm, PORT_FAST_A20_RESET, 1);
	trap(vm, PORT_PCI_CONFIG, 8);
	trap(vm, PORT_HV_CONSOLE, 8);
	trap(vm, PORT_BOCHS_SHUTDOWN, 1);
	trap(vm, PORT_PM_TIMER, 4);
	trap(vm, PORT_PM1, VPM1_PORTS);
	if (vm->cfg->has_vuart)
		trap(vm, vm->cfg->vuart_port, 8);
	if (vm->cfg->has_debug_exit)
		trap(vm, vm->cfg->debug_exit_port, 1);
	/* Ports another VM owns. */
	for (unsigned int i = 0; i < VM_MAX; i++)
		if (vms[i].cfg && vms[i].cfg != vm->cfg)
			for (uint32_t k = 0; k < vms[i].cfg->pio_count; k++)
				trap(vm, vms[i].cfg->pio[k].base, vms[i].cfg->pio[k].count);
}

static void service_acpi(struct vm *vm, struct vacpi_config *acpi)
{
	if (vm->cfg->load_order != SCENARIO_SERVICE)
		return;
	static struct vacpi_extras extras; /* one Service VM at a time */
	extras = (struct vacpi_extras){ .control = { .present = true, .gsi = SHARE_UPCALL_GSI } };
	memcpy(extras.control.hid, SHARE_CONTROL_HID, sizeof(extras.control.hid));
	/* Configuration space at 0xCF8 (no ECAM); the 32-bit window is the MMIO the Service VM has, below the
	 * IOAPIC (the platform's BARs are there; Linux claims a BAR only inside a window of its bridge). */
	extras.pci = (struct vacpi_pci_root){ .present = true, .ecam_base = 0, .mem32_base = (uint32_t)service_mmio_base,
					      .mem32_limit = service_mmio_base ? (uint32_t)(MMIO_IOAPIC - 1) : 0 };
	extras.pm1 = (struct vacpi_pm1){ .present = true, .evt_port = PORT_PM1, .cnt_port = PORT_PM1 + VPM1_CNT_OFFSET,
					 .sci_irq = SERVICE_SCI_IRQ, .s5_type = SERVICE_S5_TYPE };
	acpi->extras = &extras;
}

/* The Service VM's PM1 blocks: one Service VM at a time. */
static struct vpm1 service_pm1;

static void service_power_off(void *ctx)
{
	vm_stop(ctx, 0, "ACPI power off (S5)");
}

static void service_sleep_refused(void *ctx, unsigned int typ)
{
	vm_guest_log(ctx, PLAT_LOG_WARN, "ACPI sleep type %u refused (only S5, power off, is supported)", typ);
}

static int service_vdevs(struct vm *vm, struct vdev_table *t)
{
	if (vm->cfg->load_order != SCENARIO_SERVICE)
		return 0;
	service_pm1 = (struct vpm1){ .ctx = vm, .s5_type = SERVICE_S5_TYPE, .power_off = service_power_off,
				     .sleep_refused = service_sleep_refused };
	return vpm1_register(&service_pm1, t, PORT_PM1);
}

const struct vm_setup_hooks share_setup_hooks = { .io_bitmap = service_io_bitmap, .acpi = service_acpi,
						  .vdevs = service_vdevs };

void share_upcall(void)
{
	if (share_service_vm && share_service_vm->state == VM_RUNNING)
		vm_vdev_irq(share_service_vm, SHARE_UPCALL_GSI, HVKIT_IRQ_PULSE);
}

/* ---- PCI configuration space, mechanism #1 (PCI Local Bus 3.0 3.2.2.3.2) ---- */

static uint32_t config_address; /* the Service VM's 0xCF8 latch */
static plat_lock_t pci_lock;

static bool bdf_hidden(struct pci_bdf b)
{
	for (unsigned int i = 0; i < VM_MAX; i++) {
		const struct vm_config *c = vms[i].cfg;
		if (c == NULL || c->load_order == SCENARIO_SERVICE)
			continue;
		for (uint32_t k = 0; k < c->pci_count; k++)
			if (c->pci[k].segment == 0 && c->pci[k].bus == b.bus && c->pci[k].device == b.dev &&
			    c->pci[k].function == b.fn)
				return true;
	}
	return false;
}

/* Ports 0xCF8-0xCFB other than the 32-bit address latch. 0xCF9 is the reset control register: the Service VM
 * may not reset the machine. Other narrow accesses (configuration mechanism #2's probe) read all ones and are
 * dropped. */
static void pci_narrow_io(struct vcpu *v, uint16_t port, bool write, uint32_t *val)
{
	if (write && port == PORT_PCI_CONFIG + 1)
		vm_guest_log(v->vm, PLAT_LOG_WARN, "write 0x%x to port 0xcf9 refused (machine reset)", *val);
	else if (!write)
		*val = 0xffffffffu;
}

static void pci_config_write(struct pci_bdf b, uint8_t off, unsigned int size, uint32_t val)
{
	if (size == 4)
		pci_write32(b, off, val);
	else if (size == 2)
		pci_write16(b, off, (uint16_t)val);
	else
		pci_write8(b, off, (uint8_t)val);
}

/* Ports 0xCFC-0xCFF: the register the address latch selects, unless the latch is disabled or the function
 * belongs to another VM (then there is no function there, as far as the Service VM can tell). */
static void pci_data_io(uint16_t port, unsigned int size, bool write, uint32_t *val)
{
	struct pci_bdf b = { (uint8_t)(config_address >> 16), (uint8_t)((config_address >> 11) & 31u),
			     (uint8_t)((config_address >> 8) & 7u) };
	uint8_t off = (uint8_t)((config_address & 0xfcu) | (port & 3u));
	if (!(config_address & 0x80000000u) || bdf_hidden(b)) {
		if (!write)
			*val = 0xffffffffu;
	} else if (write) {
		pci_config_write(b, off, size, *val);
	} else {
		*val = pci_read32(b, off & 0xfcu) >> ((off & 3u) * 8u);
	}
}

bool service_pci_io(struct vcpu *v, uint16_t port, unsigned int size, bool write, uint32_t *val)
{
	if (port < PORT_PCI_CONFIG || port > PORT_PCI_CONFIG + 7)
		return false;
	plat_lock(&pci_lock);
	if (port == PORT_PCI_CONFIG && size == 4) {
		if (write)
			config_address = *val & 0x80fffffcu;
		else
			*val = config_address;
	} else if (port < PORT_PCI_CONFIG + 4) {
		pci_narrow_io(v, port, write, val);
	} else {
		pci_data_io(port, size, write, val);
	}
	plat_unlock(&pci_lock);
	return true;
}

/* The Service VM's port exits that no virtual device claimed: PCI configuration space, or nothing. */
static int service_pio(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io)
{
	uint32_t mask = io->size == 4 ? 0xffffffffu : (1u << (io->size * 8)) - 1;
	uint32_t val = io->in ? mask : (uint32_t)v->vmx.regs.rax & mask;
	if (!service_pci_io(v, io->port, io->size, !io->in, &val)) {
		if (!io->in)
			vm_guest_log(v->vm, PLAT_LOG_WARN, "write 0x%x to port 0x%x refused (the hypervisor's)", val,
				     io->port);
		val = mask;
	}
	if (io->in)
		v->vmx.regs.rax = (v->vmx.regs.rax & ~(uint64_t)mask) | (val & mask);
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

static bool never(const struct vcpu *v)
{
	(void)v;
	return false;
}

static void nothing(struct vcpu *v)
{
	(void)v;
}

const struct vm_ioreq_hooks service_io_hooks = { .pio = service_pio, .completed = never, .finish = nothing };

/* ---- MMIO ---- */

static int map_uc(struct vm *vm, uint64_t base, uint64_t end)
{
	const struct pt_prot uc = { PT_PERM_R | PT_PERM_W, EPT_MT_UC, 0 };
	return end > base ? pt_map(&vm->ept, base, base, end - base, &uc) : 0;
}

/* Everything below 4 GiB that the memory map does not call RAM, from the top of RAM below 4 GiB up,
 * and the legacy areas below 1 MiB; not the IOAPIC and LAPIC pages (the VM's are virtual). */
int service_map_mmio(struct vm *vm, const struct boot_info *bi)
{
	uint64_t top = 1ull << 20;
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (r->type == BOOT_MEM_USABLE && r->base + r->length <= FOUR_GB && r->base + r->length > top)
			top = r->base + r->length;
	}
	top = (top + 0x1fffffu) & ~0x1fffffull;
	service_mmio_base = top < MMIO_IOAPIC ? top : 0;
	/* Below 1 MiB: page 0, the EBDA page after conventional memory (Linux reads it early), the VGA window and
	 * the option ROMs (0xE0000-0xFFFFF is the VM's own BIOS area, its ACPI tables). */
	int rc = map_uc(vm, 0x0, 0x1000); /* the real-mode IVT and the BIOS data area (base memory size) */
	rc = rc ? rc : map_uc(vm, 0x9f000, 0xe0000);
	rc = rc ? rc : map_uc(vm, top, MMIO_IOAPIC);
	rc = rc ? rc : map_uc(vm, MMIO_IOAPIC + 0x1000, MMIO_LAPIC);
	rc = rc ? rc : map_uc(vm, MMIO_LAPIC + 0x1000, FOUR_GB);
	if (rc)
		hv_error("vm %s: mapping the platform's MMIO failed (%d)", vm->name, rc);
	else
		hv_info("vm %s: platform MMIO 0x%lx-0xffffffff passed through (but the IOAPIC and LAPIC pages)", vm->name,
			top);
	return rc;
}
