# SPDX-License-Identifier: BSD-3-Clause
"""Broken boots: the hypervisor refuses them with a message that names what is wrong, and never half-boots."""

from common import FORBID, GUEST_HELLO, RAM_MB, TEST_CMDLINE

CASES = [
    # A module called scenario.dtb that is not a flattened device tree.
    dict(name='bad-scenario-module', boot='bios-grub', mode='partition', cpus=1, ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
         modules=[dict(name='scenario.dtb', text='this is not a device tree\n'), GUEST_HELLO],
         expect=[r'module "scenario\.dtb": not a device tree'],
         forbid=FORBID + [r'boot complete'], self_stop=True, timeout=90),
]
