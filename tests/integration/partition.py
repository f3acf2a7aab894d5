# SPDX-License-Identifier: BSD-3-Clause
"""Partition mode: pre-launched VMs side by side on their own CPUs, configured by a scenario; a misbehaving guest
is stopped while its neighbours run on. The scenarios are in tests/scenarios/, the guests in tests/guests/."""

from common import FORBID, FORBID_HEALTHY, GUEST_HELLO, RAM_MB, TEST_CMDLINE, guest, online, passed, scenario


# A stopped VM is logged as an ERROR; anything else that is wrong is still forbidden.
FORBID_GUESTS = [r'PANIC', r'EXCEPTION', r'\bFAIL\b']

CASES = [
    # The default scenario: two VMs running the hello guest, each on its own CPU, printing side by side.
    dict(name='partition-default-2vm-2cpu', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(2) + passed('part0', 'hello', 1) + passed('part1', 'hello', 1) +
         [r'partition mode: every VM has stopped'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=120),
    dict(name='partition-default-2vm-4cpu', boot='bios-grub', mode='partition', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(4) + passed('part0', 'hello', 1) + passed('part1', 'hello', 1),
         forbid=FORBID_HEALTHY, self_stop=True, timeout=180),
    # CPUID, the MSR policy, the vUART and the memory map, beside a guest that writes outside its RAM (an attack:
    # suite 'hostile').
    dict(name='partition-basic-beside-wild-write-2cpu', suite='hostile', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('basic'), guest('wild_write'), scenario('basic_and_wild_write')],
         expect=online(2) + passed('basic', 'basic', 29) +
         [r'\[wild\] wild_write: writing outside my RAM',
          r'vm wild: stopped: vcpu 0: write at guest-physical 0x40000000 outside its memory'],
         forbid=FORBID_GUESTS, self_stop=True, timeout=150),
    # A 2-vCPU VM starts its second vCPU with its own INIT-SIPI-SIPI, beside a third CPU's VM.
    dict(name='partition-smp-vm-4cpu', boot='bios-grub', mode='partition', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('smp'), guest('hello'), scenario('smp_and_hello')],
         expect=online(4) + passed('smp', 'smp', 6) + passed('hello', 'hello', 1) +
         [r'\[smp\] smp: PASS ap cpuid'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=240),
    dict(name='partition-smp-vm-2cpu', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[guest('smp'), scenario('smp_alone')],
         expect=online(2) + passed('smp', 'smp', 6) + [r'\[smp\] smp: PASS ap online apic_id=1'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=150),
    # A vCPU spinning with interrupts disabled still leaves the guest when its VM stops (the VMX-preemption
    # timer bounds how long a vCPU entered with IF = 0 runs, since Bochs 2.7 takes no external-interrupt exit
    # from it; core/vm/apic_emulated.c).
    dict(name='partition-smp-vm-ap-spins-with-if0-2cpu', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[guest('smp'), scenario('smp_ap_spins')],
         expect=online(2) + passed('smp', 'smp', 6) + [r'vm smp: vcpu 1 has left cpu 1'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=150),
    # A guest that triple-faults is stopped and logged with its registers; its neighbour passes (suite 'hostile').
    dict(name='partition-triple-fault-beside-basic-2cpu', suite='hostile', boot='bios-grub', mode='partition', cpus=2,
         ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
         modules=[guest('basic'), guest('triple_fault'), scenario('triple_fault_and_basic')],
         expect=online(2) + passed('basic', 'basic', 29) +
         [r'vm crash: vcpu 0: triple fault: rip=', r'vm crash: stopped: vcpu 0: triple fault'],
         forbid=FORBID_GUESTS, self_stop=True, timeout=150),
    # Four VMs on four CPUs, two of them misbehaving.
    dict(name='partition-four-vms-4cpu', boot='bios-grub', mode='partition', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('basic'), guest('wild_write'), guest('triple_fault'), guest('hello'), scenario('four_vms')],
         expect=online(4) + passed('basic', 'basic', 29) + passed('hello', 'hello', 1) +
         [r'vm wild: stopped: .*outside its memory', r'vm crash: stopped: .*triple fault'],
         forbid=FORBID_GUESTS, self_stop=True, timeout=240),
]

# The hypervisor's own faults: CPU 1 faults on purpose; the handler prints registers and a backtrace and stops
# only that CPU, while CPU 0 finishes the boot.
for fault, expect in (('pagefault', [r'EXCEPTION #PF page fault \(vector 14.*\) on cpu 1', r'cr2=0000000000000000']),
                      ('stack-overflow', [r'EXCEPTION #DF double fault \(vector 8.*\) on cpu 1']),
                      ('canary', [r'stack smashing detected on cpu 1', r'cpu 1 stopped: stack protector'])):
    CASES.append(dict(
        name='selftest-%s-2cpu' % fault, boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
        cmdline=TEST_CMDLINE + ' selftest=' + fault, modules=[GUEST_HELLO],
        expect=[r'selftest: cpu 1 '] + expect + [r'backtrace: [0-9a-f]{16}'] * (fault != 'canary') +
        [r'boot complete: 2/2 CPUs online', r'powering off'],
        forbid=[r'PANIC'], self_stop=True, timeout=120))
