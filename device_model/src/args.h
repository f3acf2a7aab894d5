/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-dm's command line, parsed without global state (no getopt), so tests can parse many times. */
#ifndef DM_ARGS_H
#define DM_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DM_CPUS_MAX 64u               /* one ioreq slot per vCPU (HVKIT_IOREQ_SLOTS) */
#define DM_MEM_ALIGN 4096u
#define DM_VIRTIO_MAX 8u              /* virtio devices, one per PCI slot (vpci.h VPCI_SLOTS) */
#define DM_MEM_MAX 0xc0000000ull      /* RAM ends below the PCI hole (vpci.h VPCI_HOLE_BASE) */

enum dm_virtio_kind { DM_VIRTIO_BLK, DM_VIRTIO_CONSOLE, DM_VIRTIO_NET };

/* One --virtio-* option; devices get PCI slots 1, 2, ... in command-line order. */
struct dm_virtio_arg {
	enum dm_virtio_kind kind;
	const char *arg; /* blk: the disk image file; net: the tap's name; console: NULL */
};

struct dm_args {
	const char *name;    /* the scenario's post-launched VM, 1..31 printable characters, no spaces */
	uint64_t mem_size;   /* bytes, a 4 KiB multiple */
	uint32_t cpus;       /* 1..DM_CPUS_MAX, default 1 */
	const char *kernel;  /* Multiboot ELF, Linux vmlinux with the PVH note, or bzImage */
	const char *initrd;  /* NULL when not given (Linux only) */
	const char *cmdline; /* "" when not given */
	struct dm_virtio_arg virtio[DM_VIRTIO_MAX];
	unsigned nvirtio;
	bool help;
};

/*
 * Parse argv[1..argc). Returns 0, or -1 with a one-line reason in err. --help (or -h) ends parsing
 * with a->help set and nothing checked. Options take their value as the next argument or after '='.
 */
int dm_args_parse(int argc, char *const argv[], struct dm_args *a, char *err, size_t errlen);

/* "64M", "4096", "0x10000", "1G": a byte count with an optional K/M/G (KiB, MiB, GiB) suffix. 0 or -1. */
int dm_parse_size(const char *s, uint64_t *out);

/* The --help text. */
extern const char dm_usage[];

#endif
