# SPDX-License-Identifier: BSD-3-Clause
"""lapic_pt mode: every VM drives its CPUs' physical x2APICs; only ICR writes (and APIC ID/LDR/ICR reads) exit.
The image links no APIC emulation. Scenarios in tests/scenarios/ and the image's default (scenario/dts/lapic_pt.dts)."""

from common import FORBID_HEALTHY, GUEST_HELLO, RAM_MB, TEST_CMDLINE, guest, online, passed


def lapic_clean(vm, vcpus):
    return [r'vm %s: vcpu %d: physical LAPIC of cpu \d+ returned to the host clean' % (vm, i) for i in range(vcpus)]


CASES = [
    dict(name='lapic_pt-default-2vm-2cpu', boot='bios-grub', mode='lapic_pt', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(2) + passed('rt0', 'hello', 1) + passed('part1', 'hello', 1) + lapic_clean('rt0', 1),
         forbid=FORBID_HEALTHY, self_stop=True, timeout=120),
    # INIT-SIPI-SIPI through the ICR filter: the hypervisor starts the AP itself; the AP halts in the guest
    # (no HLT exiting) and an NMI brings it out when the VM stops.
    dict(name='lapic_pt-smp-vm-4cpu', boot='bios-grub', mode='lapic_pt', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('smp'), guest('hello'),
                  dict(name='scenario.dtb', dts='../scenarios/lapic_pt_smp_and_hello.dts')],
         expect=online(4) + passed('smp', 'smp', 6) + passed('hello', 'hello', 1) + lapic_clean('smp', 2),
         forbid=FORBID_HEALTHY, self_stop=True, timeout=240),
]
