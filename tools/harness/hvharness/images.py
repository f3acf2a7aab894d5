# SPDX-License-Identifier: BSD-3-Clause
"""Boot media for one run: a GRUB ISO (hybrid BIOS+UEFI, made by grub-mkrescue) or an ISO whose El Torito EFI
boot image is a FAT ESP holding the GNU-EFI image as EFI/BOOT/BOOTX64.EFI, or a plain ESP folder for QEMU.

Module files are placed under their own names (GRUB: /boot/<name>, ESP: /<name>), and each module is given its
name as its command line, so the hypervisor sees the same module names on every boot path.
The ESP carries hvkit.cfg (the UEFI loader's configuration: cmdline= and module= lines, see boot/uefi/src/cfg.h).
"""

import os
import re
import shutil
import subprocess


class MediaError(Exception):
    pass


def _run(cmd, log, attempts=1):
    """Run cmd with its output appended to log; MediaError when it fails `attempts` times in a row (each
    failure before the last is noted in the log, and the command runs again)."""
    for attempt in range(1, attempts + 1):
        with open(log, 'ab') as f:
            f.write(('$ ' + ' '.join(cmd) + '\n').encode())
            f.flush()
            r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            if r.returncode == 0:
                return
            if attempt < attempts:
                f.write(('(%s failed with status %d: running it again, attempt %d of %d)\n'
                         % (cmd[0], r.returncode, attempt + 1, attempts)).encode())
    raise MediaError('%s failed (status %d, %d attempt(s)); see %s' % (cmd[0], r.returncode, attempts, log))


COMPILED_SCENARIO_SUFFIX = '.hvsc'   # what the image's core/scenario_boot.c looks for beside '.dtb'


def scenario_compiler(image):
    """hvkit-scenario's path when `image` reads compiled scenarios only: its mode's meson.build writes
    'compiled TOOL' to scenario-form beside it (modes/lapic_pt). None for an image that reads DTBs."""
    form = os.path.join(os.path.dirname(image), 'scenario-form')
    if not os.path.isfile(form):
        return None
    words = open(form).read().split()
    return words[1] if len(words) == 2 and words[0] == 'compiled' else None


def for_image(modules, image):
    """The modules as `image` takes them. For an image that reads compiled scenarios, a scenario given as 'dts'
    or 'dts_text' is compiled by dtc, then by `hvkit-scenario compile` (which refuses a bad one, naming node and
    property), and its name's '.dtb' becomes '.hvsc' ('scenario.dtb' -> 'scenario.hvsc')."""
    tool = scenario_compiler(image)
    if tool is None:
        return modules
    return [dict(m, compile=tool, name=re.sub(r'\.dtb$', '', m['name']) + COMPILED_SCENARIO_SUFFIX)
            if 'dts' in m or 'dts_text' in m else m for m in modules]


def _compile_scenario(tool, dtb, dst, log):
    """`hvkit-scenario compile`; a refusal is a MediaError quoting the tool's lines (node and property)."""
    cmd = [tool, 'compile', dtb, '-o', dst]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    with open(log, 'a') as f:
        f.write('$ ' + ' '.join(cmd) + '\n' + r.stdout)
    if r.returncode != 0:
        raise MediaError('hvkit-scenario compile refused the scenario (status %d): %s'
                         % (r.returncode, ' | '.join(r.stdout.strip().splitlines())))


def _write_dts(m, dst, log):
    """A 'dts' or 'dts_text' module: dtc, then hvkit-scenario compile when the image reads compiled scenarios."""
    src = m.get('dts')
    if src is None:
        src = os.path.join(os.path.dirname(log), m['name'] + '.dts')   # kept beside media.log
        with open(src, 'w') as f:
            f.write(m['dts_text'])
    elif not os.path.isfile(src):
        raise MediaError('module %s: %s does not exist' % (m['name'], src))
    dtb = os.path.join(os.path.dirname(log), m['name'] + '.dtb') if 'compile' in m else dst
    _run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb, src], log)
    if 'compile' in m:
        _compile_scenario(m['compile'], dtb, dst, log)


def _write_modules(modules, dest_dir, log):
    for m in modules:
        dst = os.path.join(dest_dir, m['name'])
        if 'dts' in m or 'dts_text' in m:
            _write_dts(m, dst, log)
        elif 'path' in m:
            if not os.path.isfile(m['path']):
                raise MediaError('module %s: %s does not exist' % (m['name'], m['path']))
            shutil.copyfile(m['path'], dst)
        elif 'text' in m:
            with open(dst, 'w') as f:
                f.write(m['text'])
        else:
            with open(dst, 'wb') as f:
                f.write(m['bytes'])


def grub_cfg(cmdline, modules, loader='multiboot2', kernel='hvkit.elf'):
    """loader 'multiboot2': /boot/hvkit.elf with one module2 line per module (its name as its command line).
    loader 'linux': GRUB's Linux boot protocol, `linux /boot/<kernel> <cmdline>` and one `initrd` line naming
    every module (GRUB concatenates them into one initramfs)."""
    lines = [
        'set timeout=0',
        'set timeout_style=hidden',
        'set default=0',
        '',
    ]
    if loader == 'linux':
        lines += [
            'menuentry "linux" {',
            '    set gfxpayload=text',
            '    linux /boot/%s %s' % (kernel, cmdline),
        ]
        if modules:
            lines.append('    initrd ' + ' '.join('/boot/%s' % m['name'] for m in modules))
        lines += ['    boot', '}', '']
        return '\n'.join(lines)
    lines += [
        'menuentry "hvkit" {',
        '    multiboot2 /boot/hvkit.elf %s' % cmdline,
    ]
    for m in modules:
        lines.append('    module2 /boot/%s %s' % (m['name'], m['name']))
    lines += ['    boot', '}', '']
    return '\n'.join(lines)


