/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * basic: what the hypervisor promises every VM.
 *   - CPUID: VMX hidden, hypervisor-present bit, leaf 0x40000000 ("hvkithvkithv", max leaf >= 0x40000001),
 *     APIC ID in leaf 1 matches the local APIC, topology leaves count exactly `cpus=N` vCPUs (default 1);
 *   - MSRs: IA32_FEATURE_CONTROL locked with VMX off; VMX capability MSRs 0x480-0x491 and an unknown MSR
 *     (0x40001000) raise #GP on RDMSR and WRMSR (caught by the #GP hook, resumed after the instruction);
 *     IA32_TSC and IA32_APIC_BASE read normally;
 *   - ports: the vUART's LSR reads 0x60; an unassigned port reads all ones at every width;
 *   - memory: the Multiboot map is one usable range from 1 MiB matching mem_upper (plus at most the low
 *     640 KiB) and nothing else; a pattern written at the top of that RAM reads back;
 *   - BENCH cpuid_exit_ticks: median TSC ticks of CPUID(0) over 1000 runs (and the minimum).
 */
#include "guest.h"

const char guest_name[] = "basic";

#define MSR_UNKNOWN 0x40001000u
#define MSR_VMX_FIRST 0x480u
#define MSR_VMX_LAST 0x491u
#define COM1_LSR 0x3fdu
#define UNASSIGNED_PORT 0x250u
#define MIB (1024u * 1024u)

/* ---- MSR accesses that may #GP ---- */

static volatile bool gp_armed;
static volatile unsigned gp_count;

/* #GP on an armed RDMSR/WRMSR: count it, make RDMSR return a poison value, resume after the instruction. */
static bool gp_hook(struct trap_frame *f)
{
	const uint8_t *ip = (const uint8_t *)(uintptr_t)f->rip;
	if (!gp_armed || ip[0] != 0x0f || (ip[1] != 0x32 && ip[1] != 0x30))
		return false;
	if (ip[1] == 0x32) {
		f->rax = 0xdeadbeefu;
		f->rdx = 0xdeadbeefu;
	}
	f->rip += 2;
	gp_count++;
	return true;
}

/* true when RDMSR raised #GP */
static bool rdmsr_faults(uint32_t msr, uint64_t *val)
{
	uint32_t lo, hi;
	unsigned before = gp_count;
	gp_armed = true;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	gp_armed = false;
	*val = ((uint64_t)hi << 32) | lo;
	return gp_count != before;
}

static bool wrmsr_faults(uint32_t msr, uint64_t v)
{
	unsigned before = gp_count;
	gp_armed = true;
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
	gp_armed = false;
	return gp_count != before;
}

/* ---- CPUID ---- */

static unsigned lapic_id(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	if (base & APIC_BASE_EXTD)
		return x2apic_id();
	return xapic_id();
}

/* Logical processors in the package according to leaf 0xB or 0x1F (the last level's count), 0 if none. */
static unsigned topology_count(uint32_t leaf)
{
	unsigned count = 0;
	for (uint32_t sub = 0; sub < 8; sub++) {
		struct cpuid_regs r = cpuid(leaf, sub);
		if (((r.ecx >> 8) & 0xff) == 0) /* level type 0: no more levels */
			break;
		count = r.ebx & 0xffff;
	}
	return count;
}

