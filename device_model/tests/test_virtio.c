/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio devices on the virtual PCI bus, driven as a guest drives them (port 0xCF8/0xCFC and MMIO
 * requests through the I/O bus) against fake guest memory, a fake disk, a fake tap and recorded interrupts:
 * the PCI view (ids, BAR sizing and moving, capabilities, ECAM), the virtio initialisation, virtio-blk's
 * requests, DEVICE_NEEDS_RESET after bad descriptors and the recovery, MSI-X and INTx, virtio-console's
 * lines, virtio-net's frames both ways.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture.h"
#include "console.h"
#include "io_bus.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"
#include "vpci.h"

#define RAM (1u << 20)
#define DESC 0x1000u
#define AVAIL 0x2000u
#define USED 0x3000u
#define BUF 0x80000u
#define QS 8u
#define DISK (64u * 1024)

static struct io_bus bus;
static struct vpci pci;
static uint8_t *ram;
static struct gmem mem;

/* ---- recorded interrupts ---- */
static struct {
	unsigned msis;
	uint64_t addr;
	uint32_t data;
	unsigned lines;
	uint32_t pin, level;
} irqs;
static void rec_msi(void *ctx, uint64_t a, uint32_t d)
{
	(void)ctx;
	irqs.msis++;
	irqs.addr = a;
	irqs.data = d;
}
static void rec_line(void *ctx, uint32_t pin, uint32_t level)
{
	(void)ctx;
	irqs.lines++;
	irqs.pin = pin;
	irqs.level = level;
}
static const struct irq_sink sink = { rec_msi, rec_line, NULL };

/* ---- a disk in memory ---- */
static uint8_t disk[DISK];
static unsigned flushes, punches;
static int fail_io;
static long d_pread(void *ctx, void *buf, uint64_t len, uint64_t off)
{
	(void)ctx;
	if (fail_io)
		return -EIO;
	memcpy(buf, disk + off, len);
	return (long)len;
}
static long d_pwrite(void *ctx, const void *buf, uint64_t len, uint64_t off)
{
	(void)ctx;
	if (fail_io)
		return -EIO;
	memcpy(disk + off, buf, len);
	return (long)len;
}
static int d_flush(void *ctx)
{
	(void)ctx;
	flushes++;
	return 0;
}
static int d_punch(void *ctx, uint64_t off, uint64_t len)
{
	(void)ctx;
	punches++;
	memset(disk + off, 0, len);
	return 0;
}

/* ---- the guest's accesses ---- */
static uint64_t io(uint32_t type, uint32_t dir, uint64_t addr, uint32_t size, uint64_t value)
{
	struct hvkit_ioreq q = { .type = type, .direction = dir, .size = size, .address = addr, .value = value };
	io_bus_dispatch(&bus, &q);
	return q.value;
}
static uint32_t cfg_rd(unsigned dev, unsigned reg)
{
	io(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0xcf8, 4, 0x80000000u | dev << 11 | reg);
	return (uint32_t)io(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0xcfc, 4, 0);
}
static void cfg_wr(unsigned dev, unsigned reg, uint32_t v)
{
	io(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0xcf8, 4, 0x80000000u | dev << 11 | reg);
	io(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0xcfc, 4, v);
}
static uint64_t bar0;
static uint64_t rd(uint64_t off, uint32_t size)
{
	return io(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_READ, bar0 + off, size, 0);
}
static void wr(uint64_t off, uint32_t size, uint64_t v)
{
	io(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_WRITE, bar0 + off, size, v);
}

enum { DFSEL = 0x00, DF = 0x04, GFSEL = 0x08, GF = 0x0c, CMSIX = 0x10, NUMQ = 0x12, STATUS = 0x14, QSEL = 0x16,
       QSZ = 0x18, QMSIX = 0x1a, QEN = 0x1c, QDESC = 0x20, QDRV = 0x28, QDEV = 0x30 };

