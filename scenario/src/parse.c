/* SPDX-License-Identifier: BSD-3-Clause */
/* scenario_parse: the blob, the /chosen/hypervisor node and its list of VM nodes. */
#include <string.h>
#include "sc_fdt.h"
#include <hvkit/errno.h>
#include "sc_msg.h"
#include "sc_parse.h"

static const char *const hv_props[] = { "compatible", "version", "#address-cells", "#size-cells", "sched-policy",
					 NULL };
static void parse_root(const struct sc_node *n, struct scenario *out)
{
	int len;
	const char *compat = fdt_getprop(n->fdt, n->offset, "compatible", &len);
	enum sc_got got;

	if (compat == NULL)
		sc_missing(n, "compatible", "expected \"hvkit,scenario\"");
	else if (fdt_stringlist_contains(compat, len, "hvkit,scenario") == 0)
		sc_fail(n->rep, n->node, n->sub, "compatible", "does not contain \"hvkit,scenario\"");

	got = sc_u32(n, "version", &out->version);
	if (got == SC_ABSENT) {
		sc_missing(n, "version", NULL);
	} else if (got == SC_OK && out->version != SCENARIO_VERSION) {
		sc_fail(n->rep, n->node, n->sub, "version", "version %u is not supported (this hypervisor reads version %u)", out->version, SCENARIO_VERSION);
	}
}

static void parse_vms(const struct sc_node *hv, struct scenario *out)
{
	int off;
	uint32_t seen = 0;

	sc_for_each_subnode(off, hv->fdt, hv->offset) {
		const char *name = fdt_get_name(hv->fdt, off, NULL);
		struct sc_node vmn = { hv->fdt, off, name, NULL, hv->rep };

		if (name == NULL)
			continue;
		if (strcmp(name, "vm") != 0 && strncmp(name, "vm@", 3) != 0) {
			sc_fail(hv->rep, NULL, NULL, NULL, "sub-node \"%s\" is not part of the binding (VM nodes are named vm@<id>)", name);
			continue;
		}
		seen++;
		if (out->vm_count == SCENARIO_MAX_VMS)
			continue;
		sc_parse_vm(&vmn, &out->vms[out->vm_count++]);
	}
	/* None at all is scenario_validate's error (it checks hand-built scenarios too). */
	if (seen > SCENARIO_MAX_VMS)
		sc_fail(hv->rep, NULL, NULL, NULL, "has %u VM nodes, at most %u are supported", seen, SCENARIO_MAX_VMS);
}

/* Header words 5 and 6: the blob's version and the oldest version it is compatible with; dtc writes 17 and 16. */
static bool version_readable(const void *fdt)
{
	return sc_fdt_header_word(fdt, 5) >= 16 && sc_fdt_header_word(fdt, 6) <= 17;
}

/* A whole, well-formed device tree blob of a version libfdt reads safely; 0 or -HV_EINVAL after the error. */
static int check_blob(const void *fdt, size_t size, struct scenario_report *rep)
{
	if (fdt == NULL || size < SC_FDT_HEADER_SIZE) {
		sc_fail(rep, "/", NULL, NULL, "not a device tree blob (shorter than its header)");
		return -HV_EINVAL;
	}
	/*
	 * libfdt 1.6.1's fdt_check_full() dereferences NULL on blobs older than version 16
	 * (names stored as full paths): check the header and the version before it runs.
	 */
	int err = fdt_check_header(fdt);
	if (err == 0 && !version_readable(fdt)) {
		sc_fail(rep, "/", NULL, NULL, "unsupported device tree version (dtc's versions 16 and 17 are)");
		return -HV_EINVAL;
	}
	if (err == 0)
		err = fdt_check_full(fdt, size);
	if (err != 0) {
		sc_fail(rep, "/", NULL, NULL, "not a valid device tree blob: %s", fdt_strerror(err));
		return -HV_EINVAL;
	}
	return 0;
}

int scenario_parse(const void *fdt, size_t size, struct scenario *out, struct scenario_report *rep)
{
	struct scenario_report quiet = { NULL, NULL, 0 };
	uint32_t before;
	int off;

	if (rep == NULL)
		rep = &quiet;
	before = rep->errors;
	memset(out, 0, sizeof(*out));

	if (check_blob(fdt, size, rep) != 0)
		return -HV_EINVAL;
	off = fdt_path_offset(fdt, SCENARIO_NODE_PATH);
	if (off < 0) {
		sc_fail(rep, NULL, NULL, NULL, "node is missing (a scenario lives there)");
		return -HV_EINVAL;
	}

	struct sc_node hv = { fdt, off, NULL, NULL, rep };

	sc_only_known(&hv, hv_props, NULL);
	parse_root(&hv, out);
	sc_parse_sched_policy(&hv, out);
	parse_vms(&hv, out);
	return rep->errors == before ? 0 : -HV_EINVAL;
}