static void check_cpuid(uint64_t cpus)
{
	struct cpuid_regs l0 = cpuid(0, 0);
	struct cpuid_regs l1 = cpuid(1, 0);
	char got[64];

	check_dec("cpuid.1:ecx.vmx clear", 0, (l1.ecx >> 5) & 1);
	check_dec("cpuid.1:ecx.hypervisor set", 1, (l1.ecx >> 31) & 1);
	/* The machine-check MSRs are denied by the policy, so the features are hidden too. */
	check_dec("cpuid.1:edx.mce and mca clear", 0, ((l1.edx >> 7) & 1) | ((l1.edx >> 14) & 1));

	struct cpuid_regs hv = cpuid(0x40000000u, 0);
	gsnprintf(got, sizeof(got), "0x%x", hv.eax);
	check_true("cpuid.40000000:eax max leaf", hv.eax >= 0x40000001u && hv.eax < 0x40010000u,
		   ">= 0x40000001", got);
	char sig[13];
	memcpy(sig + 0, &hv.ebx, 4);
	memcpy(sig + 4, &hv.ecx, 4);
	memcpy(sig + 8, &hv.edx, 4);
	sig[12] = '\0';
	for (int i = 0; i < 12; i++)
		if (sig[i] < 0x20 || sig[i] > 0x7e)
			sig[i] = '.';
	gsnprintf(got, sizeof(got), "\"%s\"", sig);
	check_true("cpuid.40000000 signature", memcmp(sig, "hvkithvkithv", 12) == 0, "\"hvkithvkithv\"", got);

	/* The KVM-compatible block at 0x40000100: its signature and no paravirtual features. */
	struct cpuid_regs kvm = cpuid(0x40000100u, 0), kvm_features = cpuid(0x40000101u, 0);
	check_true("cpuid.40000100 kvm-compatible signature",
		   memcmp(&kvm.ebx, "KVMK", 4) == 0 && memcmp(&kvm.ecx, "VMKV", 4) == 0 && kvm.edx == 'M',
		   "\"KVMKVMKVM\"", "another");
	check_dec("cpuid.40000101 no paravirtual features", 0, kvm_features.eax | kvm_features.edx);

	if (x2apic_supported())
		x2apic_enable();
	check_dec("cpuid.1:ebx apic id = local apic id", lapic_id(), l1.ebx >> 24);
	if (l0.eax >= 0xb)
		check_dec("cpuid.b:edx x2apic id = local apic id", lapic_id(), cpuid(0xb, 0).edx);

	check_dec("cpuid.1:ebx logical processors", cpus, (l1.ebx >> 16) & 0xff);
	if (l0.eax >= 0xb)
		check_dec("cpuid.b logical processors", cpus, topology_count(0xb));
	if (l0.eax >= 0x1f)
		check_dec("cpuid.1f logical processors", cpus, topology_count(0x1f));
}

/* ---- MSRs ---- */

static void check_msrs(void)
{
	uint64_t v;
	char got[96];

	bool f = rdmsr_faults(MSR_IA32_FEATURE_CONTROL, &v);
	if (f)
		fail("ia32_feature_control locked, vmx off", "expected 0x1 in bits 2:0, got #GP");
	else
		check_hex("ia32_feature_control locked, vmx off", 0x1, v & 0x7);

	unsigned n = MSR_VMX_LAST - MSR_VMX_FIRST + 1, rd = 0, wr = 0;
	uint32_t first_rd = 0, first_wr = 0;
	uint64_t first_rd_val = 0;
	for (uint32_t msr = MSR_VMX_FIRST; msr <= MSR_VMX_LAST; msr++) {
		if (rdmsr_faults(msr, &v))
			rd++;
		else if (!first_rd) {
			first_rd = msr;
			first_rd_val = v;
		}
		if (wrmsr_faults(msr, 0))
			wr++;
		else if (!first_wr)
			first_wr = msr;
	}
	gsnprintf(got, sizeof(got), "%u of %u (0x%x read 0x%llx)", rd, n, first_rd, (unsigned long long)first_rd_val);
	check_true("rdmsr vmx capability msrs #GP", rd == n, "#GP on all", got);
	gsnprintf(got, sizeof(got), "%u of %u (0x%x written)", wr, n, first_wr);
	check_true("wrmsr vmx capability msrs #GP", wr == n, "#GP on all", got);

	f = rdmsr_faults(MSR_UNKNOWN, &v);
	gsnprintf(got, sizeof(got), "value 0x%llx", (unsigned long long)v);
	check_true("rdmsr unknown msr 0x40001000 #GP", f, "#GP", got);
	f = wrmsr_faults(MSR_UNKNOWN, 0);
	check_true("wrmsr unknown msr 0x40001000 #GP", f, "#GP", "no fault");

	uint64_t before = rdtsc();
	f = rdmsr_faults(MSR_IA32_TSC, &v);
	uint64_t after = rdtsc();
	if (f)
		fail("rdmsr ia32_tsc", "expected a value, got #GP");
	else {
		gsnprintf(got, sizeof(got), "0x%llx outside [0x%llx, 0x%llx]", (unsigned long long)v,
			  (unsigned long long)before, (unsigned long long)after);
		check_true("rdmsr ia32_tsc", v >= before && v <= after, "a value between two rdtsc", got);
	}

	f = rdmsr_faults(MSR_IA32_APIC_BASE, &v);
	if (f)
		fail("rdmsr ia32_apic_base", "expected a value, got #GP");
	else {
		gsnprintf(got, sizeof(got), "0x%llx", (unsigned long long)v);
		check_true("rdmsr ia32_apic_base", (v & APIC_BASE_ADDR_MASK) == 0xfee00000u && (v & APIC_BASE_EN) &&
			   (v & APIC_BASE_BSP), "base 0xfee00000, enabled, BSP", got);
	}
}

