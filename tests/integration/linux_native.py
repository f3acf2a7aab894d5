# SPDX-License-Identifier: BSD-3-Clause
"""Baseline (suite 'bench'): Debian 12's Linux booted NATIVELY in Bochs, no hypervisor, so that the hvkit-hosted
Linux cases (suite 'linux') have a figure to compare with.

The guest is made by tests/linux/build.sh into <build>/linux (bzImage, initrd.cpio.gz); ./hvkit must run
`tests/linux/build.sh "$BUILD/linux"` before the 'linux' and 'bench' suites. Its /init prints
`linux: init reached, cpus=N`, `linux: uptime <s>`, the figures `linux.init_uptime_s` (kernel uptime at /init,
emulated seconds) and `linux.init_tsc` (RDTSC at /init: Bochs's TSC counts instructions, so it is repeatable), then
ends the machine: debug-exit port 0xf4 (hvkit's vdev, QEMU), then "Shutdown" to port 0x8900 (Bochs), which is what
ends a native run (self_stop).

The harness boots the bzImage with GRUB's Linux loader (case field loader='linux': `linux /boot/bzImage ARGS`,
`initrd /boot/initrd.cpio.gz`), as tests/linux/run_native.sh does by hand.
In ./hvkit bench (one run at a time, 2-core host): 1 CPU linux.init_tsc 5,486,328,433 (uptime 11.32 s, 139 s wall),
2 CPUs 5,450,701,546 (10.6 s, 290 s wall).

Measured with tests/linux/run_native.sh (Bochs 2.7, corei7_skylake_x, ips=50M, 256 MiB, the kernel arguments
below, two runs at once on a 2-core host): see tests/linux/README.md.
"""

from linux import BOCHS_WARNINGS, kernel_trouble

IPS = 50_000_000

# The kernel command line natively: the stock one of the hvkit cases (console=ttyS0, tests/scenarios/linux_*.dts) plus
# what Bochs itself needs, kept here and nowhere else (tests/linux/README.md, "Native boot", has the runs that show
# each one is needed):
#   - ',115200' on the console: Bochs's UART sends at the rate the driver programs, and at Linux's default 9600 baud
#     the boot log alone adds seconds of emulated time to the figure the hvkit cases are compared with (hvkit's vUART
#     has no bit rate);
#   - tsc_early_khz: Bochs counts one TSC tick per instruction, ips per emulated second, while its CPUID leaf 15H/16H
#     say 3.5 GHz (corei7_skylake_x), so without it Linux runs its clocks 70 times too slow. Under hvkit the
#     hypervisor states the true rate in CPUID 15H/16H and the argument is not needed.
LINUX_ARGS = 'console=ttyS0,115200 tsc_early_khz=%d' % (IPS // 1000)

# Natively, besides BOCHS_WARNINGS, Bochs's own CPUID leaf 0DH is inconsistent (its sub-leaf 1 EBX gives the standard-
# format size for XSAVEC's compacted one), which Linux reports as 'XSAVE consistency problem: size 2432 !=
# kernel_size 2688' with a WARNING from fpu__init_system_xstate and its call trace, then runs without XSAVE. Under
# hvkit the leaf is the hypervisor's and consistent (linux.py forbids that warning and any call trace). Only the
# WARNING line is matched here: a call trace comes with every WARNING, BUG and stall, which are forbidden themselves.
NATIVE_WARNINGS = BOCHS_WARNINGS + [r'at arch/x86/kernel/fpu/xstate\.c:\d+ fpu__init_system_xstate']
FORBID_NATIVE = [r'still running after power-off'] + kernel_trouble(NATIVE_WARNINGS)

def _case(cpus, timeout):
    return dict(
        name='bench-linux-native-%dcpu' % cpus, suite='bench', boot='bios-grub', loader='linux',
        image='linux/bzImage',                  # relative to the build folder (tests/linux/build.sh build/linux)
        cmdline=LINUX_ARGS,
        modules=[dict(name='initrd.cpio.gz', path='linux/initrd.cpio.gz')],
        cpus=cpus, cpu_model='corei7_skylake_x', ips=IPS, ram_mb=256,
        expect=[r'^linux: init reached, cpus=%d$' % cpus, r'^linux: uptime \d+\.\d+$'],
        expect_in_order=True,
        forbid=FORBID_NATIVE,
        figures=['linux.init_uptime_s', 'linux.init_tsc'],
        self_stop=True, timeout=timeout,
    )


CASES = [
    _case(1, 300),
    _case(2, 400),
]
