/* SPDX-License-Identifier: BSD-3-Clause */
#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <hvkit/abi/hypercall.h>

const char dm_usage[] =
	"usage: hvkit-dm --name NAME --mem SIZE [--cpus N] --kernel FILE [--initrd FILE] [--cmdline \"...\"]\n"
	"                [--virtio-blk FILE] [--virtio-console] [--virtio-net TAP] ...\n"
	"\n"
	"Creates the scenario's post-launched VM NAME through /dev/hvkit (hvkit.ko), loads the kernel FILE into\n"
	"its RAM (a Multiboot ELF, or Linux: a vmlinux with its PVH entry note, with ACPI tables and an initrd),\n"
	"starts it and serves its I/O requests: a 16550 UART at 0x3f8 (output printed here as \"[NAME] line\"),\n"
	"the debug-exit port 0xf4 (a write of N ends the VM; hvkit-dm exits with N & 0xff).\n"
	"\n"
	"  --name NAME      post-launched VM of the scenario (1-31 characters, no spaces)\n"
	"  --mem SIZE       RAM at guest-physical 0: bytes, or with a K, M or G suffix; a 4 KiB multiple\n"
	"  --cpus N         vCPUs, 1-64 (default 1)\n"
	"  --kernel FILE    Multiboot v1 ELF image, or a Linux vmlinux with the PVH note (ELF, found by its format)\n"
	"  --initrd FILE    Linux: the initramfs (default none)\n"
	"  --cmdline TEXT   the kernel's command line (default empty)\n"
	"  --virtio-blk FILE   a virtio-blk disk on FILE (PCI slots 1, 2, ... in option order; at most 8 devices)\n"
	"  --virtio-console    a virtio-console whose output is printed here as \"[NAME] line\"\n"
	"  --virtio-net TAP    a virtio-net on the Service VM's tap device TAP\n"
	"  --help           this text\n"
	"\n"
	"Exit status: the guest's debug-exit value & 0xff; 128+N after signal N (SIGINT, SIGTERM: the VM is\n"
	"destroyed); 124 when the hypervisor stopped the VM; 125 when hvkit-dm itself failed.\n";

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

int dm_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, base = 10;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	const char *digits = p;
	for (;; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (p == digits)
		return -1;
	unsigned shift = 0;
	switch (*p) {
	case '\0':
		break;
	case 'k': case 'K': shift = 10; p++; break;
	case 'm': case 'M': shift = 20; p++; break;
	case 'g': case 'G': shift = 30; p++; break;
	default:
		return -1;
	}
	if (*p != '\0' || v > (UINT64_MAX >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

static int check_name(const char *n, char *err, size_t len)
{
	size_t l = strlen(n);
	if (l == 0 || l >= HVKIT_VM_NAME_MAX)
		return fail(err, len, "--name '%s': 1 to %u characters", n, HVKIT_VM_NAME_MAX - 1);
	for (size_t i = 0; i < l; i++)
		if ((unsigned char)n[i] <= ' ' || (unsigned char)n[i] > '~')
			return fail(err, len, "--name '%s': printable characters only, no spaces", n);
	return 0;
}

static int take_value(int argc, char *const argv[], int *i, const char *eq, const char **val, char *err, size_t len)
{
	if (eq) {
		*val = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return fail(err, len, "%s needs a value", argv[*i]);
	*val = argv[++*i];
	return 0;
}

int dm_args_parse(int argc, char *const argv[], struct dm_args *a, char *err, size_t len)
{
	const char *mem = NULL, *cpus = NULL;

	*a = (struct dm_args){ .cpus = 1, .cmdline = "" };
	err[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq = strchr(arg, '='), *val = NULL;
		size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);
		const char **slot;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
			return 0;
		}
		int kind = klen == 12 && strncmp(arg, "--virtio-blk", klen) == 0   ? DM_VIRTIO_BLK
			   : klen == 12 && strncmp(arg, "--virtio-net", klen) == 0 ? DM_VIRTIO_NET
			   : strcmp(arg, "--virtio-console") == 0                  ? DM_VIRTIO_CONSOLE
										   : -1;
		if (kind >= 0) {
			if (a->nvirtio == DM_VIRTIO_MAX)
				return fail(err, len, "%s: at most %u virtio devices", arg, DM_VIRTIO_MAX);
			if (kind != DM_VIRTIO_CONSOLE && take_value(argc, argv, &i, eq, &val, err, len))
				return -1;
			if (kind != DM_VIRTIO_CONSOLE && val[0] == '\0')
				return fail(err, len, "%.*s: an empty %s", (int)klen, arg,
					    kind == DM_VIRTIO_BLK ? "file name" : "tap name");
			a->virtio[a->nvirtio++] = (struct dm_virtio_arg){ (enum dm_virtio_kind)kind, val };
			continue;
		}
		if (klen == 6 && strncmp(arg, "--name", klen) == 0)
			slot = &a->name;
		else if (klen == 5 && strncmp(arg, "--mem", klen) == 0)
			slot = &mem;
		else if (klen == 6 && strncmp(arg, "--cpus", klen) == 0)
			slot = &cpus;
		else if (klen == 8 && strncmp(arg, "--kernel", klen) == 0)
			slot = &a->kernel;
		else if (klen == 9 && strncmp(arg, "--cmdline", klen) == 0)
			slot = &a->cmdline;
		else if (klen == 8 && strncmp(arg, "--initrd", klen) == 0)
			slot = &a->initrd;
		else
			return fail(err, len, "unknown argument '%s'", arg);
		if (take_value(argc, argv, &i, eq, &val, err, len))
			return -1;
		*slot = val;
	}
	if (!a->name || !mem || !a->kernel)
		return fail(err, len, "--%s is required", !a->name ? "name" : !mem ? "mem" : "kernel");
	if (check_name(a->name, err, len))
		return -1;
	if (dm_parse_size(mem, &a->mem_size) || a->mem_size == 0 || a->mem_size % DM_MEM_ALIGN)
		return fail(err, len, "--mem '%s': a size such as 64M, a non-zero multiple of 4 KiB", mem);
	if (a->mem_size > DM_MEM_MAX)
		return fail(err, len, "--mem '%s': at most 3G (the PCI hole starts at 3 GiB)", mem);
	if (cpus) {
		uint64_t n;
		if (dm_parse_size(cpus, &n) || strpbrk(cpus, "kKmMgG") || n < 1 || n > DM_CPUS_MAX)
			return fail(err, len, "--cpus '%s': a number from 1 to %u", cpus, DM_CPUS_MAX);
		a->cpus = (uint32_t)n;
	}
	if (a->kernel[0] == '\0')
		return fail(err, len, "--kernel: an empty file name");
	if (a->initrd && a->initrd[0] == '\0')
		return fail(err, len, "--initrd: an empty file name");
	return 0;
}