/* ---- ports ---- */

static void check_ports(void)
{
	uint8_t lsr = 0;
	/* A real 16550 is ready once it has sent what is queued; the vUART must say so at once. */
	for (unsigned i = 0; i < 1000000u; i++) {
		lsr = inb(COM1_LSR);
		if (lsr == 0x60)
			break;
		cpu_relax();
	}
	check_hex("vuart lsr transmit-ready", 0x60, lsr);

	check_hex("unassigned port inb", 0xff, inb(UNASSIGNED_PORT));
	check_hex("unassigned port inw", 0xffff, inw(UNASSIGNED_PORT));
	check_hex("unassigned port inl", 0xffffffffu, inl(UNASSIGNED_PORT));
}

/* ---- memory ---- */

static uint64_t pattern(uint64_t addr, uint64_t seed)
{
	return (addr * 0x9e3779b97f4a7c15ull) ^ seed;
}

/* The legacy VGA/BIOS hole, where a map may list the BIOS area (PVH: the VM's ACPI tables) as reserved. */
static bool in_legacy_hole(const struct boot_mem_range *e)
{
	return e->type != MB_MMAP_USABLE && e->addr >= 640u * 1024u && e->addr + e->len <= MIB;
}

static void check_memory(void)
{
	char got[128];

	bool multiboot = boot_info.magic == MB_BOOT_MAGIC;
	gsnprintf(got, sizeof(got), "%s, map %s", boot_info.valid ? "information" : "no information",
		  boot_info.has_map ? "present" : "absent");
	if (!check_true("boot memory map present (multiboot: with mem_*)",
			boot_info.valid && boot_info.has_map && (!multiboot || boot_info.has_mem_kib),
			"a map (multiboot: flags bits 0 and 6)", got))
		return;

	unsigned n_high_usable = 0, n_low_usable = 0, n_other = 0;
	uint64_t high_addr = 0, high_len = 0, low_len = 0, other_addr = 0, other_len = 0;
	uint32_t other_type = 0;
	for (uint32_t i = 0; i < boot_info.n_ranges; i++) {
		const struct boot_mem_range *e = &boot_info.range[i];
		gprintf("basic: mmap [0x%llx, 0x%llx) type %u\n", (unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->len), e->type);
		if (e->type == MB_MMAP_USABLE && e->addr == 0 && e->len <= 640u * 1024u) {
			n_low_usable++;
			low_len = e->len;
		} else if (e->type == MB_MMAP_USABLE && e->addr >= MIB) {
			n_high_usable++;
			high_addr = e->addr;
			high_len = e->len;
		} else if (!in_legacy_hole(e)) {
			if (!n_other) {
				other_addr = e->addr;
				other_len = e->len;
				other_type = e->type;
			}
			n_other++;
		}
	}
	/* Multiboot states the RAM twice (mem_* and the map): they must agree. PVH has the map alone. */
	uint64_t upper_len = multiboot ? (uint64_t)boot_info.mem_upper * 1024u : high_len;
	uint64_t lower_len = multiboot ? (uint64_t)boot_info.mem_lower * 1024u : low_len;
	if (multiboot)
		gprintf("basic: mem_lower %u KiB, mem_upper %u KiB\n", boot_info.mem_lower, boot_info.mem_upper);

	gsnprintf(got, sizeof(got), "%u usable ranges above 1 MiB, the last at 0x%llx", n_high_usable,
		  (unsigned long long)high_addr);
	check_true("mmap one usable range from 1 MiB", n_high_usable == 1 && high_addr == MIB,
		   "one at 0x100000", got);
	gsnprintf(got, sizeof(got), "0x%llx bytes, mem_upper 0x%llx bytes", (unsigned long long)high_len,
		  (unsigned long long)upper_len);
	check_true("mmap usable range matches mem_upper", high_len == upper_len && upper_len >= 15u * MIB,
		   "equal lengths of at least 15 MiB", got);
	gsnprintf(got, sizeof(got), "%u ranges, the last 0x%llx bytes, mem_lower %llu KiB", n_low_usable,
		  (unsigned long long)low_len, (unsigned long long)(lower_len / 1024u));
	check_true("mmap low memory", n_low_usable <= 1 && lower_len <= 640u * 1024u &&
		   (n_low_usable == 0 || low_len == lower_len),
		   "at most one usable range at 0 of mem_lower KiB <= 640 KiB", got);
	gsnprintf(got, sizeof(got), "%u, the first [0x%llx, 0x%llx) type %u", n_other, (unsigned long long)other_addr,
		  (unsigned long long)(other_addr + other_len), other_type);
	check_true("mmap nothing else", n_other == 0, "no other ranges but reserved ones in 640 KiB..1 MiB", got);

	/* Write/read back the top 64 KiB of the RAM that mem_upper describes (identity mapped below 4 GiB). */
	uint64_t top = MIB + upper_len;
	if (top > 0x100000000ull)
		top = 0x100000000ull;
	uint64_t base = top - 64u * 1024u;
	if (upper_len < 64u * 1024u || base < (uint64_t)(uintptr_t)__image_end) {
		gsnprintf(got, sizeof(got), "top of RAM 0x%llx", (unsigned long long)top);
		fail("ram pattern at top of ram", "expected RAM above the image, got %s", got);
		return;
	}
	gprintf("basic: pattern test [0x%llx, 0x%llx)\n", (unsigned long long)base, (unsigned long long)top);
	volatile uint64_t *mem = (volatile uint64_t *)(uintptr_t)base;
	size_t words = (size_t)((top - base) / 8);
	unsigned bad = 0;
	uint64_t bad_addr = 0, bad_val = 0, bad_exp = 0;
	for (int pass_no = 0; pass_no < 2; pass_no++) {
		uint64_t seed = pass_no ? ~0ull : 0x5a5a5a5a5a5a5a5aull;
		for (size_t i = 0; i < words; i++)
			mem[i] = pattern(base + i * 8, seed);
		for (size_t i = 0; i < words; i++) {
			uint64_t exp = pattern(base + i * 8, seed), v = mem[i];
			if (v != exp && bad++ == 0) {
				bad_addr = base + i * 8;
				bad_val = v;
				bad_exp = exp;
			}
		}
	}
	if (bad)
		fail("ram pattern at top of ram", "expected 0x%llx at 0x%llx, got 0x%llx (%u bad words)",
		     (unsigned long long)bad_exp, (unsigned long long)bad_addr, (unsigned long long)bad_val, bad);
	else
		pass("ram pattern at top of ram");
}

