#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mkcpio.py ROOTDIR OUT: write ROOTDIR as an uncompressed cpio archive in the "newc" format (the one the Linux
kernel unpacks as an initramfs), without needing cpio(1) or root: every entry is owned by root, mtime 0, entries
sorted, so the output is reproducible. Besides the files of ROOTDIR it adds the character devices the kernel needs
before devtmpfs is mounted: /dev/console (5,1) and /dev/null (1,3)."""

import os
import stat
import sys

DEVICES = [('dev/console', 5, 1, 0o600), ('dev/null', 1, 3, 0o666)]


def header(ino, mode, nlink, size, rmaj, rmin, name):
    namez = name.encode() + b'\0'
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rmaj, rmin, len(namez), 0]
    h = b'070701' + b''.join(b'%08X' % f for f in fields) + namez
    return h + b'\0' * (-len(h) % 4)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: mkcpio.py ROOTDIR OUT')
    root, out = sys.argv[1], sys.argv[2]
    entries = {}
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            entries[os.path.relpath(p, root)] = p
    ino = 1
    with open(out, 'wb') as f:
        names = sorted(set(entries) | {'dev'} | {n for n, *_ in DEVICES})
        for name in names:
            dev = [x for x in DEVICES if x[0] == name]
            if dev:
                _, ma, mi, perm = dev[0]
                f.write(header(ino, stat.S_IFCHR | perm, 1, 0, ma, mi, name))
            elif name not in entries:   # 'dev' when ROOTDIR has none
                f.write(header(ino, stat.S_IFDIR | 0o755, 2, 0, 0, 0, name))
            else:
                p = entries[name]
                st = os.lstat(p)
                perm = stat.S_IMODE(st.st_mode)
                if stat.S_ISLNK(st.st_mode):
                    data = os.readlink(p).encode()
                    f.write(header(ino, stat.S_IFLNK | 0o777, 1, len(data), 0, 0, name) + data)
                    f.write(b'\0' * (-len(data) % 4))
                elif stat.S_ISDIR(st.st_mode):
                    f.write(header(ino, stat.S_IFDIR | perm, 2, 0, 0, 0, name))
                elif stat.S_ISREG(st.st_mode):
                    with open(p, 'rb') as src:
                        data = src.read()
                    f.write(header(ino, stat.S_IFREG | perm, 1, len(data), 0, 0, name) + data)
                    f.write(b'\0' * (-len(data) % 4))
                else:
                    sys.exit('mkcpio.py: %s: unsupported file type' % p)
            ino += 1
        f.write(header(0, 0, 1, 0, 0, 0, 'TRAILER!!!'))
        f.write(b'\0' * (-f.tell() % 512))


if __name__ == '__main__':
    main()
