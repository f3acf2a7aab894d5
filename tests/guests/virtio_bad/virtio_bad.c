/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio_bad: a virtio-blk driver that breaks the rules (share mode, under hvkit-dm with --virtio-blk). It finds
 * the device on PCI bus 0 through ports 0xCF8/0xCFC (vendor 0x1af4, device 0x1042), reads it again through the
 * ECAM window (0xE0000000), sizes BAR 0 (all ones -> the 32 KiB mask), walks its virtio vendor
 * capabilities to the common configuration, ISR and notification registers in BAR 0, sets up queue 0 (8
 * entries) and reads sector 0, printing its first bytes. Then it feeds bad descriptors, one per round: a buffer
 * outside its RAM, a chain that loops, an indirect table whose length is not a multiple of 16, a nested
 * indirect table, a head index outside the table. After each it expects the device status to carry
 * DEVICE_NEEDS_RESET (64) and the ISR its configuration-change bit, then resets and re-initialises the device.
 * Then a valid read again: the device works after all that. Last, MSI-X: the table entry of vector 1 aims at
 * this CPU's local APIC with vector 0x51, queue 0 uses vector 1, and a read must bring that interrupt (the
 * device model's HVKIT_INJECT_MSI through the hypervisor). Command line: `sector0=TEXT` (what sector 0 starts
 * with; default "hvkit").
 */
#include "../apiclib/apiclib.h"

const char guest_name[] = "virtio_bad";

#define PCI_ADDR 0xcf8u
#define PCI_DATA 0xcfcu
#define QSIZE 8u
#define ECAM_BASE 0xe0000000u

/* virtio 1.1 4.1.4.3: common configuration offsets */
enum { DFSEL = 0x00, DF = 0x04, GFSEL = 0x08, GF = 0x0c, STATUS = 0x14, QSEL = 0x16, QSZ = 0x18, QEN = 0x1c,
       QNOFF = 0x1e, QDESC = 0x20, QDRV = 0x28, QDEV = 0x30 };

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static struct desc table[QSIZE] __attribute__((aligned(4096)));
static struct {
	uint16_t flags, idx, ring[QSIZE], used_event;
} avail __attribute__((aligned(4096)));
static struct {
	uint16_t flags, idx;
	struct {
		uint32_t id, len;
	} ring[QSIZE];
	uint16_t avail_event;
} used __attribute__((aligned(4096)));
static struct desc indirect[4] __attribute__((aligned(64)));
static struct {
	uint32_t type, reserved;
	uint64_t sector;
} hdr;
static uint8_t data[512];
static volatile uint8_t status;

static uintptr_t common, isr, notify, bar0;
static unsigned pci_dev, msix_cap;
static uint16_t last_used;

static uint32_t cfg_rd(unsigned dev, unsigned reg)
{
	outl(PCI_ADDR, 0x80000000u | dev << 11 | (reg & 0xfc));
	return inl(PCI_DATA);
}

static void cfg_wr(unsigned dev, unsigned reg, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | dev << 11 | (reg & 0xfc));
	outl(PCI_DATA, v);
}

static volatile uint8_t *r8(uintptr_t a) { return (volatile uint8_t *)a; }
static volatile uint16_t *r16(uintptr_t a) { return (volatile uint16_t *)a; }
static volatile uint32_t *r32(uintptr_t a) { return (volatile uint32_t *)a; }

static void wr64(uintptr_t a, uint64_t v)
{
	*r32(a) = (uint32_t)v;
	*r32(a + 4) = (uint32_t)(v >> 32);
}

