/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Print hc_table() one entry a line, for check_doc_table.py:
 *   NUMBER NAME KINDS ARG0 ARG1 ARG2 STRUCT
 * NUMBER in hex (0x%03x), KINDS a comma list of pre-launched/service/post-launched, the arguments
 * and the structure by their enum names in lower case (none, vm_id, ..., vm_create, ...).
 */
#include <stdio.h>

#include <hypercall/hypercall.h>

static const char *arg_name(enum hc_arg a)
{
	switch (a) {
	case HC_ARG_NONE: return "none";
	case HC_ARG_VM_ID: return "vm_id";
	case HC_ARG_VCPU: return "vcpu";
	case HC_ARG_PIN: return "pin";
	case HC_ARG_IRQ_LEVEL: return "irq_level";
	case HC_ARG_MSI_ADDR: return "msi_addr";
	case HC_ARG_MSI_DATA: return "msi_data";
	case HC_ARG_STRUCT: return "struct";
	case HC_ARG_PAGE: return "page";
	}
	return "?";
}

static const char *struct_name(enum hc_struct t)
{
	switch (t) {
	case HC_STRUCT_NONE: return "none";
	case HC_STRUCT_HV_INFO: return "hv_info";
	case HC_STRUCT_VM_CREATE: return "vm_create";
	case HC_STRUCT_VM_MEMORY: return "vm_memory";
	case HC_STRUCT_VCPU_STATE: return "vcpu_state";
	case HC_STRUCT_VM_STATUS: return "vm_status";
	}
	return "?";
}

int main(void)
{
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++) {
		char kinds[64] = "";
		int len = 0;
		if (t[i].kinds & HC_KIND_PRE_LAUNCHED)
			len += snprintf(kinds + len, sizeof(kinds) - (size_t)len, "%spre-launched", len ? "," : "");
		if (t[i].kinds & HC_KIND_SERVICE)
			len += snprintf(kinds + len, sizeof(kinds) - (size_t)len, "%sservice", len ? "," : "");
		if (t[i].kinds & HC_KIND_POST_LAUNCHED)
			len += snprintf(kinds + len, sizeof(kinds) - (size_t)len, "%spost-launched", len ? "," : "");
		printf("0x%03x %s %s %s %s %s %s\n", (unsigned int)t[i].nr, t[i].name, len ? kinds : "-",
		       arg_name(t[i].arg[0]), arg_name(t[i].arg[1]), arg_name(t[i].arg[2]), struct_name(t[i].type));
	}
	return 0;
}
