/* SPDX-License-Identifier: BSD-3-Clause */
/* The 64-bit IDT: exception vectors 0..31, each with a hook a test can install. */
#include "internal.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define N_VECTORS 32
#define SEL_CODE64 0x08
#define GATE_INTERRUPT_PRESENT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define STUB_SIZE 16

static struct idt_gate idt[N_VECTORS] __attribute__((aligned(16)));
static trap_hook_t hooks[N_VECTORS];

static const char *const vector_names[N_VECTORS] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "22", "23", "24", "25", "26", "27", "#HV", "#VC", "#SX", "31",
};

void idt_init(void)
{
	for (unsigned v = 0; v < N_VECTORS; v++) {
		uint64_t addr = (uint64_t)(uintptr_t)(trap_stubs + v * STUB_SIZE);
		idt[v] = (struct idt_gate){
			.offset_lo = (uint16_t)addr,
			.selector = SEL_CODE64,
			.ist = 0,
			.type_attr = GATE_INTERRUPT_PRESENT,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_hi = (uint32_t)(addr >> 32),
		};
	}
}

void idt_load(void)
{
	struct idt_pointer p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ __volatile__("lidt %0" : : "m"(p));
}

void trap_set_hook(unsigned vector, trap_hook_t hook)
{
	if (vector < N_VECTORS)
		__atomic_store_n(&hooks[vector], hook, __ATOMIC_SEQ_CST);
}

void trap_dispatch(struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector;
	trap_hook_t hook = v < N_VECTORS ? __atomic_load_n(&hooks[v], __ATOMIC_SEQ_CST) : NULL;

	if (hook && hook(f))
		return;

	uint64_t cr2;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(cr2));
	fail("unexpected exception", "expected none, got %s (vector %u) error=0x%llx rip=0x%llx cr2=0x%llx",
	     v < N_VECTORS ? vector_names[v] : "?", v, (unsigned long long)f->error_code,
	     (unsigned long long)f->rip, (unsigned long long)cr2);
	guest_done();
}
