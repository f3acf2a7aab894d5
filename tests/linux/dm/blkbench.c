/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blkbench DEV: read figures of a block device from inside the User VM, timed with RDTSC (under Bochs the TSC
 * counts emulated instructions, so the figures are per 10^9 ticks and repeatable). O_DIRECT: every read reaches
 * the device (virtio-blk: hvkit-dm and its file), not the page cache. Prints (NAME: NUMBER, for ./hvkit bench):
 *   dm.virtio_blk_read_mib_per_gtick.seq_4k     sequential 4 KiB reads over the first 8 MiB
 *   dm.virtio_blk_read_mib_per_gtick.seq_1m     sequential 1 MiB reads over the first 8 MiB
 *   dm.virtio_blk_read_mib_per_gtick            the 1 MiB figure (the headline)
 *   dm.virtio_blk_iops_4k                       random 4 KiB reads (512 of them, 4 KiB-aligned, LCG offsets)
 * and "blkbench: FAIL: ..." when a read fails or comes back short.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SPAN (8u << 20)
#define RANDOM_READS 512u
#define BLKGETSIZE64_REQ 0x80081272ul /* _IOR(0x12, 114, size_t) */

static uint64_t ticks(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static int read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);
	if (n != (ssize_t)len) {
		printf("blkbench: FAIL: pread of %zu bytes at %lld returned %zd\n", len, (long long)off, n);
		return -1;
	}
	return 0;
}

/* Sequential reads of block bytes over SPAN; MiB per 10^9 ticks, or -1. */
static double sequential(int fd, void *buf, size_t block)
{
	uint64_t t0 = ticks();
	for (size_t off = 0; off < SPAN; off += block)
		if (read_at(fd, buf, block, (off_t)off))
			return -1;
	uint64_t t = ticks() - t0;
	return (double)SPAN / (1 << 20) / ((double)t / 1e9);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: blkbench DEV\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0) {
		printf("blkbench: FAIL: open %s (O_DIRECT)\n", argv[1]);
		return 1;
	}
	uint64_t size = 0;
	if (ioctl(fd, BLKGETSIZE64_REQ, &size) || size < SPAN) {
		printf("blkbench: FAIL: %s has %llu bytes, fewer than %u\n", argv[1], (unsigned long long)size, SPAN);
		return 1;
	}
	void *buf;
	if (posix_memalign(&buf, 4096, 1u << 20))
		return 1;
	double s4k = sequential(fd, buf, 4096), s1m = sequential(fd, buf, 1u << 20);
	if (s4k < 0 || s1m < 0)
		return 1;
	uint32_t x = 12345;
	uint64_t blocks = size / 4096, t0 = ticks();
	for (unsigned i = 0; i < RANDOM_READS; i++) {
		x = x * 1103515245u + 12345u;
		if (read_at(fd, buf, 4096, (off_t)((x >> 8) % blocks) * 4096))
			return 1;
	}
	uint64_t t = ticks() - t0;
	printf("dm.virtio_blk_read_mib_per_gtick.seq_4k: %.1f\n", s4k);
	printf("dm.virtio_blk_read_mib_per_gtick.seq_1m: %.1f\n", s1m);
	printf("dm.virtio_blk_read_mib_per_gtick: %.1f\n", s1m);
	printf("dm.virtio_blk_iops_4k: %.0f\n", RANDOM_READS / ((double)t / 1e9));
	return 0;
}
