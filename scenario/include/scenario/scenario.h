/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit scenarios: which VMs a hypervisor image starts and what each one owns.
 *
 * A scenario is a flattened device tree (docs/scenario.md describes the binding).
 * scenario_load() turns a DTB into the plain structures below and checks them
 * against the platform; the hypervisor starts no VM from a scenario that failed
 * to load (scenario_load() leaves it with zero VMs).
 *
 * The structures have fixed sizes (maxima below); nothing is allocated. The same
 * code runs in the image (freestanding) and in the host tool hvkit-scenario.
 */
#ifndef HVKIT_SCENARIO_H
#define HVKIT_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCENARIO_VERSION 1u          /* the only "version" this parser accepts */
#define SCENARIO_MAX_VMS 8u          /* VM nodes per scenario */
#define SCENARIO_MAX_CPUS 64u        /* physical CPU indexes are 0..SCENARIO_MAX_CPUS-1 */
#define SCENARIO_MAX_VM_CPUS 16u     /* entries in one VM's "cpus" */
#define SCENARIO_MAX_MEM_RANGES 8u   /* guest-physical ranges per VM */
#define SCENARIO_MAX_PIO_RANGES 8u   /* pass-through I/O port ranges per VM */
#define SCENARIO_MAX_PCI_DEVS 8u     /* pass-through PCI functions per VM */
#define SCENARIO_NAME_MAX 32u        /* "vm-name", with its NUL */
#define SCENARIO_NODE_MAX 32u        /* a VM node's name (e.g. "vm@0"), with its NUL */
#define SCENARIO_MODULE_MAX 128u     /* a boot-module name, with its NUL */
#define SCENARIO_CMDLINE_MAX 256u    /* "bootargs", with its NUL */
#define SCENARIO_PAGE_SIZE 4096u     /* every memory base and size is a multiple */

/* Where the scenario is found inside the device tree. */
#define SCENARIO_NODE_PATH "/chosen/hypervisor"

enum scenario_load_order {
	SCENARIO_PRE_LAUNCHED = 0,  /* "pre-launched": started by the hypervisor at boot, owns its resources */
	SCENARIO_SERVICE = 1,       /* "service": started at boot, owns the rest of the platform */
	SCENARIO_POST_LAUNCHED = 2, /* "post-launched": created later through the Service VM */
};

enum scenario_kernel_type {
	SCENARIO_KERNEL_MULTIBOOT_ELF = 0, /* "multiboot-elf": ELF with a Multiboot header */
	SCENARIO_KERNEL_RAW = 1,           /* "raw": flat binary, copied to load_addr, entered at entry_addr */
	SCENARIO_KERNEL_BZIMAGE = 2,       /* "bzimage": Linux boot protocol */
	SCENARIO_KERNEL_PVH = 3,           /* "pvh": ELF vmlinux entered at its PVH note (Xen PVH boot ABI) */
};

struct scenario_range {
	uint64_t base;
	uint64_t size;
};

struct scenario_pio_range {
	uint16_t base;
	uint32_t count; /* base + count <= 0x10000 */
};

struct scenario_pci_dev {
	uint16_t segment;
	uint8_t bus;
	uint8_t device;   /* 0..31 */
	uint8_t function; /* 0..7 */
};

/* Returned by scenario_vm_host_range() for a VM whose host memory the core allocates. */
#define SCENARIO_HOST_BASE_ANY UINT64_MAX

struct vm_config {
	uint32_t id;                    /* "reg" */
	char node[SCENARIO_NODE_MAX];   /* node name under /chosen/hypervisor, for messages */
	char name[SCENARIO_NAME_MAX];   /* "vm-name" */
	enum scenario_load_order load_order;

	/* Physical CPU indexes; a pre-launched VM's vCPU i runs on cpus[i]. */
	uint32_t cpu_count;
	uint8_t cpus[SCENARIO_MAX_VM_CPUS];

	/* Guest-physical RAM. For a VM with host_base != SCENARIO_HOST_BASE_ANY the ranges
	 * sit back to back in host memory from host_base, in the order listed. A Service VM's
	 * RAM is identity-mapped: its ranges are host addresses and it has no host_base. A
	 * post-launched VM's ranges are the most RAM its device model may give it. */
	uint32_t mem_count;
	struct scenario_range mem[SCENARIO_MAX_MEM_RANGES];
	uint64_t host_base;             /* "host-base"; SCENARIO_HOST_BASE_ANY when absent */

