# SPDX-License-Identifier: BSD-3-Clause
"""Linux as a post-launched VM (suite 'linux', issue 14): share mode with Debian's kernel as the Service VM
(scenario tests/scenarios/share_linux_dm.dts). The machine has an ATA disk (the harness's `disk`: Bochs
ata0-slave) made by tests/linux/dm/build.sh: an ext4 file system with hvkit-dm, the User VM's vmlinux,
initramfs and root disk image. The Service VM's initramfs holds no test data: busybox, hvexit, hvkit.ko,
ata_read (the disk by polled PIO: Debian's ata_piix gets no IRQ 14 on the hardware-reduced Service VM) and the
kernel package's ext4 and loop modules, with which it mounts the disk's copy and runs hvkit-dm from it.
hvkit-dm boots the same Debian kernel as a 2-vCPU User VM (PVH entry, ACPI tables from lib/vacpi, both vCPUs on
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

FULL = [
    user(r'user: root /dev/vda mounted \(hvkit user root\)$'),
    user(r'user: hello on virtio-console$'),
    svc(r'service: tap0 up, 10\.0\.2\.2/24$'),
    user(r'user: ping 10\.0\.2\.2: [1-9] received$'),
    user(r'dm\.virtio_blk_read_mib_per_gtick: [0-9.]+$'),
    user(r'dm\.virtio_blk_iops_4k: \d+$'),
    svc(r'dm\.linux_user_vm_boot_ticks: \d+$'),
    user(r'user: wrote hello\.txt md5 \w+, synced$'),
    svc(r"service: write run's exit status: expected 0 seen 0$"),
    svc(r"service: hello\.txt in the User VM's disk image: expected (\w+) seen \1$"),
    user(r'user: flushed flushed\.txt md5 \w+$'),
    svc(r'service: killed hvkit-dm \(SIGKILL\) while the User VM writes$'),
    svc(r"service: killed run's exit status: expected 137 seen 137$"),
    svc(r"service: the killed User VM's disk image mounts"),
    svc(r'service: flushed\.txt after the kill: expected (\w+) seen \1$'),
    svc(r'service: hello\.txt after the kill: expected (\w+) seen \1$'),
    svc(r'service: powering off'),
    r'vm service: stopped: debug exit, status 0',
]
FIGURES = ['dm.virtio_blk_read_mib_per_gtick', 'dm.virtio_blk_read_mib_per_gtick.seq_4k',
           'dm.virtio_blk_read_mib_per_gtick.seq_1m', 'dm.virtio_blk_iops_4k', 'dm.linux_user_vm_boot_ticks']


def full(name, suite, **kw):
    """The whole show in one Bochs boot: root on virtio-blk, ping over virtio-net, a file written and found in the
    image, a User VM killed mid-write whose image still mounts with everything up to its last flush."""
    return dict(name=name, suite=suite, boot='bios-grub', mode='share', cpus=2, cpu_model='corei7_skylake_x',
                ram_mb=1024, cmdline=TEST_CMDLINE, disk=DISK,
                modules=[VMLINUX, SERVICE_INITRD, dict(name='scenario.dtb', dts_text=scenario('full'))],
                expect=online(2) + BOOT + FULL, forbid=FORBID, self_stop=True, timeout=2400, **kw)


# (service-init's dm=boot, the User VM to its /init without virtio, is kept for debugging by hand: scenario('boot').)
CASES = [
    full('share-linux-user-vm-disk', 'linux'),
    full('bench-share-linux-user-vm', 'bench', figures=FIGURES),
]
