/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit's hypercalls: one entry each, with the kinds of VM allowed to make it (docs/hypercalls.md). */
#include <hypercall/hypercall.h>

#define SERVICE HC_KIND_SERVICE
#define ANY HC_KIND_ANY

static const struct hc_desc table[] = {
	{ HVKIT_HC_VERSION, "version", ANY, { HC_ARG_NONE, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_EXIT_COUNT, "exit_count", ANY, { HC_ARG_NONE, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_WATCHDOG, "watchdog", ANY, { HC_ARG_NONE, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_SELF_ID, "self_id", ANY, { HC_ARG_NONE, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_HV_INFO, "hv_info", SERVICE, { HC_ARG_STRUCT, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_HV_INFO },
	{ HVKIT_HC_VM_CREATE, "vm_create", SERVICE, { HC_ARG_STRUCT, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_VM_CREATE },
	{ HVKIT_HC_VM_START, "vm_start", SERVICE, { HC_ARG_VM_ID, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_VM_PAUSE, "vm_pause", SERVICE, { HC_ARG_VM_ID, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_VM_RESET, "vm_reset", SERVICE, { HC_ARG_VM_ID, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_VM_DESTROY, "vm_destroy", SERVICE, { HC_ARG_VM_ID, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_VM_SET_MEMORY, "vm_set_memory", SERVICE, { HC_ARG_STRUCT, HC_ARG_NONE, HC_ARG_NONE },
	  HC_STRUCT_VM_MEMORY },
	{ HVKIT_HC_VCPU_SET_STATE, "vcpu_set_state", SERVICE, { HC_ARG_STRUCT, HC_ARG_NONE, HC_ARG_NONE },
	  HC_STRUCT_VCPU_STATE },
	{ HVKIT_HC_IOREQ_SETUP, "ioreq_setup", SERVICE, { HC_ARG_VM_ID, HC_ARG_PAGE, HC_ARG_NONE }, HC_STRUCT_NONE },
	{ HVKIT_HC_IOREQ_COMPLETE, "ioreq_complete", SERVICE, { HC_ARG_VM_ID, HC_ARG_VCPU, HC_ARG_NONE },
	  HC_STRUCT_NONE },
	{ HVKIT_HC_INJECT_IRQ, "inject_irq", SERVICE, { HC_ARG_VM_ID, HC_ARG_PIN, HC_ARG_IRQ_LEVEL }, HC_STRUCT_NONE },
	{ HVKIT_HC_INJECT_MSI, "inject_msi", SERVICE, { HC_ARG_VM_ID, HC_ARG_MSI_ADDR, HC_ARG_MSI_DATA },
	  HC_STRUCT_NONE },
	{ HVKIT_HC_VM_STATUS, "vm_status", SERVICE, { HC_ARG_STRUCT, HC_ARG_NONE, HC_ARG_NONE }, HC_STRUCT_VM_STATUS },
};

const struct hc_desc *hc_lookup(uint64_t nr)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].nr == nr)
			return &table[i];
	return NULL;
}

const struct hc_desc *hc_table(size_t *count)
{
	*count = sizeof(table) / sizeof(table[0]);
	return table;
}
