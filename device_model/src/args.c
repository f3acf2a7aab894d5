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
	"its RAM (a Multiboot ELF, or Linux: a vmlinux with its PVH entry note or a bzImage with the 64-bit\n"
	"entry, with ACPI tables and an initrd),\n"
	"starts it and serves its I/O requests: a 16550 UART at 0x3f8 (output printed here as \"[NAME] line\"),\n"
	"the debug-exit port 0xf4 (a write of N ends the VM; hvkit-dm exits with N & 0xff).\n"
	"\n"
	"  --name NAME      post-launched VM of the scenario (1-31 characters, no spaces)\n"
	"  --mem SIZE       RAM at guest-physical 0: bytes, or with a K, M or G suffix; a 4 KiB multiple\n"
	"  --cpus N         vCPUs, 1-64 (default 1)\n"
	"  --kernel FILE    Multiboot v1 ELF image, a Linux vmlinux with the PVH note, or a Linux bzImage (found by\n"
	"                   its format)\n"
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

/* A digit's value in base 10 or 16, or -1 when c is none. */
static int digit_value(char c, unsigned int base)
{
	static const char hex[] = "0123456789abcdef";
	char lower = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
	const char *d = lower ? memchr(hex, lower, base) : NULL;
	return d ? (int)(d - hex) : -1;
}

/* The suffix's shift (K, M, G: KiB, MiB, GiB; none: 0), or -1 for another character. */
static int suffix_shift(char c)
{
	static const struct { char lower, upper; int shift; } suffixes[] = {
		{ '\0', '\0', 0 }, { 'k', 'K', 10 }, { 'm', 'M', 20 }, { 'g', 'G', 30 },
	};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (c == suffixes[i].lower || c == suffixes[i].upper)
			return suffixes[i].shift;
	return -1;
}

/* The number's base: 16 after a "0x" or "0X" prefix, which *p moves past, else 10. */
static unsigned int number_base(const char **p)
{
	if ((*p)[0] != '0' || ((*p)[1] != 'x' && (*p)[1] != 'X'))
		return 10;
	*p += 2;
	return 16;
}

