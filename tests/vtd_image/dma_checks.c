/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA remapping checks with the edu device: a mapped transfer lands at the host
 * address the domain's tables say; transfers outside the VM's RAM, into
 * hypervisor memory, into the other VM's RAM, into a read-only page and out of
 * a write-only page are blocked and reported as faults of the device's VM
 * (VT-d 3.6 second-level translation, 7.1.3 fault reasons).
 */
#include <core/console.h>
#include <core/trap.h>
#include <core/tsc.h>
#include <core/x86.h>
#include <ept/pt.h>
#include <iommu/iommu_ext.h>
#include <string.h>

#include "report.h"
#include "vtd_test.h"

#define GPA_SRC 0x100000ul     /* pattern source inside the VM */
#define GPA_DST 0x200000ul     /* mapped destination */
#define GPA_RO 0x300000ul      /* made read-only for DMA */
#define GPA_WO 0x301000ul      /* made write-only for DMA */
#define GPA_UNMAPPED 0x4000000ul /* 64 MiB: beyond the VM's 8 MiB */
#define FAULT_WRITE 5
#define FAULT_READ 6

/* Hypervisor memory the device must never reach, used as a guest-physical address. */
static uint8_t hv_victim[4096] __attribute__((aligned(4096)));

uint64_t vm_gpa_to_hpa(const struct vm_config *vm, uint64_t gpa)
{
	uint64_t hpa = vm->host_base;
	for (uint32_t i = 0; i < vm->mem_count; i++) {
		if (gpa >= vm->mem[i].base && gpa - vm->mem[i].base < vm->mem[i].size)
			return hpa + (gpa - vm->mem[i].base);
		hpa += vm->mem[i].size;
	}
	return 0;
}

static void fill(void *p, uint8_t seed)
{
	uint8_t *b = p;
	for (unsigned int i = 0; i < EDU_XFER; i++)
		b[i] = (uint8_t)(seed + i * 7u);
}

static bool is_filled(const void *p, uint8_t seed)
{
	const uint8_t *b = p;
	for (unsigned int i = 0; i < EDU_XFER; i++)
		if (b[i] != (uint8_t)(seed + i * 7u))
			return false;
	return true;
}

/* Wait (interrupts on) until the fault count passes before, at most 200 ms; then poll once. */
static bool wait_fault(uint64_t before, struct iommu_fault_note *n)
{
	uint64_t t0 = rdtsc(), limit = tsc_hz() / 5;
	irq_enable();
	do {
		iommu_fault_note(n);
		if (n->count > before)
			break;
		cpu_relax();
	} while (rdtsc() - t0 < limit);
	irq_disable();
	if (n->count == before && iommu_fault_poll() > 0)
		iommu_fault_note(n);
	return n->count > before;
}

/* The fault must name the edu device, its VM, the address and the reason. */
static bool fault_matches(struct vtd_test *t, const struct iommu_fault_note *n, uint64_t gpa, uint8_t reason,
	bool is_write)
{
	return n->bus == t->edu.bdf.bus && n->dev == t->edu.bdf.dev && n->fn == t->edu.bdf.fn && n->vm == t->owner &&
	       n->reason == reason && n->is_write == is_write && n->addr == (gpa & ~0xFFFull);
}

/* A buffer -> memory transfer to gpa that must be blocked; victim is where it would have landed. */
static void expect_write_blocked(struct vtd_test *t, const char *what, uint64_t gpa, void *victim, uint8_t reason)
{
	static uint8_t saved[EDU_XFER];
	memcpy(saved, victim, sizeof(saved));
	struct iommu_fault_note n;
	iommu_fault_note(&n);
	uint64_t before = n.count;
	bool done = edu_dma_from_buffer(&t->edu, gpa, EDU_XFER);
	bool faulted = wait_fault(before, &n);
	bool intact = memcmp(saved, victim, sizeof(saved)) == 0;
	if (done && faulted && intact && fault_matches(t, &n, gpa, reason, true))
		t_pass("dma to %s blocked (fault reason %u)", what, n.reason);
	else
		t_fail("dma to %s (gpa 0x%lx): done %d, fault %d (reason %u, vm %d, addr 0x%lx), target %s", what, gpa,
			done, faulted, n.reason, n.vm, n.addr, intact ? "intact" : "CHANGED");
}

static bool mapped_dma(struct vtd_test *t, const struct vm_config *vm)
{
	uint8_t *src = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_SRC));
	uint8_t *dst = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_DST));
	fill(src, 0x11);
	memset(dst, 0, EDU_XFER);
	struct iommu_fault_note n;
	iommu_fault_note(&n);
	uint64_t before = n.count;
	bool ok = edu_dma_to_buffer(&t->edu, GPA_SRC, EDU_XFER) &&
		  edu_dma_from_buffer(&t->edu, GPA_DST, EDU_XFER);
	iommu_fault_note(&n);
	if (ok && n.count == before && is_filled(dst, 0x11)) {
		t_pass("dma into vm memory lands at hpa 0x%lx (gpa 0x%lx of vm \"%s\")", vm_gpa_to_hpa(vm, GPA_DST),
			GPA_DST, vm->name);
		return true;
	}
	t_fail("dma into vm memory: transfer %s, %lu new fault(s), hpa 0x%lx %s", ok ? "done" : "failed",
		n.count - before, vm_gpa_to_hpa(vm, GPA_DST), is_filled(dst, 0x11) ? "has the pattern" : "unchanged");
	return false;
}

