/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform interface on the host, for unit tests. Pages come from
 * aligned_alloc; "physical" addresses are the host pointers themselves, so a
 * library's physical<->virtual translations are the identity in tests.
 * Tests may inspect host_platform_* counters and make allocations fail.
 */
#include "host_platform.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t host_platform_pages_in_use;
long host_platform_fail_after = -1;
unsigned int host_platform_cpu;
uint64_t host_platform_tsc_value;
unsigned int host_platform_log_count[4];
char host_platform_last_log[512];

void host_platform_reset(void)
{
	host_platform_fail_after = -1;
	host_platform_cpu = 0;
	host_platform_tsc_value = 0;
	memset(host_platform_log_count, 0, sizeof(host_platform_log_count));
	host_platform_last_log[0] = '\0';
}

void *plat_page_alloc(size_t npages)
{
	if (npages == 0)
		return NULL;
	if (host_platform_fail_after == 0)
		return NULL;
	if (host_platform_fail_after > 0)
		host_platform_fail_after--;
	void *p = aligned_alloc(PLAT_PAGE_SIZE, npages * PLAT_PAGE_SIZE);
	if (p == NULL)
		return NULL;
	memset(p, 0, npages * PLAT_PAGE_SIZE);
	host_platform_pages_in_use += npages;
	return p;
}

void plat_page_free(void *va, size_t npages)
{
	if (va == NULL)
		return;
	host_platform_pages_in_use -= npages;
	free(va);
}

uint64_t plat_virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va;
}

void *plat_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(host_platform_last_log, sizeof(host_platform_last_log), fmt, ap);
	va_end(ap);
	if ((unsigned int)level < 4)
		host_platform_log_count[level]++;
	if (getenv("HVKIT_TEST_VERBOSE"))
		fprintf(stderr, "[log %d] %s\n", (int)level, host_platform_last_log);
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "PANIC: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

void plat_lock(plat_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE))
		;
}

void plat_unlock(plat_lock_t *lock)
{
	__atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE);
}

unsigned int plat_cpu_index(void)
{
	return host_platform_cpu;
}

uint64_t plat_tsc(void)
{
	return host_platform_tsc_value;
}

uint64_t plat_tsc_hz(void)
{
	return 1000000000ull;
}
