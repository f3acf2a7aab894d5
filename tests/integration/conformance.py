# SPDX-License-Identifier: BSD-3-Clause
"""Architectural conformance (issue 11): tests/guests/conformance in two VMs side by side, one in x2APIC mode and
one with an xAPIC-only CPU (x2apic = "off"), with APICv on and off. Every check prints PASS; the guest's own
expectations come from the CPUID it sees and were confirmed natively in Bochs (tests/guests/run_native.sh
conformance quirks=bochs). Scenarios: tests/scenarios/conformance_apicv_{on,off}.dts."""

from common import FORBID_HEALTHY, RAM_MB, TEST_CMDLINE, guest, online, passed, scenario

# PASS lines per VM: the x2APIC VM's checks, and the xAPIC-only VM's three x2apic=off checks besides.
X2APIC_PASSES = 49
XAPIC_PASSES = X2APIC_PASSES + 3


def conformance(apicv):
    return dict(name='conformance-apicv-%s-2cpu' % apicv, boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
                cmdline=TEST_CMDLINE,
                modules=[guest('conformance'), scenario('conformance_apicv_%s' % apicv)],
                expect=online(2) + passed('x2apic', 'conformance', X2APIC_PASSES) +
                passed('xapic', 'conformance', XAPIC_PASSES) +
                [r'\[x2apic\] conformance: PASS #db at the dr0 breakpoint after a vm exit',
                 r'\[x2apic\] conformance: PASS mov cr4 vmxe',
                 r'\[x2apic\] conformance: PASS tsc-deadline timer fires at the guest\'s tsc after the writes',
                 r'\[xapic\] conformance: PASS x2apic=off: wrmsr ia32_apic_base extd',
                 r'\[xapic\] conformance: PASS apic disabled: a tpr write is dropped',
                 r'\[x2apic\] conformance: PASS apic disabled: its page reads all ones'],
                forbid=FORBID_HEALTHY, self_stop=True, timeout=300)


CASES = [conformance('on'), conformance('off')]