int dm_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;
	unsigned int base = number_base(&p);
	const char *digits = p;
	for (int d; (d = digit_value(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			return -1;
		v = v * base + (unsigned int)d;
	}
	int shift = suffix_shift(*p);
	if (p == digits || shift < 0 || (shift && p[1] != '\0') || v > (UINT64_MAX >> shift))
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

/* What an option sets: one of the strings below, or a virtio device. */
enum dm_opt_target { OPT_NAME, OPT_MEM, OPT_CPUS, OPT_KERNEL, OPT_CMDLINE, OPT_INITRD, OPT_VIRTIO };

static const struct dm_option {
	const char *name;
	enum dm_opt_target target;
	enum dm_virtio_kind virtio; /* OPT_VIRTIO */
	bool value;                 /* takes a value (the next argument, or after '=') */
} dm_options[] = {
	{ "--name", OPT_NAME, 0, true },
	{ "--mem", OPT_MEM, 0, true },
	{ "--cpus", OPT_CPUS, 0, true },
	{ "--kernel", OPT_KERNEL, 0, true },
	{ "--cmdline", OPT_CMDLINE, 0, true },
	{ "--initrd", OPT_INITRD, 0, true },
	{ "--virtio-blk", OPT_VIRTIO, DM_VIRTIO_BLK, true },
	{ "--virtio-net", OPT_VIRTIO, DM_VIRTIO_NET, true },
	{ "--virtio-console", OPT_VIRTIO, DM_VIRTIO_CONSOLE, false },
};

struct dm_parse {
	struct dm_args *a;
	const char *mem, *cpus; /* as given; checked at the end */
	char *err;
	size_t len;
};

/* The option arg names ("--x" or "--x=value"; "=" only for an option with a value), or NULL. */
static const struct dm_option *find_option(const char *arg, const char **eq)
{
	*eq = strchr(arg, '=');
	size_t klen = *eq ? (size_t)(*eq - arg) : strlen(arg);
	for (size_t i = 0; i < sizeof(dm_options) / sizeof(dm_options[0]); i++) {
		const struct dm_option *o = &dm_options[i];
		if (strlen(o->name) == klen && strncmp(arg, o->name, klen) == 0 && (o->value || !*eq))
			return o;
	}
	return NULL;
}

static const char **string_slot(struct dm_parse *p, enum dm_opt_target t)
{
	switch (t) {
	case OPT_NAME: return &p->a->name;
	case OPT_MEM: return &p->mem;
	case OPT_CPUS: return &p->cpus;
	case OPT_KERNEL: return &p->a->kernel;
	case OPT_CMDLINE: return &p->a->cmdline;
	default: return &p->a->initrd;
	}
}

static int add_virtio(struct dm_parse *p, const struct dm_option *o, const char *val)
{
	struct dm_args *a = p->a;
	if (a->nvirtio == DM_VIRTIO_MAX)
		return fail(p->err, p->len, "%s: at most %u virtio devices", o->name, DM_VIRTIO_MAX);
	if (o->value && val[0] == '\0')
		return fail(p->err, p->len, "%s: an empty %s", o->name,
			    o->virtio == DM_VIRTIO_BLK ? "file name" : "tap name");
	a->virtio[a->nvirtio++] = (struct dm_virtio_arg){ o->virtio, val };
	return 0;
}

/* Argument *i: an option and its value; *i moves past a value given as the next argument. */
static int parse_one(struct dm_parse *p, int argc, char *const argv[], int *i)
{
	const char *eq, *val = NULL;
	const struct dm_option *o = find_option(argv[*i], &eq);
	if (o == NULL)
		return fail(p->err, p->len, "unknown argument '%s'", argv[*i]);
	if (o->value && take_value(argc, argv, i, eq, &val, p->err, p->len))
		return -1;
	if (o->target == OPT_VIRTIO)
		return add_virtio(p, o, val);
	*string_slot(p, o->target) = val;
	return 0;
}

static int check_mem(struct dm_parse *p)
{
	struct dm_args *a = p->a;
	if (dm_parse_size(p->mem, &a->mem_size) || a->mem_size == 0 || a->mem_size % DM_MEM_ALIGN)
		return fail(p->err, p->len, "--mem '%s': a size such as 64M, a non-zero multiple of 4 KiB", p->mem);
	if (a->mem_size > DM_MEM_MAX)
		return fail(p->err, p->len, "--mem '%s': at most 3G (the PCI hole starts at 3 GiB)", p->mem);
	return 0;
}

static int check_cpus(struct dm_parse *p)
{
	uint64_t n;
	if (p->cpus == NULL)
		return 0;
	if (dm_parse_size(p->cpus, &n) || strpbrk(p->cpus, "kKmMgG") || n < 1 || n > DM_CPUS_MAX)
		return fail(p->err, p->len, "--cpus '%s': a number from 1 to %u", p->cpus, DM_CPUS_MAX);
	p->a->cpus = (uint32_t)n;
	return 0;
}

static int check_files(struct dm_parse *p)
{
	const struct dm_args *a = p->a;
	if (a->kernel[0] == '\0')
		return fail(p->err, p->len, "--kernel: an empty file name");
	if (a->initrd && a->initrd[0] == '\0')
		return fail(p->err, p->len, "--initrd: an empty file name");
	return 0;
}

/* What every run needs, then each value's own rules. */
static int check_args(struct dm_parse *p)
{
	struct dm_args *a = p->a;
	if (!a->name || !p->mem || !a->kernel)
		return fail(p->err, p->len, "--%s is required", !a->name ? "name" : !p->mem ? "mem" : "kernel");
	if (check_name(a->name, p->err, p->len) || check_mem(p) || check_cpus(p) || check_files(p))
		return -1;
	return 0;
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int dm_args_parse(int argc, char *const argv[], struct dm_args *a, char *err, size_t len)
{
	struct dm_parse p = { a, NULL, NULL, err, len };
	*a = (struct dm_args){ .cpus = 1, .cmdline = "" };
	err[0] = '\0';
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			a->help = true;
			return 0;
		}
		if (parse_one(&p, argc, argv, &i))
			return -1;
	}
	return check_args(&p);
}
