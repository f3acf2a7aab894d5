/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conformance: what a guest sees must be what the SDM promises. Every expectation follows from the CPUID the
 * guest sees, so the same image runs natively (tests/guests/run_native.sh) and under the hypervisor:
 *   - debug registers: a DR0 execute breakpoint and IA32_DEBUGCTL survive a VM exit (a port write);
 *   - MOV to CR4/CR0 and WRMSR with values the SDM refuses raise #GP(0) (reserved and unsupported CR4 bits,
 *     VMXE without VMX, PCIDE with CR3[11:0] != 0, PAE cleared and LA57 changed in IA-32e mode; CR0 bits 63:32,
 *     NW without CD, PG without PE; IA32_PAT reserved types; IA32_EFER reserved bits and LME changed with
 *     paging on);
 *   - the TSC: WRMSR IA32_TSC and IA32_TSC_ADJUST move it (SDM 17.17.3), a TSC-deadline timer armed afterwards
 *     fires at the guest's TSC;
 *   - IA32_MISC_ENABLE fast strings writable, reserved bits #GP; IA32_MCG_CAP/MCG_STATUS readable;
 *   - MSRs of advertised CPUID features work (IA32_SPEC_CTRL, IA32_PRED_CMD, IA32_FLUSH_CMD);
 *   - the FADT declares an ACPI PM timer that counts at 3.579545 MHz against the TSC (whose rate the
 *     hypervisor reports in CPUID 0x40000010; natively the rate is not checked);
 *   - CPUID leaf 0DH agrees with what XSAVE, XSAVEC and XRSTOR do with every component it lists (xsave.c);
 *   - `x2apic=off` on the command line: CPUID.1:ECX.x2APIC clear and IA32_APIC_BASE.EXTD #GP;
 *   - the local APIC last (Bochs cannot re-enable it, tests/guests/README.md): IA32_APIC_BASE address bits
 *     above MAXPHYADDR #GP; globally disabled, CPUID.1:EDX.APIC reads 0 and its page is unbacked memory
 *     (reads all ones, a TPR write does not reach CR8).
 * Command line: `mode=x2apic|xapic` (apiclib), `x2apic=off`, `groups=MASK` (default all: 1 debug registers, 2 CR4,
 * 4 CR0, 8 MISC_ENABLE/MCG, 0x10 speculation MSRs, 0x20 x2apic=off, 0x40 TSC, 0x80 PAT/EFER, 0x100 APIC, 0x200 PM timer, 0x400 XSAVE: xsave.c), `quirks=bochs` (native runs: where Bochs 2.7 itself
 * departs from the SDM, IA32_DEBUGCTL and IA32_MISC_ENABLE reading 0 whatever is written and the TSC-deadline
 * timer not firing after a TSC write, the check prints a NOTE instead of a FAIL).
 */
#include "../apiclib/apiclib.h"
#include "xsave.h"

const char guest_name[] = "conformance";

#define MSR_TSC_ADJUST 0x3bu
#define MSR_SPEC_CTRL 0x48u
#define MSR_PRED_CMD 0x49u
#define MSR_FLUSH_CMD 0x10bu
#define MSR_MCG_CAP 0x179u
#define MSR_MCG_STATUS 0x17au
#define MSR_MISC_ENABLE 0x1a0u
#define MSR_DEBUGCTL 0x1d9u
#define MSR_PAT 0x277u
#define MSR_EFER 0xc0000080u

#define CR0_PE (1ull << 0)
#define CR0_NE (1ull << 5)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR4_PAE (1ull << 5)
#define CR4_MCE (1ull << 6)
#define CR4_LA57 (1ull << 12)
#define CR4_VMXE (1ull << 13)
#define CR4_SMXE (1ull << 14)
#define CR4_PCIDE (1ull << 17)
#define EFER_LME (1ull << 8)

#define UNASSIGNED_PORT 0x250u /* a port write that makes a VM exit */
#define TIMER_VECTOR 0x40u
#define XAPIC_PAGE 0xfee00000ull

/* ---- #GP recovery: the faulting instruction is skipped to a label the caller names ---- */

static volatile uint64_t gp_resume;
static volatile unsigned gp_count;

static bool gp_hook(struct trap_frame *f)
{
	if (!gp_resume)
		return false;
	f->rip = gp_resume;
	gp_resume = 0;
	gp_count++;
	return true;
}

