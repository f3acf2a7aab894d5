"""Foundation: the hypervisor boots on every boot path, brings every CPU online, turns VMX on on each, and stops
the emulator by itself. Wall times measured with Bochs 2.7 on 2 cores, two runs at once, are in the comments."""

from common import FORBID, FORBID_HEALTHY, TEST_CMDLINE, online

CASES = [
    # Legacy BIOS -> GRUB -> Multiboot2 ELF.
    dict(name='partition-bios-1cpu', boot='bios-grub', mode='partition', cpus=1, cmdline=TEST_CMDLINE,
         expect=online(1), forbid=FORBID_HEALTHY, self_stop=True, timeout=90),
    # The demo case (./hvkit demo streams this one).
    dict(name='partition-bios-2cpu', boot='bios-grub', mode='partition', cpus=2, cmdline=TEST_CMDLINE,
         expect=online(2), forbid=FORBID_HEALTHY, self_stop=True, timeout=120),
    dict(name='partition-bios-4cpu', boot='bios-grub', mode='partition', cpus=4, cmdline=TEST_CMDLINE,
         expect=online(4), forbid=FORBID_HEALTHY, self_stop=True, timeout=180),

    # UEFI: OVMF in Bochs starts the GNU-EFI image directly (no ACPI on this path: CPUs come from MP Services).
    dict(name='partition-uefi-direct-2cpu', boot='uefi-direct', mode='partition', cpus=2, cmdline=TEST_CMDLINE,
         expect=online(2), forbid=FORBID_HEALTHY, self_stop=True, timeout=240),

    # QEMU has no VMX under TCG: the image must say so and stop cleanly through isa-debug-exit with status 1
    # (QEMU exits with (1 << 1) | 1 = 3), not hang or fault.
    dict(name='partition-qemu-uefi-novmx', boot='qemu-uefi', mode='partition', cpus=1, cmdline=TEST_CMDLINE,
         expect=[r'VMX unavailable', r'boot complete: 1/1 CPUs online, VMX on 0'], forbid=FORBID,
         self_stop=True, qemu_exit=3, timeout=90),
]
