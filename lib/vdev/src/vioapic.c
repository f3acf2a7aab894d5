/* SPDX-License-Identifier: BSD-3-Clause */
/* The virtual I/O APIC: register window, redirection table, pins, remote IRR and EOI (82093AA). */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vdev/vioapic.h>

void vioapic_init(struct vioapic *io, uint64_t base, const struct vioapic_ops *ops)
{
	memset(io, 0, sizeof(*io));
	io->ops = *ops;
	io->base = base;
	/* 82093AA 3.2.4: the mask bit is set at reset; the other bits are undefined, 0 here. */
	for (unsigned int i = 0; i < VIOAPIC_PINS; i++)
		io->rte[i] = IOAPIC_RTE_MASKED;
}

static unsigned int rte_dm(uint64_t rte)
{
	return (unsigned int)((rte & IOAPIC_RTE_DM) >> IOAPIC_RTE_DM_SHIFT);
}

/* A level entry that owes an EOI: only Fixed and Lowest Priority messages are EOI-ed
 * (SMI, NMI, INIT and ExtINT are edge-only, 82093AA 3.2.4 "Delivery Mode"). */
static bool rte_is_level(uint64_t rte)
{
	unsigned int dm = rte_dm(rte);
	return (rte & IOAPIC_RTE_LEVEL) && (dm == VIOAPIC_DM_FIXED || dm == VIOAPIC_DM_LOWEST);
}

static bool asserted(const struct vioapic *io, unsigned int pin)
{
	return (io->lines >> pin) & 1u;
}

static int send(struct vioapic *io, unsigned int pin)
{
	uint64_t rte = io->rte[pin];
	const struct vioapic_msg msg = {
		.pin = (uint8_t)pin,
		.vector = (uint8_t)(rte & IOAPIC_RTE_VECTOR),
		.delivery_mode = (uint8_t)rte_dm(rte),
		.dest_logical = (rte & IOAPIC_RTE_DEST_LOGICAL) != 0,
		.dest = (uint8_t)(rte >> IOAPIC_RTE_DEST_SHIFT),
		.level = rte_is_level(rte),
	};
	return io->ops.deliver(io->ops.ctx, &msg);
}

/* Level pin: deliver while asserted, unmasked and not awaiting an EOI; an accepted
 * message sets remote IRR (82093AA 3.2.4, bit 14). */
static void service_level(struct vioapic *io, unsigned int pin)
{
	uint64_t rte = io->rte[pin];
	if (!rte_is_level(rte) || !asserted(io, pin) || (rte & (IOAPIC_RTE_MASKED | IOAPIC_RTE_REMOTE_IRR)))
		return;
	if (send(io, pin) >= 0)
		io->rte[pin] |= IOAPIC_RTE_REMOTE_IRR;
}

int vioapic_set_irq(struct vioapic *io, unsigned int pin, bool level)
{
	if (pin >= VIOAPIC_PINS)
		return -HV_ERANGE;
	bool was = asserted(io, pin);
	if (level)
		io->lines |= 1u << pin;
	else
		io->lines &= ~(1u << pin);

	uint64_t rte = io->rte[pin];
	if (rte_is_level(rte))
		service_level(io, pin);
	else if (level && !was && !(rte & IOAPIC_RTE_MASKED))
		send(io, pin); /* an edge on a masked pin is lost (82093AA 3.2.4, bit 16) */
	return 0;
}

void vioapic_eoi(struct vioapic *io, uint8_t vector)
{
	for (unsigned int pin = 0; pin < VIOAPIC_PINS; pin++) {
		uint64_t rte = io->rte[pin];
		if (!(rte & IOAPIC_RTE_REMOTE_IRR) || (rte & IOAPIC_RTE_VECTOR) != vector)
			continue;
		io->rte[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
		if (io->ops.eoi)
			io->ops.eoi(io->ops.ctx, pin);
		service_level(io, pin); /* still asserted: the line is delivered again */
	}
}

uint64_t vioapic_rte(const struct vioapic *io, unsigned int pin)
{
	return pin < VIOAPIC_PINS ? io->rte[pin] : 0;
}

static void write_rte_half(struct vioapic *io, unsigned int pin, bool high, uint32_t val)
{
	uint64_t half = high ? 0xFFFFFFFF00000000ull : 0xFFFFFFFFull;
	uint64_t keep = ~(IOAPIC_RTE_WRITABLE & half);
	uint64_t v = high ? (uint64_t)val << 32 : val;
	uint64_t rte = (io->rte[pin] & keep) | (v & IOAPIC_RTE_WRITABLE & half);
	/* Remote IRR means nothing for an edge entry; Linux clears a stuck one on I/O APICs
	 * without the EOI register by switching the entry to edge and back. */
	if (!rte_is_level(rte))
		rte &= ~IOAPIC_RTE_REMOTE_IRR;
	io->rte[pin] = rte;
	service_level(io, pin); /* unmasked (or made level) while asserted: deliver it now */
}

static uint32_t read_indirect(const struct vioapic *io)
{
	uint32_t idx = io->regsel;
	if (idx == IOAPIC_ID)
		return io->id;
	if (idx == IOAPIC_VER)
		return VIOAPIC_VERSION;
	if (idx == IOAPIC_ARB)
		return io->id; /* 82093AA 3.2.3: loaded from the ID whenever the ID is written */
	if (idx >= IOAPIC_REDTBL && idx < IOAPIC_REDTBL + 2 * VIOAPIC_PINS) {
		uint64_t rte = io->rte[(idx - IOAPIC_REDTBL) / 2];
		return (idx & 1u) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
	}
	return 0;
}

static void write_indirect(struct vioapic *io, uint32_t val)
{
	uint32_t idx = io->regsel;
	if (idx == IOAPIC_ID)
		io->id = val & IOAPIC_ID_MASK;
	else if (idx >= IOAPIC_REDTBL && idx < IOAPIC_REDTBL + 2 * VIOAPIC_PINS)
		write_rte_half(io, (idx - IOAPIC_REDTBL) / 2, idx & 1u, val);
	/* Version, arbitration and unimplemented indexes are read-only. */
}

static int check_access(uint32_t offset, unsigned int size)
{
	if (size != 4 || (offset & 3u))
		return -HV_EINVAL;
	if (offset >= VIOAPIC_MMIO_SIZE)
		return -HV_ERANGE;
	if (offset != VIOAPIC_REGSEL && offset != VIOAPIC_WIN && offset != VIOAPIC_EOI)
		return -HV_ENOENT;
	return 0;
}

int vioapic_mmio_read(struct vioapic *io, uint32_t offset, unsigned int size, uint32_t *val)
{
	int rc = check_access(offset, size);
	if (rc < 0)
		return rc;
	if (offset == VIOAPIC_REGSEL)
		*val = io->regsel;
	else if (offset == VIOAPIC_WIN)
		*val = read_indirect(io);
	else
		*val = 0;
	return 0;
}

int vioapic_mmio_write(struct vioapic *io, uint32_t offset, unsigned int size, uint32_t val)
{
	int rc = check_access(offset, size);
	if (rc < 0)
		return rc;
	if (offset == VIOAPIC_REGSEL)
		io->regsel = val & 0xFFu; /* 82093AA 3.1.1: bits 7:0; 31:8 reserved */
	else if (offset == VIOAPIC_WIN)
		write_indirect(io, val);
	else
		vioapic_eoi(io, (uint8_t)val); /* ICH I/O APIC EOI register: bits 7:0 are the vector */
	return 0;
}