static bool find_device(void)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		if (cfg_rd(dev, 0) != 0x10421af4u)
			continue;
		gprintf("virtio_bad: virtio-blk at 00:%02x.0\n", dev);
		/* the same function through the ECAM window (bus 0: device << 15) */
		check_hex("ecam vendor and device", 0x10421af4u, *r32(ECAM_BASE + ((uintptr_t)dev << 15)));
		uint32_t bar = cfg_rd(dev, 0x10) & ~0xfu;
		pci_dev = dev;
		bar0 = bar;
		cfg_wr(dev, 0x10, 0xffffffffu); /* BAR sizing: all ones reads back the size mask */
		check_hex("bar0 size mask (32 KiB)", 0xffff8000u, cfg_rd(dev, 0x10));
		cfg_wr(dev, 0x10, bar);
		cfg_wr(dev, 0x04, cfg_rd(dev, 0x04) | 0x2); /* memory space on */
		uint32_t notify_mult = 0, notify_off = 0;
		for (unsigned c = cfg_rd(dev, 0x34) & 0xff; c; c = (cfg_rd(dev, c) >> 8) & 0xff) {
			uint32_t w0 = cfg_rd(dev, c);
			if ((w0 & 0xff) == 0x11)
				msix_cap = c;
			if ((w0 & 0xff) != 0x09)
				continue;
			unsigned type = (w0 >> 24) & 0xff;
			uint32_t off = cfg_rd(dev, c + 8);
			if (type == 1)
				common = bar + off;
			else if (type == 3)
				isr = bar + off;
			else if (type == 2) {
				notify_off = off;
				notify_mult = cfg_rd(dev, c + 16);
			}
		}
		notify = bar + notify_off; /* queue 0: plus queue_notify_off (0) times the multiplier */
		(void)notify_mult;
		gprintf("virtio_bad: BAR0 0x%x common 0x%lx isr 0x%lx notify 0x%lx\n", bar, (unsigned long)common,
			(unsigned long)isr, (unsigned long)notify);
		return common && isr && notify_off;
	}
	return false;
}

/* 3.1.1: reset, ACKNOWLEDGE, DRIVER, VERSION_1 only, FEATURES_OK, queue 0, DRIVER_OK. */
static bool init_device(void)
{
	*r8(common + STATUS) = 0;
	if (*r8(common + STATUS) != 0)
		return false;
	*r8(common + STATUS) = 1 | 2;
	*r32(common + DFSEL) = 1;
	if (!(*r32(common + DF) & 1))
		return false;
	*r32(common + GFSEL) = 0;
	*r32(common + GF) = 0;
	*r32(common + GFSEL) = 1;
	*r32(common + GF) = 1; /* VIRTIO_F_VERSION_1 */
	*r8(common + STATUS) = 1 | 2 | 8;
	if (!(*r8(common + STATUS) & 8))
		return false;
	memset(table, 0, sizeof(table));
	memset(&avail, 0, sizeof(avail));
	memset(&used, 0, sizeof(used));
	last_used = 0;
	*r16(common + QSEL) = 0;
	*r16(common + QSZ) = QSIZE;
	wr64(common + QDESC, (uintptr_t)table);
	wr64(common + QDRV, (uintptr_t)&avail);
	wr64(common + QDEV, (uintptr_t)&used);
	*r16(common + QEN) = 1;
	*r8(common + STATUS) = 1 | 2 | 4 | 8;
	return *r8(common + STATUS) == (1 | 2 | 4 | 8) && *r16(common + QEN) == 1;
}

/* Make head available and notify; the device model serves the notification before the write completes. */
static void kick(uint16_t head)
{
	avail.ring[avail.idx % QSIZE] = head;
	__asm__ __volatile__("" ::: "memory");
	avail.idx++;
	__asm__ __volatile__("mfence" ::: "memory");
	*r16(notify) = 0;
}

static void read_request(uint32_t data_flags_extra)
{
	hdr.type = 0; /* VIRTIO_BLK_T_IN */
	hdr.sector = 0;
	status = 0xff;
	memset(data, 0, sizeof(data));
	table[0] = (struct desc){ (uintptr_t)&hdr, sizeof(hdr), 1, 1 };
	table[1] = (struct desc){ (uintptr_t)data, sizeof(data), (uint16_t)(1 | 2 | data_flags_extra), 2 };
	table[2] = (struct desc){ (uintptr_t)&status, 1, 2, 0 };
}

static void valid_read(const char *round, const char *expect)
{
	read_request(0);
	kick(0);
	bool done = false;
	for (unsigned i = 0; i < 1000000u && !done; i++)
		done = *(volatile uint16_t *)&used.idx != last_used;
	last_used = used.idx;
	char text[33];
	unsigned n = 0;
	for (; n < 32 && data[n] >= ' ' && data[n] < 0x7f; n++)
		text[n] = (char)data[n];
	text[n] = 0;
	gprintf("virtio_bad: %s: read sector 0: status %u, used len %u, \"%s\"\n", round, status, used.ring[0].len,
		text);
	check_true(round, done && status == 0 && memcmp(data, expect, strlen(expect)) == 0 &&
		   !(*r8(common + STATUS) & 64), "status 0 and the sector's text", "something else");
}

