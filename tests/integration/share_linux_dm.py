# SPDX-License-Identifier: BSD-3-Clause
"""Linux as a post-launched VM (suite 'linux', issue 14): share mode with Debian's kernel as the Service VM
(scenario tests/scenarios/share_linux_dm.dts). The machine has an ATA disk (the harness's `disk`: Bochs
ata0-slave) made by tests/linux/dm/build.sh: an ext4 file system with hvkit-dm, the User VM's vmlinux,
initramfs and root disk image. The Service VM's initramfs holds no test data: busybox, hvexit, hvkit.ko,
ata_read (the disk by polled PIO: Debian's ata_piix gets no IRQ 14 on the hardware-reduced Service VM) and the
kernel package's ext4 and loop modules, with which it mounts the disk's copy and runs hvkit-dm from it.
hvkit-dm boots the same Debian kernel as a 2-vCPU User VM (PVH entry, ACPI tables from core/vacpi, both vCPUs on
the Service VM's two CPUs), whose console reaches the Service VM's as "[user1] ...".
Judged by the consoles; every step's check prints "expected X seen Y" and a FAIL line on a mismatch."""

import os

from common import TEST_CMDLINE, online
from linux import BOCHS_WARNINGS, kernel_trouble

HERE = os.path.dirname(os.path.abspath(__file__))
VMLINUX = dict(name='vmlinux', path='linux/vmlinux')
SERVICE_INITRD = dict(name='initrd.cpio.gz', path='linux/dm/service-initrd.cpio.gz')
DISK = 'linux/dm/disk.img'


def scenario(what):
    with open(os.path.join(HERE, '..', 'scenarios', 'share_linux_dm.dts')) as f:
        return f.read().replace('dm=full', 'dm=' + what)


def svc(line):
    return r'\[service\] ' + line


def user(line):
    return svc(r'\[user1\] ' + line)


BOOT = [
    r'vm service: started as the Service VM: 2 vCPU\(s\)',
    svc(r'service: init reached, cpus=2$'),
    svc(r'service: [0-9]+ modules loaded from the kernel package$'),
    svc(r'service: disk read: [0-9]+ KiB$'),
    svc(r'service: disk mounted: .*hvkit-dm.*vmlinux'),
    svc(r'dm\.boot_start_tsc: \d+'),
    r'share: vm user1 created: 2 vCPU',
    user(r'user: init reached, cpus=2$'),
    user(r'dm\.user_init_tsc: \d+'),
]
FORBID = ([r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault', r'Call Trace', r'XSAVE consistency problem',
           r'stopped: (?!debug exit, status 0|destroyed by the Service VM)'] + kernel_trouble(BOCHS_WARNINGS))

CASES = [
    # The User VM boots from hvkit-dm to its /init and ends through the debug-exit port (no virtio devices).
    dict(name='share-linux-user-vm-boot', suite='linux', boot='bios-grub', mode='share', cpus=2,
         cpu_model='corei7_skylake_x', ram_mb=1024, cmdline=TEST_CMDLINE, disk=DISK,
         modules=[VMLINUX, SERVICE_INITRD, dict(name='scenario.dtb', dts_text=scenario('boot'))],
         expect=online(2) + BOOT + [
             user(r'user: powering off \(status 0\)$'),
             svc(r'service: user1 \(boot\) exited with status 0$'),
             svc(r"service: boot run's exit status: expected 0 seen 0$"),
             svc(r'service: powering off'),
             r'vm service: stopped: debug exit, status 0',
         ], forbid=FORBID, self_stop=True, timeout=1500),
]
