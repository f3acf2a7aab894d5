"""Broken boots: the hypervisor refuses them with a message that names what is wrong, and never half-boots."""

from common import FORBID, TEST_CMDLINE

CASES = [
    # A module called scenario.dtb that is not a flattened device tree.
    dict(name='bad-scenario-module', boot='bios-grub', mode='partition', cpus=1, cmdline=TEST_CMDLINE,
         modules=[dict(name='scenario.dtb', text='this is not a device tree\n')],
         expect=[r'module "scenario\.dtb": not a device tree'],
         forbid=FORBID + [r'boot complete'], self_stop=True, timeout=90),
]
