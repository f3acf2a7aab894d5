/* SPDX-License-Identifier: BSD-3-Clause */
/* The consumer program's own declarations: its platform's controls, its checks and its two demos. */
#ifndef CONSUMER_H
#define CONSUMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* platform.c: the page pool and the clock behind <hvkit/platform.h>. */
#define CONSUMER_POOL_PHYS 0x10000000ull /* "physical" address of the pool's first page */
#define CONSUMER_POOL_PAGES 64u
#define CONSUMER_TSC_HZ 2000000000ull
size_t consumer_pages_in_use(void);
uint64_t consumer_clock(void);
void consumer_clock_set(uint64_t tsc);

/* ept_seam.c: lib/ept's hardware seam; records the last INVEPT instead of executing it. */
struct consumer_invept {
	unsigned int count;
	uint64_t type, eptp;
};
extern struct consumer_invept consumer_invept_seen;

/* check.c: each check prints one line; a failing one prints what it expected and what it saw. */
bool check_u64(const char *what, uint64_t expected, uint64_t saw);
bool check_int(const char *what, long long expected, long long saw);
unsigned int check_failures(void);

/* The demos; each returns normally (failures are counted by check.c). */
void ept_demo(void);
void vlapic_demo(void);

#endif
