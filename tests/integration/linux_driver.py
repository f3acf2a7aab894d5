# SPDX-License-Identifier: BSD-3-Clause
"""Suite 'linux': hvkit.ko (linux_driver/) checked natively, before any hypervisor side exists. Debian 12's kernel
boots in Bochs WITHOUT hvkit (as linux_native.py's baseline does: GRUB's Linux loader) with the initramfs that
linux_driver/build.sh makes (build/linux/hvkit-native.cpio.gz; ./hvkit test runs it before the suite). Its /init
(linux_driver/tests/native_init):

 1. insmod hvkit.ko: the real module must load, find no hvkit CPUID signature, say so in one line and make no
    /dev/hvkit (and make no VMCALL: one would #UD); `hvkit-probe --native` checks that; rmmod.
 2. insmod hvkit_fake.ko: the same driver linked with linux_driver/tests/fake_hv.c, a pretend hypervisor with a
    software upcall IRQ and a VM "fake-vm" whose RAM is the 4 MiB at 192 MiB that mem=192M keeps from the kernel.
    `hvkit-probe --fake` runs every check it has: who may open /dev/hvkit (uid 65534: EACCES; root without
    CAP_SYS_ADMIN: EPERM), garbage ioctls (bad numbers and sizes, NULL, kernel and half-mapped pointers,
    unterminated names, 4000 random ones), ioctls before a VM (ENOENT), create / second create (EBUSY) / mmap
    checks / destroy while mapped (EBUSY) / destroy / re-create after close, and an ioreq round trip woken by the
    upcall (a port read answered, the write that carries the answer, ESRCH once the VM stops), destroying a running
    VM by ioctl and by close (each returns once the VM is gone). rmmod: the fake reports every VM it created
    destroyed.

One boot, 1 CPU, about the native baseline's time (bench-linux-native-1cpu: 139 s wall in ./hvkit bench)."""

from linux_native import LINUX_ARGS

PROBE_CHECKS = 75   # hvkit-probe --fake's PASS lines: a check that silently disappears fails the case

CASES = [
    dict(name='linux-native-hvkit-ko', suite='linux', boot='bios-grub', loader='linux',
         image='linux/bzImage',
         cmdline=LINUX_ARGS + ' mem=192M',       # RAM above 192 MiB is not the kernel's: the fake VM's RAM
         modules=[dict(name='hvkit-native.cpio.gz', path='linux/hvkit-native.cpio.gz')],
         cpus=1, cpu_model='corei7_skylake_x', ram_mb=256,
         expect=[r'^hvkit-native: init reached$',
                 r'^hvkit-native: insmod hvkit\.ko: ok$',
                 r'^hvkit-native: dmesg: .*hvkit: no hvkit hypervisor \(CPUID 0x40000000 has no "hvkithvkithv" '
                 r'signature\): no /dev/hvkit$',
                 r'^hvkit-probe: PASS no /dev/hvkit without the hypervisor \(ENOENT\)$',
                 r'^hvkit-probe: summary: 3 passed, 0 failed, 0 skipped$',
                 r'^hvkit-native: rmmod hvkit: ok$',
                 r'^hvkit-native: insmod hvkit_fake\.ko: ok$',
                 r'^hvkit-probe: PASS an unprivileged process \(uid 65534\) cannot open /dev/hvkit$',
                 r'^hvkit-probe: PASS root without CAP_SYS_ADMIN cannot open /dev/hvkit \(EPERM\)$',
                 r'^hvkit-probe: PASS 4000 random ioctls',
                 r'^hvkit-probe: PASS a second HVKIT_VM_CREATE on the same file -> EBUSY$',
                 r'^hvkit-probe: PASS ioreq round trip: HVKIT_IOREQ_WAIT once the VM has stopped -> ESRCH$',
                 r'^hvkit-probe: summary: %d passed, 0 failed, 0 skipped$' % PROBE_CHECKS,
                 r'^hvkit-native: hvkit-probe --fake exit 0$',
                 r'^hvkit-native: rmmod hvkit_fake: ok$',
                 r'^hvkit-native: dmesg: .*hvkit-fake: (\d+) VMs created, \1 destroyed, 0 left$',
                 r'^hvkit-native: done$'],
         expect_in_order=True,
         forbid=[r'hvkit-probe: FAIL', r'hvkit-native: .*: FAILED', r'Kernel panic', r'\bBUG\b', r'Oops',
                 r'WARNING:', r'Call Trace', r'general protection', r'still running after power-off'],
         self_stop=True, timeout=600),
]
