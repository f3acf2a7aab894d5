#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""move_elf.py IN OUT NEW_BASE: rewrites an ELF64's PT_LOAD addresses (p_vaddr, p_paddr) and e_entry so the lowest
segment starts at NEW_BASE. The code is not relocated: the result is only for testing where a loader may place it."""
import struct
import sys


def main():
    src, dst, new_base = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
    data = bytearray(open(src, 'rb').read())
    entry, phoff = struct.unpack_from('<QQ', data, 24)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    loads = [phoff + i * phentsize for i in range(phnum) if struct.unpack_from('<I', data, phoff + i * phentsize)[0] == 1]
    delta = new_base - min(struct.unpack_from('<Q', data, o + 16)[0] for o in loads)
    for o in loads:
        vaddr, paddr = struct.unpack_from('<QQ', data, o + 16)
        struct.pack_into('<QQ', data, o + 16, vaddr + delta, paddr + delta)
    struct.pack_into('<Q', data, 24, entry + delta)
    open(dst, 'wb').write(data)


if __name__ == '__main__':
    main()
