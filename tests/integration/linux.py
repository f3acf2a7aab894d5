# SPDX-License-Identifier: BSD-3-Clause
"""Slow suite 'linux': Debian 12's own kernel (package linux-image-amd64) with the busybox initramfs of tests/linux
as a pre-launched VM, beside a VM running a test guest. ./hvkit test runs `tests/linux/build.sh build/linux` before
this suite, so the kernel and initramfs are build/linux/vmlinux (and build/linux/bzImage) and
build/linux/initrd.cpio.gz. Bochs CPU model corei7_skylake_x: Debian's kernel boots natively on it (PLATFORM.md; it
hangs early on tigerlake/icelake).

The kernel is booted by its PVH entry (scenario kernel type "pvh": the uncompressed vmlinux, no XZ decompressor in
the VM). The partition and lapic_pt images link no bzImage loader (footprint); the bzImage boot (Linux boot
protocol, lib/guest_loader bzimage.c) is proven by hvkit-dm's User VM in share_linux_dm.py, which links the same
loader hosted.

The kernel command line is the stock one, `console=ttyS0` and nothing else (issue 19): the guest calibrates nothing
(the TSC and APIC timer rates are in CPUID 15H/16H), its speculation mitigations are on, and a kernel warning fails
the case (FORBID_LINUX; no consistency warning about XSAVE, whose CPUID leaf 0DH the hypervisor makes consistent).

/init prints 'linux: init reached, cpus=N' and the CPUs online, then writes the debug-exit port (tests/linux/init),
which stops the VM with status 0. The test guest beside it must pass all its checks."""

from common import RAM_MB, TEST_CMDLINE, guest, online, passed, scenario

INITRD = dict(name='initrd.cpio.gz', path='linux/initrd.cpio.gz')
LINUX = [dict(name='vmlinux', path='linux/vmlinux'), INITRD]            # scenario kernel type "pvh"
BASIC = guest('basic')


# The guest's TSC rate as Linux prints it (MHz, three decimals): Bochs's 50 MHz within 0.1%.
TSC_MHZ = r'(?:49\.9[5-9]\d|50\.0[0-4]\d)'


def linux_reached_init(vm, cpus):
    online_list = '0' if cpus == 1 else '0-%d' % (cpus - 1)
    return [r'\[%s\] \[ *0\.000000\] Linux version 6\.' % vm,
            # Linux takes the CPU's and TSC's rates from CPUID 16H/15H: 50 MHz (Bochs: ips=50M, one tick per
            # instruction) within 0.1% (the hypervisor's calibration against the PIT); it prints the TSC's only
            # where it differs from the CPU's, and FORBID_LINUX refuses any other rate ...
            r'\[%s\] \[ *0\.000000\] tsc: Detected %s MHz processor' % (vm, TSC_MHZ),
            # ... and keeps XSAVE with every component of corei7_skylake_x: x87, SSE, AVX, AVX-512 (0xe7), in the
            # standard format (XSAVEC is hidden: Bochs 2.7's does not write the compacted one, core/vm/exit_cpuid.c)
            r"\[%s\] .*x86/fpu: Enabled xstate features 0xe7, context size is 2688 bytes, using 'standard' format" % vm,
            r'\[%s\] linux: init reached, cpus=%d$' % (vm, cpus),
            r'\[%s\] linux: cpus online %s$' % (vm, online_list),
            r'\[%s\] linux: powering off \(port\)' % vm,
            r'vm %s: stopped: debug exit, status 0' % vm,
            # the VM's CMOS RTC (in these images the host's registers, read-only: lib/vdev/src/rtc_host.c) gives Linux the time
            r'\[%s\] .*rtc_cmos 00:\d\d: setting system clock to 20\d\d-' % vm]


# Every sign of kernel trouble that Linux 6.1 prints (issue 19): a WARN()/WARN_ON() splat and its call trace, BUG()
# and the soft lockup watchdog ('watchdog: BUG: soft lockup - CPU#n stuck for ...'), the hard lockup watchdog, RCU
# stalls ('rcu: INFO: rcu_preempt detected stalls on CPUs/tasks', '... self-detected stall on CPU'), the hung task
# detector ('INFO: task X blocked for more than N seconds'), the clocksource watchdog ("Marking clocksource 'tsc' as
# unstable", 'tsc: Marking TSC unstable due to ...'), an oops, a panic. The scenarios boot Linux without 'quiet', so
# the console shows every message up to KERN_INFO during boot, and /init raises the console log level to 8
# (tests/linux/init). Natively the same kernel prints more on Bochs (linux_native.py names what and why).
def kernel_trouble(allow_warnings=()):
    """The forbidden kernel messages; allow_warnings: regexes of 'WARNING:' lines that are accepted."""
    warning = r'WARNING:' if not allow_warnings else r'^(?!.*(?:%s)).*WARNING:' % '|'.join(allow_warnings)
    return [warning, r'\bBUG:', r'soft lockup', r'hard LOCKUP', r'detected stalls? on', r'self-detected stall',
            r'blocked for more than \d+ seconds', r'[Mm]arking .*unstable', r'Oops', r'Kernel panic']


# Accepted kernel warnings, each a property of Bochs's CPU model that natively shows the same way
# (case bench-linux-native-1cpu, linux_native.py): corei7_skylake_x offers no IBRS (CPUID 7:EDX), so Spectre v2
# is mitigated with retpolines, which leave a Skylake open to RETBleed; a hypervisor cannot offer what the CPU lacks.
BOCHS_WARNINGS = [r'RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks']

FORBID_LINUX = ([r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault', r'still running after power-off',
                 r'stopped: (?!debug exit, status 0)', r'Call Trace', r'XSAVE consistency problem',
                 r'tsc: Detected (?!%s MHz)' % TSC_MHZ] +
                kernel_trouble(BOCHS_WARNINGS))


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
]
