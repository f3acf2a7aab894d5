# SPDX-License-Identifier: BSD-3-Clause
"""Interrupts inside VMs: the LAPIC timer in one-shot, periodic and TSC-deadline modes and IPIs between a VM's
vCPUs (one at an APIC ID outside the VM, which must go nowhere), with the emulated vLAPIC (partition image,
x2APIC, APICv off) and with LAPIC pass-through (lapic_pt image, where the ICR filter drops the foreign IPI).
Scenarios: tests/scenarios/{vlapic,lapic_pt}_timer_ipi.dts."""

from common import FORBID_HEALTHY, RAM_MB, TEST_CMDLINE, guest, online


def passed(vm, guest_name):
    return [r'\[%s\] %s: DONE passed=\d+ failed=0' % (vm, guest_name), r'vm %s: stopped: debug exit, status 0' % vm]


def timer_and_ipi(name, mode, scenario):
    return dict(name=name, boot='bios-grub', mode=mode, cpus=4, ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
                modules=[guest('ipi'), guest('apic_timer'),
                         dict(name='scenario.dtb', dts='../scenarios/%s.dts' % scenario)],
                expect=online(4) + passed('ipi', 'ipi') + passed('timer', 'apic_timer') +
                [r'\[ipi\] ipi: PASS ipi to apic id 2 \(not in the vm\) arrives nowhere'],
                forbid=FORBID_HEALTHY, self_stop=True, timeout=300)


def if_blocking(name, mode, scenario, vms):
    """tests/guests/if_blocking in each VM of the scenario: pending interrupts wait for RFLAGS.IF. vms maps a VM
    name to the checks that must PASS there beyond the DONE line."""
    expect = []
    for vm, checks in vms.items():
        expect += passed(vm, 'if_blocking') + [r'\[%s\] if_blocking: PASS %s' % (vm, c) for c in checks]
    # debug=invariants: the APICv state the exit path keeps while nothing changed is checked against the state
    # derived anew at every entry that keeps it (an ERROR line otherwise).
    return dict(name=name, boot='bios-grub', mode=mode, cpus=len(vms), ram_mb=RAM_MB,
                cmdline=TEST_CMDLINE + ' debug=invariants',
                modules=[guest('if_blocking'), dict(name='scenario.dtb', dts='../scenarios/%s.dts' % scenario)],
                expect=online(len(vms)) + expect, forbid=FORBID_HEALTHY, self_stop=True, timeout=200)


IF_ENTERED = ['IF=0: timer alone pending in IRR', 'IF=0: self-IPI and timer not delivered during a spin past the deadline',
              'IF=0: delivered by priority after STI']
IF_CLEARED = ["in a handler after EOI: lower vectors not delivered before the handler's IRET",
              'CLI after arming: self-IPI and timer not delivered during a spin past the deadline',
              "two pending: lower vectors not delivered before the handler's IRET"]


def ioapic_level(apicv):
    return dict(name='vioapic-level-line-apicv-%s' % apicv, boot='bios-grub', mode='partition', cpus=1,
                ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
                modules=[guest('ioapic_level'),
                         dict(name='scenario.dtb', dts='../scenarios/ioapic_level_apicv_%s.dts' % apicv)],
                expect=passed('ioapic', 'ioapic_level') +
                [r'ioapic_level: PASS delivered again after EOI while the line stays asserted \(3rd\)',
                 r'ioapic_level: PASS delivery 1: remote irr set while in service'],
                forbid=FORBID_HEALTHY, self_stop=True, timeout=200)


