/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm_bench: the KVM peer of hvkit's bench guests. A static program run by /init of the kvm_peer initramfs
 * (tests/kvm_peer/build.sh), inside Debian's kernel booted natively in Bochs with kvm_intel loaded. It drives
 * /dev/kvm directly: one VM, one vCPU, 2 MiB of guest memory at GPA 0, KVM's in-kernel irqchip, and a tiny
 * 32-bit protected-mode guest (flat segments, no paging; assembled below, copied into guest memory) that
 * measures, with RDTSC inside the guest:
 *
 *   peer.kvm.cpuid_exit_ticks     CPUID(0) round trip: RDTSC; CPUID; RDTSC (handled in the kernel), median of N
 *   peer.kvm.pio_exit_ticks       OUT to port PIO_PORT, which KVM hands to this program (KVM_EXIT_IO) and this
 *                                 program resumes at once: RDTSC; OUT; RDTSC, median of N
 *   peer.kvm.timer_latency_ticks  the in-kernel LAPIC timer in TSC-deadline mode (x2APIC): D = RDTSC + DELTA
 *                                 written to IA32_TSC_DEADLINE, STI; HLT; the handler's FIRST instruction is
 *                                 RDTSC; latency = that TSC - D, median of N (the method of hvkit's latency guest,
 *                                 tests/guests/latency/latency.c: samples=1000, delta=50000, wait=hlt)
 *
 * N = 1000. Each figure also gets _min and _max lines. Bochs's TSC counts emulated instructions, so the figures
 * are instruction counts of the whole path (guest, KVM, the host kernel, and for the port exit this program).
 * Written from Linux's Documentation/virt/kvm/api.rst and the uapi header <linux/kvm.h>.
 *
 * Exit status 0 when all three figures were printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define N 1000u
#define DELTA 50000u

/* Guest physical layout (all below 2 MiB, away from the APIC page KVM maps at 0xfee00000). */
#define MEM_SIZE 0x200000u
#define GDT_GPA 0x0800u   /* null, flat 32-bit code (0x08), flat data (0x10) */
#define IDT_GPA 0x1000u   /* 256 gates; only TIMER_VEC is present */
#define CODE_GPA 0x4000u  /* the guest program */
#define STACK_TOP 0x8000u
#define CPUID_BUF 0x10000u /* N x u32 */
#define PIO_BUF 0x11000u   /* N x u32 */
#define TIMER_BUF 0x12000u /* N x {u64 deadline, u64 handler tsc} */
#define VAR_DONE 0x20000u  /* u32: set by the timer handler */
#define VAR_TSC 0x20008u   /* u64: the handler's first RDTSC */

#define PIO_PORT 0x510u  /* exits to userspace: nothing in the kernel claims it */
#define DONE_PORT 0x511u /* the guest is finished */
#define TIMER_VEC 0x41u

/* The guest (32-bit code, copied to CODE_GPA; every address it uses is one of the constants above, its jumps
 * are relative, so it runs wherever the host copied it). */
