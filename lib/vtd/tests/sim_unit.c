/* SPDX-License-Identifier: BSD-3-Clause */
/* Simulated VT-d remapping unit behind the vtd_hw seam (see sim_unit.h). */
#include "sim_unit.h"

#include <string.h>
#include <vtd/vtd_hw.h>
#include <vtd/vtd.h>
#include <vtd/vtd_regs_ext.h>

#include "host_platform.h"

unsigned int sim_flush_count;
static struct {
	uintptr_t start, end;
} flushes[SIM_MAX_FLUSH];

static uint64_t get(struct sim_unit *s, uint32_t off, unsigned int size)
{
	uint64_t v = 0;
	memcpy(&v, &s->reg[off], size);
	return v;
}

static void put(struct sim_unit *s, uint32_t off, uint64_t v, unsigned int size)
{
	memcpy(&s->reg[off], &v, size);
}

uint32_t sim_reg32(struct sim_unit *s, uint32_t off) { return (uint32_t)get(s, off, 4); }
uint64_t sim_reg64(struct sim_unit *s, uint32_t off) { return get(s, off, 8); }
uint32_t sim_gsts(struct sim_unit *s) { return sim_reg32(s, VTD_GSTS_REG); }

static uint32_t fro(struct sim_unit *s) { return VTD_CAP_FRO(sim_reg64(s, VTD_CAP_REG)) * 16u; }
static uint32_t nfr(struct sim_unit *s) { return VTD_CAP_NFR(sim_reg64(s, VTD_CAP_REG)); }
static uint32_t iro(struct sim_unit *s) { return VTD_ECAP_IRO(sim_reg64(s, VTD_ECAP_REG)) * 16u; }

void sim_init(struct sim_unit *s, uint64_t cap, uint64_t ecap)
{
	memset(s, 0, sizeof(*s));
	s->tsc_per_read = 1000;
	put(s, VTD_VER_REG, 0x10, 4);
	put(s, VTD_CAP_REG, cap, 8);
	put(s, VTD_ECAP_REG, ecap, 8);
	put(s, VTD_FECTL_REG, VTD_FECTL_IM, 4);
}

static struct sim_inv *log_inv(struct sim_unit *s, enum sim_inv_kind k, bool queued)
{
	static struct sim_inv overflow;
	struct sim_inv *i = s->inv_count < SIM_MAX_INV ? &s->inv[s->inv_count] : &overflow;
	s->inv_count++;
	memset(i, 0, sizeof(*i));
	i->kind = k;
	i->queued = queued;
	return i;
}

static void update_ppf(struct sim_unit *s)
{
	uint32_t fsts = sim_reg32(s, VTD_FSTS_REG) & ~VTD_FSTS_PPF;
	for (uint32_t i = 0; i < nfr(s); i++)
		if (get(s, fro(s) + i * 16 + 8, 8) & VTD_FRCD_HI_F)
			fsts |= VTD_FSTS_PPF;
	put(s, VTD_FSTS_REG, fsts, 4);
}

void sim_inject_fault(struct sim_unit *s, unsigned int idx, uint16_t sid, uint64_t fi, uint8_t reason, bool is_read)
{
	uint32_t off = fro(s) + (idx % nfr(s)) * 16;
	uint32_t fsts = sim_reg32(s, VTD_FSTS_REG);
	if (get(s, off + 8, 8) & VTD_FRCD_HI_F) {
		put(s, VTD_FSTS_REG, fsts | VTD_FSTS_PFO, 4);
		return;
	}
	if (!(fsts & VTD_FSTS_PPF)) /* FRI names the first pending record */
		put(s, VTD_FSTS_REG, (fsts & ~0xFF00u) | ((idx % nfr(s)) << 8), 4);
	put(s, off, fi, 8);
	put(s, off + 8, VTD_FRCD_HI_F | (is_read ? VTD_FRCD_HI_T : 0) | ((uint64_t)reason << 32) | sid, 8);
	update_ppf(s);
	put(s, VTD_FECTL_REG, sim_reg32(s, VTD_FECTL_REG) | VTD_FECTL_IP, 4);
}

