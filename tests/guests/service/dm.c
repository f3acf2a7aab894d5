/* SPDX-License-Identifier: BSD-3-Clause */
/* The service guest's device model and VM lifecycle: see dm.h. */
#include "dm.h"

#define IOAPIC_BASE 0xFEC00000u
#define IOREGSEL 0x00u
#define IOWIN 0x10u
#define IOAPIC_RTE(pin) (0x10u + 2u * (pin))
#define UPCALL_GSI 20u
#define VEC_UPCALL 0x40u
#define VEC_TIMER 0x41u

#define COM1 0x3f8u
#define DEBUG_EXIT_PORT 0xf4u
#define BOCHS_SHUTDOWN_PORT 0x8900u

#define MAX_UVMS 8u

volatile uint32_t dm_upcalls;
static volatile uint32_t timer_ticks;
static uint64_t ms_ticks;

/* One ioreq page per VM slot id: a zeroed 4 KiB page of the Service VM's own RAM. */
static struct hvkit_ioreq_page io_pages[MAX_UVMS] __attribute__((aligned(4096)));

uint64_t tsc_per_ms(void)
{
	return ms_ticks;
}

static void upcall_irq(struct trap_frame *f)
{
	(void)f;
	__atomic_add_fetch(&dm_upcalls, 1u, __ATOMIC_SEQ_CST);
	lapic_eoi();
}

static void timer_irq(struct trap_frame *f)
{
	(void)f;
	__atomic_add_fetch(&timer_ticks, 1u, __ATOMIC_SEQ_CST);
	lapic_eoi();
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + IOREGSEL) = reg;
	*(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + IOWIN) = v;
}

void dm_init(void)
{
	ms_ticks = cpuid(0x40000010u, 0).eax; /* TSC kHz */
	if (ms_ticks == 0) {
		fail("tsc rate", "expected CPUID 0x40000010 eax = TSC kHz, got 0");
		ms_ticks = 50000u;
	}
	pic_mask_all();
	irq_idt_load();
	lapic_init_mode();
	irq_set_handler(VEC_UPCALL, upcall_irq);
	irq_set_handler(VEC_TIMER, timer_irq);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_TSC_DEADLINE | VEC_TIMER);
	/* The control device's interrupt: edge, active high, fixed, to this CPU (APIC ID 0). */
	ioapic_write(IOAPIC_RTE(UPCALL_GSI) + 1, lapic_get_id() << 24);
	ioapic_write(IOAPIC_RTE(UPCALL_GSI), VEC_UPCALL);
}

/* With interrupts off: halt until an interrupt (an upcall, the timer) or `ticks` from now. */
static void wait_ticks(uint64_t ticks)
{
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + ticks);
	irq_wait_hlt();
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
}

void dm_sleep_ms(uint64_t ms)
{
	uint64_t end = rdtsc() + ms * ms_ticks;
	irq_off();
	while (rdtsc() < end)
		wait_ticks(end - rdtsc());
}

int64_t hc_expect(const char *check, int64_t want, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	int64_t rc = hvkit_hc(nr, a0, a1, a2);
	char exp[24], got[24];
	gsnprintf(exp, sizeof(exp), "%lld", (long long)want);
	gsnprintf(got, sizeof(got), "%lld", (long long)rc);
	check_true(check, rc == want, exp, got);
	return rc;
}

static bool step(const char *what, const struct uvm *u, int64_t rc)
{
	if (rc >= 0)
		return true;
	char check[96];
	gsnprintf(check, sizeof(check), "%s %s", what, u->name);
	fail(check, "expected success, got %lld", (long long)rc);
	return false;
}

volatile struct share_mailbox *uvm_mailbox(const struct uvm *u)
{
	return (volatile struct share_mailbox *)(u->host + SHARE_MAILBOX_GPA);
}

/* Multiboot v1 information for the test runtime (tests/guests/runtime): memory (low 636 KiB, the rest from
 * 1 MiB), a memory map saying the same, and the command line. */