#define S_(x) #x
#define S(x) S_(x)
__asm__(".pushsection .rodata.kvm_guest, \"a\"\n"
	".code32\n"
	".globl kvm_guest_start, kvm_guest_end, kvm_guest_timer_handler\n"
	"kvm_guest_start:\n"
	/* 1. CPUID(0) round trips: esi = TSC before, sample = TSC after - esi (low 32 bits are enough). */
	"	mov $" S(CPUID_BUF) ", %edi\n"
	"	mov $" S(N) ", %ebp\n"
	"1:	rdtsc\n"
	"	mov %eax, %esi\n"
	"	xor %eax, %eax\n"
	"	xor %ecx, %ecx\n"
	"	cpuid\n"
	"	rdtsc\n"
	"	sub %esi, %eax\n"
	"	mov %eax, (%edi)\n"
	"	add $4, %edi\n"
	"	dec %ebp\n"
	"	jnz 1b\n"
	/* 2. OUT to PIO_PORT, an exit to the host program and back. */
	"	mov $" S(PIO_BUF) ", %edi\n"
	"	mov $" S(N) ", %ebp\n"
	"	mov $" S(PIO_PORT) ", %bx\n"
	"2:	rdtsc\n"
	"	mov %eax, %esi\n"
	"	mov %bx, %dx\n"
	"	out %al, %dx\n"
	"	rdtsc\n"
	"	sub %esi, %eax\n"
	"	mov %eax, (%edi)\n"
	"	add $4, %edi\n"
	"	dec %ebp\n"
	"	jnz 2b\n"
	/* 3. LAPIC timer: x2APIC on (IA32_APIC_BASE bits 11 EN and 10 EXTD), software-enabled (SVR 0x80f = 0x1ff),
	 *    LVT timer (0x832) in TSC-deadline mode (bits 18:17 = 10b) on TIMER_VEC. */
	"	mov $0x1b, %ecx\n"
	"	rdmsr\n"
	"	or $0xc00, %eax\n"
	"	wrmsr\n"
	"	mov $0x80f, %ecx\n"
	"	mov $0x1ff, %eax\n"
	"	xor %edx, %edx\n"
	"	wrmsr\n"
	"	mov $0x832, %ecx\n"
	"	mov $(0x40000 | " S(TIMER_VEC) "), %eax\n"
	"	wrmsr\n"
	"	mfence\n"
	"	mov $" S(TIMER_BUF) ", %edi\n"
	"	mov $" S(N) ", %ebp\n"
	"3:	movl $0, " S(VAR_DONE) "\n"
	"	rdtsc\n" /* deadline D = now + DELTA, kept in (edi) */
	"	add $" S(DELTA) ", %eax\n"
	"	adc $0, %edx\n"
	"	mov %eax, (%edi)\n"
	"	mov %edx, 4(%edi)\n"
	"	mov $0x6e0, %ecx\n" /* IA32_TSC_DEADLINE */
	"	wrmsr\n"
	"4:	sti\n" /* STI's shadow: no interrupt before HLT */
	"	hlt\n"
	"	cli\n"
	"	cmpl $0, " S(VAR_DONE) "\n"
	"	je 4b\n"
	"	mov " S(VAR_TSC) ", %eax\n"
	"	mov %eax, 8(%edi)\n"
	"	mov " S(VAR_TSC) "+4, %eax\n"
	"	mov %eax, 12(%edi)\n"
	"	add $16, %edi\n"
	"	dec %ebp\n"
	"	jnz 3b\n"
	"	mov $0x832, %ecx\n" /* mask the LVT timer */
	"	mov $0x10000, %eax\n"
	"	xor %edx, %edx\n"
	"	wrmsr\n"
	"	mov $" S(DONE_PORT) ", %dx\n"
	"	out %al, %dx\n"
	"5:	hlt\n"
	"	jmp 5b\n"
	/* The timer's handler: its FIRST instruction reads the TSC (clobbers eax/edx of the HLT loop, which keeps
	 * nothing there), then EOI (x2APIC MSR 0x80b) and return. */
	"kvm_guest_timer_handler:\n"
	"	rdtsc\n"
	"	mov %eax, " S(VAR_TSC) "\n"
	"	mov %edx, " S(VAR_TSC) "+4\n"
	"	push %ecx\n"
	"	mov $0x80b, %ecx\n"
	"	xor %eax, %eax\n"
	"	xor %edx, %edx\n"
	"	wrmsr\n"
	"	pop %ecx\n"
	"	movl $1, " S(VAR_DONE) "\n"
	"	iret\n"
	"kvm_guest_end:\n"
	".code64\n"
	".popsection\n");

extern const uint8_t kvm_guest_start[], kvm_guest_end[], kvm_guest_timer_handler[];

