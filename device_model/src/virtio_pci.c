/* SPDX-License-Identifier: BSD-3-Clause */
#include "virtio_pci.h"

#include <string.h>

#include <hvkit/abi/hypercall.h>

#include "log.h"

/* virtio_pci_cap (virtio 1.1, 4.1.4): vendor capability 0x09, cfg_type, bar, offset, length. */
#define PCI_CAP_VENDOR 0x09u
#define PCI_CAP_MSIX 0x11u
#define PCI_CAP_MSI 0x05u
#define CAP_COMMON 1u
#define CAP_NOTIFY 2u
#define CAP_ISR 3u
#define CAP_DEVICE 4u

/* Common configuration (4.1.4.3). */
#define CC_DFSELECT 0x00u
#define CC_DF 0x04u
#define CC_GFSELECT 0x08u
#define CC_GF 0x0cu
#define CC_MSIX 0x10u
#define CC_NUMQ 0x12u
#define CC_STATUS 0x14u
#define CC_GENERATION 0x15u
#define CC_Q_SELECT 0x16u
#define CC_Q_SIZE 0x18u
#define CC_Q_MSIX 0x1au
#define CC_Q_ENABLE 0x1cu
#define CC_Q_NOFF 0x1eu
#define CC_Q_DESC 0x20u
#define CC_Q_DRIVER 0x28u
#define CC_Q_DEVICE 0x30u
#define CC_END 0x38u

#define ISR_QUEUE 1u
#define ISR_CONFIG 2u

/* MSI-X message control (PCI 3.0 6.8.2.3): enable bit 15, function mask bit 14. */
#define MSIX_ENABLE 0x8000u
#define MSIX_MASKALL 0x4000u

static void add_cap(struct virtio_dev *v, uint8_t type, uint32_t off, uint32_t len, unsigned caplen)
{
	unsigned c = vpci_dev_cap(&v->pci, PCI_CAP_VENDOR, caplen);
	v->pci.cfg[c + 2] = (uint8_t)caplen;
	v->pci.cfg[c + 3] = type;
	v->pci.cfg[c + 4] = 0; /* BAR 0 */
	vpci_put(v->pci.cfg, c + 8, 4, off);
	vpci_put(v->pci.cfg, c + 12, 4, len);
	if (type == CAP_NOTIFY)
		vpci_put(v->pci.cfg, c + 16, 4, VIRTIO_NOTIFY_MULT);
}

static unsigned find_cap(const struct virtio_dev *v, uint8_t id)
{
	unsigned c = v->pci.cfg[0x34];
	while (c && v->pci.cfg[c] != id)
		c = v->pci.cfg[c + 1];
	return c;
}

static uint16_t msix_control(const struct virtio_dev *v)
{
	return (uint16_t)vpci_get(v->pci.cfg, find_cap(v, PCI_CAP_MSIX) + 2, 2);
}

/* MSI (PCI 3.0 6.8.1): 64-bit address, one message; enable is message control bit 0. */
static bool msi_on(const struct virtio_dev *v)
{
	return (v->pci.cfg[find_cap(v, PCI_CAP_MSI) + 2] & 1) != 0;
}

static void msi_send(struct virtio_dev *v)
{
	unsigned c = find_cap(v, PCI_CAP_MSI);
	uint64_t addr = vpci_get(v->pci.cfg, c + 4, 4) | (uint64_t)vpci_get(v->pci.cfg, c + 8, 4) << 32;
	v->irq.msi(v->irq.ctx, addr, vpci_get(v->pci.cfg, c + 12, 2));
}

static bool msix_on(const struct virtio_dev *v)
{
	return (msix_control(v) & MSIX_ENABLE) != 0;
}

static void msix_send(struct virtio_dev *v, unsigned vec)
{
	const uint8_t *e = v->msix[vec];
	uint64_t addr = vpci_get(e, 0, 4) | (uint64_t)vpci_get(e, 4, 4) << 32;
	v->irq.msi(v->irq.ctx, addr, vpci_get(e, 8, 4));
}

