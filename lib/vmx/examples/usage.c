/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vmx without a CPU: controls from capability MSRs, an I/O exit decoded, an MSR bitmap. */
#include <stdio.h>
#include <vmx/vmx.h>
#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_decode.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_ext.h>

static _Alignas(4096) unsigned char msr_bitmap[4096];

int main(void)
{
	/* IA32_VMX_TRUE_PROCBASED_CTLS as vmx_probe() reads it into caps.procbased_ctls (made up). */
	const uint64_t allowed = 0xfff9fffe04006172ull;
	uint32_t procbased;
	if (vmx_adjust_controls(allowed, CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS,
				CPU_BASED_USE_IO_BITMAPS, &procbased) != 0)
		return 1;
	printf("primary processor-based controls: 0x%08x\n", procbased);

	/* Exit reason 30 with this qualification: the guest ran "out dx, al" with DX = 0x3f8. */
	struct vmx_io_access io;
	if (!vmx_decode_io(0x03f80000ull, &io))
		return 1;
	printf("%s: %s port 0x%x, %u byte(s)\n", vmx_exit_reason_name(VMX_EXIT_IO_INSTRUCTION),
	       io.in ? "IN" : "OUT", io.port, io.size);

	/* Exit on writes to IA32_EFER only (the bitmap starts all zero: nothing exits). */
	if (vmx_msr_bitmap_set(msr_bitmap, 0xC0000080u, VMX_MSR_WRITE, true) != 0)
		return 1;
	printf("EFER: read exits %d, write exits %d\n",
	       vmx_msr_bitmap_intercepts(msr_bitmap, 0xC0000080u, VMX_MSR_READ),
	       vmx_msr_bitmap_intercepts(msr_bitmap, 0xC0000080u, VMX_MSR_WRITE));
	return 0;
}
