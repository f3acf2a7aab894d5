#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Footprint of hvkit-dm (device_model/, a static Linux program), counted as footprint.py counts the images.

    python3 tools/footprint/device_model.py [--build build] [--json build/footprint-dm.json] [--files]

From build/device_model/hvkit-dm.map (GNU ld) and ninja's dependency log: the objects that put bytes into the
program, their sources and every header they read; cloc's code lines of those files that are the project's
(device_model/src, and the units it reuses: lib/guest_loader, the ABI and platform headers). The C library it
links statically and the C library's headers are not counted (no source in the tree): reported on stderr.

Prints 'hvkit-dm: loc=N text=N data=N bss=N' (text and data are mostly the C library's).
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import footprint as fp  # noqa: E402  (parse_map, ninja_deps, resolve_object, depfile, cloc, elf_size, source_root)


def record(build, repo, deps):
    d = os.path.join(build, 'device_model')
    elf, mapf = os.path.join(d, 'hvkit-dm'), os.path.join(d, 'hvkit-dm.map')
    if not os.path.isfile(elf) or not os.path.isfile(mapf):
        return None
    files, external = set(), []
    for name, nbytes in sorted(fp.parse_map(mapf).items()):
        objdeps = None
        for cand in fp.resolve_object(name, build):
            if cand in deps:
                objdeps = deps[cand]
                break
            dfile = os.path.join(build, cand + '.d')
            if os.path.isfile(dfile):
                objdeps = fp.depfile(dfile)
                break
        if objdeps is None:
            external.append({'input': name, 'bytes': nbytes})
            continue
        files.update(os.path.abspath(os.path.join(build, p)) for p in objdeps)
    counts = fp.cloc(files)
    entries, loc, system = [], 0, 0
    for p in sorted(files):
        c = counts.get(p)
        if c is None:
            continue
        if p.startswith(repo + os.sep) and not p.startswith(build + os.sep):
            entries.append({'path': os.path.relpath(p, repo), 'code': c['code']})
            loc += c['code']
        else:
            system += c['code']
    text, data, bss = fp.elf_size(elf)
    return {'elf': os.path.relpath(elf, build), 'loc': loc, 'files': entries, 'text': text, 'data': data,
            'bss': bss, 'not_counted': {'c_library_members': len(external),
                                        'c_library_bytes': sum(e['bytes'] for e in external),
                                        'c_library_header_lines': system}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(fp.REPO, 'build'))
    ap.add_argument('--json', help='write the record here')
    ap.add_argument('--files', action='store_true', help='also print every counted file with its lines')
    args = ap.parse_args(argv)
    build = os.path.abspath(args.build)
    repo = fp.source_root(build)
    try:
        deps = fp.ninja_deps(build)
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print('footprint: cannot read ninja deps of %s: %s' % (build, err), file=sys.stderr)
        return 1
    r = record(build, repo, deps)
    if r is None:
        print('footprint: hvkit-dm: not built (device_model/hvkit-dm and its map file)', file=sys.stderr)
        return 1
    print('hvkit-dm: loc=%d text=%d data=%d bss=%d' % (r['loc'], r['text'], r['data'], r['bss']))
    if args.files:
        for e in r['files']:
            print('    %6d  %s' % (e['code'], e['path']))
    n = r['not_counted']
    print('footprint: hvkit-dm: not counted: the C library (%d archive members, %d bytes) and its headers (%d lines)'
          % (n['c_library_members'], n['c_library_bytes'], n['c_library_header_lines']), file=sys.stderr)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(r, f, indent=2, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
