# SPDX-License-Identifier: BSD-3-Clause
"""Write the fuzzer's seeds (layout in fuzz_virtq.c): a queue of 8 with its rings in a 4 KiB RAM and one
available chain each: direct (header, data, status), indirect, and a loop. Run from this folder."""
import struct


def seed(name, chain_descs, head, table_descs=()):
    ram = bytearray(4096)
    for i, d in enumerate(chain_descs):
        struct.pack_into('<QIHH', ram, 0x000 + 16 * i, *d)
    for i, d in enumerate(table_descs):
        struct.pack_into('<QIHH', ram, 0x400 + 16 * i, *d)
    struct.pack_into('<HHH', ram, 0x200, 0, 1, head)  # avail: flags, idx 1, ring[0]
    hdr = bytes([3]) + struct.pack('<H', 0) + struct.pack('<III', 0x000, 0x200, 0x300) + struct.pack('<HH', 0, 4096)
    with open('seeds/' + name, 'wb') as f:
        f.write(hdr + bytes(ram))


seed('direct', [(0x800, 16, 1, 1), (0x900, 512, 3, 2), (0xb00, 1, 2, 0)], 0)
seed('indirect', [(0x400, 48, 4, 0)], 0, [(0x800, 16, 1, 1), (0x900, 512, 3, 2), (0xb00, 1, 2, 0)])
seed('loop', [(0x800, 16, 1, 1), (0x900, 16, 1, 0)], 0)
