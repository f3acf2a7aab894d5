/* SPDX-License-Identifier: BSD-3-Clause */
/* The hypervisor's implementation of include/hvkit/platform.h (pages live in mm/page_alloc.c). */
#include <core/console.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/tsc.h>
#include <core/x86.h>
#include <hvkit/platform.h>
#include <stdarg.h>

uint64_t plat_virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va; /* identity mapped */
}

void *plat_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vprint(level, fmt, ap);
	va_end(ap);
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vprint(PLAT_LOG_ERROR, fmt, ap);
	va_end(ap);
	cpu_stop("panic");
}

void plat_lock(plat_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

void plat_unlock(plat_lock_t *lock)
{
	__atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE);
}

unsigned int plat_cpu_index(void)
{
	return this_cpu()->index;
}

uint64_t plat_tsc(void)
{
	return rdtsc();
}

uint64_t plat_tsc_hz(void)
{
	return tsc_hz();
}

/* -fstack-protector-strong calls this when a canary was overwritten. */
_Noreturn void __stack_chk_fail(void)
{
	hv_error("stack smashing detected on cpu %u", this_cpu()->index);
	cpu_stop("stack protector");
}
