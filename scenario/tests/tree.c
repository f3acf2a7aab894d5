/* SPDX-License-Identifier: BSD-3-Clause */
/* Test helpers: see tree.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include <hvkit/errno.h>
#include "tree.h"

struct collected col;
static uint8_t buf[TREE_SIZE];

static int node(void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("no node %s in the test tree", path);
	return off;
}

static void ok(int err, const char *what)
{
	if (err < 0)
		fail_msg("libfdt %s: %s", what, fdt_strerror(err));
}

void tree_set_raw(void *fdt, const char *path, const char *prop, const void *bytes, size_t len)
{
	ok(fdt_setprop(fdt, node(fdt, path), prop, bytes, (int)len), prop);
}

void tree_set_u32(void *fdt, const char *path, const char *prop, uint32_t v)
{
	ok(fdt_setprop_u32(fdt, node(fdt, path), prop, v), prop);
}

void tree_set_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells, size_t n)
{
	fdt32_t be[64];

	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	tree_set_raw(fdt, path, prop, be, n * 4);
}

void tree_set_str(void *fdt, const char *path, const char *prop, const char *s)
{
	ok(fdt_setprop_string(fdt, node(fdt, path), prop, s), prop);
}

void tree_del(void *fdt, const char *path, const char *prop)
{
	ok(fdt_delprop(fdt, node(fdt, path), prop), prop);
}

void tree_add_node(void *fdt, const char *parent, const char *name)
{
	ok(fdt_add_subnode(fdt, node(fdt, parent), name), name);
}

void tree_del_node(void *fdt, const char *path)
{
	ok(fdt_del_node(fdt, node(fdt, path)), path);
}

void tree_make_service(void *fdt, const char *path, uint32_t base)
{
	const uint32_t mem[] = { 0, base, 0, 0x2000000 };

	tree_set_str(fdt, path, "load-order", "service");
	tree_del(fdt, path, "host-base");
	tree_set_cells(fdt, path, "guest-memory", mem, 4);
}

static void add_vm(void *fdt, uint32_t id, const char *name, uint32_t cpu, uint32_t host_base)
{
	char path[64], vm[16];
	const uint32_t mem[] = { 0, 0, 0, 0x2000000 };
	const uint32_t host[] = { 0, host_base };

	snprintf(vm, sizeof(vm), "vm@%u", id);
	snprintf(path, sizeof(path), HV "/%s", vm);
	tree_add_node(fdt, HV, vm);
	tree_set_u32(fdt, path, "reg", id);
	tree_set_str(fdt, path, "vm-name", name);
	tree_set_str(fdt, path, "load-order", "pre-launched");
	tree_set_u32(fdt, path, "cpus", cpu);
	tree_set_cells(fdt, path, "guest-memory", mem, 4);
	tree_set_cells(fdt, path, "host-base", host, 2);
	tree_add_node(fdt, path, "kernel");
	strcat(path, "/kernel");
	tree_set_str(fdt, path, "module", "guest_hello");
	tree_set_str(fdt, path, "type", "multiboot-elf");
}

void tree_add_vm(void *fdt, uint32_t id)
{
	char name[16];

	snprintf(name, sizeof(name), "vm%u", id);
	add_vm(fdt, id, name, id, 0x10000000u + id * 0x2000000u);
}

void *tree_base(void)
{
	void *fdt = buf;

	ok(fdt_create_empty_tree(fdt, TREE_SIZE), "create");
	tree_add_node(fdt, "/", "chosen");
	tree_add_node(fdt, "/chosen", "hypervisor");
	tree_set_str(fdt, HV, "compatible", "hvkit,scenario");
	tree_set_u32(fdt, HV, "version", 1);
	tree_set_u32(fdt, HV, "#address-cells", 1);
	tree_set_u32(fdt, HV, "#size-cells", 0);
	/* fdt_add_subnode puts a new node first among its siblings: add vm@1, then vm@0. */
	add_vm(fdt, 1, "vm1", 1, 0x12000000u);
	add_vm(fdt, 0, "rt0", 0, 0x10000000u);
	return fdt;
}

static void collect(void *ctx, const char *message)
{
	struct collected *c = ctx;

	if (c->n < COLLECT_MAX)
		snprintf(c->line[c->n], sizeof(c->line[0]), "%s", message);
	c->n++;
}

int load(const void *fdt, const struct scenario_platform *plat, struct scenario *sc)
{
	struct scenario_report rep = { collect, &col, 0 };
	int rc;

	memset(&col, 0, sizeof(col));
	rc = scenario_load(fdt, fdt_totalsize(fdt), plat, sc, &rep);
	assert_int_equal(rep.errors, col.n);
	return rc;
}

void expect_refused(const void *fdt, const struct scenario_platform *plat, const char *expected)
{
	static struct scenario sc;
	int rc = load(fdt, plat, &sc);

	for (unsigned int i = 0; i < col.n && i < COLLECT_MAX; i++)
		print_message("reported: %s\n", col.line[i]);
	assert_int_equal(rc, -HV_EINVAL);
	assert_int_equal(sc.vm_count, 0);
	assert_int_equal(col.n, 1);
	assert_string_equal(col.line[0], expected);
}

void expect_accepted(const void *fdt, const struct scenario_platform *plat, struct scenario *sc)
{
	int rc = load(fdt, plat, sc);

	for (unsigned int i = 0; i < col.n && i < COLLECT_MAX; i++)
		print_message("reported: %s\n", col.line[i]);
	assert_int_equal(col.n, 0);
	assert_int_equal(rc, 0);
}
