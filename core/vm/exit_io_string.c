/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * INS and OUTS (with or without REP) at a port the hypervisor emulates, such as the vUART: legal,
 * and used by guests that write a buffer to a serial port in one instruction.
 *
 * The exit gives the linear address of the first element (the guest-linear address field, SDM
 * Vol. 3C 28.2.1, table 28-5 and 28.2.5) and, where the CPU reports it (IA32_VMX_BASIC bit 54), the
 * address size in the VM-exit instruction information (bits 9:7). Each element goes through the
 * guest's own page tables (lib/guest_walk); a fault there is the guest's #PF with CR2 = the
 * element's address, as the CPU would raise it. RSI (OUTS) or RDI (INS) moves by the element size,
 * backwards with RFLAGS.DF (SDM Vol. 2B INS/OUTS); with REP, RCX counts down. At most
 * STRING_IO_BATCH elements are done per exit: the instruction is then entered again with RIP
 * unchanged, so a long REP cannot keep the CPU from other work, and interrupts stay deliverable
 * between batches, as between iterations on the CPU.
 */
#include <core/vm_emulated.h>
#include <guest_walk/guest_walk.h>
#include <string.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_decode.h>

#define STRING_IO_BATCH 256u
#define RFLAGS_DF (1ull << 10)
#define GPR_RCX 1u
#define GPR_RSI 6u
#define GPR_RDI 7u

/* The address size in bytes: from the instruction information, else from the code segment. */
static unsigned int address_bytes(void)
{
	if (vmx_bringup_caps()->ins_outs_info) {
		unsigned int as = (unsigned int)(vmx_vmread(VMCS_VM_EXIT_INSTRUCTION_INFO) >> 7) & 7;
		return as == 0 ? 2 : as == 1 ? 4 : 8;
	}
	uint32_t cs_ar = (uint32_t)vmx_vmread(VMCS_GUEST_CS_AR_BYTES);
	if ((vmx_vmread(VMCS_GUEST_IA32_EFER) & IA32_EFER_LMA) && (cs_ar & VMX_AR_L))
		return 8;
	return (cs_ar & VMX_AR_DB) ? 4 : 2;
}

/* A failed walk: the guest's #PF with CR2 = the address, or #GP(0), logged, for a non-canonical address or
 * anything else the walk refuses (partition: 32-bit and PAE paging, lib/guest_walk/src/paging_legacy_none.c). */
static void inject_walk_fault(struct vcpu *v, const struct guest_walk_result *res, uint64_t linear)
{
	if (res->page_fault) {
		v->vmx.regs.cr2 = linear;
		vcpu_inject_exception(v, 14, res->pf_error_code);
	} else {
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: string I/O at 0x%lx: a non-canonical address, or paging this "
			     "image does not walk: #GP", v->index, linear);
		vcpu_inject_exception(v, 13, 0);
	}
}

/* Copy one element between the port value and guest memory at `linear` (it may straddle two
 * pages). false: the guest takes the page fault already queued. */
static bool element_copy(struct vcpu *v, const struct guest_paging *pg, uint64_t linear, uint32_t *val,
			 unsigned int size, bool to_guest)
{
	uint8_t *bytes = (uint8_t *)val;
	unsigned int done = 0;
	while (done < size) {
		struct guest_walk_result res;
		enum guest_access acc = to_guest ? GUEST_ACCESS_WRITE : GUEST_ACCESS_READ;
		if (guest_walk_info(pg, linear + done, acc, &res) != 0) {
			inject_walk_fault(v, &res, linear + done);
			return false;
		}
		unsigned int chunk = size - done;
		if (res.page_bytes_left < chunk)
			chunk = (unsigned int)res.page_bytes_left;
		uint64_t hpa = vm_gpa_to_hpa(v->vm, res.gpa, chunk);
		if (hpa == 0) {
			vcpu_inject_exception(v, 13, 0); /* not the VM's RAM (a device window): not emulated */
			return false;
		}
		if (to_guest)
			memcpy(plat_phys_to_virt(hpa), bytes + done, chunk);
		else
			memcpy(bytes + done, plat_phys_to_virt(hpa), chunk);
		done += chunk;
	}
	return true;
}

