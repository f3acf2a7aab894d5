# SPDX-License-Identifier: BSD-3-Clause
"""Share mode with Linux as the Service VM (suite 'linux'): Debian's kernel boots by its PVH entry as the Service
VM, its RAM identity-mapped, on the two CPUs it shares with the post-launched VMs it starts. Its initramfs
(tests/linux/service/build.sh: build/linux/service-initrd.cpio.gz) loads hvkit.ko, which binds to the
hypervisor's ACPI control device (HVKT0001), checks /dev/hvkit's refusals (hvkit-probe), then runs hvkit-dm twice
at once (the basic test guest and the CPU-bound spin guest, 2 vCPUs each), then a guest that never halts, which it
destroys with SIGTERM; then a virtio-blk driver that feeds bad descriptors (tests/guests/virtio_bad, hvkit-dm
--virtio-blk) beside a second run of basic: each violation is one hvkit-dm line and a reset device; then 20 create/run/destroy cycles, comparing the hypervisor's free pages before and after.
Judged by the consoles: the post-launched VMs print through hvkit-dm on the Service VM's console."""

from common import RAM_MB, TEST_CMDLINE, online
from linux import BOCHS_WARNINGS, kernel_trouble

SERVICE_INITRD = dict(name='initrd.cpio.gz', path='linux/service-initrd.cpio.gz')
VMLINUX = dict(name='vmlinux', path='linux/vmlinux')


def svc(line):
    return r'\[service\] ' + line


EXPECT = [
    r'vm service: started as the Service VM: 2 vCPU\(s\)',
    svc(r'service: init reached, cpus=2$'),
    svc(r'service: control device HVKT0001:00$'),
    svc(r'service: hvkit.ko loaded$'),
    svc(r'hvkit-probe: summary: [1-9][0-9]* passed, 0 failed'),
    r'share: vm user1 created: 2 vCPU',
    r'share: vm user2 created: 2 vCPU',
    svc(r'\[user1\] basic: DONE passed=29 failed=0'),
    svc(r'\[user2\] spin: .*PASS'),
    svc(r'service: user1 exited with status 0$'),
    svc(r'service: user2 exited with status 0$'),
    svc(r'service: user1 \(forever\) exited with status 143 after SIGTERM$'),
    r'vm user1: stopped: destroyed by the Service VM',
    # bad descriptors (tests/guests/virtio_bad) beside a second run of basic
    svc(r'hvkit-dm: user2: virtio-blk at 00:01.0, BAR0 0xc0000000, GSI 16 on /tmp/vbad.img$'),
    svc(r'\[user2\] virtio_bad: valid read: read sector 0: status 0, used len 513, "hvkit-virtio-sector0"$'),
    svc(r"hvkit-dm: user2: virtio-blk: queue 0: buffer outside the VM's RAM: device needs reset$"),
    svc(r'hvkit-dm: user2: virtio-blk: queue 0: descriptor chain longer than the queue \(a loop\?\): device needs reset$'),
    svc(r'hvkit-dm: user2: virtio-blk: queue 0: indirect table length not a non-zero multiple of 16: device needs reset$'),
    svc(r'hvkit-dm: user2: virtio-blk: queue 0: nested indirect table: device needs reset$'),
    svc(r'hvkit-dm: user2: virtio-blk: queue 0: head index outside the descriptor table: device needs reset$'),
    (svc(r'\[user2\] virtio_bad: PASS .*: DEVICE_NEEDS_RESET and a config interrupt$'), 5),
    (svc(r'\[user2\] virtio_bad: PASS .*: re-initialised$'), 5),
    svc(r'\[user2\] virtio_bad: PASS valid read after the bad rounds$'),
    svc(r'\[user2\] virtio_bad: PASS msi-x interrupt after the read$'),
    svc(r'\[user2\] virtio_bad: DONE passed=22 failed=0$'),
    svc(r'hvkit-dm: user2: virtio-blk: 3 reads, 0 writes, 0 flushes, 0 discards, 0 errors, 5 resets needed$'),
    (svc(r'\[user1\] basic: DONE passed=\d+ failed=0'), 2),
    (svc(r'service: user2 exited with status 0$'), 2),
    svc(r'service: 20 cycles: hypervisor free pages before=(\d+) after=\1$'),
    svc(r'service: powering off'),
    r'vm service: stopped: debug exit, status 0',
]
# The Service VM boots with the stock command line (console=ttyS0 and its own service=all, issue 19): any kernel
# warning fails the case as in linux.py.
FORBID = ([r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault', r'Call Trace', r'XSAVE consistency problem',
           r'stopped: (?!debug exit, status 0|destroyed by the Service VM)'] + kernel_trouble(BOCHS_WARNINGS))

CASES = [
    dict(name='share-linux-service-two-user-vms', suite='linux', boot='bios-grub', mode='share', cpus=2,
         cpu_model='corei7_skylake_x', ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
         modules=[VMLINUX, SERVICE_INITRD, dict(name='scenario.dtb', dts='../scenarios/share_linux.dts')],
         expect=online(2) + EXPECT, forbid=FORBID, self_stop=True, timeout=1500),
]