static void write_mbinfo(struct uvm *u, const char *cmdline)
{
	struct mb_info *mi = (struct mb_info *)(u->host + SHARE_MBINFO_GPA);
	struct mb_mmap_entry *mm = (struct mb_mmap_entry *)(u->host + SHARE_MMAP_GPA);
	char *cl = (char *)(u->host + SHARE_CMDLINE_GPA);
	size_t n = strlen(cmdline);
	if (n >= SHARE_CMDLINE_MAX)
		n = SHARE_CMDLINE_MAX - 1;
	memcpy(cl, cmdline, n);
	cl[n] = '\0';
	mm[0] = (struct mb_mmap_entry){ sizeof(mm[0]) - 4, 0, 0x9f000u, MB_MMAP_USABLE };
	mm[1] = (struct mb_mmap_entry){ sizeof(mm[1]) - 4, 0x100000u, u->ram - 0x100000u, MB_MMAP_USABLE };
	*mi = (struct mb_info){ 0 };
	mi->flags = MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MMAP;
	mi->mem_lower = 0x9f000u / 1024u;
	mi->mem_upper = (uint32_t)((u->ram - 0x100000u) / 1024u);
	mi->cmdline = SHARE_CMDLINE_GPA;
	mi->mmap_addr = SHARE_MMAP_GPA;
	mi->mmap_length = 2 * sizeof(mm[0]);
}

bool uvm_launch(struct uvm *u, const struct guest_blob *blob, const char *cmdline)
{
	struct hvkit_vm_create c = { 0 };
	memcpy(c.name, u->name, strlen(u->name));
	c.vcpus = u->vcpus;
	int64_t rc = hvkit_hc(HVKIT_HC_VM_CREATE, (uintptr_t)&c, 0, 0);
	if (!step("vm_create", u, rc))
		return false;
	if ((uint64_t)rc != c.id) {
		char check[96];
		gsnprintf(check, sizeof(check), "vm_create %s returns its id", u->name);
		fail(check, "expected %u (the id written back), got %lld", c.id, (long long)rc);
	}
	u->id = c.id;
	u->live = true;
	u->ended = false;
	u->len = 0;
	u->requests = u->pings = 0;
	if (c.id >= MAX_UVMS) {
		fail("vm id", "expected an id below %u, got %u", MAX_UVMS, c.id);
		return false;
	}
	struct hvkit_vm_memory m = { .id = c.id, .gpa = 0, .size = u->ram };
	if (!step("vm_set_memory", u, hvkit_hc(HVKIT_HC_VM_SET_MEMORY, (uintptr_t)&m, 0, 0)))
		return false;
	u->host = (uint8_t *)(uintptr_t)m.host_address;
	if (blob->load + blob->size > u->ram || blob->end > u->ram) {
		fail("guest image fits", "expected %s's image to end below 0x%llx, got 0x%llx", u->name,
		     (unsigned long long)u->ram, (unsigned long long)blob->end);
		return false;
	}
	memcpy(u->host + blob->load, blob->data, blob->size);
	volatile struct share_mailbox *mb = uvm_mailbox(u);
	mb->magic = 0;
	mb->done = 0;
	write_mbinfo(u, cmdline);
	u->io = &io_pages[c.id];
	memset(u->io, 0, sizeof(*u->io));
	if (!step("ioreq_setup", u, hvkit_hc(HVKIT_HC_IOREQ_SETUP, c.id, (uintptr_t)u->io, 0)))
		return false;
	struct hvkit_vcpu_state s = {
		.id = c.id, .vcpu = 0, .mode = HVKIT_VCPU_MODE_PROTECTED32, .rip = blob->entry, .rflags = 0x2,
		.rax = MB_BOOT_MAGIC_V1, .rbx = SHARE_MBINFO_GPA,
	};
	if (!step("vcpu_set_state", u, hvkit_hc(HVKIT_HC_VCPU_SET_STATE, (uintptr_t)&s, 0, 0)))
		return false;
	return step("vm_start", u, hvkit_hc(HVKIT_HC_VM_START, c.id, 0, 0));
}

/* ---- serving requests ---- */

static void uart_out(struct uvm *u, char ch)
{
	if (ch == '\r')
		return;
	if (ch != '\n' && u->len + 1 < UVM_LINE_MAX) {
		u->line[u->len++] = ch;
		return;
	}
	u->line[u->len] = '\0';
	gprintf("[%s] %s\n", u->name, u->line);
	u->len = 0;
}

/* A 16550 that is always ready: LSR = THR empty and transmitter empty; IIR = no interrupt pending. */
static uint32_t uart_read(unsigned int reg)
{
	switch (reg) {
	case 2:
		return 0x01;
	case 5:
		return 0x60;
	default:
		return 0;
	}
}