/* Each runs one instruction; true when it raised #GP. */
static bool cr4_write_gp(uint64_t v)
{
	unsigned before = gp_count;
	__asm__ __volatile__("leaq 1f(%%rip), %%rax; movq %%rax, %0; movq %1, %%cr4; 1: movq $0, %0"
			     : "+m"(gp_resume) : "r"(v) : "rax", "memory");
	return gp_count != before;
}

static bool cr0_write_gp(uint64_t v)
{
	unsigned before = gp_count;
	__asm__ __volatile__("leaq 1f(%%rip), %%rax; movq %%rax, %0; movq %1, %%cr0; 1: movq $0, %0"
			     : "+m"(gp_resume) : "r"(v) : "rax", "memory");
	return gp_count != before;
}

static bool wrmsr_gp(uint32_t msr, uint64_t v)
{
	unsigned before = gp_count;
	__asm__ __volatile__("leaq 1f(%%rip), %%r8; movq %%r8, %0; wrmsr; 1: movq $0, %0"
			     : "+m"(gp_resume) : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "r8", "memory");
	return gp_count != before;
}

static bool rdmsr_gp(uint32_t msr, uint64_t *v)
{
	unsigned before = gp_count;
	uint32_t lo = 0xdeadbeefu, hi = 0xdeadbeefu;
	__asm__ __volatile__("leaq 1f(%%rip), %%r8; movq %%r8, %0; rdmsr; 1: movq $0, %0"
			     : "+m"(gp_resume), "+a"(lo), "+d"(hi) : "c"(msr) : "r8", "memory");
	*v = ((uint64_t)hi << 32) | lo;
	return gp_count != before;
}

static uint64_t read_cr0(void) { uint64_t v; __asm__ __volatile__("movq %%cr0, %0" : "=r"(v)); return v; }
static uint64_t read_cr3(void) { uint64_t v; __asm__ __volatile__("movq %%cr3, %0" : "=r"(v)); return v; }
static uint64_t read_cr4(void) { uint64_t v; __asm__ __volatile__("movq %%cr4, %0" : "=r"(v)); return v; }
static uint64_t read_cr8(void) { uint64_t v; __asm__ __volatile__("movq %%cr8, %0" : "=r"(v)); return v; }
static void write_cr3(uint64_t v) { __asm__ __volatile__("movq %0, %%cr3" : : "r"(v) : "memory"); }

static void vm_exit_now(void)
{
	outb(UNASSIGNED_PORT, 0);
}

static bool cpuid_bit(uint32_t leaf, uint32_t sub, unsigned reg, unsigned bit)
{
	struct cpuid_regs r = cpuid(leaf, sub);
	uint32_t v = reg == 0 ? r.eax : reg == 1 ? r.ebx : reg == 2 ? r.ecx : r.edx;
	return (v >> bit) & 1;
}

static const char *gp_text(bool gp) { return gp ? "#GP" : "no fault"; }

/* PASS when the instruction faulted exactly as expected. */
static void expect_gp(const char *check, bool want, bool got)
{
	check_true(check, want == got, gp_text(want), gp_text(got));
}

/* ---- 1. debug registers across VM exits ---- */

static volatile unsigned db_hits;
static volatile uint64_t db_dr6;

static bool db_hook(struct trap_frame *f)
{
	uint64_t dr6;
	__asm__ __volatile__("movq %%dr6, %0" : "=r"(dr6));
	db_dr6 = dr6;
	db_hits++;
	__asm__ __volatile__("movq %0, %%dr6" : : "r"(0xffff0ff0ull));
	f->rflags |= 1ull << 16; /* RF: resume past the instruction breakpoint */
	return true;
}

__attribute__((noinline)) static int bp_target(int x)
{
	__asm__ __volatile__("" ::: "memory");
	return x + 1;
}

