#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Differential test: the decoder against GNU objdump on generated MOV encodings, in all three modes.

objdump_crosscheck.py DECODE_TOOL OBJDUMP WORK_DIR

For every instruction the decoder accepts, objdump must see the same length, mnemonic family
(mov/movabs, movzx, movsx), direction, access size, register (AH..BH included) and immediate.
An instruction the decoder refuses as unsupported (-HV_ENOSYS) must not be one objdump calls a
plain MOV/MOVZX/MOVSX on memory. Each instruction sits alone in a 32-byte slot padded with NOPs,
so a wrong length cannot hide behind the next instruction.
"""
import os
import random
import re
import subprocess
import sys

HV_ENOSYS = -38
OBJDUMP_ARGS = {16: ['-m', 'i386', '-M', 'intel,addr16,data16'], 32: ['-m', 'i386', '-M', 'intel'],
                64: ['-m', 'i386:x86-64', '-M', 'intel']}
SEGMENTS = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]
OPCODES = [[0x88], [0x89], [0x8a], [0x8b], [0xc6], [0xc7], [0xa0], [0xa1], [0xa2], [0xa3],
           [0x0f, 0xb6], [0x0f, 0xb7], [0x0f, 0xbe], [0x0f, 0xbf]]
PREFIX_WORDS = {'data16', 'data32', 'addr16', 'addr32', 'es', 'cs', 'ss', 'ds', 'fs', 'gs', 'lock', 'rep',
                'repz', 'repnz', 'repe', 'repne', 'bnd', 'notrack', 'xacquire', 'xrelease'}
PTR_SIZES = {'BYTE': 1, 'WORD': 2, 'DWORD': 4, 'QWORD': 8}
SLOT = 32


def register_table():
    regs = {}
    names64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi']
    for i, n in enumerate(names64):
        regs[n] = (i, 8, False)
        regs['e' + n[1:]] = (i, 4, False)
        regs[n[1:]] = (i, 2, False)
    for i, n in enumerate(['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil']):
        regs[n] = (i, 1, False)
    for i, n in enumerate(['ah', 'ch', 'dh', 'bh']):
        regs[n] = (i, 1, True)
    for i in range(8, 16):
        regs['r%d' % i] = (i, 8, False)
        regs['r%dd' % i] = (i, 4, False)
        regs['r%dw' % i] = (i, 2, False)
        regs['r%db' % i] = (i, 1, False)
    return regs


REGS = register_table()


def candidates(rng, bits, count):
    out = []
    for _ in range(count):
        pre = [rng.choice([0x66, 0x67] + SEGMENTS) for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
        if bits == 64 and rng.random() < 0.6:
            # Only right before the opcode: objdump prints a REX followed by a legacy prefix (which the
            # CPU ignores, SDM Vol. 2A 2.2.1) as an instruction of its own and drops the prefixes before
            # it; test_rex_registers checks that case against the SDM instead.
            pre.append(rng.randrange(0x40, 0x50))
        op = list(rng.choice(OPCODES)) if rng.random() < 0.9 else [rng.randrange(256)]
        modrm = rng.randrange(256)
        if rng.random() < 0.9:
            modrm &= 0xbf if rng.random() < 0.5 else 0x7f  # mostly memory operands
        if op[0] in (0xc6, 0xc7) and rng.random() < 0.9:
            modrm &= 0xc7
        tail = [modrm] + [rng.randrange(256) for _ in range(14)]
        out.append((bits, bytes((pre + op + tail)[:15])))
    return out


def run_tool(tool, cases):
    text = ''.join('%d %s\n' % (bits, b.hex(' ')) for bits, b in cases)
    res = subprocess.run([tool], input=text, capture_output=True, text=True, check=True)
    rows = []
    for line in res.stdout.splitlines():
        f = line.split()
        rows.append({'rc': int(f[0]), 'write': int(f[1]), 'size': int(f[2]), 'src': int(f[3]),
                     'reg': int(f[4]), 'high8': bool(int(f[5])), 'imm': int(f[6], 16), 'ext': int(f[7]),
                     'dst_size': int(f[8]), 'len': int(f[9])})
    assert len(rows) == len(cases)
    return rows


def objdump_slots(objdump, work, bits, blobs):
    path = os.path.join(work, 'crosscheck%d.bin' % bits)
    with open(path, 'wb') as f:
        for b in blobs:
            f.write(b + b'\x90' * (SLOT - len(b)))
    res = subprocess.run([objdump, '-D', '-b', 'binary', '--insn-width=16'] + OBJDUMP_ARGS[bits] + [path],
                         capture_output=True, text=True, check=True)
    lines = {}
    for line in res.stdout.splitlines():
        m = re.match(r'^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$', line)
        if m:
            # Drop objdump's comment (the target of a RIP-relative operand).
            lines[int(m.group(1), 16)] = (len(m.group(2).split()), m.group(3).split('#')[0].strip())
    slots = []
    for i in range(len(blobs)):
        addr, total, text, orphan_rex = i * SLOT, 0, '', False
        while addr in lines:
            n, text = lines[addr]
            total += n
            addr += n
            if not all(w in PREFIX_WORDS or w.startswith('rex') for w in text.split()):
                break
            orphan_rex = orphan_rex or any(w.startswith('rex') for w in text.split())
        slots.append((total, text, orphan_rex))
    return slots


def parse(text):
    """objdump's Intel syntax -> (mnemonic, [operands]) with prefix words dropped."""
    words = text.split(None, 1)
    while words and (words[0] in PREFIX_WORDS or words[0].startswith('rex')):
        words = words[1].split(None, 1) if len(words) > 1 else []
    if not words:
        return '', []
    return words[0], (words[1].split(',') if len(words) > 1 else [])


