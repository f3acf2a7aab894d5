/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The backtrace under an exception report (core/cpu/trap.c): the faulting RIP, then the return address of
 * each frame the RBP chain leads to while it stays in the image. Linked by partition, share, hybrid and the
 * VT-d test image; lapic_pt links backtrace_none.c (its report ends with the registers).
 */
#include <core/console.h>
#include <core/trap.h>
#include <stdbool.h>

extern char __image_start[], __text_end[], __image_end[];

/* A frame pointer worth following: 8-byte aligned, inside the image (its stacks are there). */
static bool frame_in_image(uint64_t rbp)
{
	return !(rbp & 7) && rbp >= (uint64_t)(uintptr_t)__image_start && rbp < (uint64_t)(uintptr_t)__image_end;
}

static bool in_text(uint64_t addr)
{
	return addr >= (uint64_t)(uintptr_t)__image_start && addr < (uint64_t)(uintptr_t)__text_end;
}

void trap_backtrace(uint64_t rbp, uint64_t rip)
{
	hv_error("backtrace: %016lx", rip);
	for (int depth = 0; depth < 16 && rbp; depth++) {
		/* Walk only frames that lie in the image's stack area and are 8-byte aligned. */
		if (!frame_in_image(rbp))
			break;
		uint64_t *frame = (uint64_t *)(uintptr_t)rbp;
		uint64_t ret = frame[1];
		if (!in_text(ret))
			break;
		hv_error("backtrace: %016lx", ret);
		rbp = frame[0];
	}
}