/* Read-only and write-only pages (VT-d 9.8: R and W bits of the leaf). */
static void permission_checks(struct vtd_test *t, const struct vm_config *vm)
{
	uint8_t *ro = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_RO));
	uint8_t *wo = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_WO));
	fill(ro, 0x33);
	fill(wo, 0x44);
	if (iommu_vm_set_perm((unsigned int)t->owner, GPA_RO, 4096, PT_PERM_R) != 0 ||
	    iommu_vm_set_perm((unsigned int)t->owner, GPA_WO, 4096, PT_PERM_W) != 0) {
		t_fail("could not change DMA permissions in the domain");
		return;
	}
	expect_write_blocked(t, "a read-only page", GPA_RO, ro, FAULT_WRITE);

	/* Memory -> buffer from the write-only page: a read fault, and the secret never reaches the device. */
	struct iommu_fault_note n;
	iommu_fault_note(&n);
	uint64_t before = n.count;
	bool done = edu_dma_to_buffer(&t->edu, GPA_WO, EDU_XFER);
	bool faulted = wait_fault(before, &n);
	bool matches = fault_matches(t, &n, GPA_WO, FAULT_READ, false);
	/* Look at what the device got: copy its buffer to a mapped page. */
	uint8_t *dst = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_DST));
	memset(dst, 0, EDU_XFER);
	bool copied = edu_dma_from_buffer(&t->edu, GPA_DST, EDU_XFER);
	bool leaked = is_filled(dst, 0x44);
	if (done && faulted && matches && copied && !leaked)
		t_pass("dma from a write-only page blocked (fault reason %u)", n.reason);
	else
		t_fail("dma from a write-only page: fault %d (reason %u, addr 0x%lx), secret %s", faulted, n.reason,
			n.addr, leaked ? "LEAKED" : "kept");

	iommu_vm_set_perm((unsigned int)t->owner, GPA_RO, 4096, PT_PERM_R | PT_PERM_W);
	iommu_vm_set_perm((unsigned int)t->owner, GPA_WO, 4096, PT_PERM_R | PT_PERM_W);
	/* Restored: the same page now takes the device's write. */
	memset(ro, 0, EDU_XFER);
	iommu_fault_note(&n);
	before = n.count;
	uint8_t *src = plat_phys_to_virt(vm_gpa_to_hpa(vm, GPA_SRC));
	fill(src, 0x55);
	bool ok = edu_dma_to_buffer(&t->edu, GPA_SRC, EDU_XFER) && edu_dma_from_buffer(&t->edu, GPA_RO, EDU_XFER);
	iommu_fault_note(&n);
	t_check(ok && n.count == before && is_filled(ro, 0x55), "dma to the page made writable again lands (gpa 0x%lx)",
		GPA_RO);
}

void dma_checks(struct vtd_test *t)
{
	const struct vm_config *vm = &t->sc->vms[t->owner];
	if (!mapped_dma(t, vm))
		return;

	/* The device buffer now holds a pattern; every blocked write below would copy it. */
	uint8_t *identity = plat_phys_to_virt(GPA_UNMAPPED);
	expect_write_blocked(t, "an address outside the vm's ram", GPA_UNMAPPED, identity, FAULT_WRITE);

	fill(hv_victim, 0x22);
	uint64_t hv_pa = plat_virt_to_phys(hv_victim);
	expect_write_blocked(t, "hypervisor memory", hv_pa, hv_victim, FAULT_WRITE);
	t_check(is_filled(hv_victim, 0x22), "hypervisor memory at 0x%lx unchanged", hv_pa);

	if (t->other >= 0) {
		const struct vm_config *o = &t->sc->vms[t->other];
		uint64_t hpa = vm_gpa_to_hpa(o, GPA_SRC);
		uint8_t *p = plat_phys_to_virt(hpa);
		fill(p, 0x66);
		char what[64];
		hv_snprintf(what, sizeof(what), "vm \"%s\" ram", o->name);
		expect_write_blocked(t, what, hpa, p, FAULT_WRITE);
	}
	permission_checks(t, vm);

	struct iommu_fault_note n;
	iommu_fault_note(&n);
	t_check(n.irqs > 0, "fault events arrived as interrupts on vector 0x%x (%lu interrupt(s), %lu fault(s))",
		IOMMU_FAULT_VECTOR, n.irqs, n.count);
}