static void check_debug_registers(void)
{
	trap_set_hook(1, db_hook);
	uint64_t dr7 = 0x401; /* L0, execute breakpoint of length 1 */
	__asm__ __volatile__("movq %0, %%dr0" : : "r"((uint64_t)(uintptr_t)bp_target));
	__asm__ __volatile__("movq %0, %%dr7" : : "r"(dr7));
	vm_exit_now();
	uint64_t got;
	__asm__ __volatile__("movq %%dr7, %0" : "=r"(got));
	check_hex("dr7 kept across a vm exit", dr7, got);
	(void)bp_target(1);
	char g[48];
	gsnprintf(g, sizeof(g), "%u (dr6 0x%llx)", db_hits, (unsigned long long)db_dr6);
	check_true("#db at the dr0 breakpoint after a vm exit", db_hits == 1 && (db_dr6 & 1), "1 with dr6.b0", g);
	__asm__ __volatile__("movq %0, %%dr7" : : "r"(0x400ull));

	uint64_t v = 0;
	bool f = wrmsr_gp(MSR_DEBUGCTL, 2); /* BTF: no effect while RFLAGS.TF = 0 */
	vm_exit_now();
	bool r = rdmsr_gp(MSR_DEBUGCTL, &v);
	gsnprintf(g, sizeof(g), "%s, read %s 0x%llx", gp_text(f), gp_text(r), (unsigned long long)v);
	/* Bochs 2.7 natively takes the write and reads 0 (quirks=bochs: a NOTE). */
	sdm_check("ia32_debugctl kept across a vm exit", !f && !r && v == 2, "0x2 written and read back", g);
	wrmsr_gp(MSR_DEBUGCTL, 0);
}

/* ---- 2. control registers and MSR values the SDM refuses ---- */

static void check_cr4(void)
{
	uint64_t cr4 = read_cr4();
	bool vmx = cpuid_bit(1, 0, 2, 5), smx = cpuid_bit(1, 0, 2, 6), mce = cpuid_bit(1, 0, 3, 7);
	bool pcid = cpuid_bit(1, 0, 2, 17), la57 = cpuid_bit(7, 0, 2, 16);
	gprintf("conformance: cr4 0x%llx, cpuid vmx %d smx %d mce %d pcid %d la57 %d\n", (unsigned long long)cr4, vmx,
		smx, mce, pcid, la57);

	bool gp = cr4_write_gp(cr4 | (1ull << 15));
	expect_gp("mov cr4 reserved bit 15", true, gp);
	gp = cr4_write_gp(cr4 | (1ull << 32));
	expect_gp("mov cr4 reserved bit 32", true, gp);
	gp = cr4_write_gp(cr4 | CR4_VMXE);
	if (!gp)
		cr4_write_gp(cr4);
	expect_gp("mov cr4 vmxe (#gp unless cpuid.1:ecx.vmx)", !vmx, gp);
	gp = cr4_write_gp(cr4 | CR4_SMXE);
	if (!gp)
		cr4_write_gp(cr4);
	expect_gp("mov cr4 smxe (#gp unless cpuid.1:ecx.smx)", !smx, gp);
	gp = cr4_write_gp(cr4 | CR4_MCE);
	if (!gp)
		cr4_write_gp(cr4);
	expect_gp("mov cr4 mce (#gp unless cpuid.1:edx.mce)", !mce, gp);

	uint64_t cr3 = read_cr3();
	write_cr3(cr3 | 0x8); /* PWT: CR3[11:0] != 0 */
	gp = cr4_write_gp(cr4 | CR4_PCIDE);
	if (!gp)
		cr4_write_gp(cr4);
	write_cr3(cr3);
	expect_gp("mov cr4 pcide with cr3[11:0] != 0", true, gp);
	gp = cr4_write_gp(cr4 & ~CR4_PAE);
	expect_gp("mov cr4 clearing pae in ia-32e mode", true, gp);
	gp = cr4_write_gp(cr4 ^ CR4_LA57);
	expect_gp("mov cr4 changing la57 in ia-32e mode", true, gp);
	check_hex("cr4 unchanged after the refused writes", cr4, read_cr4());
}

static void check_cr0(void)
{
	uint64_t cr0 = read_cr0();
	gprintf("conformance: cr0 0x%llx\n", (unsigned long long)cr0);
	expect_gp("mov cr0 bit 32", true, cr0_write_gp(cr0 | (1ull << 32)));
	expect_gp("mov cr0 nw without cd", true, cr0_write_gp((cr0 & ~CR0_CD) | CR0_NW));
	/* NE toggled as well: a bit the hypervisor owns, so the write is one it emulates. */
	expect_gp("mov cr0 nw without cd, ne toggled", true, cr0_write_gp(((cr0 & ~CR0_CD) | CR0_NW) ^ CR0_NE));
	expect_gp("mov cr0 pg without pe, ne toggled", true, cr0_write_gp((cr0 & ~CR0_PE) ^ CR0_NE));
	expect_gp("mov cr0 bit 32, ne toggled", true, cr0_write_gp((cr0 | (1ull << 32)) ^ CR0_NE));
	check_hex("cr0 unchanged after the refused writes", cr0, read_cr0());
}

