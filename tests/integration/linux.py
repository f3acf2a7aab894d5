# SPDX-License-Identifier: BSD-3-Clause
"""Slow suite 'linux': Debian 12's own kernel (package linux-image-amd64) with the busybox initramfs of tests/linux
as a pre-launched VM, beside a VM running a test guest. ./hvkit test runs `tests/linux/build.sh build/linux` before
this suite, so the kernel and initramfs are build/linux/vmlinux (and build/linux/bzImage) and
build/linux/initrd.cpio.gz. Bochs CPU model corei7_skylake_x: Debian's kernel boots natively on it (PLATFORM.md; it
hangs early on tigerlake/icelake).

The kernel is booted by its PVH entry (scenario kernel type "pvh": the uncompressed vmlinux, no XZ decompressor in
the VM), except in the one case named 'linux-bzimage-...', which keeps the bzImage loader (Linux boot protocol)
proven.

/init prints 'linux: init reached, cpus=N' and the CPUs online, then writes the debug-exit port (tests/linux/init),
which stops the VM with status 0. The test guest beside it must pass all its checks."""

from common import RAM_MB, TEST_CMDLINE, guest, online, passed, scenario

INITRD = dict(name='initrd.cpio.gz', path='linux/initrd.cpio.gz')
LINUX = [dict(name='vmlinux', path='linux/vmlinux'), INITRD]            # scenario kernel type "pvh"
LINUX_BZIMAGE = [dict(name='bzImage', path='linux/bzImage'), INITRD]    # scenario kernel type "bzimage"
BASIC = guest('basic')


def linux_reached_init(vm, cpus):
    online_list = '0' if cpus == 1 else '0-%d' % (cpus - 1)
    return [r'\[%s\] \[ *0\.000000\] Linux version 6\.' % vm,
            r'\[%s\] linux: init reached, cpus=%d$' % (vm, cpus),
            r'\[%s\] linux: cpus online %s$' % (vm, online_list),
            r'\[%s\] linux: powering off \(port\)' % vm,
            r'vm %s: stopped: debug exit, status 0' % vm]


FORBID_LINUX = [r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault', r'Kernel panic', r'\bBUG:', r'Oops',
                r'still running after power-off', r'stopped: (?!debug exit, status 0)']


def linux_case(name, mode, scenario_name, extra_modules, expect, cpus, timeout=1200, kernel=None):
    return dict(name=name, suite='linux', boot='bios-grub', mode=mode, cpus=cpus, cpu_model='corei7_skylake_x',
                ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
                modules=(kernel or LINUX) + extra_modules + [scenario(scenario_name)],
                expect=online(cpus) + expect, forbid=FORBID_LINUX, self_stop=True, timeout=timeout)


CASES = [
    # PVH direct boot. Partition mode, emulated vLAPIC (APICv on): Linux brings up both vCPUs with its own
    # INIT-SIPI-SIPI.
    linux_case('linux-partition-2vcpu-beside-basic', 'partition', 'linux_2vcpu_and_basic', [BASIC],
               linux_reached_init('linux', 2) + passed('basic', 'basic', 29) +
               # the VM's ACPI PM timer, found through the FADT although it is hardware-reduced
               [r'\[linux\] linux: clocksources .*\bacpi_pm\b'], cpus=3),
    # PVH direct boot. lapic_pt mode: Linux drives its physical x2APICs; only ICR writes exit.
    linux_case('linux-lapic_pt-2vcpu-beside-basic', 'lapic_pt', 'lapic_pt_linux_2vcpu_and_basic', [BASIC],
               linux_reached_init('linux', 2) + passed('basic', 'basic', 29), cpus=3),
    # The bzImage path (Linux boot protocol, the kernel's own XZ decompressor): the partition case above as a bzImage.
    linux_case('linux-bzimage-partition-2vcpu-beside-basic', 'partition', 'linux_bzimage_2vcpu_and_basic', [BASIC],
               linux_reached_init('linux', 2) + passed('basic', 'basic', 29), cpus=3, kernel=LINUX_BZIMAGE),
]