/* Consume descriptors from IQH to IQT; stop at a bad one with IQE set. */
static void run_queue(struct sim_unit *s)
{
	if (!s->qi_on || s->stall_queue || (sim_reg32(s, VTD_FSTS_REG) & VTD_FSTS_IQE))
		return;
	uint64_t *q = (uint64_t *)(uintptr_t)(sim_reg64(s, VTD_IQA_REG) & VTD_ADDR_MASK);
	uint32_t head = (uint32_t)(sim_reg64(s, VTD_IQH_REG) >> 4) & 0xFF;
	uint32_t tail = (uint32_t)(sim_reg64(s, VTD_IQT_REG) >> 4) & 0xFF;
	while (head != tail) {
		uint64_t lo = q[head * 2], hi = q[head * 2 + 1];
		struct sim_inv *i;
		unsigned int type = VTD_INV_TYPE(lo);
		if (s->fail_next_desc && type != VTD_INV_WAIT) {
			s->fail_next_desc = false;
			type = 0xF;
		}
		switch (type) {
		case VTD_INV_CC:
			i = log_inv(s, SIM_INV_CC, true);
			i->gran = (lo >> 4) & 3;
			i->did = (uint16_t)(lo >> 16);
			i->sid = (uint16_t)(lo >> 32);
			break;
		case VTD_INV_IOTLB:
			i = log_inv(s, SIM_INV_IOTLB, true);
			i->gran = (lo >> 4) & 3;
			i->did = (uint16_t)(lo >> 16);
			i->dr = (lo & VTD_INV_IOTLB_DR) != 0;
			i->dw = (lo & VTD_INV_IOTLB_DW) != 0;
			i->addr = hi & ~0xFFFull;
			i->am = hi & 0x3F;
			break;
		case VTD_INV_IEC:
			i = log_inv(s, SIM_INV_IEC, true);
			i->iec_global = !(lo & VTD_INV_IEC_INDEX);
			i->iec_index = (uint16_t)(lo >> 32);
			i->am = (lo >> 27) & 0x1F;
			break;
		case VTD_INV_WAIT:
			s->wait_descs++;
			if (lo & VTD_INV_WAIT_SW) {
				uint32_t v = (uint32_t)(lo >> 32);
				memcpy((void *)(uintptr_t)(hi & ~3ull), &v, 4);
			}
			break;
		default:
			s->bad_descs++;
			put(s, VTD_FSTS_REG, sim_reg32(s, VTD_FSTS_REG) | VTD_FSTS_IQE, 4);
			put(s, VTD_IQH_REG, (uint64_t)head << 4, 8);
			return;
		}
		head = (head + 1) & 0xFF;
	}
	put(s, VTD_IQH_REG, (uint64_t)head << 4, 8);
}

static void gcmd_write(struct sim_unit *s, uint32_t cmd)
{
	uint32_t sts = sim_gsts(s);
	uint32_t persistent = ~VTD_GCMD_ONESHOT;
	/* One command per write: count changed persistent bits plus one-shot bits set. */
	uint32_t changes = (uint32_t)__builtin_popcount((cmd ^ sts) & persistent) +
		(uint32_t)__builtin_popcount(cmd & VTD_GCMD_ONESHOT);
	if (changes != 1)
		s->gcmd_violations++;
	if (s->gcmd_writes < 32)
		s->gcmd_log[s->gcmd_writes] = cmd;
	s->gcmd_writes++;
	uint32_t next = (sts & ~persistent) | (cmd & persistent & ~s->stall_gsts) | (sts & persistent & s->stall_gsts);
	if ((cmd & VTD_GCMD_SRTP) && !(s->stall_gsts & VTD_GCMD_SRTP)) {
		s->root_latched = sim_reg64(s, VTD_RTADDR_REG);
		next |= VTD_GSTS_RTPS;
	}
	if ((cmd & VTD_GCMD_SIRTP) && !(s->stall_gsts & VTD_GCMD_SIRTP)) {
		s->irta_latched = sim_reg64(s, VTD_IRTA_REG);
		next |= VTD_GSTS_IRTPS;
	}
	if ((cmd & VTD_GCMD_WBF) && (s->stall_gsts & VTD_GCMD_WBF))
		next |= VTD_GSTS_WBFS;
	/* The spec lets hardware clear RTPS/IRTPS; keep them, as QEMU does. */
	bool was_qi = s->qi_on;
	s->qi_on = (next & VTD_GSTS_QIES) != 0;
	if (s->qi_on && !was_qi)
		put(s, VTD_IQH_REG, 0, 8);
	put(s, VTD_GSTS_REG, next, 4);
}

static void ccmd_write(struct sim_unit *s, uint64_t v)
{
	if (!(v & VTD_CCMD_ICC)) {
		put(s, VTD_CCMD_REG, v, 8);
		return;
	}
	if (s->qi_on)
		s->reg_inv_while_qi++;
	struct sim_inv *i = log_inv(s, SIM_INV_CC, false);
	i->gran = (v >> 61) & 3;
	i->did = (uint16_t)v;
	i->sid = (uint16_t)(v >> 16);
	if (s->stall_ccmd) {
		put(s, VTD_CCMD_REG, v, 8);
		return;
	}
	uint64_t done = v & ~(VTD_CCMD_ICC | (3ull << 59));
	if (!s->refuse_ccmd)
		done |= (uint64_t)i->gran << 59;
	put(s, VTD_CCMD_REG, done, 8);
}