static void check_pat_efer(void)
{
	uint64_t pat = 0;
	rdmsr_gp(MSR_PAT, &pat);
	static const uint8_t bad[] = { 2, 3, 8, 0x46 };
	for (unsigned i = 0; i < sizeof(bad); i++) {
		char name[48];
		gsnprintf(name, sizeof(name), "wrmsr ia32_pat entry 3 type 0x%x", bad[i]);
		uint64_t v = (pat & ~(0xffull << 24)) | ((uint64_t)bad[i] << 24);
		bool gp = wrmsr_gp(MSR_PAT, v);
		if (!gp)
			wrmsr_gp(MSR_PAT, pat);
		expect_gp(name, true, gp);
	}
	uint64_t good = (pat & ~(0xffull << 16)) | (1ull << 16), back = 0; /* entry 2 WC */
	bool gp = wrmsr_gp(MSR_PAT, good);
	rdmsr_gp(MSR_PAT, &back);
	wrmsr_gp(MSR_PAT, pat);
	check_true("wrmsr ia32_pat valid types read back", !gp && back == good, "the value written", gp_text(gp));

	uint64_t efer = 0;
	rdmsr_gp(MSR_EFER, &efer);
	expect_gp("wrmsr ia32_efer reserved bit 1", true, wrmsr_gp(MSR_EFER, efer | 2));
	expect_gp("wrmsr ia32_efer reserved bit 63", true, wrmsr_gp(MSR_EFER, efer | (1ull << 63)));
	expect_gp("wrmsr ia32_efer clearing lme with paging on", true, wrmsr_gp(MSR_EFER, efer & ~EFER_LME));
	uint64_t now = 0;
	rdmsr_gp(MSR_EFER, &now);
	check_hex("ia32_efer unchanged after the refused writes", efer, now);
}

/* ---- 3. the TSC ---- */

static volatile uint32_t timer_count;
static volatile uint64_t timer_tsc;

static void timer_handler(struct trap_frame *f)
{
	(void)f;
	timer_tsc = rdtsc();
	timer_count++;
	lapic_eoi();
}

#define NEAR 2000000ull /* ticks an exit and a few instructions may take (Bochs: one tick per instruction) */

static void check_tsc(bool tsc_deadline)
{
	char g[96];
	uint64_t adj0 = 0;
	bool has_adjust = cpuid_bit(7, 0, 1, 1);
	bool adj_gp = has_adjust && rdmsr_gp(MSR_TSC_ADJUST, &adj0);
	gsnprintf(g, sizeof(g), "%s, read %s", has_adjust ? "advertised" : "not advertised", gp_text(adj_gp));
	check_true("cpuid.7:ebx.tsc_adjust advertised and readable", has_adjust && !adj_gp, "advertised, no fault", g);

	const uint64_t step = 1ull << 36;
	uint64_t t0 = rdtsc(), target = t0 + step;
	bool gp = wrmsr_gp(MSR_IA32_TSC, target);
	uint64_t t1 = rdtsc();
	gsnprintf(g, sizeof(g), "%s, rdtsc 0x%llx after writing 0x%llx", gp_text(gp), (unsigned long long)t1,
		  (unsigned long long)target);
	check_true("wrmsr ia32_tsc sets the tsc", !gp && t1 >= target && t1 - target < NEAR, "rdtsc just past it", g);

	uint64_t adj1 = 0;
	if (has_adjust && !rdmsr_gp(MSR_TSC_ADJUST, &adj1)) {
		uint64_t moved = adj1 - adj0;
		gsnprintf(g, sizeof(g), "moved by 0x%llx", (unsigned long long)moved);
		check_true("ia32_tsc_adjust moved with the tsc write (sdm 17.17.3)",
			   moved <= step && step - moved < NEAR, "by the tsc's step", g);
		t0 = rdtsc();
		gp = wrmsr_gp(MSR_TSC_ADJUST, adj1 + step);
		t1 = rdtsc();
		gsnprintf(g, sizeof(g), "%s, moved by 0x%llx", gp_text(gp), (unsigned long long)(t1 - t0));
		check_true("wrmsr ia32_tsc_adjust moves the tsc", !gp && t1 - t0 >= step && t1 - t0 - step < NEAR,
			   "by the step written", g);
	}

	uint64_t m = 0;
	t0 = rdtsc();
	gp = rdmsr_gp(MSR_IA32_TSC, &m);
	t1 = rdtsc();
	check_true("rdmsr ia32_tsc agrees with rdtsc after the writes", !gp && m >= t0 && m <= t1,
		   "between two rdtsc", gp_text(gp));

	if (!tsc_deadline) {
		fail("tsc-deadline timer fires at the guest's tsc", "expected cpuid.1:ecx[24] set, got clear");
		return;
	}
	irq_set_handler(TIMER_VECTOR, timer_handler);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_TSC_DEADLINE | TIMER_VECTOR);
	uint64_t deadline = rdtsc() + 300000;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	uint32_t n = wait_count(&timer_count, 1, 50000000ull);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	gsnprintf(g, sizeof(g), "%u interrupts, at deadline + %lld", n, (long long)(timer_tsc - deadline));
	/* Bochs 2.7 natively never fires it once the TSC was written (quirks=bochs: a NOTE). */
	sdm_check("tsc-deadline timer fires at the guest's tsc after the writes",
		   n == 1 && timer_tsc >= deadline && timer_tsc - deadline < 20000000ull, "one, soon after", g);
}