static void bad_round(const char *what)
{
	uint8_t st = *r8(common + STATUS), is = *r8(isr);
	gprintf("virtio_bad: %s: device status 0x%x, isr 0x%x\n", what, st, is);
	char check[96];
	gsnprintf(check, sizeof(check), "%s: DEVICE_NEEDS_RESET and a config interrupt", what);
	check_true(check, (st & 64) && (is & 2), "status bit 64 and isr bit 2", "not both");
	gsnprintf(check, sizeof(check), "%s: re-initialised", what);
	check_true(check, init_device(), "the device takes a reset and a new queue", "refused");
}

#define MSI_VECTOR 0x51u
static volatile uint32_t msi_count;

static void on_msi(struct trap_frame *f)
{
	(void)f;
	msi_count++;
	lapic_eoi();
}

/* MSI-X vector 1 -> this CPU, vector 0x51; queue 0 on vector 1; a read must interrupt. */
static void msix_round(const char *expect)
{
	if (!check_true("msi-x capability", msix_cap != 0, "present", "absent") || !lapic_init_mode())
		return;
	pic_mask_all();
	irq_idt_load();
	irq_set_handler(MSI_VECTOR, on_msi);
	volatile uint32_t *entry = r32(bar0 + 0x4000 + 16); /* the table's entry 1 (from the capability: BIR 0) */
	entry[0] = 0xfee00000u | (lapic_get_id() & 0xff) << 12;
	entry[1] = 0;
	entry[2] = MSI_VECTOR;
	entry[3] = 0; /* unmasked */
	cfg_wr(pci_dev, msix_cap, cfg_rd(pci_dev, msix_cap) | 0x80000000u); /* message control bit 15: enable */
	check_true("msi-x re-initialised", init_device(), "the device takes a reset and a new queue", "refused");
	*r16(common + QSEL) = 0;
	*r16(common + 0x1a) = 1; /* queue_msix_vector */
	check_dec("queue 0 msix vector", 1, *r16(common + 0x1a));
	valid_read("valid read with msi-x", expect);
	check_dec("msi-x interrupt after the read", 1, wait_count(&msi_count, 1, 50000000ull));
}

void guest_main(void)
{
	const char *expect = "hvkit";
	const char *cl = guest_cmdline(), *p = cl;
	static char want[32];
	for (; *p; p++)
		if ((p == cl || p[-1] == ' ') && memcmp(p, "sector0=", 8) == 0) {
			unsigned n = 0;
			for (p += 8; *p && *p != ' ' && n < sizeof(want) - 1; p++)
				want[n++] = *p;
			expect = want;
			break;
		}
	if (!check_true("virtio-blk found on PCI bus 0", find_device(), "vendor 1af4 device 1042", "none"))
		guest_done();
	check_true("initialised", init_device(), "FEATURES_OK and DRIVER_OK", "refused");
	valid_read("valid read", expect);

	read_request(0);
	table[1].addr = 0x7ff00000; /* far beyond the VM's RAM */
	kick(0);
	bad_round("buffer outside RAM");

	read_request(0);
	table[0].next = 1;
	table[1] = (struct desc){ (uintptr_t)&hdr, sizeof(hdr), 1, 0 }; /* 0 -> 1 -> 0 -> ... */
	kick(0);
	bad_round("descriptor loop");

	read_request(0);
	indirect[0] = table[0];
	indirect[1] = (struct desc){ (uintptr_t)data, sizeof(data), 1 | 2, 2 };
	indirect[2] = (struct desc){ (uintptr_t)&status, 1, 2, 0 };
	table[3] = (struct desc){ (uintptr_t)indirect, 20, 4, 0 }; /* length not a multiple of 16 */
	kick(3);
	bad_round("indirect table length 20");

	read_request(0);
	indirect[0] = (struct desc){ (uintptr_t)indirect, 48, 4, 0 };
	table[3] = (struct desc){ (uintptr_t)indirect, 48, 4, 0 };
	kick(3);
	bad_round("nested indirect table");

	read_request(0);
	kick(200); /* no such descriptor */
	bad_round("head index 200");

	valid_read("valid read after the bad rounds", expect);
	msix_round(expect);
}
