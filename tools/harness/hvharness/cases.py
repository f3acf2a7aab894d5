# SPDX-License-Identifier: BSD-3-Clause
"""Test and benchmark cases are data: Python files under tests/integration (or any folder given) that define
CASES, a list of dicts. This module loads them, fills in defaults and checks every field, so that a typo in a case
file is reported by name instead of turning into a confusing emulator run.

A case dict (only 'name' and 'expect' are required; see tests/integration/README.md for the full story):

    name        unique, [A-Za-z0-9_.-]+; also the folder name under build/test-logs/
    suite       'integration' (default), 'hostile' (attacks by guests), 'share' (share mode with the service guest),
                'linux' (slow, real kernels) or 'bench'
    mode        image mode: share, partition (default), lapic_pt, hybrid
    boot        'bios-grub' (default): Bochs, legacy BIOS -> GRUB -> Multiboot2 ELF
                'uefi-grub':  Bochs, OVMF -> GRUB (EFI) -> Multiboot2 ELF
                'uefi-direct': Bochs, OVMF starts the GNU-EFI image from the ISO's EFI boot image
                'qemu-uefi':  QEMU (q35, intel-iommu, edu, isa-debug-exit), OVMF starts the GNU-EFI image
                'qemu-grub':  QEMU (same machine), OVMF -> GRUB (EFI) -> Multiboot2 ELF
    loader      how GRUB starts the image: 'multiboot2' (default: `multiboot2 /boot/hvkit.elf CMDLINE`, one
                `module2` line a module) or 'linux' (GRUB paths only: the image is a Linux bzImage booted with
                `linux /boot/<its file name> CMDLINE`, the modules are its initramfs: `initrd /boot/<name> ...`)
    image       path of the image (relative to the build folder, '{mode}' is substituted); default
                modes/{mode}/hvkit-{mode}.elf for the GRUB paths and modes/{mode}/hvkit-{mode}.efi otherwise
    cpus        number of CPUs (default 1)
    ram_mb      guest RAM in MiB (default 256; 512 on the OVMF paths)
    cpu_model   Bochs CPU model (default 'tigerlake')
    ips         Bochs instructions per emulated second (default 50_000_000)
    cmdline     hypervisor command line (default '')
    modules     list of {'name': str, 'path': str} (relative to the build folder, '{mode}' substituted),
                {'name': str, 'dts': str} (a .dts relative to the case file's folder, compiled with dtc),
                {'name': str, 'dts_text': str} (device-tree source made by the case file, compiled with dtc; for
                an image that reads compiled scenarios, then with `hvkit-scenario compile`, and a name ending in
                '.dtb' ends in '.hvsc' instead: images.for_image), or
                {'name': str, 'text': str} / {'name': str, 'bytes': bytes} for content made by the harness
    expect      list of regexes that must all appear in the serial log; an item may be (regex, n):
                at least n matching lines
    expect_in_order  True: the 'expect' regexes must first appear in the order given (default False)
    forbid      list of regexes that must not appear (default: none; see tests/integration/common.py)
    at_most     list of (regex, n): at most n serial lines may match (a rate limit that must hold)
    end         regex: once a serial line matches it the run is over (emulator stopped early, after
                end_grace seconds, default 0.5); default: the run lasts until the emulator exits or the timeout.
                A line matching a 'forbid' regex also ends the run (the case has failed already).
    self_stop   True: the emulator must end by itself (the hypervisor's shutdown port / debug exit), not be
                stopped by the harness at the timeout (default False)
    timeout     seconds of wall time for the emulator (default 120)
    qemu_exit   expected QEMU exit status (isa-debug-exit writes N -> (N<<1)|1), optional
    qemu_args   extra QEMU arguments (list)
    bochs_extra extra bochsrc lines (list)
    verify      a function of the serial lines (list of str) returning a list of problems (str); each one fails the
                case (the demo's closing summary is checked this way: tests/integration/demo.py)
    disk        (Bochs only) a raw disk image, relative to the build folder: each run copies it into its log folder
                and attaches the copy as the ATA disk ata0-slave (flat; the CD stays ata0-master), so a run never
                changes the built image. Its size must be a multiple of 516,096 bytes (16 heads x 63 sectors),
                the geometry Bochs derives from a flat image's size.
    figures     (suite 'bench') names of figures that must be printed as 'NAME: NUMBER' lines
    skip        a reason string: the case is listed as skipped and not run
    known_failure  a reason string (name the bug): the case runs; if it fails it is counted as skipped and
                reported as a known failure with its reason, if it passes it counts as passed and the harness
                says the mark can go. Meant for a bug already reported, so that CI stays usable meanwhile.
"""