/* ---- 4. IA32_MISC_ENABLE, machine-check MSRs ---- */

static void check_misc_mcg(void)
{
	char g[96];
	uint64_t me = 0, back = 0;
	bool gp = rdmsr_gp(MSR_MISC_ENABLE, &me);
	gprintf("conformance: ia32_misc_enable 0x%llx\n", (unsigned long long)me);
	bool wgp = wrmsr_gp(MSR_MISC_ENABLE, me ^ 1);
	rdmsr_gp(MSR_MISC_ENABLE, &back);
	wrmsr_gp(MSR_MISC_ENABLE, me);
	uint64_t restored = 0;
	rdmsr_gp(MSR_MISC_ENABLE, &restored);
	gsnprintf(g, sizeof(g), "%s/%s, 0x%llx then 0x%llx", gp_text(gp), gp_text(wgp), (unsigned long long)back,
		  (unsigned long long)restored);
	/* Bochs 2.7 natively reads 0 and ignores writes (quirks=bochs: NOTEs). */
	sdm_check("ia32_misc_enable fast strings writable", !gp && !wgp && back == (me ^ 1) && restored == me,
		   "bit 0 toggled and restored", g);
	bool rgp = wrmsr_gp(MSR_MISC_ENABLE, me | (1ull << 1));
	if (!rgp)
		wrmsr_gp(MSR_MISC_ENABLE, me);
	sdm_check("wrmsr ia32_misc_enable reserved bit 1", rgp, "#GP", gp_text(rgp));

	bool mca = cpuid_bit(1, 0, 3, 14), mce = cpuid_bit(1, 0, 3, 7);
	uint64_t cap = 0, status = 0;
	gp = rdmsr_gp(MSR_MCG_CAP, &cap);
	gsnprintf(g, sizeof(g), "%s 0x%llx", gp_text(gp), (unsigned long long)cap);
	check_true("rdmsr ia32_mcg_cap (0 when cpuid hides mca)", !gp && (mca || cap == 0),
		   mca ? "a value" : "0", g);
	gp = rdmsr_gp(MSR_MCG_STATUS, &status);
	bool wgp0 = wrmsr_gp(MSR_MCG_STATUS, 0);
	gsnprintf(g, sizeof(g), "read %s 0x%llx, write of 0 %s", gp_text(gp), (unsigned long long)status, gp_text(wgp0));
	check_true("ia32_mcg_status reads and takes 0", !gp && !wgp0 && (mce || status == 0), "no faults", g);
}

/* ---- 5. MSRs of advertised features ---- */

