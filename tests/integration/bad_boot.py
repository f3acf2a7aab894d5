# SPDX-License-Identifier: BSD-3-Clause
"""Broken boots: the hypervisor refuses them with a message that names what is wrong, and never half-boots."""

from common import FORBID, GUEST_HELLO, RAM_MB, TEST_CMDLINE

# A VM naming a kernel type the partition and lapic_pt images do not link (they load Multiboot ELF and PVH only;
# the bzImage and raw loaders are share's and hybrid's, whose Service VM may be a bzImage).
def bzimage_vm(flags):
    return dict(name='scenario.dtb', dts_text='''/dts-v1/;
/ { chosen { hypervisor {
	compatible = "hvkit,scenario"; version = <1>; #address-cells = <1>; #size-cells = <0>;
	vm@0 {
		reg = <0>; vm-name = "hello"; load-order = "pre-launched"; cpus = <0>; %s
		guest-memory = <0x0 0x0 0x0 0x2000000>; host-base = <0x0 0x10000000>;
		kernel { module = "guest_hello"; type = "bzimage"; };
		vuart { port = <0x3f8>; irq = <4>; };
		debug-exit { port = <0xf4>; };
	};
}; }; };
''' % flags)


def bzimage_refused(mode, flags):
    return dict(name='bad-scenario-%s-bzimage' % mode, boot='bios-grub', mode=mode, cpus=1, ram_mb=RAM_MB,
                cmdline=TEST_CMDLINE, modules=[bzimage_vm(flags), GUEST_HELLO],
                expect=[r'scenario: /chosen/hypervisor/vm@0/kernel: property "type": "bzimage" is not a kernel type '
                        r'this image loads', r'scenario: invalid \(1 error\): no VM will be started'],
                forbid=FORBID + [r'vm hello: '], self_stop=True, timeout=90)


CASES = [
    # A module called scenario.dtb that is not a flattened device tree.
    dict(name='bad-scenario-module', boot='bios-grub', mode='partition', cpus=1, ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
         modules=[dict(name='scenario.dtb', text='this is not a device tree\n'), GUEST_HELLO],
         expect=[r'module "scenario\.dtb": not a device tree'],
         forbid=FORBID + [r'boot complete'], self_stop=True, timeout=90),
    # The lapic_pt image reads compiled scenarios only (hvkit-scenario compile; docs/scenario.md): a device tree
    # given to it is refused with one line saying what to do, a module that is not a compiled scenario by its magic.
    dict(name='bad-scenario-lapic_pt-dtb', boot='bios-grub', mode='lapic_pt', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[dict(name='scenario.dtb', path='scenario/lapic_pt.dtb'), GUEST_HELLO],
         expect=[r'scenario: /: this image takes a compiled scenario, not a device tree: hvkit-scenario compile '
                 r'FILE\.dts -o FILE\.hvsc', r'scenario: invalid \(1 error\): no VM will be started'],
         forbid=FORBID + [r'vm rt0: ', r'vm part1: '], self_stop=True, timeout=90),
    dict(name='bad-scenario-lapic_pt-not-compiled', boot='bios-grub', mode='lapic_pt', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[dict(name='scenario.hvsc', text='this is not a compiled scenario\n'),
                                        GUEST_HELLO],
         expect=[r'scenario: /: not a compiled scenario \(no "hvsc" magic at its start\)',
                 r'scenario: invalid \(1 error\): no VM will be started'],
         forbid=FORBID + [r'vm rt0: ', r'vm part1: '], self_stop=True, timeout=90),
    # A kernel type the image does not load is refused when the scenario is checked, before any VM is built.
    bzimage_refused('lapic_pt', 'lapic-passthrough;'),
    bzimage_refused('partition', ''),
]