static void iotlb_write(struct sim_unit *s, uint32_t off, uint64_t v)
{
	if (!(v & VTD_IOTLB_IVT)) {
		put(s, off, v, 8);
		return;
	}
	if (s->qi_on)
		s->reg_inv_while_qi++;
	struct sim_inv *i = log_inv(s, SIM_INV_IOTLB, false);
	i->gran = (v >> 60) & 3;
	i->did = (uint16_t)(v >> 32);
	i->dr = (v & VTD_IOTLB_DR) != 0;
	i->dw = (v & VTD_IOTLB_DW) != 0;
	uint64_t iva = sim_reg64(s, iro(s) + VTD_IVA_OFF);
	i->addr = iva & ~0xFFFull;
	i->am = iva & 0x3F;
	if (s->stall_iotlb) {
		put(s, off, v, 8);
		return;
	}
	uint64_t done = v & ~(VTD_IOTLB_IVT | (3ull << 57));
	if (!s->refuse_iotlb)
		done |= (uint64_t)i->gran << 57;
	put(s, off, done, 8);
}

static void write_reg(struct sim_unit *s, uint32_t off, uint64_t v, unsigned int size)
{
	uint32_t f = fro(s), n = nfr(s);
	if (off == VTD_GCMD_REG && size == 4) {
		gcmd_write(s, (uint32_t)v);
	} else if (off == VTD_CCMD_REG && size == 8) {
		ccmd_write(s, v);
	} else if (off == iro(s) + VTD_IOTLB_OFF && size == 8) {
		iotlb_write(s, off, v);
	} else if (off == VTD_FSTS_REG && size == 4) {
		uint32_t w1c = (uint32_t)v & (VTD_FSTS_PFO | VTD_FSTS_IQE | VTD_FSTS_ICE | VTD_FSTS_ITE);
		put(s, off, sim_reg32(s, off) & ~w1c, 4);
		if (w1c & VTD_FSTS_IQE)
			run_queue(s); /* hardware resumes fetching at IQH */
	} else if (off >= f && off < f + n * 16) {
		uint32_t rec = f + ((off - f) & ~15u);
		/* F (bit 127) is write-1-to-clear; the rest of the record is read-only. */
		if ((size == 4 && off == rec + 12 && (v & 0x80000000u)) ||
			(size == 8 && off == rec + 8 && (v & VTD_FRCD_HI_F)))
			put(s, rec + 8, get(s, rec + 8, 8) & ~VTD_FRCD_HI_F, 8);
		update_ppf(s);
	} else if (off == VTD_IQT_REG && size == 8) {
		put(s, off, v, 8);
		run_queue(s);
	} else if (off == VTD_VER_REG || off == VTD_CAP_REG || off == VTD_ECAP_REG || off == VTD_GSTS_REG ||
		off == VTD_IQH_REG) {
		/* read-only */
	} else {
		put(s, off, v, size);
	}
}

static struct sim_unit *unit_of(void *regs) { return regs; }

static void tick(struct sim_unit *s) { host_platform_tsc_value += s->tsc_per_read; }

uint64_t vtd_hw_read(void *regs, uint32_t off, unsigned int bytes)
{
	struct sim_unit *s = unit_of(regs);
	tick(s);
	return get(s, off, bytes);
}

void vtd_hw_write(void *regs, uint32_t off, uint64_t val, unsigned int bytes)
{
	write_reg(unit_of(regs), off, val, bytes);
}

void vtd_hw_flush_cache(const void *va, size_t len)
{
	flushes[sim_flush_count % SIM_MAX_FLUSH].start = (uintptr_t)va;
	flushes[sim_flush_count % SIM_MAX_FLUSH].end = (uintptr_t)va + len;
	sim_flush_count++;
}


bool sim_flushed(const void *va, size_t len)
{
	uintptr_t a = (uintptr_t)va, b = a + len;
	unsigned int n = sim_flush_count < SIM_MAX_FLUSH ? sim_flush_count : SIM_MAX_FLUSH;
	for (unsigned int i = 0; i < n; i++)
		if (flushes[i].start <= a && flushes[i].end >= b)
			return true;
	return false;
}

void sim_flush_reset(void) { sim_flush_count = 0; }

bool sim_context(struct sim_unit *s, uint8_t bus, uint8_t devfn, uint64_t *lo, uint64_t *hi)
{
	if (!(sim_gsts(s) & VTD_GSTS_RTPS) || s->root_latched == 0)
		return false;
	const uint64_t *root = (const uint64_t *)(uintptr_t)(s->root_latched & VTD_ADDR_MASK);
	if (!(root[bus * 2] & VTD_ROOT_P))
		return false;
	const uint64_t *ctx = (const uint64_t *)(uintptr_t)(root[bus * 2] & VTD_ADDR_MASK);
	if (!(ctx[devfn * 2] & VTD_CTX_P))
		return false;
	*lo = ctx[devfn * 2];
	*hi = ctx[devfn * 2 + 1];
	return true;
}

void (*sim_fault_report)(struct vtd_unit *unit, const struct vtd_fault *fault);

void vtd_fault_report(struct vtd_unit *unit, const struct vtd_fault *fault)
{
	if (sim_fault_report != NULL)
		sim_fault_report(unit, fault);
}