static void check_speculation_msrs(void)
{
	char g[96];
	bool ibrs = cpuid_bit(7, 0, 3, 26), stibp = cpuid_bit(7, 0, 3, 27), l1d = cpuid_bit(7, 0, 3, 28),
	     ssbd = cpuid_bit(7, 0, 3, 31);
	gprintf("conformance: cpuid.7:edx ibrs/ibpb %d stibp %d l1d_flush %d ssbd %d\n", ibrs, stibp, l1d, ssbd);
	uint64_t want = (ibrs ? 1 : 0) | (stibp ? 2 : 0) | (ssbd ? 4 : 0), got = 0;
	if (want) {
		bool w = wrmsr_gp(MSR_SPEC_CTRL, want);
		vm_exit_now();
		bool r = rdmsr_gp(MSR_SPEC_CTRL, &got);
		wrmsr_gp(MSR_SPEC_CTRL, 0);
		gsnprintf(g, sizeof(g), "write %s, read %s 0x%llx", gp_text(w), gp_text(r), (unsigned long long)got);
		check_true("ia32_spec_ctrl takes the advertised bits", !w && !r && got == want, "them read back", g);
	} else {
		pass("ia32_spec_ctrl (no ibrs, stibp or ssbd advertised)");
	}
	if (ibrs)
		expect_gp("wrmsr ia32_pred_cmd ibpb (advertised)", false, wrmsr_gp(MSR_PRED_CMD, 1));
	else
		pass("ia32_pred_cmd (ibpb not advertised)");
	if (l1d)
		expect_gp("wrmsr ia32_flush_cmd l1d_flush (advertised)", false, wrmsr_gp(MSR_FLUSH_CMD, 1));
	else
		pass("ia32_flush_cmd (l1d_flush not advertised)");
}

/* ---- 9. the ACPI PM timer ---- */

static const uint8_t *find_table(const char sig[4])
{
	for (uintptr_t p = 0xe0000; p < 0x100000; p += 16) {
		const uint8_t *r = (const uint8_t *)p;
		if (memcmp(r, "RSD PTR ", 8) != 0)
			continue;
		bool x = r[15] >= 2;
		uint32_t rsdt;
		uint64_t xsdt;
		memcpy(&rsdt, r + 16, 4);
		memcpy(&xsdt, r + 24, 8);
		const uint8_t *t = (const uint8_t *)(uintptr_t)(x && xsdt ? xsdt : rsdt);
		unsigned width = x && xsdt ? 8 : 4;
		uint32_t len;
		memcpy(&len, t + 4, 4);
		for (uint32_t off = 36; off + width <= len; off += width) {
			uint64_t e = 0;
			memcpy(&e, t + off, width);
			if (memcmp((const void *)(uintptr_t)e, sig, 4) == 0)
				return (const uint8_t *)(uintptr_t)e;
		}
		return NULL;
	}
	return NULL;
}

static void check_pm_timer(void)
{
	char g[128];
	const uint8_t *fadt = find_table("FACP");
	uint32_t port = 0, flags = 0, len = 0;
	if (fadt) {
		memcpy(&len, fadt + 4, 4);
		memcpy(&port, fadt + 76, 4);
		memcpy(&flags, fadt + 112, 4);
		uint64_t xport = 0;
		if (len >= 220 && fadt[208] == 1)
			memcpy(&xport, fadt + 212, 8);
		if (xport)
			port = (uint32_t)xport;
	}
	gsnprintf(g, sizeof(g), "fadt %s, port 0x%x, pm_tmr_len %u", fadt ? "found" : "missing", port,
		  fadt ? fadt[91] : 0);
	if (!check_true("fadt declares an acpi pm timer", fadt && port && port < 0x10000 && fadt[91] == 4,
			"a port, pm_tmr_len 4", g))
		return;
	uint32_t mask = (flags & (1u << 8)) ? 0xffffffffu : 0xffffffu;
	uint32_t p0 = inl((uint16_t)port) & mask;
	uint64_t t0 = rdtsc();
	bool mono = true;
	uint32_t prev = p0, p1 = p0;
	uint64_t t1 = t0;
	while (t1 - t0 < 20000000ull) {
		p1 = inl((uint16_t)port) & mask;
		t1 = rdtsc();
		mono &= ((p1 - prev) & mask) < (mask >> 1);
		prev = p1;
	}
	uint64_t ticks = (p1 - p0) & mask;
	gsnprintf(g, sizeof(g), "%llu ticks in %llu tsc ticks, %s", (unsigned long long)ticks,
		  (unsigned long long)(t1 - t0), mono ? "monotonic" : "went back");
	check_true("acpi pm timer counts up", mono && ticks > 0, "monotonic and moving", g);
	/* The TSC's rate as the hypervisor reports it (leaf 0x40000010, kHz); natively unknown. */
	uint64_t khz = cpuid(0x40000000u, 0).eax >= 0x40000010u ? cpuid(0x40000010u, 0).eax : 0;
	if (!khz) {
		gprintf("conformance: NOTE acpi pm timer rate: no tsc rate in cpuid 0x40000010, not checked\n");
		return;
	}
	uint64_t hz = ticks * khz * 1000ull / (t1 - t0);
	gsnprintf(g, sizeof(g), "%llu Hz (tsc %llu kHz)", (unsigned long long)hz, (unsigned long long)khz);
	check_true("acpi pm timer runs at 3.579545 mhz against the tsc (1%)",
		   hz > 3579545ull * 99 / 100 && hz < 3579545ull * 101 / 100, "3579545 Hz", g);
}

