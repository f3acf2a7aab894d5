#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Copy a static archive with some of its symbols renamed: each name listed in NAMES (one a line, '#' comments)
becomes PREFIX + name, in definitions and references alike (objcopy --redefine-syms). So two units that define
the same functions can be linked into one image, each under its own prefix, behind a dispatcher.

usage: rename_symbols.py OBJCOPY AR IN.a OUT.a PREFIX NAMES

IN.a may be a thin archive (Meson's), which objcopy does not copy: each member is renamed on its own and OUT.a
is a normal archive of the renamed copies.
"""
import os
import shutil
import subprocess
import sys


def main():
    objcopy, ar, src, dst, prefix, names = sys.argv[1:7]
    with open(names, encoding='utf-8') as f:
        syms = [ln.split('#', 1)[0].strip() for ln in f]
    syms = [s for s in syms if s]
    if not syms:
        sys.exit('%s: no names' % names)
    table = dst + '.syms'
    with open(table, 'w', encoding='utf-8') as f:
        f.writelines('%s %s%s\n' % (s, prefix, s) for s in syms)
    if os.path.exists(dst):
        os.remove(dst)
    members = subprocess.run([ar, 't', src], check=True, capture_output=True, text=True).stdout.split()
    work = dst + '.d'
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    objs = []
    for i, m in enumerate(members):
        path = m if os.path.isabs(m) else os.path.join(os.path.dirname(src), m)
        if not os.path.exists(path):
            path = m
        out = os.path.join(work, '%d_%s' % (i, os.path.basename(m)))
        subprocess.run([objcopy, '--redefine-syms=' + table, path, out], check=True)
        objs.append(out)
    subprocess.run([ar, 'rcs', dst] + objs, check=True)


if __name__ == '__main__':
    main()