/* Fire vector vec, or hold it pending while masked (PCI 3.0 6.8.3.4). */
static void msix_fire(struct virtio_dev *v, uint16_t vec)
{
	if (vec >= VIRTIO_MSIX_VECTORS)
		return; /* VIRTIO_NO_VECTOR: the driver wants none */
	if ((msix_control(v) & MSIX_MASKALL) || (v->msix[vec][12] & 1)) {
		v->pending |= 1ull << vec;
		return;
	}
	msix_send(v, vec);
}

static void msix_unmasked(struct virtio_dev *v)
{
	for (unsigned i = 0; i < VIRTIO_MSIX_VECTORS; i++)
		if ((v->pending >> i & 1) && !(msix_control(v) & MSIX_MASKALL) && !(v->msix[i][12] & 1)) {
			v->pending &= ~(1ull << i);
			msix_send(v, i);
		}
}

static void intx_update(struct virtio_dev *v)
{
	/* INTx only without MSI-X and MSI, and unless command bit 10 (INTx disable) is set */
	bool high = v->isr != 0 && !msix_on(v) && !msi_on(v) && !(v->pci.cfg[0x05] & 0x04);
	if (high == v->line_high)
		return;
	v->line_high = high;
	v->irq.line(v->irq.ctx, vpci_gsi(v->pci.slot), high ? HVKIT_IRQ_HIGH : HVKIT_IRQ_LOW);
}

static void interrupt(struct virtio_dev *v, uint8_t isr_bit, uint16_t vec)
{
	if (msix_on(v)) {
		msix_fire(v, vec);
		return;
	}
	v->isr |= isr_bit;
	if (msi_on(v))
		msi_send(v);
	else
		intx_update(v);
}

void virtio_notify_used(struct virtio_dev *v, unsigned q)
{
	if (!virtq_no_interrupt(&v->vq[q], &v->mem))
		interrupt(v, ISR_QUEUE, v->vq[q].msix_vector);
}

void virtio_config_changed(struct virtio_dev *v)
{
	v->config_generation++;
	interrupt(v, ISR_CONFIG, v->config_vector);
}

bool virtio_live(const struct virtio_dev *v)
{
	return (v->status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(v->status & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED));
}

void virtio_fail(struct virtio_dev *v, unsigned q, const char *why)
{
	v->violations++;
	dm_log("%s: %s: queue %u: %s: device needs reset", v->vm_name, v->name, q, why);
	v->status |= VIRTIO_STATUS_NEEDS_RESET;
	interrupt(v, ISR_CONFIG, v->config_vector); /* 2.1.2: a configuration-change notification */
}

int virtio_pop(struct virtio_dev *v, unsigned q, struct virtq_chain *c)
{
	if (!virtio_live(v) || q >= v->nqueues || !v->vq[q].enabled)
		return 0;
	const char *why;
	int rc = virtq_pop(&v->vq[q], &v->mem, c, &why);
	if (rc < 0) {
		virtio_fail(v, q, why);
		return 0;
	}
	return rc;
}

void virtio_push(struct virtio_dev *v, unsigned q, uint16_t head, uint32_t len)
{
	const char *why;
	if (virtq_push(&v->vq[q], &v->mem, head, len, &why))
		virtio_fail(v, q, why);
}

static void reset(struct virtio_dev *v)
{
	v->status = 0;
	v->driver_features = 0;
	v->dfselect = v->gfselect = 0;
	v->queue_select = 0;
	v->config_vector = VIRTIO_NO_VECTOR;
	for (unsigned i = 0; i < VIRTIO_QUEUES_MAX; i++)
		virtq_reset(&v->vq[i]);
	v->isr = 0;
	intx_update(v);
	if (v->ops->reset)
		v->ops->reset(v);
}

/* ---- common configuration ---- */

static struct virtq *selected(struct virtio_dev *v)
{
	return v->queue_select < v->nqueues ? &v->vq[v->queue_select] : NULL;
}

