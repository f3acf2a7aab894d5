/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ata_read: copy the machine's ATA disk (primary channel, slave: Bochs's ata0-slave) to standard output by
 * polled PIO, from user space in the Service VM, which owns the platform's I/O ports (they pass through).
 *
 * Why not Debian's ata_piix: the Service VM's ACPI platform is hardware-reduced, so Linux sets up no legacy
 * IRQs (nr_legacy_irqs() is 0) and a legacy-mode IDE controller's request for IRQ 14 fails; nor does its DSDT
 * describe a PCI root bridge, so ata_piix is never probed. See README.md, Limits.
 *
 * ATA/ATAPI-6 (T13 1410D): IDENTIFY DEVICE (ECh) words 60-61 give the LBA28 capacity; READ SECTORS (20h) with
 * LBA28 moves up to 256 sectors, one 256-word DRQ block per sector. nIEN is set in the device control register:
 * no interrupt is asked for. Exit status 0, or 1 with one line on stderr naming the step and the status byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <unistd.h>

#define DATA 0x1f0
#define COUNT 0x1f2
#define LBA0 0x1f3
#define LBA1 0x1f4
#define LBA2 0x1f5
#define DRIVE 0x1f6
#define CMD 0x1f7 /* status on read */
#define CTRL 0x3f6 /* alternate status on read */

#define ST_ERR 0x01u
#define ST_DRQ 0x08u
#define ST_DF 0x20u
#define ST_BSY 0x80u

static int wait_drq(const char *what)
{
	for (long i = 0; i < 100000000L; i++) {
		uint8_t s = inb(CMD);
		if (s & ST_BSY)
			continue;
		if (s & (ST_ERR | ST_DF)) {
			fprintf(stderr, "ata_read: %s: status 0x%02x, error 0x%02x\n", what, s, inb(DATA + 1));
			return -1;
		}
		if (s & ST_DRQ)
			return 0;
		if (s == 0xff || s == 0x00) {
			fprintf(stderr, "ata_read: %s: no device (status 0x%02x)\n", what, s);
			return -1;
		}
	}
	fprintf(stderr, "ata_read: %s: timed out\n", what);
	return -1;
}

static void delay400ns(void)
{
	for (int i = 0; i < 4; i++)
		(void)inb(CTRL);
}

int main(void)
{
	static uint16_t buf[256 * 256];
	if (ioperm(DATA, 8, 1) || ioperm(CTRL, 1, 1)) {
		perror("ata_read: ioperm");
		return 1;
	}
	outb(0x02, CTRL); /* nIEN */
	outb(0xb0, DRIVE); /* device 1 (slave) */
	delay400ns();
	outb(0xec, CMD);
	delay400ns();
	if (wait_drq("IDENTIFY DEVICE"))
		return 1;
	insw(DATA, buf, 256);
	uint32_t sectors = (uint32_t)buf[60] | (uint32_t)buf[61] << 16;
	fprintf(stderr, "ata_read: ata0-slave: %u sectors (%u MiB)\n", sectors, sectors >> 11);
	for (uint32_t lba = 0; lba < sectors;) {
		uint32_t n = sectors - lba < 256 ? sectors - lba : 256;
		outb((uint8_t)(0xf0 | ((lba >> 24) & 0x0f)), DRIVE);
		delay400ns();
		outb((uint8_t)(n & 0xff), COUNT); /* 0 = 256 */
		outb((uint8_t)lba, LBA0);
		outb((uint8_t)(lba >> 8), LBA1);
		outb((uint8_t)(lba >> 16), LBA2);
		outb(0x20, CMD);
		delay400ns();
		for (uint32_t s = 0; s < n; s++) {
			if (wait_drq("READ SECTORS"))
				return 1;
			insw(DATA, buf + 256 * s, 256);
			delay400ns();
		}
		if (fwrite(buf, 512, n, stdout) != n) {
			perror("ata_read: write");
			return 1;
		}
		lba += n;
	}
	return fflush(stdout) ? 1 : 0;
}
