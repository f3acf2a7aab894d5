/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * This program's implementation of hvkit's platform interface (<hvkit/platform.h>), the only thing the
 * libraries need from the program that links them.
 *
 * Memory is a fixed pool of CONSUMER_POOL_PAGES pages. Its "physical" addresses start at CONSUMER_POOL_PHYS
 * and differ from the pointers, so every table the libraries follow goes through plat_phys_to_virt, as
 * in a real hypervisor. Time is a clock the program sets (consumer_clock_set); there is one CPU.
 */
#include "consumer.h"

#include <hvkit/platform.h>

#if HVKIT_PLATFORM_VERSION_MAJOR != 1
#error "this program implements hvkit platform interface 1.x"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Alignas(PLAT_PAGE_SIZE) unsigned char pool[CONSUMER_POOL_PAGES][PLAT_PAGE_SIZE];
static bool pool_used[CONSUMER_POOL_PAGES];
static size_t pool_in_use;
static plat_lock_t pool_lock;
static uint64_t clock_now;

size_t consumer_pages_in_use(void)
{
	return pool_in_use;
}

uint64_t consumer_clock(void)
{
	return clock_now;
}

void consumer_clock_set(uint64_t tsc)
{
	clock_now = tsc;
}

static bool run_free(size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++)
		if (pool_used[i])
			return false;
	return true;
}

void *plat_page_alloc(size_t npages)
{
	void *va = NULL;
	if (npages == 0 || npages > CONSUMER_POOL_PAGES)
		return NULL;
	plat_lock(&pool_lock);
	for (size_t first = 0; first + npages <= CONSUMER_POOL_PAGES; first++) {
		if (!run_free(first, npages))
			continue;
		for (size_t i = first; i < first + npages; i++)
			pool_used[i] = true;
		pool_in_use += npages;
		va = pool[first];
		memset(va, 0, npages * PLAT_PAGE_SIZE);
		break;
	}
	plat_unlock(&pool_lock);
	return va;
}

static size_t pool_index(const void *va)
{
	uintptr_t p = (uintptr_t)va, base = (uintptr_t)pool;
	if (p < base || p >= base + sizeof(pool))
		plat_panic("address %p is not in the page pool", va);
	return (p - base) / PLAT_PAGE_SIZE;
}

void plat_page_free(void *va, size_t npages)
{
	if (va == NULL)
		return;
	size_t first = pool_index(va);
	if ((uintptr_t)va % PLAT_PAGE_SIZE != 0 || first + npages > CONSUMER_POOL_PAGES)
		plat_panic("bad page free %p (%lu pages)", va, (unsigned long)npages);
	plat_lock(&pool_lock);
	for (size_t i = first; i < first + npages; i++) {
		if (!pool_used[i])
			plat_panic("page %lu freed twice", (unsigned long)i);
		pool_used[i] = false;
	}
	pool_in_use -= npages;
	plat_unlock(&pool_lock);
}

uint64_t plat_virt_to_phys(const void *va)
{
	(void)pool_index(va); /* panics outside the pool */
	return CONSUMER_POOL_PHYS + ((uintptr_t)va - (uintptr_t)pool);
}

void *plat_phys_to_virt(uint64_t pa)
{
	if (pa < CONSUMER_POOL_PHYS || pa >= CONSUMER_POOL_PHYS + sizeof(pool))
		plat_panic("physical address 0x%llx is not in the page pool", (unsigned long long)pa);
	return (unsigned char *)pool + (pa - CONSUMER_POOL_PHYS);
}

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	va_list ap;
	va_start(ap, fmt);
	printf("consumer: [hvkit %s] ", (unsigned int)level < 4 ? names[level] : "?");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(stdout);
	fprintf(stderr, "consumer: PANIC: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

void plat_lock(plat_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE) != 0u)
		;
}

void plat_unlock(plat_lock_t *lock)
{
	__atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE);
}

unsigned int plat_cpu_index(void)
{
	return 0;
}

uint64_t plat_tsc(void)
{
	return clock_now;
}

uint64_t plat_tsc_hz(void)
{
	return CONSUMER_TSC_HZ;
}