static uint64_t common_read(struct virtio_dev *v, unsigned off, unsigned size)
{
	struct virtq *q = selected(v);
	uint8_t img[CC_END] = { 0 };
	vpci_put(img, CC_DFSELECT, 4, v->dfselect);
	vpci_put(img, CC_DF, 4, v->dfselect < 2 ? (uint32_t)(v->features >> (32 * v->dfselect)) : 0);
	vpci_put(img, CC_GFSELECT, 4, v->gfselect);
	vpci_put(img, CC_GF, 4, v->gfselect < 2 ? (uint32_t)(v->driver_features >> (32 * v->gfselect)) : 0);
	vpci_put(img, CC_MSIX, 2, v->config_vector);
	vpci_put(img, CC_NUMQ, 2, v->nqueues);
	img[CC_STATUS] = v->status;
	img[CC_GENERATION] = v->config_generation;
	vpci_put(img, CC_Q_SELECT, 2, v->queue_select);
	if (q) {
		vpci_put(img, CC_Q_SIZE, 2, q->size);
		vpci_put(img, CC_Q_MSIX, 2, q->msix_vector);
		vpci_put(img, CC_Q_ENABLE, 2, q->enabled);
		vpci_put(img, CC_Q_NOFF, 2, v->queue_select);
		vpci_put(img, CC_Q_DESC, 4, (uint32_t)q->desc);
		vpci_put(img, CC_Q_DESC + 4, 4, (uint32_t)(q->desc >> 32));
		vpci_put(img, CC_Q_DRIVER, 4, (uint32_t)q->avail);
		vpci_put(img, CC_Q_DRIVER + 4, 4, (uint32_t)(q->avail >> 32));
		vpci_put(img, CC_Q_DEVICE, 4, (uint32_t)q->used);
		vpci_put(img, CC_Q_DEVICE + 4, 4, (uint32_t)(q->used >> 32));
	}
	if (off + size > CC_END)
		return 0;
	uint64_t r = 0;
	for (unsigned i = 0; i < size; i++)
		r |= (uint64_t)img[off + i] << (8 * i);
	return r;
}

static void set64(uint64_t *field, unsigned at, unsigned size, uint64_t value)
{
	uint64_t mask = (size >= 8 ? ~0ull : (1ull << (8 * size)) - 1) << (8 * at);
	*field = (*field & ~mask) | ((value << (8 * at)) & mask);
}

static void status_write(struct virtio_dev *v, uint8_t s)
{
	if (s == 0) {
		reset(v);
		return;
	}
	if ((s & VIRTIO_STATUS_FEATURES_OK) && !(v->status & VIRTIO_STATUS_FEATURES_OK) &&
	    ((v->driver_features & ~v->features) || !(v->driver_features & VIRTIO_F_VERSION_1)))
		s &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK; /* 3.1.1: features the device cannot take */
	/* NEEDS_RESET is the device's; the driver cannot clear it but by a reset. */
	v->status = (uint8_t)((s & ~VIRTIO_STATUS_NEEDS_RESET) | (v->status & VIRTIO_STATUS_NEEDS_RESET));
}

/* An MSI-X vector number the device has, else VIRTIO_NO_VECTOR (4.1.4.3: "no vector"). */
static uint16_t msix_vector(uint64_t value)
{
	return (uint16_t)value < VIRTIO_MSIX_VECTORS ? (uint16_t)value : VIRTIO_NO_VECTOR;
}

/* 4.1.4.3.2: the driver enables a queue only after setting it up; a queue that breaks the rules fails the device. */
static void queue_enable(struct virtio_dev *v, struct virtq *q, uint64_t value)
{
	const char *why;

	if ((uint16_t)value != 1)
		return;
	if (virtq_check(q, &v->mem, &why))
		virtio_fail(v, v->queue_select, why);
	else
		q->enabled = true;
}

static bool in_queue_addresses(unsigned off)
{
	return off >= CC_Q_DESC && off < CC_END;
}

/* The 64-bit queue address (descriptor table, driver area, device area) that common-config offset off is in. */
static uint64_t *queue_address(struct virtq *q, unsigned off)
{
	if (off < CC_Q_DRIVER)
		return &q->desc;
	return off < CC_Q_DEVICE ? &q->avail : &q->used;
}

/* The selected queue's fields; all but its MSI-X vector are set before queue_enable (4.1.4.3.2). */
static void queue_write(struct virtio_dev *v, unsigned off, unsigned size, uint64_t value)
{
	struct virtq *q = selected(v);

	if (q == NULL)
		return;
	if (off == CC_Q_MSIX) {
		q->msix_vector = msix_vector(value);
		return;
	}
	if (q->enabled)
		return;
	if (off == CC_Q_SIZE)
		q->size = (uint16_t)value;
	else if (off == CC_Q_ENABLE)
		queue_enable(v, q, value);
	else if (in_queue_addresses(off))
		set64(queue_address(q, off), (off - CC_Q_DESC) % 8, size, value);
}