	char kernel[SCENARIO_MODULE_MAX];   /* boot-module name; "" for a post-launched VM without a
					     * kernel node (its device model loads the kernel) */
	enum scenario_kernel_type kernel_type;
	uint64_t kernel_load_addr;          /* raw only (guest-physical) */
	uint64_t kernel_entry_addr;         /* raw only (guest-physical) */
	char bootargs[SCENARIO_CMDLINE_MAX];
	bool has_ramdisk;
	char ramdisk[SCENARIO_MODULE_MAX];  /* boot-module name */

	bool lapic_passthrough;
	bool real_time;
	bool apicv;                         /* "apicv": "on" (default) or "off" */
	uint32_t watchdog_ms;               /* "watchdog-ms": stopped after this long without a watchdog
					     * hypercall (0: no watchdog) */
	uint32_t sched_weight;              /* "sched-weight": BVT share, 1..1024 (0: absent, 1) */
	uint32_t sched_priority;            /* "sched-priority": 0..31 (default 0) */
	uint32_t sched_warp_us;             /* "sched-warp-us": BVT warp of a vCPU woken by I/O (0: none) */
	bool no_x2apic;                     /* "x2apic": "on" (default) or "off" (an xAPIC-only CPU) */

	bool has_vuart;
	uint16_t vuart_port;
	uint8_t vuart_irq;
	bool has_debug_exit;
	uint16_t debug_exit_port;

	uint32_t pio_count;
	struct scenario_pio_range pio[SCENARIO_MAX_PIO_RANGES];
	uint32_t pci_count;
	struct scenario_pci_dev pci[SCENARIO_MAX_PCI_DEVS];
};

struct scenario {
	uint32_t version;
	/* "sched-policy": one entry for every CPU, or one per CPU index (CPU i takes entry i). */
	uint32_t sched_policy_count;
	uint8_t sched_policy[SCENARIO_MAX_CPUS]; /* enum scenario_sched */
	uint32_t vm_count;
	struct vm_config vms[SCENARIO_MAX_VMS];
};

/*
 * Facts about the machine, for scenario_validate(). Each fact may be unknown
 * (the host tool usually cannot know them); an unknown fact is not checked.
 */
struct scenario_platform {
	uint32_t cpu_count;                /* CPUs 0..cpu_count-1 exist; 0 = unknown */
	const char *const *modules;        /* boot-module names; NULL = unknown */
	uint32_t module_count;
	const struct scenario_range *ram;  /* usable RAM; NULL = unknown */
	uint32_t ram_count;
	uint32_t kernel_types;             /* bit 1u << type per kernel type the image loads; 0 = unknown */
};

/*
 * Where errors go. Each error is one line without a trailing newline, of the form
 *   scenario: <node path>: property "<name>": <what is wrong>
 * report may be NULL (errors are then only counted). errors counts every error
 * reported through this structure; callers zero it (or not, to accumulate).
 */
struct scenario_report {
	void (*report)(void *ctx, const char *message);
	void *ctx;
	uint32_t errors;
};

/*
 * Parse the DTB at fdt (at most size bytes readable) into *out. Checks the blob
 * itself (fdt_check_full), then every property's presence, type and range, and
 * reports every problem it finds. Returns 0, or -HV_EINVAL when anything was
 * reported (*out is then unusable).
 */
int scenario_parse(const void *fdt, size_t size, struct scenario *out, struct scenario_report *rep);

/*
 * Check a parsed scenario as a whole and against the platform: duplicate VM
 * names or ids, the load-order rules, overlapping memory, CPUs, I/O ports or PCI
 * functions given twice, CPUs, modules and RAM that the platform lacks.
 * Returns 0, or -HV_EINVAL when anything was reported.
 */
int scenario_validate(const struct scenario *sc, const struct scenario_platform *plat,
		      struct scenario_report *rep);

/*
 * The one call the hypervisor makes: parse, then validate. On any error *out is
 * zeroed (vm_count 0) so that no VM can be started from it, and -HV_EINVAL is
 * returned; plat may be NULL (every fact unknown).
 */
int scenario_load(const void *fdt, size_t size, const struct scenario_platform *plat,
		  struct scenario *out, struct scenario_report *rep);

/* Host-physical range [base, base + total guest RAM) of a VM; size 0 when it has no host_base. */
struct scenario_range scenario_vm_host_range(const struct vm_config *vm);

/*
 * Whether a boot module reported by the loader as boot_name is the module the
 * scenario calls want: boot_name equals want, or the first word of boot_name,
 * with any directories stripped, equals want ("/boot/guest_hello arg" matches
 * "guest_hello").
 */
bool scenario_module_matches(const char *want, const char *boot_name);

/* Text of the enum values as written in the DTS ("pre-launched", "raw", ...). */
const char *scenario_load_order_name(enum scenario_load_order o);
const char *scenario_kernel_type_name(enum scenario_kernel_type t);

#endif /* HVKIT_SCENARIO_H */