static void die(const char *what)
{
	printf("kvm_peer: FAIL %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort n samples; print NAME: median, NAME_min, NAME_max. */
static void report(const char *name, uint64_t *s, unsigned n)
{
	qsort(s, n, sizeof(*s), cmp_u64);
	printf("%s: %llu\n%s_min: %llu\n%s_max: %llu\n", name, (unsigned long long)s[n / 2], name,
	       (unsigned long long)s[0], name, (unsigned long long)s[n - 1]);
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type)
{
	struct kvm_segment s;
	memset(&s, 0, sizeof(s));
	s.base = 0;
	s.limit = 0xffffffffu;
	s.selector = selector;
	s.type = type; /* 0xb: code, execute/read, accessed; 0x3: data, read/write, accessed */
	s.present = 1;
	s.db = 1; /* 32-bit */
	s.s = 1;  /* code/data, not system */
	s.g = 1;  /* 4 KiB granularity */
	return s;
}

/* KVM's supported CPUID with x2APIC (leaf 1 ECX[21]) and the TSC-deadline timer (ECX[24]) switched on. */
static void set_cpuid(int kvm, int vcpu)
{
	unsigned max = 128;
	size_t size = sizeof(struct kvm_cpuid2) + max * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 *c = calloc(1, size);
	if (!c)
		die("calloc");
	c->nent = max;
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) < 0)
		die("KVM_GET_SUPPORTED_CPUID");
	int leaf1 = 0;
	for (unsigned i = 0; i < c->nent; i++)
		if (c->entries[i].function == 1) {
			c->entries[i].ecx |= (1u << 21) | (1u << 24);
			leaf1 = 1;
		}
	if (!leaf1) {
		errno = ENOENT;
		die("no CPUID leaf 1 in KVM_GET_SUPPORTED_CPUID");
	}
	if (ioctl(vcpu, KVM_SET_CPUID2, c) < 0)
		die("KVM_SET_CPUID2");
	free(c);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("open /dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		errno = EINVAL;
		die("KVM_GET_API_VERSION");
	}
	if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_IRQCHIP) <= 0 ||
	    ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_TSC_DEADLINE_TIMER) <= 0) {
		errno = ENOTSUP;
		die("KVM_CAP_IRQCHIP / KVM_CAP_TSC_DEADLINE_TIMER");
	}
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	/* Intel: a 3-page region for the TSS of real-mode emulation, outside guest RAM (unused by this guest). */
	if (ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0)
		die("KVM_SET_TSS_ADDR");
	/* The in-kernel PIC, IOAPIC and a LAPIC for each vCPU made afterwards. */
	if (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0)
		die("KVM_CREATE_IRQCHIP");

	uint8_t *mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap guest memory");
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE, .userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");

	/* GDT: null, code 0x08 (base 0, limit 4 GiB, 32-bit, execute/read), data 0x10 (read/write). */
	const uint64_t gdt[3] = {0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull};
	memcpy(mem + GDT_GPA, gdt, sizeof(gdt));
	/* IDT: one 32-bit interrupt gate (type 0xe, present, DPL 0) to the timer handler through selector 0x08. */
	size_t code_len = (size_t)(kvm_guest_end - kvm_guest_start);
	uint32_t handler = CODE_GPA + (uint32_t)(kvm_guest_timer_handler - kvm_guest_start);
	uint64_t gate = (handler & 0xffffu) | (0x08ull << 16) | (0x8eull << 40) | ((uint64_t)(handler >> 16) << 48);
	memcpy(mem + IDT_GPA + TIMER_VEC * 8, &gate, sizeof(gate));
	memcpy(mem + CODE_GPA, kvm_guest_start, code_len);

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	set_cpuid(kvm, vcpu);
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run))
		die("KVM_GET_VCPU_MMAP_SIZE");
	struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run");

	/* Protected mode straight away: CR0.PE, flat segments, the GDT and IDT above, interrupts off. */
	struct kvm_sregs sregs;
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	sregs.cs = flat_segment(0x08, 0xb);
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = flat_segment(0x10, 0x3);
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = sizeof(gdt) - 1;
	sregs.idt.base = IDT_GPA;
	sregs.idt.limit = 256 * 8 - 1;
	sregs.cr0 = 0x11; /* PE, ET */
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS");
	struct kvm_regs regs;
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rsp = STACK_TOP;
	regs.rflags = 0x2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");

	printf("kvm_peer: guest of %zu bytes at 0x%x, %u samples each, timer deadline %u ticks ahead\n", code_len,
	       CODE_GPA, N, DELTA);
	unsigned pio_exits = 0;
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN");
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.direction == KVM_EXIT_IO_OUT && run->io.port == PIO_PORT) {
			pio_exits++; /* straight back into the guest: this is the round trip measured */
			continue;
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == DONE_PORT)
			break;
		printf("kvm_peer: FAIL unexpected exit %u (io port 0x%x; hardware reason 0x%llx; internal suberror %u) "
		       "at rip 0x%llx\n",
		       run->exit_reason, run->io.port, (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
		       run->internal.suberror, (ioctl(vcpu, KVM_GET_REGS, &regs) == 0) ? (unsigned long long)regs.rip : 0ull);
		return 1;
	}

	static uint64_t s[N];
	const uint32_t *cpuid = (const uint32_t *)(mem + CPUID_BUF), *pio = (const uint32_t *)(mem + PIO_BUF);
	const uint64_t *timer = (const uint64_t *)(mem + TIMER_BUF);
	printf("kvm_peer: %u port exits to userspace\n", pio_exits);
	for (unsigned i = 0; i < N; i++)
		s[i] = cpuid[i];
	report("peer.kvm.cpuid_exit_ticks", s, N);
	for (unsigned i = 0; i < N; i++)
		s[i] = pio[i];
	report("peer.kvm.pio_exit_ticks", s, N);
	unsigned early = 0;
	for (unsigned i = 0; i < N; i++) {
		uint64_t d = timer[2 * i], t = timer[2 * i + 1];
		if (t < d)
			early++;
		s[i] = t < d ? 0 : t - d;
	}
	printf("kvm_peer: %u of %u timer interrupts before their deadline\n", early, N);
	report("peer.kvm.timer_latency_ticks", s, N);
	printf("kvm_peer: DONE\n");
	return 0;
}
