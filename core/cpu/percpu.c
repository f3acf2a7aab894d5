/* SPDX-License-Identifier: BSD-3-Clause */
/* Per-CPU blocks and stacks. Each CPU's stacks sit between guard pages that stay unmapped. */
#include <core/percpu.h>
#include <core/x86.h>

struct percpu percpu_blocks[HV_MAX_CPUS];
unsigned int cpu_count = 1;

#define PAGE 4096
/* Layout of one CPU's stack area: guard, main stack, guard, #DF, guard, NMI, guard, #MC. */
struct cpu_stacks {
	uint8_t guard0[PAGE];
	uint8_t main[BOOT_STACK_SIZE];
	uint8_t guard1[PAGE];
	uint8_t df[PAGE];
	uint8_t guard2[PAGE];
	uint8_t nmi[PAGE];
	uint8_t guard3[PAGE];
	uint8_t mc[PAGE];
};

static struct cpu_stacks cpu_stacks[HV_MAX_CPUS] __attribute__((aligned(PAGE)));

uint64_t percpu_stack_top(unsigned int index)
{
	return (uint64_t)(uintptr_t)(cpu_stacks[index].main + BOOT_STACK_SIZE);
}

bool percpu_is_guard_page(uint64_t pa)
{
	for (unsigned int i = 0; i < HV_MAX_CPUS; i++) {
		const struct cpu_stacks *s = &cpu_stacks[i];
		const uint8_t *p = (const uint8_t *)(uintptr_t)pa;
		if (p == s->guard0 || p == s->guard1 || p == s->guard2 || p == s->guard3)
			return true;
	}
	return false;
}

static uint64_t fresh_canary(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	uint64_t v = 0;
	if (c & CPUID_1_ECX_RDRAND) {
		for (int i = 0; i < 10; i++) {
			unsigned char ok;
			__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
			if (ok)
				break;
		}
	}
	/* Mix in the TSC so the canary differs per CPU and per boot even without RDRAND. */
	v ^= rdtsc() * 0x9e3779b97f4a7c15ull;
	return v & ~0xffull; /* a zero low byte stops string overflows from copying it */
}

__attribute__((no_stack_protector)) void percpu_early_init(unsigned int index, uint32_t apic_id)
{
	struct percpu *p = &percpu_blocks[index];
	p->self = p;
	p->index = index;
	p->apic_id = apic_id;
	p->stack_top = percpu_stack_top(index);
	p->stack_canary = fresh_canary();
	wrmsr(MSR_IA32_FS_BASE, (uint64_t)(uintptr_t)p);
	wrmsr(MSR_IA32_GS_BASE, (uint64_t)(uintptr_t)p);
}

extern uint64_t gdt[];
extern const uint64_t isr_stub_table[256];

struct idt_gate {
	uint16_t offset0;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset1;
	uint32_t offset2;
	uint32_t reserved;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));

static void idt_build(void)
{
	for (unsigned int v = 0; v < 256; v++) {
		uint64_t a = isr_stub_table[v];
		idt[v] = (struct idt_gate){
			.offset0 = (uint16_t)a,
			.selector = GDT_SEL_CODE64,
			.ist = 0,
			.type_attr = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
			.offset1 = (uint16_t)(a >> 16),
			.offset2 = (uint32_t)(a >> 32),
		};
	}
	idt[2].ist = IST_NMI;
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[18].ist = IST_MACHINE_CHECK;
}

void cpu_tables_init(struct percpu *cpu)
{
	struct cpu_stacks *s = &cpu_stacks[cpu->index];
	cpu->tss.rsp[0] = cpu->stack_top;
	cpu->tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(uintptr_t)(s->df + PAGE);
	cpu->tss.ist[IST_NMI - 1] = (uint64_t)(uintptr_t)(s->nmi + PAGE);
	cpu->tss.ist[IST_MACHINE_CHECK - 1] = (uint64_t)(uintptr_t)(s->mc + PAGE);
	cpu->tss.iomap_base = sizeof(struct tss64);

	/* 64-bit TSS descriptor (SDM Vol. 3A 7.2.3): type 9 (available), present. */
	uint64_t base = (uint64_t)(uintptr_t)&cpu->tss;
	uint64_t limit = sizeof(struct tss64) - 1;
	unsigned int slot = (GDT_SEL_TSS0 >> 3) + 2 * cpu->index;
	gdt[slot] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
		    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[slot + 1] = base >> 32;
	uint16_t sel = (uint16_t)(GDT_SEL_TSS0 + 16 * cpu->index);
	__asm__ volatile("ltr %0" : : "r"(sel));

	if (cpu->index == 0) /* the boot CPU builds the one IDT before it starts any AP */
		idt_build();
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
