# SPDX-License-Identifier: BSD-3-Clause
"""Foundation: the hypervisor boots on every boot path, brings every CPU online, turns VMX on on each, accepts
its scenario, and stops the emulator by itself. Wall times: see tests/integration/README.md."""

from common import FORBID, FORBID_HEALTHY, GUEST_HELLO, RAM_MB, TEST_CMDLINE, online

# The image's default partition scenario: two VMs on CPUs 0 and 1.
DEFAULT_SCENARIO_OK = [r'scenario: the image\'s default', r'scenario: vm part0 ', r'scenario: vm part1 ']

CASES = [
    # Legacy BIOS -> GRUB -> Multiboot2 ELF. One CPU cannot hold the default scenario: give a one-VM one.
    dict(name='partition-bios-1cpu', boot='bios-grub', mode='partition', cpus=1, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[dict(name='scenario.dtb', dts='scenarios/partition-1vm.dts'), GUEST_HELLO],
         expect=online(1) + [r'scenario: scenario\.hvsc', r'scenario: vm solo '],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=90),
    # The demo case (./hvkit demo streams this one): the image with its default scenario.
    dict(name='partition-bios-2cpu', boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(2) + DEFAULT_SCENARIO_OK, forbid=FORBID_HEALTHY, self_stop=True, timeout=120),
    dict(name='partition-bios-4cpu', boot='bios-grub', mode='partition', cpus=4, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(4) + DEFAULT_SCENARIO_OK, forbid=FORBID_HEALTHY, self_stop=True, timeout=180),

    # UEFI: OVMF in Bochs starts the GNU-EFI image directly (no ACPI on this path: CPUs come from MP Services).
    dict(name='partition-uefi-direct-2cpu', boot='uefi-direct', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=online(2) + DEFAULT_SCENARIO_OK, forbid=FORBID_HEALTHY, self_stop=True, timeout=240),

    # UEFI: OVMF in Bochs starts GRUB (x86_64-efi), which loads the Multiboot2 ELF. Bochs's OVMF publishes no ACPI
    # and GRUB passes no CPU list, so only the boot CPU is known on this path (README: limits): one CPU, one VM.
    dict(name='partition-uefi-grub-1cpu', boot='uefi-grub', mode='partition', cpus=1, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[dict(name='scenario.dtb', dts='scenarios/partition-1vm.dts'), GUEST_HELLO],
         expect=online(1) + [r'booted by multiboot2', r'scenario: vm solo ', r'vm solo: stopped: debug exit, status 0'],
         forbid=FORBID_HEALTHY, self_stop=True, timeout=300),

    # QEMU has no VMX under TCG: the image must say so and stop cleanly through isa-debug-exit with status 1
    # (QEMU exits with (1 << 1) | 1 = 3), not hang or fault.
    dict(name='partition-qemu-uefi-novmx', boot='qemu-uefi', mode='partition', cpus=1, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[GUEST_HELLO],
         expect=[r'VMX unavailable', r'boot complete: 1/1 CPUs online, VMX on 0'], forbid=FORBID,
         self_stop=True, qemu_exit=3, timeout=90),
]