/* 3.1.1 with queue q set up at DESC/AVAIL/USED + q * 0x10000. Returns the status read back. */
static uint8_t driver_init(unsigned nq)
{
	wr(STATUS, 1, 0);
	wr(STATUS, 1, 3);
	wr(GFSEL, 4, 1);
	wr(GF, 4, 1);
	wr(STATUS, 1, 11);
	for (unsigned q = 0; q < nq; q++) {
		wr(QSEL, 2, q);
		wr(QSZ, 2, QS);
		wr(QDESC, 8, DESC + q * 0x10000u);
		wr(QDRV, 8, AVAIL + q * 0x10000u);
		wr(QDEV, 8, USED + q * 0x10000u);
		wr(QEN, 2, 1);
	}
	wr(STATUS, 1, 15);
	return (uint8_t)rd(STATUS, 1);
}

static void set_desc(unsigned q, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *d = ram + DESC + q * 0x10000u + 16 * i;
	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}
static void kick(unsigned q, uint16_t head)
{
	uint8_t *a = ram + AVAIL + q * 0x10000u;
	uint16_t idx;
	memcpy(&idx, a + 2, 2);
	memcpy(a + 4 + 2 * (idx % QS), &head, 2);
	idx++;
	memcpy(a + 2, &idx, 2);
	wr(0x3000 + 4 * q, 2, q);
}
static uint16_t used_idx(unsigned q)
{
	uint16_t v;
	memcpy(&v, ram + USED + q * 0x10000u + 2, 2);
	return v;
}
static uint32_t used_len(unsigned q, unsigned i)
{
	uint32_t v;
	memcpy(&v, ram + USED + q * 0x10000u + 4 + 8 * i + 4, 4);
	return v;
}

static struct virtio_blk blk;

static int blk_setup(void **state)
{
	(void)state;
	free(ram);
	ram = calloc(1, RAM);
	mem = (struct gmem){ ram, RAM };
	memset(&irqs, 0, sizeof(irqs));
	memset(disk, 0, sizeof(disk));
	memcpy(disk, "sector zero", 11);
	memcpy(disk + 512, "sector one", 10);
	flushes = punches = 0;
	fail_io = 0;
	io_bus_init(&bus, "vm");
	assert_int_equal(vpci_init(&pci, &bus, "vm"), 0);
	struct blk_backend be = { d_pread, d_pwrite, d_flush, d_punch, NULL, DISK + 100, "disk.img" };
	virtio_blk_init(&blk, "vm", be, mem, sink);
	assert_int_equal(vpci_attach(&pci, &blk.v.pci), 1);
	bar0 = cfg_rd(1, 0x10) & ~0xfu;
	cfg_wr(1, 0x04, 0x2);
	log_capture_start();
	return 0;
}
static int blk_teardown(void **state)
{
	(void)state;
	log_capture_stop();
	free(ram);
	ram = NULL;
	return 0;
}

