"""Foundation: the hypervisor boots on every boot path, brings every CPU online, turns VMX on on each, and stops
the emulator by itself. Measured wall times are in the case comments (Bochs 2.7 on 2 cores)."""

from common import FORBID, online

CASES = [
    # Legacy BIOS -> GRUB -> Multiboot2 ELF.
    dict(name='partition-bios-1cpu', boot='bios-grub', mode='partition', cpus=1,
         expect=online(1), forbid=FORBID, self_stop=True, timeout=90),
    # The demo case (./hvkit demo streams this one).
    dict(name='partition-bios-2cpu', boot='bios-grub', mode='partition', cpus=2,
         expect=online(2), forbid=FORBID, self_stop=True, timeout=120),
    dict(name='partition-bios-4cpu', boot='bios-grub', mode='partition', cpus=4,
         expect=online(4), forbid=FORBID, self_stop=True, timeout=180),

    # UEFI: OVMF in Bochs starts the GNU-EFI image directly (no ACPI on this path: CPUs come from MP Services).
    dict(name='partition-uefi-direct-2cpu', boot='uefi-direct', mode='partition', cpus=2,
         expect=online(2), forbid=FORBID, self_stop=True, timeout=240),

    # QEMU has no VMX under TCG: the image must say so and stop cleanly (isa-debug-exit), not hang or fault.
    dict(name='partition-qemu-uefi-novmx', boot='qemu-uefi', mode='partition', cpus=1,
         expect=[r'VMX unavailable'], forbid=FORBID, self_stop=True, timeout=90),
]