/* ---- 10. an xAPIC-only CPU ---- */

static void check_no_x2apic(void)
{
	check_dec("x2apic=off: cpuid.1:ecx.x2apic clear", 0, cpuid_bit(1, 0, 2, 21));
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	bool gp = wrmsr_gp(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
	expect_gp("x2apic=off: wrmsr ia32_apic_base extd", true, gp);
	check_hex("x2apic=off: ia32_apic_base unchanged", base, rdmsr(MSR_IA32_APIC_BASE));
}

/* ---- 7. the local APIC globally disabled (last: Bochs does not bring the page back) ---- */

static void check_apic_disabled(void)
{
	char g[96];
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	uint32_t maxphy = cpuid(0x80000000u, 0).eax >= 0x80000008u ? cpuid(0x80000008u, 0).eax & 0xff : 36;
	if (maxphy < 52) {
		bool gp = wrmsr_gp(MSR_IA32_APIC_BASE, base | (1ull << maxphy));
		if (!gp)
			wrmsr_gp(MSR_IA32_APIC_BASE, base);
		gsnprintf(g, sizeof(g), "wrmsr ia32_apic_base address bit %u (maxphyaddr %u)", maxphy, maxphy);
		expect_gp(g, true, gp);
	}
	/* x2APIC -> disabled is a valid transition (SDM 11.12.5.1), as is xAPIC -> disabled. */
	bool gp = wrmsr_gp(MSR_IA32_APIC_BASE, base & ~(APIC_BASE_EN | APIC_BASE_EXTD));
	check_true("wrmsr ia32_apic_base en = 0", !gp, "no fault", gp_text(gp));
	check_dec("apic disabled: cpuid.1:edx.apic clear", 0, cpuid_bit(1, 0, 3, 9));
	volatile uint32_t *page = (volatile uint32_t *)(uintptr_t)XAPIC_PAGE;
	uint32_t ver = page[0x30 / 4];
	check_hex("apic disabled: its page reads all ones (version register)", 0xffffffffu, ver);
	uint64_t cr8 = read_cr8();
	page[0x80 / 4] = 0xf0; /* TPR */
	uint64_t cr8_after = read_cr8();
	uint32_t tpr = page[0x80 / 4];
	gsnprintf(g, sizeof(g), "cr8 0x%llx -> 0x%llx, tpr reads 0x%x", (unsigned long long)cr8,
		  (unsigned long long)cr8_after, tpr);
	check_true("apic disabled: a tpr write is dropped", cr8_after == cr8 && tpr == 0xffffffffu,
		   "cr8 unchanged, all ones", g);
}

void guest_main(void)
{
	char word[8] = "on";
	cmdline_word("x2apic", word, sizeof(word));
	bool no_x2apic = memcmp(word, "off", 4) == 0;
	gprintf("conformance: cmdline \"%s\"\n", guest_cmdline());

	/* groups=MASK runs only some groups (to see each fail on its own against an older hypervisor). */
	uint64_t groups = cmdline_uint_or("groups", ~0ull);
	trap_set_hook(VEC_GP, gp_hook);
	irq_idt_load();
	if (groups & 1)
		check_debug_registers();
	if (groups & 2)
		check_cr4();
	if (groups & 4)
		check_cr0();
	if (groups & 8)
		check_misc_mcg();
	if (groups & 0x10)
		check_speculation_msrs();
	if (no_x2apic && (groups & 0x20))
		check_no_x2apic();
	if (groups & 0x40) {
		bool apic = lapic_init_mode();
		check_tsc(apic && cpuid_bit(1, 0, 2, 24));
	}
	if (groups & 0x80)
		check_pat_efer();
	if (groups & 0x200)
		check_pm_timer();
	if (groups & 0x400)
		check_xsave();
	if (groups & 0x100)
		check_apic_disabled();
}