static void pci_view(void **state)
{
	(void)state;
	assert_int_equal(cfg_rd(0, 0), 0x12378086u);        /* host bridge */
	assert_int_equal(cfg_rd(0, 8) >> 8, 0x060000u);
	assert_int_equal(cfg_rd(1, 0), 0x10421af4u);        /* virtio-blk, modern */
	assert_int_equal(cfg_rd(1, 8) & 0xff, 1);           /* revision 1 */
	assert_int_equal(cfg_rd(1, 0x2c), 0x10421af4u);
	assert_int_equal(cfg_rd(2, 0), 0xffffffffu);        /* nothing in slot 2 */
	assert_int_equal(cfg_rd(1, 0x3c) & 0xffff, 0x0100u | 16); /* INTA#, GSI 16 */
	assert_int_equal(bar0, VPCI_HOLE_BASE);
	/* BAR sizing: all ones reads back the size mask, then the base is restored */
	cfg_wr(1, 0x10, 0xffffffffu);
	assert_int_equal(cfg_rd(1, 0x10), (uint32_t)~(VIRTIO_BAR_SIZE - 1));
	cfg_wr(1, 0x10, (uint32_t)bar0);
	/* the vendor id is read-only; status has the capability list */
	cfg_wr(1, 0, 0);
	assert_int_equal(cfg_rd(1, 0) & 0xffff, 0x1af4);
	assert_true(cfg_rd(1, 4) >> 16 & 0x10);
	/* capabilities: four virtio ones (common, isr, device, notify) then MSI-X */
	unsigned types = 0, msix = 0;
	for (unsigned c = cfg_rd(1, 0x34) & 0xff, n = 0; c && n < 16; c = (cfg_rd(1, c) >> 8) & 0xff, n++) {
		uint32_t w = cfg_rd(1, c);
		if ((w & 0xff) == 0x09)
			types |= 1u << (w >> 24);
		if ((w & 0xff) == 0x11)
			msix = c;
	}
	assert_int_equal(types, 0x1e);
	assert_int_not_equal(msix, 0);
	assert_int_equal(cfg_rd(1, msix) >> 16 & 0x7ff, VIRTIO_MSIX_VECTORS - 1);
	/* ECAM sees the same space; above 256 bytes reads 0 */
	assert_int_equal(io(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_READ, VPCI_ECAM_BASE + (1u << 15), 4, 0), 0x10421af4u);
	assert_int_equal(io(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_READ, VPCI_ECAM_BASE + (1u << 15) + 0x100, 4, 0), 0);
	/* memory decoding off: the BAR does not answer; moved: it answers at the new place only */
	cfg_wr(1, 0x04, 0);
	assert_int_equal(rd(STATUS, 1), 0xff);
	cfg_wr(1, 0x04, 2);
	cfg_wr(1, 0x10, (uint32_t)VPCI_HOLE_BASE + 0x100000u);
	assert_int_equal(rd(NUMQ, 2), 0xffff);
	bar0 = VPCI_HOLE_BASE + 0x100000u;
	assert_int_equal(rd(NUMQ, 2), 1);
}

static void blk_requests(void **state)
{
	(void)state;
	assert_int_equal(rd(DF, 4) & (1u << 9), 1u << 9); /* FLUSH offered */
	assert_int_equal(rd(0x2000, 8), DISK / 512);       /* capacity: whole sectors only */
	assert_int_equal(driver_init(1), 15);
	/* IN sector 1 */
	uint8_t hdr[16] = { 0 };
	hdr[8] = 1;
	memcpy(ram + BUF, hdr, 16);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x100, 512, 3, 2);
	set_desc(0, 2, BUF + 0x400, 1, 2, 0);
	ram[BUF + 0x400] = 0xff;
	kick(0, 0);
	assert_int_equal(used_idx(0), 1);
	assert_int_equal(used_len(0, 0), 513);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_OK);
	assert_memory_equal(ram + BUF + 0x100, "sector one", 10);
	assert_int_equal(irqs.lines, 1); /* INTx: ISR set, GSI 16 high */
	assert_int_equal(irqs.pin, 16);
	assert_int_equal(irqs.level, HVKIT_IRQ_HIGH);
	assert_int_equal(rd(0x1000, 1), 1); /* ISR: queue; reading it lowers the line */
	assert_int_equal(irqs.level, HVKIT_IRQ_LOW);
	/* OUT sector 3 */
	hdr[0] = 1;
	hdr[8] = 3;
	memcpy(ram + BUF, hdr, 16);
	memcpy(ram + BUF + 0x100, "written", 7);
	set_desc(0, 1, BUF + 0x100, 512, 1, 2);
	kick(0, 0);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_OK);
	assert_memory_equal(disk + 3 * 512, "written", 7);
	/* beyond the end: IOERR, nothing written */
	hdr[8] = DISK / 512;
	memcpy(ram + BUF, hdr, 16);
	kick(0, 0);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_IOERR);
	/* a backend error: IOERR */
	fail_io = 1;
	hdr[8] = 0;
	memcpy(ram + BUF, hdr, 16);
	kick(0, 0);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_IOERR);
	fail_io = 0;
	/* FLUSH */
	hdr[0] = 4;
	memcpy(ram + BUF, hdr, 16);
	set_desc(0, 0, BUF, 16, 1, 2);
	kick(0, 0);
	assert_int_equal(flushes, 1);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_OK);
	/* GET_ID */
	hdr[0] = 8;
	memcpy(ram + BUF, hdr, 16);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x100, 20, 3, 2);
	kick(0, 0);
	assert_string_equal((char *)ram + BUF + 0x100, "disk.img");
	/* DISCARD sectors 0-1 */
	hdr[0] = 11;
	memcpy(ram + BUF, hdr, 16);
	uint8_t seg[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
	memcpy(ram + BUF + 0x200, seg, 16);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x200, 16, 1, 2);
	kick(0, 0);
	assert_int_equal(punches, 1);
	assert_int_equal(disk[0], 0);
	/* an unknown type: UNSUPP */
	hdr[0] = 99;
	memcpy(ram + BUF, hdr, 16);
	set_desc(0, 0, BUF, 16, 1, 2);
	kick(0, 0);
	assert_int_equal(ram[BUF + 0x400], VIRTIO_BLK_S_UNSUPP);
	assert_int_equal(blk.reads, 1);
	assert_int_equal(blk.writes, 3); /* one written, one beyond the end, one failing in the backend */
	assert_int_equal(blk.errors, 3);
	assert_string_equal(log_captured(), "");
}

