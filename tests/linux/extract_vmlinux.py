#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Take the uncompressed vmlinux ELF out of an x86 bzImage whose payload is XZ (Debian: CONFIG_KERNEL_XZ=y).

    extract_vmlinux.py BZIMAGE OUT

x86 boot protocol (Documentation/arch/x86/boot.rst), version 2.08 and later: the setup header's payload_offset
(0x248) and payload_length (0x24c) locate the compressed kernel relative to the start of the protected-mode code,
which begins after the setup sectors, at (setup_sects + 1) * 512 (setup_sects at 0x1f1; 0 means 4). The payload is
decompressed with Python's lzma (format XZ; whatever follows the end of the stream, padding or the size word the
decompressor appends, is ignored) and must be an ELF file. Written to OUT.tmp, then renamed."""

import lzma
import os
import struct
import sys


def die(msg):
    sys.stderr.write('extract_vmlinux.py: %s\n' % msg)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: extract_vmlinux.py BZIMAGE OUT\n')
        sys.exit(2)
    src, out = sys.argv[1], sys.argv[2]
    with open(src, 'rb') as f:
        img = f.read()
    if len(img) < 0x250 or img[0x202:0x206] != b'HdrS':
        die('%s: no "HdrS" setup header at 0x202 (not a bzImage)' % src)
    version = struct.unpack_from('<H', img, 0x206)[0]
    if version < 0x0208:
        die('%s: boot protocol %d.%02d has no payload_offset (needs 2.08)' % (src, version >> 8, version & 0xff))
    setup_sects = img[0x1f1] or 4
    payload_offset, payload_length = struct.unpack_from('<II', img, 0x248)
    start = (setup_sects + 1) * 512 + payload_offset
    if payload_length == 0 or start + payload_length > len(img):
        die('%s: payload 0x%x+0x%x lies outside the file' % (src, start, payload_length))
    payload = img[start:start + payload_length]
    if not payload.startswith(b'\xfd7zXZ\x00'):
        die('%s: the payload is not XZ (magic %s); only XZ kernels are handled' % (src, payload[:6].hex()))
    try:
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    except lzma.LZMAError as e:
        die('%s: XZ payload: %s' % (src, e))
    if not elf.startswith(b'\x7fELF'):
        die('%s: the decompressed payload is not an ELF file' % src)
    with open(out + '.tmp', 'wb') as f:
        f.write(elf)
    os.replace(out + '.tmp', out)
    sys.stderr.write('extract_vmlinux.py: %s: %d bytes of ELF from a %d-byte XZ payload\n'
                     % (out, len(elf), payload_length))


if __name__ == '__main__':
    main()