/* ---- benchmark ---- */

#define BENCH_RUNS 1000

static uint64_t samples[BENCH_RUNS];

static void bench_cpuid(void)
{
	for (unsigned i = 0; i < BENCH_RUNS; i++) {
		uint64_t t0 = rdtsc();
		(void)cpuid(0, 0);
		uint64_t t1 = rdtsc();
		samples[i] = t1 - t0;
	}
	/* Shell sort */
	for (unsigned gap = BENCH_RUNS / 2; gap > 0; gap /= 2)
		for (unsigned i = gap; i < BENCH_RUNS; i++) {
			uint64_t v = samples[i];
			unsigned j = i;
			for (; j >= gap && samples[j - gap] > v; j -= gap)
				samples[j] = samples[j - gap];
			samples[j] = v;
		}
	bench("cpuid_exit_ticks_min", samples[0]);
	bench("cpuid_exit_ticks", samples[BENCH_RUNS / 2]);
}

void guest_main(void)
{
	uint64_t cpus = 1;
	cmdline_uint("cpus", &cpus);
	gprintf("basic: cmdline \"%s\", expecting %llu vCPU(s)\n", guest_cmdline(), (unsigned long long)cpus);

	trap_set_hook(VEC_GP, gp_hook);
	check_true("boot magic (multiboot or pvh)", boot_info.valid, "eax 0x2badb002 or a pvh start info",
		   "neither");
	check_cpuid(cpus);
	check_msrs();
	check_ports();
	check_memory();
	bench_cpuid();
}