static void features_refused(void **state)
{
	(void)state;
	wr(STATUS, 1, 3);
	wr(GFSEL, 4, 0);
	wr(GF, 4, 1u << 30); /* not offered */
	wr(GFSEL, 4, 1);
	wr(GF, 4, 1);
	wr(STATUS, 1, 11);
	assert_int_equal(rd(STATUS, 1) & 8, 0);
	wr(STATUS, 1, 0);
	wr(STATUS, 1, 3); /* no VERSION_1: refused too */
	wr(STATUS, 1, 11);
	assert_int_equal(rd(STATUS, 1) & 8, 0);
}

/* After each bad chain: NEEDS_RESET, ISR config bit, one log line, nothing served until a reset. */
static void bad_descriptors(void **state)
{
	(void)state;
	static const struct {
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;
		const char *line;
	} bad[] = {
		{ 0x7ff00000, 512, 3, 2, "hvkit-dm: vm: virtio-blk: queue 0: buffer outside the VM's RAM: device needs reset\n" },
		{ BUF, 16, 1, 0, "hvkit-dm: vm: virtio-blk: queue 0: descriptor chain longer than the queue (a loop?): device needs reset\n" },
	};
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(driver_init(1), 15);
		set_desc(0, 0, BUF, 16, 1, 1);
		set_desc(0, 1, bad[i].addr, bad[i].len, bad[i].flags, bad[i].next);
		set_desc(0, 2, BUF + 0x400, 1, 2, 0);
		log_capture_start();
		kick(0, 0);
		assert_string_equal(log_captured(), bad[i].line);
		assert_int_equal(rd(STATUS, 1), 15 | 64);
		assert_int_equal(rd(0x1000, 1), 2);
		assert_int_equal(used_idx(0), 0);
		/* the driver cannot clear NEEDS_RESET but by a reset; notifications are ignored meanwhile */
		wr(STATUS, 1, 15);
		assert_int_equal(rd(STATUS, 1), 15 | 64);
		set_desc(0, 1, BUF + 0x100, 512, 3, 2);
		kick(0, 0);
		assert_int_equal(used_idx(0), 0);
		memset(ram + USED, 0, 0x100);
		memset(ram + AVAIL, 0, 0x100);
	}
	assert_int_equal(blk.v.violations, 2);
	/* a ring outside RAM at queue_enable: refused with NEEDS_RESET */
	wr(STATUS, 1, 0);
	wr(STATUS, 1, 3);
	wr(GFSEL, 4, 1);
	wr(GF, 4, 1);
	wr(STATUS, 1, 11);
	wr(QDESC, 8, RAM - 16);
	wr(QEN, 2, 1);
	assert_int_equal(rd(QEN, 2), 0);
	assert_true(rd(STATUS, 1) & 64);
	/* and a reset brings a working device back */
	assert_int_equal(driver_init(1), 15);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x100, 512, 3, 2);
	set_desc(0, 2, BUF + 0x400, 1, 2, 0);
	memset(ram + BUF, 0, 16);
	kick(0, 0);
	assert_int_equal(used_idx(0), 1);
	assert_memory_equal(ram + BUF + 0x100, "sector zero", 11);
}