import os
import re
import runpy
import types

BOOT_PATHS = ('bios-grub', 'uefi-grub', 'uefi-direct', 'qemu-uefi', 'qemu-grub')
SUITES = ('integration', 'hostile', 'share', 'linux', 'bench')
MODES = ('share', 'partition', 'lapic_pt', 'hybrid')
LOADERS = ('multiboot2', 'linux')
NAME_RE = re.compile(r'^[A-Za-z0-9_.-]+$')

FIELDS = {
    'name': str, 'suite': str, 'mode': str, 'boot': str, 'image': str, 'cpus': int, 'ram_mb': int,
    'cpu_model': str, 'ips': int, 'cmdline': str, 'modules': list, 'expect': list, 'expect_in_order': bool,
    'forbid': list, 'end': str, 'timeout': (int, float), 'qemu_exit': int, 'qemu_args': list,
    'bochs_extra': list, 'figures': list, 'skip': str, 'source': str, 'self_stop': bool,
    'end_grace': (int, float), 'known_failure': str, 'source_dir': str, 'at_most': list, 'loader': str,
    'verify': types.FunctionType,
    'disk': str,
}


class CaseError(Exception):
    pass


class Expectation:
    """One regex that must match at least `count` serial lines."""

    def __init__(self, pattern, count=1):
        self.pattern = pattern
        self.count = count
        self.regex = re.compile(pattern)

    def describe(self):
        return repr(self.pattern) + ('' if self.count == 1 else ' x%d' % self.count)


class Case:
    def __init__(self, d):
        self.__dict__.update(d)

    @property
    def emulator(self):
        return 'qemu' if self.boot.startswith('qemu') else 'bochs'

    @property
    def uses_grub(self):
        return self.boot in ('bios-grub', 'uefi-grub', 'qemu-grub')

    @property
    def uses_ovmf(self):
        return self.boot != 'bios-grub'

    def image_path(self, build_dir):
        p = self.image.replace('{mode}', self.mode)
        return p if os.path.isabs(p) else os.path.join(build_dir, p)

    def module_list(self, build_dir):
        out = []
        for m in self.modules:
            m = dict(m)
            if 'path' in m:
                p = m['path'].replace('{mode}', self.mode)
                m['path'] = p if os.path.isabs(p) else os.path.join(build_dir, p)
            if 'dts' in m:
                p = m['dts'].replace('{mode}', self.mode)
                m['dts'] = p if os.path.isabs(p) else os.path.join(self.source_dir, p)
            out.append(m)
        return out

    def disk_path(self, build_dir):
        if self.disk is None:
            return None
        return self.disk if os.path.isabs(self.disk) else os.path.join(build_dir, self.disk)


def _defaults(d):
    boot = d.get('boot', 'bios-grub')
    mode = d.get('mode', 'partition')
    grub = boot in ('bios-grub', 'uefi-grub', 'qemu-grub')
    out = {
        'suite': 'integration', 'mode': mode, 'boot': boot,
        'image': 'modes/{mode}/hvkit-{mode}.' + ('elf' if grub else 'efi'),
        'cpus': 1, 'ram_mb': 256 if boot == 'bios-grub' else 512, 'cpu_model': 'tigerlake',
        'ips': 50_000_000, 'cmdline': '', 'modules': [], 'expect_in_order': False, 'forbid': [],
        'end': None, 'timeout': 120, 'qemu_exit': None, 'qemu_args': [], 'bochs_extra': [], 'figures': [],
        'skip': None, 'self_stop': False, 'end_grace': 0.5, 'known_failure': None, 'at_most': [],
        'loader': 'multiboot2', 'verify': None, 'disk': None,
    }
    out.update(d)
    return out