def hvkit_cfg(cmdline, modules):
    lines = ['# made by tools/harness for one test run']
    if cmdline:
        lines.append('cmdline=' + cmdline)
    for m in modules:
        lines.append('module=' + m['name'])
    return '\n'.join(lines) + '\n'


def make_grub_iso(work, image, cmdline, modules, log, loader='multiboot2'):
    """grub-mkrescue ISO: /boot/hvkit.elf (loader 'linux': /boot/<the image's file name>), /boot/<module>,
    /boot/grub/grub.cfg. Returns the ISO path."""
    if not os.path.isfile(image):
        raise MediaError('image %s does not exist (not built?)' % image)
    root = os.path.join(work, 'isoroot')
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, 'boot', 'grub'))
    kernel = os.path.basename(image) if loader == 'linux' else 'hvkit.elf'
    if loader == 'linux' and any(m['name'] == kernel for m in modules):
        raise MediaError('module %s has the name of the kernel image' % kernel)
    shutil.copyfile(image, os.path.join(root, 'boot', kernel))
    _write_modules(modules, os.path.join(root, 'boot'), log)
    cfg = grub_cfg(cmdline, modules, loader, kernel)
    with open(os.path.join(root, 'boot', 'grub', 'grub.cfg'), 'w') as f:
        f.write(cfg)
    with open(os.path.join(work, 'grub.cfg'), 'w') as f:
        f.write(cfg)
    iso = os.path.join(work, 'boot.iso')
    # xorriso (which grub-mkrescue runs) was seen to die of SIGSEGV while shutting down after writing a
    # complete ISO (a clean-clone CI run, 2026-12-03, two media made at once): one more attempt.
    _run(['grub-mkrescue', '-o', iso, root], log, attempts=2)
    shutil.rmtree(root, ignore_errors=True)
    return iso


def make_esp_dir(work, image, cmdline, modules, log):
    """A folder laid out as an EFI system partition. Returns its path."""
    if not os.path.isfile(image):
        raise MediaError('image %s does not exist (not built?)' % image)
    esp = os.path.join(work, 'esp')
    shutil.rmtree(esp, ignore_errors=True)
    os.makedirs(os.path.join(esp, 'EFI', 'BOOT'))
    shutil.copyfile(image, os.path.join(esp, 'EFI', 'BOOT', 'BOOTX64.EFI'))
    _write_modules(modules, esp, log)
    cfg = hvkit_cfg(cmdline, modules)
    with open(os.path.join(esp, 'hvkit.cfg'), 'w') as f:
        f.write(cfg)
    with open(os.path.join(work, 'hvkit.cfg'), 'w') as f:
        f.write(cfg)
    return esp


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MAKE_ESP = os.path.join(REPO, 'boot', 'uefi', 'make_esp.sh')


def make_esp_iso(work, image, cmdline, modules, log):
    """ISO whose El Torito EFI boot image is a FAT image of the ESP folder. Returns the ISO path.
    Uses the UEFI loader's own boot/uefi/make_esp.sh when the tree has it, else does the same here."""
    esp = make_esp_dir(work, image, cmdline, modules, log)
    if os.path.isfile(MAKE_ESP):
        iso = os.path.join(work, 'boot.iso')
        args = ['sh', MAKE_ESP, '--iso', iso, os.path.join(esp, 'EFI', 'BOOT', 'BOOTX64.EFI'),
                os.path.join(esp, 'hvkit.cfg') + '=hvkit.cfg']
        args += [os.path.join(esp, m['name']) + '=' + m['name'] for m in modules]
        _run(args, log)
        shutil.rmtree(esp, ignore_errors=True)
        return iso
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(esp) for f in fs)
    kib = max(2048, (size * 5 // 4) // 1024 + 1024)  # room for FAT metadata
    img = os.path.join(work, 'efiboot.img')
    if os.path.exists(img):
        os.unlink(img)
    _run(['mkfs.vfat', '-C', img, str(kib)], log)
    env_dirs = []
    for d, dirs, files in os.walk(esp):
        rel = os.path.relpath(d, esp)
        if rel != '.':
            env_dirs.append(rel)
            _run(['mmd', '-i', img, '::/' + rel.replace(os.sep, '/')], log)
        for f in files:
            relf = os.path.normpath(os.path.join(rel, f)).replace(os.sep, '/')
            _run(['mcopy', '-i', img, os.path.join(d, f), '::/' + relf], log)
    isoroot = os.path.join(work, 'isoroot')
    shutil.rmtree(isoroot, ignore_errors=True)
    os.makedirs(isoroot)
    shutil.copyfile(img, os.path.join(isoroot, 'efiboot.img'))
    iso = os.path.join(work, 'boot.iso')
    _run(['xorriso', '-as', 'mkisofs', '-quiet', '-o', iso, '-e', 'efiboot.img', '-no-emul-boot', isoroot], log)
    shutil.rmtree(isoroot, ignore_errors=True)
    shutil.rmtree(esp, ignore_errors=True)
    os.unlink(img)
    return iso
