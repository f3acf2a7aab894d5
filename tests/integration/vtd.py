# SPDX-License-Identifier: BSD-3-Clause
"""VT-d on QEMU's intel-iommu (no VMX there): the VT-d test image (tests/vtd_image) builds one DMA domain per VM
of its scenario, gives the edu device (00:01.0) to vm "dma0" and proves with edu DMA that mapped transfers land at
the VM's host RAM while others are blocked and reported as faults naming the device and VM; then interrupt
remapping of edu's MSI. Boot: SeaBIOS -> GRUB (the harness's GRUB ISO) -> Multiboot2, and once OVMF -> GRUB. Variations of the unit
through -global (the harness adds `-device intel-iommu,intremap=on` itself).

Also the partition image without an IOMMU (Bochs): it must say plainly that pass-through devices are not isolated.
Wall times on 2 cores, two runs at once: about 2 s per SeaBIOS case, 7 s through OVMF, 4 s for Bochs."""

import os

from common import FORBID, FORBID_HEALTHY, GUEST_HELLO, RAM_MB, TEST_CMDLINE

IMAGE = 'tests/vtd_image/hvkit-vtd-test.elf'
SEABIOS = '/usr/share/seabios/bios-256k.bin'   # a later -bios replaces the harness's OVMF
MODULES = [dict(name='vtd_payload', text='the VT-d test VMs run nothing\n')]

DMA_PASS = [
    r'vtd: PASS dma remapping enabled from the scenario',
    r'vtd: PASS edu\'s context entry names domain 1',
    r'vtd: PASS device 00:00\.0 given to no vm has no context entry',
    r'vtd: PASS dma into vm memory lands at hpa 0x8200000 ',
    r'vtd: PASS dma to an address outside the vm\'s ram blocked \(fault reason 5\)',
    r'vtd: PASS dma to hypervisor memory blocked \(fault reason 5\)',
    r'vtd: PASS dma to vm "dma1" ram blocked \(fault reason 5\)',
    r'vtd: PASS dma to a read-only page blocked \(fault reason 5\)',
    r'vtd: PASS dma from a write-only page blocked \(fault reason 6\)',
    r'vtd: PASS dma to the page made writable again lands',
    r'vtd: PASS fault events arrived as interrupts on vector 0xe8',
    r'vtd: fault: 00:01\.0 \(vm "dma0"\) write to 0x4000000: reason 5 \(write to a page without write permission\)',
]
IR_PASS = [
    r'vtd: PASS remapped msi arrived on vector 0x50',
    r'vtd: PASS msi through a cleared IRTE blocked',
]


def qemu_case(name, globals_, cmdline='', expect_ir=True, extra=(), firmware=SEABIOS):
    args = ['-bios', firmware] if firmware else []
    for g in globals_:
        args += ['-global', 'intel-iommu.' + g]
    expect = DMA_PASS + (IR_PASS if expect_ir else [r'vtd: SKIP interrupt remapping']) + list(extra)
    expect.append(r'vtd: DONE passed=\d+ failed=0')
    return dict(name=name, boot='qemu-grub', image=IMAGE, cpus=2, ram_mb=512, cmdline=(TEST_CMDLINE + ' ' + cmdline).strip(),
                modules=MODULES, qemu_args=args, expect=expect, forbid=FORBID, self_stop=True, qemu_exit=1,
                timeout=90)


CASES = [
    qemu_case('vtd-qemu-qi', [], extra=[r'invalidation through the queue']),
    qemu_case('vtd-qemu-register-inv', [], cmdline='vtd.qi=off', expect_ir=False,
              extra=[r'invalidation through registers']),
    qemu_case('vtd-qemu-caching-mode', ['caching-mode=on'], extra=[r'CM 1']),
    qemu_case('vtd-qemu-caching-mode-register-inv', ['caching-mode=on'], cmdline='vtd.qi=off', expect_ir=False,
              extra=[r'CM 1', r'invalidation through registers']),
    qemu_case('vtd-qemu-aw39', ['aw-bits=39'], extra=[r'3-level tables']),
    qemu_case('vtd-qemu-aw48', ['aw-bits=48'], extra=[r'4-level tables']),
    # The harness's own firmware: OVMF -> GRUB (EFI) -> Multiboot2.
    qemu_case('vtd-qemu-ovmf-grub', [], firmware=None),
]
# OVMF starts the GNU-EFI image (boot/uefi's loader around the same ELF) directly.
CASES.append(dict(qemu_case('vtd-qemu-uefi-direct', [], firmware=None), boot='qemu-uefi',
                  image='tests/vtd_image/hvkit-vtd-test.efi'))

# The partition image in Bochs has no DMAR. Its core must say so once core/main.c calls iommu_init() (and
# modes/partition links core_iommu_lib); until then the case is listed as skipped.
_MAIN_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'core', 'main.c')
_WIRED = os.path.exists(_MAIN_C) and 'iommu_init(' in open(_MAIN_C).read()
CASES.append(dict(
    name='partition-bios-no-dmar', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
    modules=[GUEST_HELLO],
    expect=[r'iommu: no DMAR found: no DMA remapping; pass-through PCI devices are not isolated'],
    end=r'iommu: no DMAR found', forbid=FORBID_HEALTHY, timeout=120,
    skip=None if _WIRED else 'core/main.c does not call iommu_init() yet'))