def _check(d, where):
    for k, v in d.items():
        if k not in FIELDS:
            raise CaseError('%s: case %r: unknown field %r' % (where, d.get('name'), k))
        if v is not None and not isinstance(v, FIELDS[k]):
            raise CaseError('%s: case %r: field %r should be %s' % (where, d.get('name'), k, FIELDS[k]))
    name = d.get('name')
    if not name or not NAME_RE.match(name):
        raise CaseError('%s: a case needs a name made of [A-Za-z0-9_.-] (got %r)' % (where, name))
    if d['boot'] not in BOOT_PATHS:
        raise CaseError('%s: case %s: boot %r is not one of %s' % (where, name, d['boot'], ', '.join(BOOT_PATHS)))
    if d['suite'] not in SUITES:
        raise CaseError('%s: case %s: suite %r is not one of %s' % (where, name, d['suite'], ', '.join(SUITES)))
    if d['mode'] not in MODES:
        raise CaseError('%s: case %s: mode %r is not one of %s' % (where, name, d['mode'], ', '.join(MODES)))
    if d['loader'] not in LOADERS:
        raise CaseError('%s: case %s: loader %r is not one of %s' % (where, name, d['loader'], ', '.join(LOADERS)))
    if d['loader'] == 'linux' and d['boot'] not in ('bios-grub', 'uefi-grub', 'qemu-grub'):
        raise CaseError('%s: case %s: loader \'linux\' needs a GRUB boot path, not %r' % (where, name, d['boot']))
    if d['disk'] is not None and d['boot'].startswith('qemu'):
        raise CaseError('%s: case %s: disk is a Bochs ATA disk; boot %r is QEMU' % (where, name, d['boot']))
    if 'expect' not in d and d['suite'] != 'bench':
        raise CaseError('%s: case %s: no expect list' % (where, name))
    if not 1 <= d['cpus'] <= 8:
        raise CaseError('%s: case %s: cpus must be 1..8' % (where, name))
    for m in d['modules']:
        if not isinstance(m, dict) or 'name' not in m or len([k for k in ('path', 'dts', 'dts_text', 'text', 'bytes') if k in m]) != 1:
            raise CaseError('%s: case %s: a module is {"name": ..., and one of "path", "dts", "dts_text", "text", '
                            '"bytes"}'
                            % (where, name))
        if not re.match(r'^[^\s"]+$', m['name']):
            raise CaseError('%s: case %s: module name %r must have no blanks or quotes' % (where, name, m['name']))
    exp = []
    for e in d.get('expect', []):
        if isinstance(e, str):
            exp.append(Expectation(e))
        elif isinstance(e, (tuple, list)) and len(e) == 2 and isinstance(e[0], str) and isinstance(e[1], int):
            exp.append(Expectation(e[0], e[1]))
        else:
            raise CaseError('%s: case %s: an expect item is a regex or (regex, count), got %r' % (where, name, e))
    d['expect'] = exp
    limits = []
    for e in d['at_most']:
        if not (isinstance(e, (tuple, list)) and len(e) == 2 and isinstance(e[0], str) and isinstance(e[1], int)):
            raise CaseError('%s: case %s: an at_most item is (regex, count), got %r' % (where, name, e))
        limits.append(Expectation(e[0], e[1]))
    d['at_most'] = limits
    try:
        d['forbid'] = [re.compile(f) for f in d['forbid']]
        d['end'] = re.compile(d['end']) if d['end'] else None
    except re.error as err:
        raise CaseError('%s: case %s: bad regex: %s' % (where, name, err))
    return d


def load(folder):
    """Every CASES entry of every *.py file in folder (files starting with '_' or named common.py are helpers)."""
    cases = []
    seen = {}
    if not os.path.isdir(folder):
        return cases
    import sys
    sys.path.insert(0, folder)
    try:
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith('.py') or fn.startswith('_') or fn == 'common.py':
                continue
            path = os.path.join(folder, fn)
            ns = runpy.run_path(path)
            for raw in ns.get('CASES', []):
                d = _check(_defaults(dict(raw)), fn)
                d['source'] = fn
                d['source_dir'] = folder
                if d['name'] in seen:
                    raise CaseError('%s: case %s is already defined in %s' % (fn, d['name'], seen[d['name']]))
                seen[d['name']] = fn
                cases.append(Case(d))
    finally:
        sys.path.remove(folder)
    return cases