/* 3.1.1: the driver writes its features (32 bits per select) before FEATURES_OK. */
static void driver_features_write(struct virtio_dev *v, uint64_t value)
{
	if (v->gfselect < 2 && !(v->status & VIRTIO_STATUS_FEATURES_OK))
		set64(&v->driver_features, 4 * v->gfselect, 4, value);
}

static void common_write(struct virtio_dev *v, unsigned off, unsigned size, uint64_t value)
{
	switch (off) {
	case CC_DFSELECT: v->dfselect = (uint32_t)value; break;
	case CC_GFSELECT: v->gfselect = (uint32_t)value; break;
	case CC_GF: driver_features_write(v, value); break;
	case CC_MSIX: v->config_vector = msix_vector(value); break;
	case CC_STATUS: status_write(v, (uint8_t)value); break;
	case CC_Q_SELECT: v->queue_select = (uint16_t)value; break;
	default: queue_write(v, off, size, value); break;
	}
}

/* ---- BAR 0 ---- */

static bool in_msix_table(uint64_t off, unsigned size)
{
	return off >= VIRTIO_MSIX_TABLE_OFF && off + size <= VIRTIO_MSIX_TABLE_OFF + 16 * VIRTIO_MSIX_VECTORS;
}

static bool in_device_config(uint64_t off)
{
	return off >= VIRTIO_DEVCFG_OFF && off < VIRTIO_NOTIFY_OFF;
}

/* PCI 6.8.2.9: MSI-X table entries, read in dwords (a qword read is two). */
static uint64_t msix_table_read(struct virtio_dev *v, uint64_t off, unsigned size)
{
	unsigned o = (unsigned)(off - VIRTIO_MSIX_TABLE_OFF);
	return vpci_get(v->msix[o / 16], o % 16, size < 4 ? size : 4) |
	       (size == 8 ? (uint64_t)vpci_get(v->msix[o / 16], o % 16 + 4, 4) << 32 : 0);
}

static void msix_table_write(struct virtio_dev *v, uint64_t off, unsigned size, uint64_t value)
{
	unsigned o = (unsigned)(off - VIRTIO_MSIX_TABLE_OFF);
	vpci_put(v->msix[o / 16], o % 16, size < 4 ? size : 4, (uint32_t)value);
	if (size == 8)
		vpci_put(v->msix[o / 16], o % 16 + 4, 4, (uint32_t)(value >> 32));
	msix_unmasked(v);
}

/* 4.1.4.5: reading the ISR status clears it and deasserts INTx. */
static uint8_t isr_read(struct virtio_dev *v)
{
	uint8_t isr = v->isr;
	v->isr = 0;
	intx_update(v);
	return isr;
}

static uint64_t device_config_read(struct virtio_dev *v, uint64_t off, unsigned size)
{
	return v->ops->cfg_read ? v->ops->cfg_read(v, (unsigned)(off - VIRTIO_DEVCFG_OFF), size) : 0;
}

static uint64_t bar_read(void *ctx, unsigned bar, uint64_t off, unsigned size)
{
	struct virtio_dev *v = ctx;
	if (bar != 0)
		return ~0ull;
	if (off < VIRTIO_ISR_OFF)
		return common_read(v, (unsigned)off, size);
	if (off == VIRTIO_ISR_OFF)
		return isr_read(v);
	if (in_device_config(off))
		return device_config_read(v, off, size);
	if (in_msix_table(off, size))
		return msix_table_read(v, off, size);
	return off == VIRTIO_MSIX_PBA_OFF ? v->pending : 0;
}

static bool in_notify(const struct virtio_dev *v, uint64_t off)
{
	return off >= VIRTIO_NOTIFY_OFF && off < VIRTIO_NOTIFY_OFF + VIRTIO_NOTIFY_MULT * v->nqueues;
}

/* 4.1.4.4: a write to queue q's notification address; only a live device with the queue enabled acts on it. */
static void notify_write(struct virtio_dev *v, uint64_t off)
{
	unsigned q = (unsigned)(off - VIRTIO_NOTIFY_OFF) / VIRTIO_NOTIFY_MULT;
	if (virtio_live(v) && v->vq[q].enabled)
		v->ops->notify(v, q);
}