/* One INS/OUTS in progress: the guest's paging, the registers it moves, where the next element is. */
struct string_io {
	uint64_t pdptes[4];
	struct guest_paging pg;
	uint64_t amask;  /* the address size's part of RSI/RDI/RCX */
	uint64_t *index; /* RDI for INS, RSI for OUTS */
	uint64_t *count; /* RCX */
	int64_t step;    /* the element size, negative with RFLAGS.DF */
	uint64_t linear;
	uint32_t mask;   /* the element size's part of the port value */
};

static void string_io_start(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io,
			    struct string_io *s)
{
	vcpu_guest_paging(v, &s->pg, s->pdptes);
	unsigned int abytes = address_bytes();
	s->amask = abytes == 8 ? ~0ull : (1ull << (abytes * 8)) - 1;
	s->index = vmx_guest_gpr(&v->vmx.regs, io->in ? GPR_RDI : GPR_RSI);
	s->count = vmx_guest_gpr(&v->vmx.regs, GPR_RCX);
	s->step = (vmx_vmread(VMCS_GUEST_RFLAGS) & RFLAGS_DF) ? -(int64_t)io->size : (int64_t)io->size;
	s->linear = exit->guest_linear_address;
	s->mask = io->size == 4 ? 0xffffffffu : (1u << (io->size * 8)) - 1;
}

static bool count_zero(const struct string_io *s)
{
	return (*s->count & s->amask) == 0;
}

/* One element: memory to port (OUTS) or port to memory (INS), then RSI/RDI moves. false: the guest faulted. */
static bool string_io_element(struct vcpu *v, const struct vmx_io_access *io, struct string_io *s)
{
	uint32_t val = s->mask;
	if (!io->in && !element_copy(v, &s->pg, s->linear, &val, io->size, false))
		return false;
	val &= s->mask;
	vm_vdev_io(v->vm, io->port, io->size, !io->in, &val, true);
	if (io->in && !element_copy(v, &s->pg, s->linear, &val, io->size, true))
		return false;
	/* Only the address-size part of the registers moves (SDM Vol. 2B: 16/32-bit forms). */
	*s->index = (*s->index & ~s->amask) | ((*s->index + (uint64_t)s->step) & s->amask);
	s->linear += (uint64_t)s->step;
	return true;
}

enum string_io_state { SIO_MORE, SIO_DONE, SIO_FAULTED, SIO_STOPPED };

static enum string_io_state string_io_step(struct vcpu *v, const struct vmx_io_access *io, struct string_io *s)
{
	if (!string_io_element(v, io, s))
		return SIO_FAULTED;
	if (!io->rep)
		return SIO_DONE;
	*s->count = (*s->count & ~s->amask) | ((*s->count - 1) & s->amask);
	if (v->vm->state != VM_RUNNING)
		return SIO_STOPPED; /* the port ended the VM (debug exit) */
	return SIO_MORE;
}

/* At most STRING_IO_BATCH elements; SIO_MORE when the batch ran out first. */
static enum string_io_state string_io_batch(struct vcpu *v, const struct vmx_io_access *io, struct string_io *s)
{
	for (unsigned int n = 0; n < STRING_IO_BATCH; n++) {
		if (io->rep && count_zero(s))
			return SIO_DONE;
		enum string_io_state st = string_io_step(v, io, s);
		if (st != SIO_MORE)
			return st;
	}
	return SIO_MORE;
}

int vcpu_emulate_string_io(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io)
{
	struct string_io s;
	string_io_start(v, exit, io, &s);
	enum string_io_state st = string_io_batch(v, io, &s);
	if (st == SIO_FAULTED)
		return EXIT_RESUME;
	if (st == SIO_STOPPED)
		return EXIT_STOP_VCPU;
	if (!io->rep || count_zero(&s))
		vcpu_skip_instruction(exit);
	return v->vm->state == VM_RUNNING ? EXIT_RESUME : EXIT_STOP_VCPU;
}
