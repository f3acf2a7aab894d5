/* SPDX-License-Identifier: BSD-3-Clause */
/* Test helpers: scenarios built in C with libfdt, then changed one property at a time. */
#ifndef SCENARIO_TEST_TREE_H
#define SCENARIO_TEST_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <scenario/scenario.h>

#define TREE_SIZE 65536
#define VM0 "/chosen/hypervisor/vm@0"
#define VM1 "/chosen/hypervisor/vm@1"
#define HV "/chosen/hypervisor"

/*
 * A valid scenario in a TREE_SIZE buffer:
 *   vm@0 "rt0": pre-launched, cpus <0>, 32 MiB at guest 0 / host 0x10000000, kernel "guest_hello"
 *   vm@1 "vm1": pre-launched, cpus <1>, 32 MiB at guest 0 / host 0x12000000, kernel "guest_hello"
 */
void *tree_base(void);
/* Change the tree (each asserts that libfdt succeeded). */
void tree_set_u32(void *fdt, const char *path, const char *prop, uint32_t v);
void tree_set_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells, size_t n);
void tree_set_str(void *fdt, const char *path, const char *prop, const char *s);
void tree_set_raw(void *fdt, const char *path, const char *prop, const void *bytes, size_t len);
void tree_del(void *fdt, const char *path, const char *prop);
void tree_add_node(void *fdt, const char *parent, const char *name);
void tree_del_node(void *fdt, const char *path);
/*
 * Make the VM at path the Service VM: load-order "service", no host-base, and its 32 MiB identity-mapped
 * at host address base (guest-memory = <0 base 0 0x2000000>).
 */
void tree_make_service(void *fdt, const char *path, uint32_t base);
/* Add a copy of vm@1 called vm@<id>, with reg <id>, vm-name "vm<id>", cpus <id> and host-base id*32 MiB + 0x10000000. */
void tree_add_vm(void *fdt, uint32_t id);

/* Errors reported through a scenario_report, kept for assertions. */
#define COLLECT_MAX 32
struct collected {
	unsigned int n;
	char line[COLLECT_MAX][512];
};
extern struct collected col;

/* Load fdt with plat (may be NULL) collecting into col (cleared first); returns scenario_load's result. */
int load(const void *fdt, const struct scenario_platform *plat, struct scenario *sc);
/*
 * Load fdt and assert that it is refused with exactly one error, equal to expected,
 * and that the scenario came back with no VMs.
 */
void expect_refused(const void *fdt, const struct scenario_platform *plat, const char *expected);
/* Load fdt and assert it is accepted with no error. */
void expect_accepted(const void *fdt, const struct scenario_platform *plat, struct scenario *sc);

#endif