/* One request; false when it ended the VM (the debug-exit write: left pending, the VM is destroyed next). */
static bool serve_one(struct uvm *u, uint32_t vcpu, struct hvkit_ioreq *r)
{
	__atomic_store_n(&r->state, HVKIT_IOREQ_PROCESSING, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	u->requests++;
	uint64_t mask = r->size >= 8 ? ~0ull : (1ull << (r->size * 8)) - 1;
	bool write = r->direction == HVKIT_IOREQ_WRITE;
	uint64_t val = mask;
	uint32_t *ping = NULL, ping_out = 0;
	if (r->type == HVKIT_IOREQ_PIO && r->address >= COM1 && r->address < COM1 + 8) {
		unsigned int reg = (unsigned int)(r->address - COM1);
		if (write && reg == 0)
			uart_out(u, (char)r->value);
		val = write ? 0 : uart_read(reg);
	} else if (r->type == HVKIT_IOREQ_PIO && r->address == DEBUG_EXIT_PORT && write) {
		if (u->len)
			uart_out(u, '\n');
		u->ended = true;
		u->status = (uint32_t)r->value;
		u->end_tsc = rdtsc();
		gprintf("svc: vm %s (id %lld) wrote %u to its debug-exit port after %llu requests\n", u->name,
			(long long)u->id, u->status, (unsigned long long)u->requests);
		return false;
	} else if (r->type == HVKIT_IOREQ_PIO && r->address == SHARE_PING_PORT) {
		if (write && r->size == 4 && u->pings < SHARE_MAX_SAMPLES) {
			ping = &u->ping_done[u->pings];
			ping_out = (uint32_t)r->value;
			u->ping_seen[u->pings] = (uint32_t)rdtsc() - ping_out;
		}
		u->pings++;
		val = 0;
	}
	if (!write)
		r->value = val & mask;
	__atomic_store_n(&r->state, HVKIT_IOREQ_COMPLETE, __ATOMIC_RELEASE);
	/* run=irq: the interrupt is raised before the request completes (it is pending when the guest goes on). */
	if (u->answer_pings && ping_out == SHARE_PING_IRQ)
		u->irq_rc = hvkit_hc(HVKIT_HC_INJECT_IRQ, (uint64_t)u->id, SHARE_IRQ_PIN, HVKIT_IRQ_PULSE);
	else if (u->answer_pings && ping_out == SHARE_PING_MSI)
		u->msi_rc = hvkit_hc(HVKIT_HC_INJECT_MSI, (uint64_t)u->id, 0xfee00000u, SHARE_MSI_VECTOR);
	int64_t rc = hvkit_hc(HVKIT_HC_IOREQ_COMPLETE, (uint64_t)u->id, vcpu, 0);
	if (ping)
		*ping = (uint32_t)rdtsc() - ping_out;
	if (rc != 0) {
		char check[64];
		gsnprintf(check, sizeof(check), "ioreq_complete %s vcpu %u", u->name, vcpu);
		fail(check, "expected 0, got %lld", (long long)rc);
	}
	return true;
}

bool dm_serve(struct uvm *const *set, unsigned int n, unsigned int need, uint64_t deadline)
{
	irq_off();
	for (;;) {
		bool work = false, all_ended = true;
		for (unsigned int i = 0; i < n; i++) {
			struct uvm *u = set[i];
			if (!u->live || u->ended)
				continue;
			if (i < need)
				all_ended = false;
			for (uint32_t v = 0; v < u->vcpus && !u->ended; v++) {
				struct hvkit_ioreq *r = &u->io->slot[v];
				if (__atomic_load_n(&r->state, __ATOMIC_ACQUIRE) == HVKIT_IOREQ_PENDING) {
					serve_one(u, v, r);
					work = true;
				}
			}
		}
		if (all_ended)
			return true;
		uint64_t now = rdtsc();
		if (now >= deadline)
			return false;
		if (!work)
			wait_ticks(deadline - now < 10 * ms_ticks ? deadline - now : 10 * ms_ticks);
	}
}

bool uvm_destroy(struct uvm *u)
{
	int64_t rc = hvkit_hc(HVKIT_HC_VM_DESTROY, (uint64_t)u->id, 0, 0);
	u->destroy_rc = rc;
	char check[96];
	if (rc != 0 && rc != 1) {
		gsnprintf(check, sizeof(check), "vm_destroy %s", u->name);
		fail(check, "expected 0 (gone) or 1 (stopping), got %lld", (long long)rc);
		return false;
	}
	/* Its vCPUs leave their CPUs; the last one tears it down. The slot is free once VM_STATUS says ENOENT. */
	struct hvkit_vm_status st = { .id = (uint32_t)u->id };
	uint64_t end = rdtsc() + 5000 * ms_ticks;
	int64_t s = 0;
	while ((s = hvkit_hc(HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0)) == 0 && rdtsc() < end)
		dm_sleep_ms(1);
	u->live = false;
	gsnprintf(check, sizeof(check), "vm %s destroyed (vm_status: ENOENT)", u->name);
	return check_true(check, s == -HVKIT_ENOENT, "-2", s == 0 ? "still there after 5 s" : "another error");
}
