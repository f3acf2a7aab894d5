#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check docs/hypercalls.md's hypercall table against the hypervisor's own table.

usage: check_doc_table.py DOC.md DUMP_TABLE

DUMP_TABLE is the host program that prints hc_table() (dump_table.c). The table in the document sits
between the lines '<!-- hypercall-table: ... -->' and '<!-- end hypercall-table -->'. Row by row, in
order, the document must give the same number, name and kinds of caller ("any VM", "Service VM", or
a comma list of "pre-launched VM", "Service VM", "post-launched VM"), the same argument registers
("RDI = <what>; RSI = <what>; ...", each <what> starting with the phrase below, "—" for none), and
its errors cell's "decoding:" part must name every code the decoder can give for that entry.
Prints every difference; exits 1 if there is one.
"""
import re
import subprocess
import sys

BEGIN = re.compile(r'^<!-- hypercall-table\b.*-->$')
END = '<!-- end hypercall-table -->'
REGS = ['RDI', 'RSI', 'RDX']
ARG_PHRASE = {
    'vm_id': 'VM id',
    'vcpu': 'vCPU index',
    'pin': 'vIOAPIC pin',
    'irq_level': 'level',
    'msi_addr': 'MSI address',
    'msi_data': 'MSI data',
    'page': 'page',
}
# The codes hc_decode can give, by argument kind and by structure (hypercall_decode.c).
ARG_CODES = {
    'vm_id': {'ENOENT'}, 'vcpu': {'ENOENT'}, 'pin': {'EINVAL'}, 'irq_level': {'EINVAL'},
    'msi_addr': {'EINVAL'}, 'msi_data': {'EINVAL'}, 'page': {'EFAULT'}, 'struct': {'EFAULT'}, 'none': set(),
}
STRUCT_CODES = {
    'none': set(), 'hv_info': set(), 'vm_create': {'EINVAL'}, 'vm_memory': {'ENOENT', 'EINVAL'},
    'vcpu_state': {'ENOENT', 'EINVAL'}, 'vm_status': {'ENOENT'},
}
STRUCT_TYPE = {
    'hv_info': 'hvkit_hv_info', 'vm_create': 'hvkit_vm_create', 'vm_memory': 'hvkit_vm_memory',
    'vcpu_state': 'hvkit_vcpu_state', 'vm_status': 'hvkit_vm_status',
}
ALL_KINDS = ['pre-launched', 'service', 'post-launched']
KIND_WORDS = {'pre-launched': 'pre-launched VM', 'service': 'Service VM', 'post-launched': 'post-launched VM'}


def kinds_text(kinds):
    k = kinds.split(',')
    if k == ALL_KINDS:
        return 'any VM'
    return ', '.join(KIND_WORDS[x] for x in k)


def doc_rows(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    start = [i for i, line in enumerate(lines) if BEGIN.match(line)]
    if len(start) != 1:
        sys.exit(f'{path}: expected one "<!-- hypercall-table ... -->" line, found {len(start)}')
    rows = []
    for i in range(start[0] + 1, len(lines)):
        line = lines[i]
        if line == END:
            break
        if not line.startswith('|'):
            sys.exit(f'{path}:{i + 1}: not a table row inside the hypercall table: {line!r}')
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        rows.append((i + 1, cells))
    else:
        sys.exit(f'{path}: no "{END}" line')
    header_ok = len(rows) >= 2 and rows[0][1][:3] == ['number', 'name', 'who may call']
    if not header_ok or not set(''.join(rows[1][1])) <= set('-:'):
        sys.exit(f'{path}: the hypercall table must start with its header row and separator')
    return rows[2:]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    doc, dump = sys.argv[1], sys.argv[2]
    table = []
    for line in subprocess.run([dump], check=True, capture_output=True, text=True).stdout.splitlines():
        nr, name, kinds, a0, a1, a2, stype = line.split()
        table.append({'nr': int(nr, 16), 'name': name, 'kinds': kinds, 'args': [a0, a1, a2], 'struct': stype})
    rows = doc_rows(doc)
    errors = []
    if len(rows) != len(table):
        errors.append(f'{doc}: {len(rows)} rows, the table has {len(table)} entries')
    for (lineno, cells), e in zip(rows, table):
        where = f'{doc}:{lineno}'
        if len(cells) != 6:
            errors.append(f'{where}: {len(cells)} cells, expected 6')
            continue
        number, name, who, args, _result, errs = cells
        m = re.fullmatch(r'`0x([0-9a-f]{3})`', number)
        if not m or int(m.group(1), 16) != e['nr']:
            errors.append(f'{where}: number {number}, the table has 0x{e["nr"]:03x}')
        if name != f'`{e["name"]}`':
            errors.append(f'{where}: name {name}, the table has `{e["name"]}`')
        if who != kinds_text(e['kinds']):
            errors.append(f'{where}: who may call is "{who}", the table says "{kinds_text(e["kinds"])}"')
        # Arguments.
        want = []
        for reg, a in zip(REGS, e['args']):
            if a == 'none':
                continue
            phrase = f'&struct {STRUCT_TYPE[e["struct"]]}' if a == 'struct' else ARG_PHRASE[a]
            want.append((reg, phrase))
        if not want:
            if args != '—':
                errors.append(f'{where}: arguments "{args}", the entry takes none ("—")')
        else:
            parts = [p.strip() for p in args.split(';')]
            if len(parts) != len(want):
                errors.append(f'{where}: arguments "{args}", the entry takes {len(want)}')
            else:
                for part, (reg, phrase) in zip(parts, want):
                    if not part.startswith(f'{reg} = {phrase}'):
                        errors.append(f'{where}: argument "{part}" should start "{reg} = {phrase}"')
        # Errors: the decoding part names every code the decoder gives.
        codes = {'EPERM'} | STRUCT_CODES[e['struct']]
        for a in e['args']:
            codes |= ARG_CODES[a]
        m = re.match(r'decoding:([^;]*)', errs)
        if not m:
            errors.append(f'{where}: errors "{errs}" should start with "decoding:"')
        else:
            named = set(re.findall(r'`(E[A-Z]+)`', m.group(1)))
            if named != codes:
                errors.append(f'{where}: decoding errors {sorted(named)}, the decoder gives {sorted(codes)}')
    for e in errors:
        print(e)
    if errors:
        return 1
    print(f'{doc}: {len(rows)} hypercalls, as in hc_table()')
    return 0


if __name__ == '__main__':
    sys.exit(main())
