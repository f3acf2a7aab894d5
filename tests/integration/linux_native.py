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

IPS = 50_000_000

# Kernel arguments for speed and determinism (tests/linux/README.md says what each one is worth).
LINUX_ARGS = ' '.join([
    'console=ttyS0,115200', 'earlyprintk=serial,ttyS0,115200',
    'tsc_early_khz=%d' % (IPS // 1000),   # Bochs's TSC rate relative to the PIT/HPET; Linux assumes 3.5 GHz
    'lpj=%d' % (IPS // 250),              # loops per jiffy at HZ=250: no delay-loop calibration
    'tsc=reliable', 'no_timer_check', 'mitigations=off', 'nokaslr',
    'cryptomgr.notests',                  # skips the crypto self-tests: 15 of the kernel's 29 emulated s to /init
    'quiet',
])

def _case(cpus, timeout):
    return dict(
        name='bench-linux-native-%dcpu' % cpus, suite='bench', boot='bios-grub', loader='linux',
        image='linux/bzImage',                  # relative to the build folder (tests/linux/build.sh build/linux)
        cmdline=LINUX_ARGS,
        modules=[dict(name='initrd.cpio.gz', path='linux/initrd.cpio.gz')],
        cpus=cpus, cpu_model='corei7_skylake_x', ips=IPS, ram_mb=256,
        expect=[r'^linux: init reached, cpus=%d$' % cpus, r'^linux: uptime \d+\.\d+$'],
        expect_in_order=True,
        forbid=[r'Kernel panic', r'\bBUG:', r'Oops', r'still running after power-off'],
        figures=['linux.init_uptime_s', 'linux.init_tsc'],
        self_stop=True, timeout=timeout,
    )


CASES = [
    _case(1, 300),
    _case(2, 400),
]