static void bar_write(void *ctx, unsigned bar, uint64_t off, unsigned size, uint64_t value)
{
	struct virtio_dev *v = ctx;
	if (bar != 0)
		return;
	if (off < CC_END)
		common_write(v, (unsigned)off, size, value);
	else if (in_device_config(off) && v->ops->cfg_write)
		v->ops->cfg_write(v, (unsigned)(off - VIRTIO_DEVCFG_OFF), size, value);
	else if (in_notify(v, off))
		notify_write(v, off);
	else if (in_msix_table(off, size))
		msix_table_write(v, off, size, value);
}

static const struct vpci_bar_ops virtio_bar_ops = { bar_read, bar_write };

static void cfg_written(void *ctx, unsigned offset, unsigned size)
{
	struct virtio_dev *v = ctx;
	(void)offset;
	(void)size;
	msix_unmasked(v); /* the enable or function-mask bit may have changed */
	intx_update(v);
}

void virtio_dev_init(struct virtio_dev *v, const char *vm_name, const char *name, unsigned device_id,
		     uint32_t class_code, unsigned nqueues, uint64_t features, const struct virtio_dev_ops *ops,
		     void *ctx, struct gmem mem, struct irq_sink irq)
{
	memset(v, 0, sizeof(*v));
	v->vm_name = vm_name;
	v->name = name;
	v->ops = ops;
	v->ctx = ctx;
	v->mem = mem;
	v->irq = irq;
	v->nqueues = nqueues < VIRTIO_QUEUES_MAX ? nqueues : VIRTIO_QUEUES_MAX;
	v->features = features | VIRTIO_F_VERSION_1;
	/* Modern device: id 0x1040 + type, revision 1 (4.1.2.1), subsystem vendor/id as the device's. */
	vpci_dev_init(&v->pci, VIRTIO_PCI_VENDOR, (uint16_t)(VIRTIO_PCI_DEVICE_BASE + device_id), class_code << 8 | 1,
		      VIRTIO_PCI_VENDOR, (uint16_t)(VIRTIO_PCI_DEVICE_BASE + device_id));
	vpci_dev_bar(&v->pci, 0, VIRTIO_BAR_SIZE);
	v->pci.ops = &virtio_bar_ops;
	v->pci.ctx = v;
	v->pci.cfg_written = cfg_written;
	add_cap(v, CAP_COMMON, VIRTIO_COMMON_OFF, CC_END, 16);
	add_cap(v, CAP_ISR, VIRTIO_ISR_OFF, 1, 16);
	add_cap(v, CAP_DEVICE, VIRTIO_DEVCFG_OFF, 0x100, 16);
	add_cap(v, CAP_NOTIFY, VIRTIO_NOTIFY_OFF, VIRTIO_NOTIFY_MULT * v->nqueues, 20);
	unsigned c = vpci_dev_cap(&v->pci, PCI_CAP_MSIX, 12);
	vpci_put(v->pci.cfg, c + 2, 2, VIRTIO_MSIX_VECTORS - 1); /* table size - 1 */
	vpci_put(v->pci.cfg, c + 4, 4, VIRTIO_MSIX_TABLE_OFF);   /* BIR 0 */
	vpci_put(v->pci.cfg, c + 8, 4, VIRTIO_MSIX_PBA_OFF);
	vpci_put(v->pci.wmask, c + 2, 2, MSIX_ENABLE | MSIX_MASKALL);
	for (unsigned i = 0; i < VIRTIO_MSIX_VECTORS; i++)
		v->msix[i][12] = 1; /* vectors start masked */
	c = vpci_dev_cap(&v->pci, PCI_CAP_MSI, 14);
	v->pci.cfg[c + 2] = 0x80; /* 64-bit address capable, one message */
	v->pci.wmask[c + 2] = 0x01;
	vpci_put(v->pci.wmask, c + 4, 4, 0xfffffffcu);
	vpci_put(v->pci.wmask, c + 8, 4, 0xffffffffu);
	vpci_put(v->pci.wmask, c + 12, 2, 0xffffu);
	reset(v);
}
