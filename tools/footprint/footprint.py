#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Footprint of each hvkit mode image, counted from the build's own record of what went into it.

    python3 tools/footprint/footprint.py [--build build] [--json build/footprint.json] [--mode M ...] [--files]
                                         [--check [--budget tools/footprint/budget.txt]]

For every build/modes/M/hvkit-M.elf:
 1. The GNU ld map file (hvkit-M.map) names every object file and archive member that put a non-empty input
    section into the image (sections dropped by --gc-sections are listed apart by ld and are not counted; an
    object all of whose sections were dropped is not counted).
 2. Ninja's dependency log (`ninja -t deps`, i.e. gcc's -MD output) gives each of those objects its source file
    and every header the compiler read for it.
 3. cloc counts the code lines (non-blank, non-comment) of the union of those files, each file once per image.
 4. `size` gives text/data/bss bytes of the ELF (Berkeley format: text includes read-only data).

What is counted: every file in the dependency lists, the project's own and the system's (gcc's freestanding
headers such as stdint.h/stddef.h, libfdt's headers). loc = loc_project + loc_system; both parts are in the JSON.
What cannot be counted: archive members linked from outside the tree with no source (libfdt.a, libgcc.a), and
objects made from data (an embedded .dtb): they are listed under 'external' with their bytes in the image.

Prints per mode a line 'MODE: loc=N text=N data=N bss=N text+data=N', then its ten largest contributors (the
folders whose files add the most lines: lib/vmx, core/vm, ...; gcc's headers as 'compiler headers'), each with its
largest file, so that the next cut is visible.

--check compares every image with its budget (tools/footprint/budget.txt: per mode, at most so many lines and so
many text+data bytes, and files it must never link) and exits 1 when one is over or links such a file, naming it;
an image the budget file does not list, or a budget line naming no built image, is an error too.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODES = ('share', 'partition', 'lapic_pt', 'hybrid')
DEFAULT_BUDGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'budget.txt')
ACRN_TEXT_DATA_KB = 363  # ACRN 3.4's acrn.bin for its generic board (README, "Footprint")
TOP = 10

# ' .text   0x0000000000100000   0x1c  core/libcore.a.p/x.c.o' (the section name may sit on the line before)
INPUT_RE = re.compile(r'^\s*(?:(\S+)\s+)?0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*?)\s*$')
MEMBER_RE = re.compile(r'^(.*\.a)\((.+)\)$')
# The hybrid image links copies of the two interrupt-platform models' archives with some symbols renamed
# (core/rename_symbols.py): lib<emu_|pt_>NAME.a holds libNAME.a's objects as <index>_<member>. They are counted
# as the originals' objects, whose sources and headers ninja knows.
RENAMED_RE = re.compile(r'^(.*?)lib(?:emu|pt)_([^/]+\.a)$')


def parse_map(path):
    """{input file (as ld names it): bytes contributed} from the memory map part of a GNU ld map file."""
    contrib = {}
    in_map = False
    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith('Linker script and memory map'):
                in_map = True
                continue
            if not in_map:
                continue
            m = INPUT_RE.match(line)
            if not m:
                continue
            name = m.group(4)
            if not (name.endswith('.o') or name.endswith('.obj') or MEMBER_RE.match(name)):
                continue
            if name.startswith('*') or '=' in name:
                continue
            sec = m.group(1) or ''
            if sec.startswith('*'):
                continue
            size = int(m.group(3), 16)
            contrib[name] = contrib.get(name, 0) + size
    return {k: v for k, v in contrib.items() if v > 0}


def ninja_deps(build):
    """{object path relative to the build folder: [dependency paths, source first]}."""
    out = subprocess.run(['ninja', '-C', build, '-t', 'deps'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, check=True).stdout
    deps = {}
    cur = None
    for line in out.splitlines():
        if not line.strip():
            cur = None
            continue
        if not line.startswith(' ') and ': #deps' in line:
            cur = line.split(': #deps')[0]
            deps[cur] = []
        elif cur is not None:
            deps[cur].append(line.strip())
    return deps


def depfile(path):
    """Dependencies from a make-style .d file (fallback when ninja's log lacks the object)."""
    text = open(path).read().replace('\\\n', ' ')
    _, _, rest = text.partition(':')
    first_rule = rest.split('\n')[0]
    return first_rule.split()


def resolve_object(name, build):
    """Candidate object paths (relative to the build folder) for a map-file input name."""
    m = MEMBER_RE.match(name)
    if not m:
        return [os.path.normpath(os.path.relpath(os.path.join(build, name), build))]
    archive, member = m.group(1), m.group(2)
    renamed = RENAMED_RE.match(archive)
    if renamed:
        archive = renamed.group(1) + 'lib' + renamed.group(2)
        member = re.sub(r'^\d+_', '', member)
    arel = os.path.relpath(os.path.join(build, archive), build)
    cands = [member, os.path.join(os.path.dirname(arel), member), arel + '.p/' + os.path.basename(member),
             os.path.join(os.path.dirname(arel), os.path.basename(member))]
    return [os.path.normpath(c) for c in cands]


def elf_size(elf):
    out = subprocess.run(['size', '-B', elf], stdout=subprocess.PIPE, text=True, check=True).stdout.splitlines()
    text, data, bss = out[1].split()[:3]
    return int(text), int(data), int(bss)


def cloc(files):
    """{absolute path: {'code', 'comment', 'blank', 'language'}} for the files cloc recognises."""
    if not files:
        return {}
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as lf:
        lf.write('\n'.join(sorted(files)) + '\n')
        listname = lf.name
    try:
        out = subprocess.run(['cloc', '--quiet', '--json', '--by-file', '--skip-uniqueness',
                              '--list-file=' + listname], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, check=True).stdout
    finally:
        os.unlink(listname)
    data = json.loads(out) if out.strip() else {}
    return {os.path.abspath(k): v for k, v in data.items() if k not in ('header', 'SUM')}


def source_root(build):
    """The source folder the build was configured from (meson-info.json), else this script's repository."""
    try:
        with open(os.path.join(build, 'meson-info', 'meson-info.json')) as f:
            return os.path.abspath(json.load(f)['directories']['source'])
    except (OSError, KeyError, ValueError):
        return REPO


def mode_record(mode, build, deps):
    d = os.path.join(build, 'modes', mode)
    elf = os.path.join(d, 'hvkit-%s.elf' % mode)
    mapf = os.path.join(d, 'hvkit-%s.map' % mode)
    if not os.path.isfile(elf):
        return None
    rec = {'elf': os.path.relpath(elf, build), 'objects': [], 'external': [], 'unresolved': []}
    if not os.path.isfile(mapf):
        rec['error'] = 'no map file %s' % os.path.relpath(mapf, build)
        return rec
    files = set()
    for name, nbytes in sorted(parse_map(mapf).items()):
        objdeps = None
        for cand in resolve_object(name, build):
            if cand in deps:
                objdeps = deps[cand]
                obj = cand
                break
            dfile = os.path.join(build, cand + '.d')
            if os.path.isfile(dfile):
                objdeps = depfile(dfile)
                obj = cand
                break
        if objdeps is None:
            absname = os.path.abspath(os.path.join(build, MEMBER_RE.sub(r'\1', name)))
            if not absname.startswith(REPO + os.sep) or absname.startswith(build + os.sep):
                rec['external'].append({'input': name, 'bytes': nbytes})
            else:
                rec['unresolved'].append({'input': name, 'bytes': nbytes})
            continue
        srcs = [os.path.abspath(os.path.join(build, p)) for p in objdeps]
        rec['objects'].append({'object': obj, 'bytes': nbytes,
                               'source': os.path.relpath(srcs[0], REPO) if srcs else None})
        files.update(srcs)
    rec['_files'] = files
    t, dd, b = elf_size(elf)
    rec.update(text=t, data=dd, bss=b)
    return rec


def contributor(path):
    """The folder a counted file is charged to: lib/vmx, core/vm, scenario/src, 'compiler headers', ..."""
    if os.path.isabs(path):
        return 'compiler headers' if '/gcc/' in path else os.path.dirname(path)
    parts = path.split('/')
    if parts[0] == 'build':
        return '/'.join(parts[:3]) if len(parts) > 3 else '/'.join(parts[:-1])
    if len(parts) <= 2:
        return parts[0] + '/*' if len(parts) == 2 else parts[0]
    return '/'.join(parts[:2])


def contributors(entries, top=TOP):
    """[(folder, lines, (largest file, its lines))] for the `top` folders with the most lines, most first."""
    groups = {}
    for e in entries:
        if not e.get('counted', True):
            continue
        g = groups.setdefault(contributor(e['path']), [0, ('', -1)])
        g[0] += e['code']
        if e['code'] > g[1][1]:
            g[1] = (e['path'], e['code'])
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [(name, lines, big) for name, (lines, big) in ranked[:top]]


def read_budget(path):
    """({mode: (max lines, max text+data bytes)}, {mode: [path prefixes it must never link]}) from a budget file:
    'MODE LINES BYTES' (each mode once) and 'MODE never PREFIX...' lines, '#' comments."""
    budget, never = {}, {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            if len(line) >= 3 and line[1] == 'never':
                never.setdefault(line[0], []).extend(line[2:])
                continue
            if len(line) != 3 or line[0] in budget or not line[1].isdigit() or not line[2].isdigit():
                raise ValueError('%s:%d: expected "MODE LINES BYTES" (each mode once) or "MODE never PREFIX..."'
                                 % (path, n))
            budget[line[0]] = (int(line[1]), int(line[2]))
    for mode in never:
        if mode not in budget:
            raise ValueError('%s: "%s never ..." names a mode without a budget line' % (path, mode))
    return budget, never


def check_budget(recs, budget, never=None):
    """Lines of complaint (empty: every image within its budget). recs: {mode: {'loc', 'text', 'data', 'files'}};
    never: {mode: [path prefixes]} the image's counted files must not start with."""
    bad = []
    for mode, prefixes in sorted((never or {}).items()):
        for e in recs.get(mode, {}).get('files', []):
            hit = [p for p in prefixes if e['path'].startswith(p)]
            if hit:
                bad.append('%s: links %s, which its mode does not use (budget file: never %s)' % (mode, e['path'],
                                                                                                  hit[0]))
    for mode, r in sorted(recs.items()):
        if mode not in budget:
            bad.append('%s: no budget in the budget file' % mode)
            continue
        max_loc, max_bytes = budget[mode]
        if r['loc'] > max_loc:
            bad.append('%s: %d lines, over its budget of %d by %d' % (mode, r['loc'], max_loc, r['loc'] - max_loc))
        size = r['text'] + r['data']
        if size > max_bytes:
            bad.append('%s: %d text+data bytes, over its budget of %d by %d' % (mode, size, max_bytes,
                                                                                 size - max_bytes))
    for mode in sorted(set(budget) - set(recs)):
        bad.append('%s: in the budget file but no image was counted' % mode)
    return bad


def main(argv=None):
    global REPO
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(REPO, 'build'))
    ap.add_argument('--json', help='write the full record here')
    ap.add_argument('--mode', action='append', choices=MODES, help='only this mode (repeatable)')
    ap.add_argument('--files', action='store_true', help='also print every counted file with its lines')
    ap.add_argument('--check', action='store_true', help='exit 1 when an image is over its budget')
    ap.add_argument('--budget', default=DEFAULT_BUDGET, help='the budget file (default: %(default)s)')
    args = ap.parse_args(argv)
    build = os.path.abspath(args.build)
    REPO = source_root(build)
    try:
        deps = ninja_deps(build)
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print('footprint: cannot read ninja deps of %s: %s' % (build, err), file=sys.stderr)
        return 1
    recs = {}
    for mode in args.mode or MODES:
        rec = mode_record(mode, build, deps)
        if rec is None:
            print('footprint: %s: no image (modes/%s/hvkit-%s.elf not built)' % (mode, mode, mode), file=sys.stderr)
            continue
        recs[mode] = rec
    allfiles = set()
    for r in recs.values():
        allfiles |= r.get('_files', set())
    counts = cloc(allfiles)
    status = 0 if recs else 1
    for mode, r in recs.items():
        if 'error' in r:
            print('%s: error: %s' % (mode, r['error']))
            status = 1
            continue
        files = sorted(r.pop('_files'))
        entries = []
        proj = syst = 0
        for p in files:
            c = counts.get(p)
            if c is None:
                entries.append({'path': p, 'counted': False})
                continue
            inrepo = p.startswith(REPO + os.sep)
            kind = 'project' if inrepo else 'system'
            shown = os.path.relpath(p, REPO) if inrepo else p
            entries.append({'path': shown, 'kind': kind, 'language': c.get('language'),
                            'code': c['code'], 'comment': c['comment'], 'blank': c['blank']})
            if inrepo:
                proj += c['code']
            else:
                syst += c['code']
        r['files'] = entries
        r['loc'] = proj + syst
        r['loc_project'] = proj
        r['loc_system'] = syst
        r['contributors'] = [{'folder': name, 'loc': lines, 'largest': big[0], 'largest_loc': big[1]}
                             for name, lines, big in contributors(entries)]
        print('%s: loc=%d text=%d data=%d bss=%d text+data=%d (%.0f KB; ACRN 3.4: %d KB)' % (
            mode, r['loc'], r['text'], r['data'], r['bss'], r['text'] + r['data'], (r['text'] + r['data']) / 1024.0,
            ACRN_TEXT_DATA_KB))
        for c in r['contributors']:
            print('    %6d  %-24s (largest: %s, %d)' % (c['loc'], c['folder'], os.path.basename(c['largest']),
                                                       c['largest_loc']))
        if args.files:
            for e in entries:
                if e.get('counted', True):
                    print('    %6d  %s' % (e['code'], e['path']))
        if r['external']:
            print('footprint: %s: not counted (linked from outside the tree, no source): %s (%d bytes)' % (
                mode, ', '.join(os.path.basename(e['input']) for e in r['external']),
                sum(e['bytes'] for e in r['external'])), file=sys.stderr)
        for e in r['unresolved']:
            print('footprint: %s: %s (%d bytes) has no dependency record: its source is not counted'
                  % (mode, e['input'], e['bytes']), file=sys.stderr)
    if args.check:
        try:
            budget, never = read_budget(args.budget)
        except (OSError, ValueError) as err:
            print('footprint: --check: %s' % err, file=sys.stderr)
            return 1
        if args.mode:
            budget = {m: b for m, b in budget.items() if m in args.mode}
            never = {m: p for m, p in never.items() if m in args.mode}
        counted = {m: r for m, r in recs.items() if 'loc' in r}
        bad = check_budget(counted, budget, never)
        for line in bad:
            print('footprint: check failed: %s' % line)
        if bad:
            status = 1
        else:
            print('footprint: every image within its budget (%s)' % ', '.join(
                '%s %d/%d lines, %d/%d bytes' % (m, counted[m]['loc'], budget[m][0],
                                                  counted[m]['text'] + counted[m]['data'], budget[m][1])
                for m in sorted(counted)))
    if args.json:
        out = {'method': 'cloc code lines of every file in the ninja dependency lists of the objects that the '
                         'GNU ld map shows contributing to the image; loc = loc_project + loc_system',
               'modes': recs}
        with open(args.json, 'w') as f:
            json.dump(out, f, indent=2, sort_keys=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
