// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvkit.ko: the Service VM's driver for the hvkit hypervisor.
 *
 * Module init makes sure it runs on hvkit (vmcall.c: CPUID 0x40000000 says "hvkithvkithv") before its
 * first VMCALL, and that the hypervisor speaks this ABI version; natively it logs one line, registers
 * nothing and stays loaded doing nothing. On hvkit it registers a platform driver that binds to the control device the
 * hypervisor describes in the Service VM's DSDT (_HID "HVKT0001", one interrupt: the upcall), takes that
 * interrupt and creates /dev/hvkit.
 */
#include <linux/acpi.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "hvkit.h"

struct hvkit_hv hvkit_hv;

static bool hvkit_present;        /* the CPUID signature was found and the ABI version matches */
static bool hvkit_bound;          /* a control device is bound (there is only one) */

/* The upcall: the hypervisor raises it when a slot becomes PENDING or a post-launched VM stops. Every
 * waiter rescans its own VM, so one counter and one queue serve all VMs. */
static irqreturn_t hvkit_upcall(int irq, void *data)
{
	struct hvkit_hv *hv = data;

	atomic_inc(&hv->upcalls);
	wake_up_all(&hv->upcall_wq);
	return IRQ_HANDLED;
}

static int hvkit_probe(struct platform_device *pdev)
{
	int irq, ret;

	if (hvkit_bound) {
		dev_err(&pdev->dev, "a second hvkit control device: ignored\n");
		return -EBUSY;
	}
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, hvkit_upcall, 0, "hvkit-upcall", &hvkit_hv);
	if (ret) {
		dev_err(&pdev->dev, "cannot take the upcall interrupt %d: %d\n", irq, ret);
		return ret;
	}
	ret = hvkit_dev_register();
	if (ret) {
		dev_err(&pdev->dev, "cannot register /dev/hvkit: %d\n", ret);
		return ret;
	}
	hvkit_bound = true;
	dev_info(&pdev->dev, "hvkit control device bound: upcall irq %d, /dev/hvkit ready (ABI %u, Service VM id %u)\n",
		 irq, HVKIT_ABI_VERSION, hvkit_hv.self_id);
	return 0;
}

static int hvkit_remove(struct platform_device *pdev)
{
	/* Unbinding through sysfs is suppressed, so this runs at module unload, when no file is open (each
	 * open file holds a reference on the module). */
	hvkit_dev_unregister();
	hvkit_bound = false;
	return 0;
}

static const struct acpi_device_id hvkit_acpi_ids[] = {
	{ "HVKT0001", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, hvkit_acpi_ids);

static struct platform_driver hvkit_driver = {
	.probe = hvkit_probe,
	.remove = hvkit_remove,
	.driver = {
		.name = "hvkit",
		.acpi_match_table = hvkit_acpi_ids,
		.suppress_bind_attrs = true,
	},
};

static int __init hvkit_init(void)
{
	long version, self;
	int ret;

	if (!hvkit_hv_detect()) {
		pr_info("hvkit: no hvkit hypervisor (CPUID 0x%x has no \"%s\" signature): no /dev/hvkit\n",
			HVKIT_CPUID_SIGNATURE_LEAF, HVKIT_CPUID_SIGNATURE);
		return 0;
	}
	version = hvkit_hc_version();
	if (version != HVKIT_ABI_VERSION) {
		pr_err("hvkit: the hypervisor speaks ABI %ld, this driver %u: not loading\n",
		       version, HVKIT_ABI_VERSION);
		hvkit_hv_cleanup();
		return -EPROTONOSUPPORT;
	}
	self = hvkit_hc_self_id();
	if (self < 0) {
		pr_err("hvkit: HVKIT_HC_SELF_ID failed (%ld): not loading\n", self);
		hvkit_hv_cleanup();
		return self;
	}
	hvkit_hv.self_id = self;
	init_waitqueue_head(&hvkit_hv.upcall_wq);
	atomic_set(&hvkit_hv.upcalls, 0);
	ret = platform_driver_register(&hvkit_driver);
	if (ret) {
		hvkit_hv_cleanup();
		return ret;
	}
	hvkit_present = true;
	return 0;
}

static void __exit hvkit_exit(void)
{
	if (hvkit_present)
		platform_driver_unregister(&hvkit_driver);
	hvkit_hv_cleanup();
}

module_init(hvkit_init);
module_exit(hvkit_exit);

MODULE_DESCRIPTION("hvkit Service VM driver: hypercalls, /dev/hvkit and the ioreq client");
MODULE_LICENSE("GPL");
