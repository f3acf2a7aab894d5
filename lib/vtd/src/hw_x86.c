/* SPDX-License-Identifier: BSD-3-Clause */
/* The lib/vtd seam on real hardware: uncached MMIO and clflush. Image build only. */
#include <vtd/vtd_hw.h>

uint64_t vtd_hw_read(void *regs, uint32_t off, unsigned int bytes)
{
	void *r = (uint8_t *)regs + off;
	return bytes == 8 ? *(volatile uint64_t *)r : *(volatile uint32_t *)r;
}

void vtd_hw_write(void *regs, uint32_t off, uint64_t val, unsigned int bytes)
{
	void *r = (uint8_t *)regs + off;
	/* Compiler barrier: table writes in memory must precede the register write. */
	__asm__ volatile("" ::: "memory");
	if (bytes == 8)
		*(volatile uint64_t *)r = val;
	else
		*(volatile uint32_t *)r = (uint32_t)val;
}

void vtd_hw_flush_cache(const void *va, size_t len)
{
	/* 64-byte lines: every x86 CPU with VT-d has them (CPUID.1:EBX[15:8] = 8). */
	uintptr_t p = (uintptr_t)va & ~(uintptr_t)63;
	uintptr_t end = (uintptr_t)va + len;
	__asm__ volatile("mfence" ::: "memory");
	for (; p < end; p += 64)
		__asm__ volatile("clflush (%0)" ::"r"(p) : "memory");
	__asm__ volatile("mfence" ::: "memory");
}