static void msix(void **state)
{
	(void)state;
	unsigned c = cfg_rd(1, 0x34) & 0xff;
	while ((cfg_rd(1, c) & 0xff) != 0x11)
		c = (cfg_rd(1, c) >> 8) & 0xff;
	assert_int_equal(driver_init(1), 15);
	/* vector 1: address 0xfee00000, data 0x41; enabled, still masked in the table */
	wr(0x4000 + 16, 4, 0xfee00000u);
	wr(0x4000 + 16 + 8, 4, 0x41);
	cfg_wr(1, c, cfg_rd(1, c) | 0x80000000u);
	wr(QSEL, 2, 0);
	wr(QMSIX, 2, 1);
	assert_int_equal(rd(QMSIX, 2), 1);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x100, 512, 3, 2);
	set_desc(0, 2, BUF + 0x400, 1, 2, 0);
	kick(0, 0);
	assert_int_equal(irqs.msis, 0);
	assert_int_equal(rd(0x5000, 8), 2); /* pending */
	wr(0x4000 + 16 + 12, 4, 0);         /* unmask: the pending message goes */
	assert_int_equal(irqs.msis, 1);
	assert_int_equal(irqs.addr, 0xfee00000u);
	assert_int_equal(irqs.data, 0x41);
	assert_int_equal(rd(0x5000, 8), 0);
	kick(0, 0);
	assert_int_equal(irqs.msis, 2);
	assert_int_equal(irqs.lines, 0); /* never INTx with MSI-X on */
	/* the driver asked for no interrupts */
	ram[AVAIL] = 1;
	kick(0, 0);
	assert_int_equal(irqs.msis, 2);
}

static void msi(void **state)
{
	(void)state;
	unsigned c = cfg_rd(1, 0x34) & 0xff;
	while ((cfg_rd(1, c) & 0xff) != 0x05)
		c = (cfg_rd(1, c) >> 8) & 0xff;
	assert_int_equal(cfg_rd(1, c) >> 16 & 0x81, 0x80); /* 64-bit capable, off */
	assert_int_equal(driver_init(1), 15);
	cfg_wr(1, c + 4, 0xfee01000u);
	cfg_wr(1, c + 8, 0);
	cfg_wr(1, c + 12, 0x4062);
	cfg_wr(1, c, cfg_rd(1, c) | 0x10000u);
	set_desc(0, 0, BUF, 16, 1, 1);
	set_desc(0, 1, BUF + 0x100, 512, 3, 2);
	set_desc(0, 2, BUF + 0x400, 1, 2, 0);
	kick(0, 0);
	assert_int_equal(irqs.msis, 1);
	assert_int_equal(irqs.addr, 0xfee01000u);
	assert_int_equal(irqs.data, 0x4062);
	assert_int_equal(irqs.lines, 0);
	assert_int_equal(rd(0x1000, 1), 1); /* the ISR still says why */
}

/* The file backend: size, id, pread/pwrite/fsync, and PUNCH_HOLE on a file system that takes it. */
static void file_backend(void **state)
{
	(void)state;
	char path[] = "/tmp/test_virtio_diskXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 8192), 0);
	close(fd);
	struct blk_backend be;
	assert_int_equal(blk_file_open(&be, path), 0);
	assert_int_equal(be.size, 8192);
	assert_memory_equal(be.id, "test_virtio_disk", 16);
	assert_int_equal(be.pwrite(be.ctx, "on the file", 11, 4096), 11);
	assert_int_equal(be.flush(be.ctx), 0);
	char buf[12] = { 0 };
	assert_int_equal(be.pread(be.ctx, buf, 11, 4096), 11);
	assert_string_equal(buf, "on the file");
	if (be.punch) { /* tmpfs and ext4 punch holes */
		assert_int_equal(be.punch(be.ctx, 4096, 4096), 0);
		assert_int_equal(be.pread(be.ctx, buf, 11, 4096), 11);
		assert_int_equal(buf[0], 0);
	}
	assert_int_equal(be.pread(be.ctx, buf, 11, 8192), 0); /* the end */
	unlink(path);
	assert_int_equal(blk_file_open(&be, "/nonexistent/x.img"), -ENOENT);
}

