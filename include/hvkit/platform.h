/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit platform interface: the only thing a library (lib/vmx, lib/ept, lib/vtd,
 * lib/vlapic, lib/sched) may need from the hypervisor that links it.
 *
 * The hypervisor core implements it for the bootable image (core/platform.c);
 * tests/support/host_platform.c implements it on the host for unit tests.
 * A researcher reusing one library in another hypervisor implements these
 * functions and nothing else.
 *
 * Rules for libraries:
 *  - include only this header, their own headers and <stdint.h>, <stddef.h>,
 *    <stdbool.h>, <stdarg.h>, <string.h> (memset/memcpy/memcmp/strlen only);
 *  - never include another library's src/ headers;
 *  - hardware instructions go through the library's own seam header
 *    (lib/X/include/X/X_hw.h), implemented in lib/X/src/hw_x86.c for the image
 *    and by mocks in lib/X/tests for the host.
 */
#ifndef HVKIT_PLATFORM_H
#define HVKIT_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Version of this interface, checkable at compile time, e.g.
 *   #if HVKIT_PLATFORM_VERSION_MAJOR != 1
 *   #error "written for hvkit platform interface 1.x"
 *   #endif
 * MAJOR changes when a function is removed or changes meaning or signature; MINOR when
 * one is added. The installed hvkit-platform.pc carries the same MAJOR.MINOR as its version.
 */
#define HVKIT_PLATFORM_VERSION_MAJOR 1
#define HVKIT_PLATFORM_VERSION_MINOR 0
#define HVKIT_PLATFORM_VERSION ((HVKIT_PLATFORM_VERSION_MAJOR << 16) | HVKIT_PLATFORM_VERSION_MINOR)

#define PLAT_PAGE_SIZE 4096u

/* Log levels, most severe first. */
enum plat_log_level {
	PLAT_LOG_ERROR = 0,
	PLAT_LOG_WARN = 1,
	PLAT_LOG_INFO = 2,
	PLAT_LOG_DEBUG = 3,
};

/*
 * Allocate npages contiguous, zeroed, 4 KiB-aligned pages. Returns their host
 * virtual address, or NULL when memory is exhausted (never panics).
 */
void *plat_page_alloc(size_t npages);

/* Return pages obtained from plat_page_alloc (same count). */
void plat_page_free(void *va, size_t npages);

/* Host physical address of a host virtual address owned by the hypervisor. */
uint64_t plat_virt_to_phys(const void *va);

/* Host virtual address through which host physical memory pa is reachable. */
void *plat_phys_to_virt(uint64_t pa);

/* printf-style log line ("%s %d %u %x %lx %llx %lu %llu %p %c %%", widths and
 * '0' padding). A newline is appended by the implementation. */
void plat_log(enum plat_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Fatal error: log and stop the calling CPU (the image) or abort (the host). */
_Noreturn void plat_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A spinlock; zero-initialised is unlocked. */
typedef struct {
	volatile uint32_t locked;
} plat_lock_t;

void plat_lock(plat_lock_t *lock);
void plat_unlock(plat_lock_t *lock);

/* Index (0..n-1, dense) of the physical CPU running the caller. */
unsigned int plat_cpu_index(void);

/* Time-stamp counter and its frequency (ticks per second, calibrated). */
uint64_t plat_tsc(void);
uint64_t plat_tsc_hz(void);

#endif /* HVKIT_PLATFORM_H */
