/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/insn_decode: the guest's load behind an MMIO exit, decoded and completed into its register. */
#include <insn_decode/mmio_insn.h>
#include <stdio.h>

static uint64_t gprs[MMIO_GPR_COUNT];

static uint64_t reg_read(void *ctx, unsigned int gpr)
{
	(void)ctx;
	return gprs[gpr];
}

static void reg_write(void *ctx, unsigned int gpr, uint64_t value)
{
	(void)ctx;
	gprs[gpr] = value;
}

int main(void)
{
	/* mov 0x30(%rdi), %eax: the bytes the core fetched at the guest's RIP (lib/guest_walk). */
	static const uint8_t bytes[] = { 0x8b, 0x47, 0x30 };
	struct mmio_insn insn;
	if (mmio_insn_decode(bytes, sizeof(bytes), MMIO_MODE_64, &insn) != 0)
		return 1;
	printf("%s of %u bytes, register %u, %u bytes long\n", insn.write ? "store" : "load", insn.size, insn.reg,
	       insn.len);
	/* The device answers 0xfee00000; the load lands in EAX, zero-extended as in 64-bit mode. */
	const struct mmio_regs regs = { .read = reg_read, .write = reg_write };
	gprs[MMIO_GPR_RAX] = ~0ull;
	if (mmio_insn_complete_load(&insn, &regs, 0xfee00000u) != 0)
		return 1;
	printf("rax = 0x%llx; the guest's RIP advances by %u\n", (unsigned long long)gprs[MMIO_GPR_RAX], insn.len);
	return 0;
}
