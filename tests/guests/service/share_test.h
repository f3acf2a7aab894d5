/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the service guest (tests/guests/service) and the user guest it runs (tests/guests/share_user) agree on:
 * where the service guest puts the user guest's Multiboot information, the mailbox through which a user
 * guest hands back figures, the port a user guest's measured requests go to, and the VMCALL convention of
 * include/hvkit/abi/hypercall.h.
 */
#ifndef SHARE_TEST_H
#define SHARE_TEST_H

#include <hvkit/abi/hypercall.h>
#include <stdint.h>

/* In a user VM's RAM (guest-physical): below the test guests' image at 1 MiB, clear of the AP trampoline
 * page the smp guest uses (0x8000). */
#define SHARE_MAILBOX_GPA 0x7000u
#define SHARE_MBINFO_GPA 0x9000u
#define MB_BOOT_MAGIC_V1 0x2BADB002u /* EAX at a Multiboot v1 kernel's entry */
#define SHARE_MMAP_GPA 0x9100u
#define SHARE_CMDLINE_GPA 0x9800u
#define SHARE_CMDLINE_MAX 512u

/* A port no device of the hypervisor claims: a user guest's OUT there is one ioreq round trip, completed
 * by the service guest at once. */
#define SHARE_PING_PORT 0x510u
/* Values of a ping the service guest answers with an interrupt (run=irq); any other value is a timestamp. */
#define SHARE_PING_IRQ 1u /* HVKIT_HC_INJECT_IRQ: a pulse on vIOAPIC pin SHARE_IRQ_PIN */
#define SHARE_PING_MSI 2u /* HVKIT_HC_INJECT_MSI: vector SHARE_MSI_VECTOR to APIC ID 0 */
#define SHARE_IRQ_PIN 5u
#define SHARE_IRQ_VECTOR 0x50u
#define SHARE_MSI_VECTOR 0x51u

#define SHARE_MAILBOX_MAGIC 0x786f626du /* "mbox" */
#define SHARE_MAX_INTERVALS 128u
#define SHARE_MAX_SAMPLES 64u

/* Filled by the user guest; read by the service guest once the user guest has ended. */
struct share_mailbox {
	uint32_t magic;
	uint32_t done;
	/* mode=spin: TSC ticks it ran inside [t0, t1), its loop count there, and the first intervals
	 * [start, end] of uninterrupted running that overlap the window (its TSC reads are at most a few
	 * ticks apart while it runs; a larger gap means it was off its CPU). */
	uint64_t ran;
	uint64_t loops;
	uint32_t intervals;
	uint32_t samples;
	uint64_t interval[SHARE_MAX_INTERVALS][2];
	/* mode=ping: TSC ticks of each OUT to SHARE_PING_PORT (one ioreq round trip). */
	uint64_t sample[SHARE_MAX_SAMPLES];
};

_Static_assert(sizeof(struct share_mailbox) <= 0x1000u, "the mailbox must end below the smp guest's trampoline page");

/* VMCALL at CPL 0: number in RAX, arguments in RDI, RSI, RDX, result in RAX. */
static inline int64_t hvkit_hc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	int64_t ret;
	__asm__ __volatile__("vmcall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "memory");
	return ret;
}

#endif
