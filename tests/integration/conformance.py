# SPDX-License-Identifier: BSD-3-Clause
"""Architectural conformance (issue 11): tests/guests/conformance in two VMs side by side, one in x2APIC mode and
one with an xAPIC-only CPU (x2apic = "off"), with APICv on and off. Every check prints PASS; the guest's own
expectations come from the CPUID it sees and were confirmed natively in Bochs (tests/guests/run_native.sh
conformance quirks=bochs). Scenarios: tests/scenarios/conformance_apicv_{on,off}.dts."""

import struct

from common import FORBID, FORBID_HEALTHY, RAM_MB, TEST_CMDLINE, guest, online, passed, scenario

# PASS lines per VM: the x2APIC VM's checks, and the xAPIC-only VM's three x2apic=off checks besides.
X2APIC_PASSES = 68
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
                 r'\[x2apic\] conformance: PASS apic disabled: its page reads all ones',
                 # CPUID leaf 0DH: the sizes add up, and each component sits where its sub-leaf says (issue 19)
                 r'\[x2apic\] conformance: PASS cpuid 0dh\.0 ebx and ecx: the end of the last component',
                 r"\[xapic\] conformance: PASS xrstor loads from cpuid's offset: component 7",
                 r"\[x2apic\] conformance: PASS xsave stores at cpuid's offset: component 7"],
                forbid=FORBID_HEALTHY, self_stop=True, timeout=300)


def pvh_elf64_at(paddr):
    """An ELF64 kernel of one 16-byte PT_LOAD segment at paddr (`jmp .`) with a PVH entry note (owner "Xen", type
    18: XEN_ELFNOTE_PHYS32_ENTRY) naming paddr."""
    ehdr = struct.pack('<4sBBBBB7xHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0, 2, 62, 1, paddr, 64, 0, 0, 64, 56, 2,
                       0, 0, 0)
    load = struct.pack('<IIQQQQQQ', 1, 5, 0x1000, paddr, paddr, 16, 16, 0x1000)
    note = struct.pack('<III4sI', 4, 4, 18, b'Xen\0', paddr)
    phdr_note = struct.pack('<IIQQQQQQ', 4, 4, 0x100, 0, 0, len(note), len(note), 4)
    img = bytearray(0x1010)
    img[0:64], img[64:120], img[120:176], img[0x100:0x100 + len(note)] = ehdr, load, phdr_note, note
    img[0x1000:0x1002] = b'\xeb\xfe'
    return bytes(img)


CASES = [
    conformance('on'),
    conformance('off'),
    # Issue 11 item 8: what the hypervisor writes into a VM (its ACPI tables at 0xE0000-0xFFFFF) is reserved before
    # the kernel's segments are checked; a kernel whose segment lies there is refused, naming both, and its VM is
    # not started while the other runs.
    dict(name='loader-refuses-kernel-over-acpi-tables', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[dict(name='clash_elf', bytes=pvh_elf64_at(0xff000)), guest('hello'),
                  scenario('loader_acpi_clash')],
         expect=online(2) + passed('hello', 'hello', 1) +
         # (partition loads PVH kernels only; the PVH loader keeps the whole BIOS area, where the tables live, free)
         [r"pvh: segment 0 at 0xff000\.\.0xff010 overlaps the BIOS area \(the VM's ACPI tables\) at "
          r"0xe0000\.\.0x100000",
          r'vm clash: not started'],
         forbid=FORBID, self_stop=True, timeout=120),
]