def is_memory(op):
    return '[' in op or 'PTR' in op or re.match(r'^[c-gs]s:0x', op) is not None


def expect_from_objdump(text):
    mnem, ops = parse(text)
    if mnem not in ('mov', 'movabs', 'movzx', 'movsx') or len(ops) != 2:
        return None, 'not a MOV form: %r' % text
    write = is_memory(ops[0])
    mem, other = (ops[0], ops[1]) if write else (ops[1], ops[0])
    if not is_memory(mem):
        return None, 'no memory operand: %r' % text
    ptr = re.match(r'^(BYTE|WORD|DWORD|QWORD) PTR', mem)
    want = {'write': int(write), 'ext': {'movzx': 1, 'movsx': 2}.get(mnem, 0)}
    if other in REGS:
        reg, rsize, high8 = REGS[other]
        want.update(src=0, reg=reg, high8=high8)
        want['size'] = PTR_SIZES[ptr.group(1)] if ptr else rsize
        if not write:
            want['dst_size'] = rsize
    elif re.match(r'^0x[0-9a-f]+$', other) and write:
        want.update(src=1, imm=int(other, 16), size=PTR_SIZES[ptr.group(1)])
    else:
        return None, 'unexpected operand %r in %r' % (other, text)
    return want, None


def main():
    tool, objdump, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    rng = random.Random(20240611)
    failures, checked, refused, skipped = [], 0, 0, 0
    for bits in (16, 32, 64):
        cases = candidates(rng, bits, 4000)
        rows = run_tool(tool, cases)
        blobs = [b[:r['len']] if r['rc'] == 0 else b for (_, b), r in zip(cases, rows)]
        slots = objdump_slots(objdump, work, bits, blobs)
        for (_, b), r, (olen, text, orphan_rex) in zip(cases, rows, slots):
            name = '%d-bit %s' % (bits, b.hex(' '))
            if orphan_rex:
                # objdump prints a REX that is not right before the opcode (a random byte here) as an
                # instruction of its own, dropping the prefixes before it; the CPU ignores only the REX.
                skipped += 1
                continue
            if r['rc'] == HV_ENOSYS:
                refused += 1
                want, _ = expect_from_objdump(text)
                if want is not None and ':' not in text.split(',')[0 if want['write'] else 1][:3]:
                    if not re.search(r'\b[c-gs]s\b(?!:)', text):  # MOV to/from a segment register
                        failures.append('%s: refused as unsupported, objdump: %s' % (name, text))
                continue
            if r['rc'] != 0:
                continue
            checked += 1
            want, why = expect_from_objdump(text)
            if want is None:
                failures.append('%s: decoded %s, objdump: %s' % (name, r, why))
                continue
            want['len'] = olen
            wrong = {k: (v, r[k]) for k, v in want.items()
                     if (r[k] & ((1 << (8 * r['size'])) - 1) if k == 'imm' else r[k]) != v}
            if wrong:
                failures.append('%s (%s): objdump vs decoder %s' % (name, text, wrong))
    for f in failures[:40]:
        print(f)
    print('%d decoded instructions compared with objdump, %d unsupported ones checked, %d with a misplaced REX '
          'skipped; %d disagreements' % (checked, refused, skipped, len(failures)))
    return 1 if failures or checked < 3000 else 0


if __name__ == '__main__':
    sys.exit(main())
