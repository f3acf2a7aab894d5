// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in hypervisor for testing hvkit.ko natively (no VT-x, no hvkit): the test module hvkit_fake.ko
 * is hvkit.ko with this file linked instead of vmcall.c. Everything above hvkit_vmcall (the hypercall
 * wrappers' argument blocks, /dev/hvkit, mmap, the ioreq client, the upcall IRQ) is the real driver.
 *
 * What it pretends:
 *  - a control device: a platform device "hvkit" (the driver also matches by name) whose one interrupt
 *    is a software IRQ (dummy_irq_chip), raised with generic_handle_irq_safe as the upcall;
 *  - one post-launched VM slot named "fake-vm" (1 or 2 vCPUs, at most ram_size bytes), VM id 7, whose RAM
 *    is the physical range ram_base.. (boot the kernel with mem= below it so it is not the kernel's RAM);
 *  - a vCPU 0 that, once started, asks for a port read (PIO, 4 bytes, port 0x510), then writes what it
 *    read plus one to port 0x511, then stops (HVKIT_VM_STATE_STOPPED, with an upcall);
 *  - the real hypervisor's answers where the driver depends on them (docs/hypercalls.md): vm_create returns
 *    0 with the id written back; vm_destroy of a VM that never started or has stopped is 0 (gone), of a
 *    running one 1 (stopping: it is torn down 50 ms later, with an upcall; until then vm_status says
 *    STOPPED and vm_create of its name EEXIST).
 * It is stricter than it needs to be about where argument blocks are: each must be in the kernel's RAM
 * and inside one page, as hvkit.ko promises (hypercall.c).
 *
 * Module parameters: ram_base (default 0xc000000, 192 MiB), ram_size (default 4 MiB). At unload it logs
 * how many VMs were created and destroyed, and how many are left (the test wants 0).
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../hvkit.h"

#define FAKE_VM_ID 7u
#define FAKE_VM_NAME "fake-vm"
#define FAKE_PORT_READ 0x510u
#define FAKE_PORT_WRITE 0x511u

static unsigned long ram_base = 0xc000000;
module_param(ram_base, ulong, 0444);
MODULE_PARM_DESC(ram_base, "physical address of the fake VM's RAM (outside the kernel's RAM)");
static unsigned long ram_size = 4 << 20;
module_param(ram_size, ulong, 0444);
MODULE_PARM_DESC(ram_size, "bytes of RAM the fake VM slot allows");

static struct {
	struct mutex lock;
	struct platform_device *pdev;
	int irq;
	struct delayed_work vcpu;   /* vCPU 0's next step */
	struct delayed_work teardown; /* a destroyed running VM goes */
	bool exists;
	bool stopping;              /* destroyed while running: gone once teardown has run */
	u32 state;                  /* HVKIT_VM_STATE_* */
	u32 vcpus;
	u64 mem;                    /* 0 until HVKIT_HC_VM_SET_MEMORY */
	struct hvkit_ioreq_page *page;
	unsigned int step;          /* 0: read request, 1: write request, 2: stop */
	u64 value_read;
	u64 exits;
	unsigned int created, destroyed;
} fk;

static void fake_upcall(void)
{
	generic_handle_irq_safe(fk.irq);
}

/* An argument block the driver hands over: in the kernel's RAM, inside one page. */
static void *fake_arg(unsigned long gpa, size_t size)
{
	if ((gpa & ~PAGE_MASK) + size > PAGE_SIZE || !pfn_valid(PHYS_PFN(gpa)) ||
	    !page_is_ram(PHYS_PFN(gpa)))
		return NULL;
	return phys_to_virt(gpa);
}

static void fake_request(u32 type, u32 dir, u32 size, u64 address, u64 value)
{
	struct hvkit_ioreq *s = &fk.page->slot[0];

	s->type = type;
	s->direction = dir;
	s->size = size;
	s->address = address;
	s->value = value;
	s->vcpu = 0;
	smp_store_release(&s->state, HVKIT_IOREQ_PENDING);
	fk.exits++;
}

static void fake_vcpu_step(struct work_struct *work)
{
	bool upcall = true;

	mutex_lock(&fk.lock);
	if (!fk.exists || fk.state != HVKIT_VM_STATE_RUNNING || !fk.page)
		upcall = false;
	else if (fk.step == 0)
		fake_request(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 4, FAKE_PORT_READ, 0);
	else if (fk.step == 1)
		fake_request(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 4, FAKE_PORT_WRITE, fk.value_read + 1);
	else
		fk.state = HVKIT_VM_STATE_STOPPED;
	mutex_unlock(&fk.lock);
	if (upcall)
		fake_upcall();
}

static long fake_vm_create(unsigned long gpa)
{
	struct hvkit_vm_create *a = fake_arg(gpa, sizeof(*a));

	if (!a)
		return -HVKIT_EFAULT;
	if (strnlen(a->name, sizeof(a->name)) == sizeof(a->name) || strcmp(a->name, FAKE_VM_NAME))
		return -HVKIT_ENOENT;
	if (a->vcpus < 1 || a->vcpus > 2)
		return -HVKIT_ERANGE;
	if (fk.exists)
		return -HVKIT_EEXIST;
	fk.exists = true;
	fk.state = HVKIT_VM_STATE_CREATED;
	fk.vcpus = a->vcpus;
	fk.mem = 0;
	fk.page = NULL;
	fk.exits = 0;
	fk.step = 0;
	fk.created++;
	a->id = FAKE_VM_ID;
	return 0;
}

static long fake_set_memory(unsigned long gpa)
{
	struct hvkit_vm_memory *a = fake_arg(gpa, sizeof(*a));
	void *ram;

	if (!a)
		return -HVKIT_EFAULT;
	if (a->id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	if (fk.mem)
		return -HVKIT_EEXIST;
	if (a->gpa != 0 || !a->size || !PAGE_ALIGNED(a->size))
		return -HVKIT_EINVAL;
	if (a->size > ram_size)
		return -HVKIT_ERANGE;
	ram = memremap(ram_base, a->size, MEMREMAP_WB);
	if (!ram)
		return -HVKIT_ENOMEM;
	memset(ram, 0, a->size);
	memunmap(ram);
	fk.mem = a->size;
	a->host_address = ram_base;
	return 0;
}

static long fake_ioreq_setup(unsigned long id, unsigned long gpa)
{
	if (id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	if (!PAGE_ALIGNED(gpa) || !fake_arg(gpa, PAGE_SIZE))
		return -HVKIT_EFAULT;
	fk.page = phys_to_virt(gpa);
	return 0;
}

/* The VM's end, once no vCPU of it runs: RAM zeroed, the slot free. Called with fk.lock held. */
static void fake_vm_gone(void)
{
	void *ram;

	if (fk.mem) {
		ram = memremap(ram_base, fk.mem, MEMREMAP_WB);
		if (ram) {
			memset(ram, 0, fk.mem);
			memunmap(ram);
		}
	}
	fk.exists = false;
	fk.stopping = false;
	fk.page = NULL;
	fk.mem = 0;
	fk.destroyed++;
}

static void fake_teardown(struct work_struct *work)
{
	mutex_lock(&fk.lock);
	if (fk.exists && fk.stopping)
		fake_vm_gone();
	mutex_unlock(&fk.lock);
	fake_upcall();
}

static long fake_destroy(unsigned long id)
{
	bool running;

	if (id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	if (fk.stopping)
		return 1;
	running = fk.state == HVKIT_VM_STATE_RUNNING || fk.state == HVKIT_VM_STATE_PAUSED;
	fk.state = HVKIT_VM_STATE_STOPPED;
	mutex_unlock(&fk.lock);
	cancel_delayed_work_sync(&fk.vcpu);
	mutex_lock(&fk.lock);
	if (running) {
		fk.stopping = true;
		schedule_delayed_work(&fk.teardown, msecs_to_jiffies(50));
		return 1;
	}
	fake_vm_gone();
	return 0;
}

static long fake_ioreq_complete(unsigned long id, unsigned long vcpu)
{
	struct hvkit_ioreq *s;

	if (id != FAKE_VM_ID || !fk.exists || !fk.page)
		return -HVKIT_ENOENT;
	if (vcpu >= fk.vcpus)
		return -HVKIT_EINVAL;
	s = &fk.page->slot[vcpu];
	if (smp_load_acquire(&s->state) != HVKIT_IOREQ_COMPLETE)
		return -HVKIT_EINVAL;
	if (s->direction == HVKIT_IOREQ_READ)
		fk.value_read = s->value;
	WRITE_ONCE(s->state, HVKIT_IOREQ_FREE);
	fk.step++;
	schedule_delayed_work(&fk.vcpu, msecs_to_jiffies(20));
	return 0;
}

static long fake_vm_status(unsigned long gpa)
{
	struct hvkit_vm_status *a = fake_arg(gpa, sizeof(*a));

	if (!a)
		return -HVKIT_EFAULT;
	if (a->id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	a->state = fk.state;
	a->exits = fk.exits;
	return 0;
}

static long fake_vm_op(unsigned long nr, unsigned long id)
{
	if (id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	switch (nr) {
	case HVKIT_HC_VM_START:
		if (!fk.mem)
			return -HVKIT_EINVAL;
		if (fk.state != HVKIT_VM_STATE_CREATED && fk.state != HVKIT_VM_STATE_PAUSED)
			return -HVKIT_EBUSY;
		fk.state = HVKIT_VM_STATE_RUNNING;
		schedule_delayed_work(&fk.vcpu, msecs_to_jiffies(20));
		return 0;
	case HVKIT_HC_VM_PAUSE:
		fk.state = HVKIT_VM_STATE_PAUSED;
		return 0;
	default: /* HVKIT_HC_VM_RESET */
		fk.state = HVKIT_VM_STATE_CREATED;
		fk.step = 0;
		return 0;
	}
}

static long fake_hv_info(unsigned long gpa)
{
	struct hvkit_hv_info *a = fake_arg(gpa, sizeof(*a));

	if (!a)
		return -HVKIT_EFAULT;
	a->abi_version = HVKIT_ABI_VERSION;
	a->self_id = 0;
	a->free_pages = ram_size >> PAGE_SHIFT;
	a->cpu_count = num_online_cpus();
	return 0;
}

static long fake_vcpu_set_state(unsigned long gpa)
{
	struct hvkit_vcpu_state *a = fake_arg(gpa, sizeof(*a));

	if (!a)
		return -HVKIT_EFAULT;
	if (a->id != FAKE_VM_ID || !fk.exists)
		return -HVKIT_ENOENT;
	return a->vcpu == 0 ? 0 : -HVKIT_EINVAL;
}

static long fake_call(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
	switch (nr) {
	case HVKIT_HC_VERSION:
		return HVKIT_ABI_VERSION;
	case HVKIT_HC_SELF_ID:
		return 0;
	case HVKIT_HC_HV_INFO:
		return fake_hv_info(a1);
	case HVKIT_HC_VM_CREATE:
		return fake_vm_create(a1);
	case HVKIT_HC_VM_SET_MEMORY:
		return fake_set_memory(a1);
	case HVKIT_HC_IOREQ_SETUP:
		return fake_ioreq_setup(a1, a2);
	case HVKIT_HC_VM_START:
	case HVKIT_HC_VM_PAUSE:
	case HVKIT_HC_VM_RESET:
		return fake_vm_op(nr, a1);
	case HVKIT_HC_VM_DESTROY:
		return fake_destroy(a1);
	case HVKIT_HC_VCPU_SET_STATE:
		return fake_vcpu_set_state(a1);
	case HVKIT_HC_VM_STATUS:
		return fake_vm_status(a1);
	case HVKIT_HC_IOREQ_COMPLETE:
		return fake_ioreq_complete(a1, a2);
	case HVKIT_HC_INJECT_IRQ:
	case HVKIT_HC_INJECT_MSI:
		return a1 == FAKE_VM_ID && fk.exists ? 0 : -HVKIT_ENOENT;
	default:
		return -HVKIT_ENOSYS;
	}
}

long hvkit_vmcall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
	long ret;

	mutex_lock(&fk.lock);
	ret = fake_call(nr, a1, a2, a3);
	mutex_unlock(&fk.lock);
	return ret;
}

bool hvkit_hv_detect(void)
{
	struct resource res;
	int irq;

	mutex_init(&fk.lock);
	INIT_DELAYED_WORK(&fk.vcpu, fake_vcpu_step);
	INIT_DELAYED_WORK(&fk.teardown, fake_teardown);
	/* No owner module (irq_alloc_desc would name this one): requesting the IRQ would then pin the module,
	 * and its exit, which unregisters the device that holds the IRQ, could never run. */
	irq = __irq_alloc_descs(-1, 0, 1, NUMA_NO_NODE, NULL, NULL);
	if (irq < 0) {
		pr_err("hvkit-fake: no IRQ descriptor (%d)\n", irq);
		return false;
	}
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	fk.irq = irq;
	memset(&res, 0, sizeof(res));
	res.start = irq;
	res.end = irq;
	res.flags = IORESOURCE_IRQ;
	fk.pdev = platform_device_register_simple("hvkit", PLATFORM_DEVID_NONE, &res, 1);
	if (IS_ERR(fk.pdev)) {
		pr_err("hvkit-fake: cannot register the control device (%ld)\n", PTR_ERR(fk.pdev));
		fk.pdev = NULL;
		irq_free_desc(irq);
		return false;
	}
	pr_info("hvkit-fake: a pretend hypervisor: control device 'hvkit' with software upcall irq %d, VM '%s' RAM at %#lx (+%#lx)\n",
		irq, FAKE_VM_NAME, ram_base, ram_size);
	return true;
}

void hvkit_hv_cleanup(void)
{
	if (!fk.pdev)
		return;
	platform_device_unregister(fk.pdev);
	fk.pdev = NULL;
	cancel_delayed_work_sync(&fk.vcpu);
	cancel_delayed_work_sync(&fk.teardown);
	irq_free_desc(fk.irq);
	pr_info("hvkit-fake: %u VMs created, %u destroyed, %u left\n", fk.created, fk.destroyed,
		fk.exists ? 1u : 0u);
}