/* ---- virtio-console ---- */
static void console_lines(void **state)
{
	(void)state;
	static struct virtio_console con;
	static struct console out;
	struct capture cap = { 0 };
	console_init(&out, "vm", capture_sink, &cap);
	virtio_console_init(&con, "vm", &out, mem, sink);
	assert_int_equal(vpci_attach(&pci, &con.v.pci), 2);
	assert_int_equal(cfg_rd(2, 0), 0x10431af4u);
	bar0 = cfg_rd(2, 0x10) & ~0xfu;
	cfg_wr(2, 4, 2);
	assert_int_equal(driver_init(2), 15);
	memcpy(ram + BUF + 0x20000, "hello from\nvirtio", 17);
	set_desc(1, 0, BUF + 0x20000, 17, 0, 0);
	kick(1, 0);
	assert_int_equal(used_idx(1), 1);
	console_flush(&out);
	assert_string_equal(cap.text, "[vm] hello from\n[vm] virtio\n");
	assert_int_equal(con.bytes, 17);
}

/* ---- virtio-net ---- */
static uint8_t sent[2048];
static long sent_len;
static long n_send(void *ctx, const void *f, uint64_t len)
{
	(void)ctx;
	memcpy(sent, f, len);
	sent_len = (long)len;
	return (long)len;
}

static void net_frames(void **state)
{
	(void)state;
	static struct virtio_net n;
	virtio_net_init(&n, "vm", (struct net_backend){ n_send, NULL }, mem, sink);
	assert_int_equal(vpci_attach(&pci, &n.v.pci), 2);
	assert_int_equal(cfg_rd(2, 0), 0x10411af4u);
	bar0 = cfg_rd(2, 0x10) & ~0xfu;
	cfg_wr(2, 4, 2);
	assert_int_equal(rd(0x2000 + 5, 1), 2); /* MAC 52:54:00:12:34:<slot> */
	assert_int_equal(rd(0x2000 + 6, 2), 1); /* link up */
	/* before the driver is ready: held; a reset forgets it */
	assert_true(virtio_net_rx(&n, "frame-zero", 10));
	assert_int_equal(driver_init(2), 15);
	assert_false(virtio_net_rx_blocked(&n));
	/* a frame before any receive buffer: held */
	assert_true(virtio_net_rx(&n, "frame-one", 9));
	assert_true(virtio_net_rx_blocked(&n));
	assert_false(virtio_net_rx(&n, "frame-two", 9)); /* one held at most: dropped */
	/* rx buffer: the held frame goes in behind a 12-byte header */
	set_desc(0, 0, BUF, 2048, 2, 0);
	kick(0, 0);
	assert_false(virtio_net_rx_blocked(&n));
	assert_int_equal(used_len(0, 0), 12 + 9);
	assert_memory_equal(ram + BUF + 12, "frame-one", 9);
	/* tx: header then frame, possibly split */
	memset(ram + BUF + 0x1000, 0, 12);
	memcpy(ram + BUF + 0x1000 + 12, "out", 3);
	memcpy(ram + BUF + 0x1800, "going", 5);
	set_desc(1, 0, BUF + 0x1000, 15, 1, 1);
	set_desc(1, 1, BUF + 0x1800, 5, 0, 0);
	kick(1, 0);
	assert_int_equal(sent_len, 8);
	assert_memory_equal(sent, "outgoing", 8);
	assert_int_equal(n.tx_frames, 1);
	assert_int_equal(n.rx_frames, 1);
	assert_int_equal(n.rx_dropped, 1);
	/* a receive buffer too small: the frame is dropped, the buffer comes back empty */
	set_desc(0, 1, BUF, 8, 2, 0);
	kick(0, 1);
	assert_true(virtio_net_rx(&n, "a-frame-too-long", 16));
	assert_int_equal(used_len(0, 1), 0);
	assert_int_equal(n.rx_dropped, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pci_view, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(blk_requests, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(features_refused, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(bad_descriptors, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(msix, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(msi, blk_setup, blk_teardown),
		cmocka_unit_test(file_backend),
		cmocka_unit_test_setup_teardown(console_lines, blk_setup, blk_teardown),
		cmocka_unit_test_setup_teardown(net_frames, blk_setup, blk_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