CASES = [
    dict(name='vlapic-timer-and-ipi-4cpu', boot='bios-grub', mode='partition', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE + ' debug=invariants',
         modules=[guest('ipi'), guest('apic_timer'), dict(name='scenario.dtb', dts='../scenarios/vlapic_timer_ipi.dts')],
         expect=online(4) + passed('ipi', 'ipi') + passed('timer', 'apic_timer') +
         [r'\[timer\] apic_timer: PASS periodic mean interval', r'\[timer\] apic_timer: PASS tsc-deadline fires',
          r'\[ipi\] ipi: PASS ipi to apic id 2 \(not in the vm\) arrives nowhere',
          r'vm ipi: IPI .* to APIC id 2 matches no vCPU of this VM: dropped',
          # APICv on and the guests in x2APIC mode: the CPU virtualizes their x2APIC MSR accesses.
          r'vm timer: vcpu 0: vLAPIC in x2APIC mode: virtualize x2APIC mode on',
          r'vm ipi: vcpu 1: vLAPIC in x2APIC mode: virtualize x2APIC mode on'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=300),
    # xAPIC mode: MMIO through the APIC-access page with APICv, through EPT violations without it.
    timer_and_ipi('vlapic-xapic-apicv-on-timer-and-ipi-4cpu', 'partition', 'vlapic_xapic_timer_ipi'),
    timer_and_ipi('vlapic-xapic-apicv-off-timer-and-ipi-4cpu', 'partition', 'vlapic_xapic_apicv_off_timer_ipi'),
    timer_and_ipi('vlapic-x2apic-apicv-off-timer-and-ipi-4cpu', 'partition', 'vlapic_apicv_off_timer_ipi'),
    # A level-triggered vIOAPIC line (the vUART, IRQ 4) is delivered again until EOI.
    ioapic_level('on'),
    ioapic_level('off'),
    # A pending interrupt waits for RFLAGS.IF while the guest's timer expires. Bochs 2.7 needs the hypervisor's
    # help twice (core/vm/apic_emulated.c): a guest entered with IF = 0 takes no external-interrupt exit, so the
    # VMX-preemption timer stands in for the host timer; a pending virtual interrupt is delivered regardless of
    # IF when an external interrupt arrives, so such vectors are held back with interrupt-window exiting, SELF IPI
    # writes exit and an EOI that would unblock a waiting vector exits. An xAPIC guest's ICR self-IPI is
    # virtualized by the CPU beyond the hypervisor's reach: with APICv its IF-cleared checks run with
    # quirks=bochs (NOTE lines; the README names the limit).
    if_blocking('vlapic-apicv-on-pending-interrupts-wait-for-if', 'partition', 'if_blocking_apicv_on',
                {'x2apic': IF_ENTERED + IF_CLEARED, 'xapic': IF_ENTERED}),
    if_blocking('vlapic-apicv-off-pending-interrupts-wait-for-if', 'partition', 'if_blocking_apicv_off',
                {'x2apic': IF_ENTERED + IF_CLEARED, 'xapic': IF_ENTERED + IF_CLEARED}),
    if_blocking('lapic_pt-pending-interrupts-wait-for-if', 'lapic_pt', 'lapic_pt_if_blocking',
                {'x2apic': IF_ENTERED + IF_CLEARED}),
    dict(name='lapic_pt-timer-and-ipi-4cpu', boot='bios-grub', mode='lapic_pt', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('ipi'), guest('apic_timer'),
                  dict(name='scenario.dtb', dts='../scenarios/lapic_pt_timer_ipi.dts')],
         expect=online(4) + passed('ipi', 'ipi') + passed('timer', 'apic_timer') +
         [r'\[ipi\] ipi: PASS ipi to apic id 2 \(not in the vm\) arrives nowhere',
          r'icr: ipi vcpu 0: IPI vector 0x56 to APIC ID 0x2 outside the VM dropped',
          # lapic_pt counts exits by number (SDM Vol. 3D appendix C): 1 external interrupt, 7 interrupt
          # window, 12 HLT.
          r'vm timer: exits by reason: (?!.* (1|7|12)=)'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=300),
    # 10,000 periodic timer interrupts with zero VM exits: the hypervisor's own exit count, read by the guest
    # through hypercall 1 before and after the run.
    dict(name='lapic_pt-10000-timer-irqs-no-exits', boot='bios-grub', mode='lapic_pt', cpus=1, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('latency'), dict(name='scenario.dtb', dts='../scenarios/lapic_pt_timer_exits.dts')],
         expect=[r'BENCH lapic_pt\.timer_irqs: 10000', r'BENCH lapic_pt\.exits_during_timer_irqs: 0$'] +
         passed('lat', 'latency'),
         forbid=FORBID_HEALTHY, self_stop=True, timeout=240),
]
