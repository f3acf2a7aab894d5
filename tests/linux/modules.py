# SPDX-License-Identifier: BSD-3-Clause
"""tests/linux/modules.py DEB OUTDIR MODULE...: take kernel modules and everything they depend on out of
Debian's linux-image package DEB (the one tests/linux/build.sh downloaded; nothing is installed) into OUTDIR,
and write OUTDIR/load-order: one file name a line, each after the modules it needs, for `insmod` in that order
(busybox's insmod resolves nothing itself).

The package carries no modules.dep (depmod makes it at installation), so dependencies come from each module's
own .modinfo section: `depends=` (modules whose symbols it uses) and `softdep=` `pre:` entries (modules it asks
for by name at run time, such as ext4's crc32c). A MODULE named here that the package does not have, or that
the kernel has built in, is an error naming it."""

import io
import os
import subprocess
import sys
import tarfile


def die(msg):
    sys.stderr.write('modules.py: %s\n' % msg)
    sys.exit(1)


def elf_section(data, name):
    """The bytes of section `name` of a 64-bit little-endian ELF (a .ko), or None."""
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        return None
    shoff = int.from_bytes(data[0x28:0x30], 'little')
    shentsize = int.from_bytes(data[0x3a:0x3c], 'little')
    shnum = int.from_bytes(data[0x3c:0x3e], 'little')
    shstrndx = int.from_bytes(data[0x3e:0x40], 'little')

    def sh(i):
        b = data[shoff + i * shentsize: shoff + (i + 1) * shentsize]
        return (int.from_bytes(b[0:4], 'little'), int.from_bytes(b[0x18:0x20], 'little'),
                int.from_bytes(b[0x20:0x28], 'little'))

    _, stroff, _ = sh(shstrndx)
    for i in range(shnum):
        nameoff, off, size = sh(i)
        end = data.index(b'\0', stroff + nameoff)
        if data[stroff + nameoff:end].decode() == name:
            return data[off:off + size]
    return None


def needs(data):
    info = elf_section(data, '.modinfo') or b''
    out = []
    for field in info.split(b'\0'):
        s = field.decode(errors='replace')
        if s.startswith('depends='):
            out += [d for d in s[len('depends='):].split(',') if d]
        elif s.startswith('softdep='):
            words = s[len('softdep='):].split()
            pre = False
            for w in words:
                if w.endswith(':'):
                    pre = w == 'pre:'
                elif pre:
                    out.append(w)
    return out


def main():
    if len(sys.argv) < 4:
        die('usage: modules.py DEB OUTDIR MODULE...')
    deb, outdir, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
    tar_bytes = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb], check=True, stdout=subprocess.PIPE).stdout
    mods, builtin = {}, set()
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as t:
        for m in t.getmembers():
            base = os.path.basename(m.name)
            if m.isfile() and base.endswith('.ko'):
                mods[base[:-3].replace('-', '_')] = (base, m)
            elif base == 'modules.builtin':
                for line in t.extractfile(m).read().decode().splitlines():
                    builtin.add(os.path.basename(line)[:-3].replace('-', '_'))
        order, seen, data = [], set(), {}

        def visit(name, chain):
            key = name.replace('-', '_')
            if key in seen:
                return
            if key not in mods:
                if key in builtin:
                    if not chain:
                        die('%s is built into the kernel, not a module' % name)
                    return
                # a softdep may name an algorithm (crypto-crc32c) rather than a module: its generic module
                alg = key[len('crypto_'):] if key.startswith('crypto_') else key
                if alg + '_generic' in mods:
                    return visit(alg + '_generic', chain)
                if chain:
                    return  # an optional soft dependency the package does not carry
                die('%s: no such module in %s' % (name, os.path.basename(deb)))
            seen.add(key)
            base, member = mods[key]
            data[key] = t.extractfile(member).read()
            for d in needs(data[key]):
                visit(d, chain + [key])
            order.append(key)

        for w in wanted:
            visit(w, [])
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, 'load-order'), 'w') as f:
        for key in order:
            base = mods[key][0]
            with open(os.path.join(outdir, base), 'wb') as m:
                m.write(data[key])
            f.write(base + '\n')


if __name__ == '__main__':
    main()
