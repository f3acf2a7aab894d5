# SPDX-License-Identifier: BSD-3-Clause
"""Command lines and configuration files for Bochs and QEMU (see shared PLATFORM.md for why each line is there)."""

import os

BOCHS_BIOS = '/usr/share/bochs/BIOS-bochs-latest'
VGA_BIOS_CANDIDATES = ('/usr/share/vgabios/vgabios.bin', '/usr/share/bochs/VGABIOS-lgpl-latest')
OVMF = '/usr/share/ovmf/OVMF.fd'


def vga_bios():
    for p in VGA_BIOS_CANDIDATES:
        if os.path.exists(p):
            return p
    return VGA_BIOS_CANDIDATES[0]


# A flat ATA disk's geometry as Bochs derives it from the image's size: 16 heads, 63 sectors a track.
BOCHS_DISK_CYLINDER = 16 * 63 * 512


def bochsrc(case, iso, serial_log, bochs_log, disk=None):
    if case.uses_ovmf:
        rom = 'romimage: file=%s, address=0xffe00000' % OVMF
    else:
        rom = 'romimage: file=%s' % BOCHS_BIOS
    lines = [
        '# made by tools/harness for case %s' % case.name,
        'megs: %d' % case.ram_mb,
        'cpu: model=%s, count=%d, ips=%d, reset_on_triple_fault=0' % (case.cpu_model, case.cpus, case.ips),
        rom,
        'vgaromimage: file=%s' % vga_bios(),
        'pci: enabled=1, chipset=i440fx',
        'ata0-master: type=cdrom, path="%s", status=inserted' % iso,
        'boot: cdrom',
    ]
    if disk:
        lines.append('ata0-slave: type=disk, path="%s", mode=flat, cylinders=%d, heads=16, spt=63'
                     % (disk, os.path.getsize(disk) // BOCHS_DISK_CYLINDER))
    lines += [
        'com1: enabled=1, mode=file, dev="%s"' % serial_log,
        'port_e9_hack: enabled=1',
        'display_library: rfb, options="timeout=0"',
        'mouse: enabled=0',
        'speaker: enabled=0',
        'clock: sync=none, time0=local',
        'log: "%s"' % bochs_log,
        'panic: action=fatal',
        'error: action=report',
        'info: action=report',
        'debug: action=ignore',
    ]
    lines += list(case.bochs_extra)
    return '\n'.join(lines) + '\n'


BOCHS_RC = 'c\nquit\n'


def bochs_cmd(bochsrc_path, rc_path):
    return ['bochs', '-q', '-f', bochsrc_path, '-rc', rc_path]


def qemu_cmd(case, serial_log, iso=None, esp_dir=None):
    cmd = [
        'qemu-system-x86_64',
        '-machine', 'q35', '-accel', 'tcg',
        '-m', str(case.ram_mb),
        '-smp', str(case.cpus),
        '-bios', OVMF,
        '-display', 'none', '-vga', 'none',
        '-monitor', 'none',
        '-serial', 'file:' + serial_log,
        '-no-reboot',
        '-device', 'intel-iommu,intremap=on',
        '-device', 'edu',
        '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
        '-net', 'none',
    ]
    if esp_dir:
        cmd += ['-drive', 'file=fat:rw:%s,format=raw,if=ide' % esp_dir]
    if iso:
        cmd += ['-cdrom', iso]
    cmd += list(case.qemu_args)
    return cmd
