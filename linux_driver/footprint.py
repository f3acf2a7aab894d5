#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Footprint of hvkit.ko, counted the way tools/footprint/footprint.py counts an image: the code lines (cloc:
non-blank, non-comment) of every project file the compiler read for the module's objects, and text/data/bss
bytes (`size`, Berkeley format) of the module.

    python3 linux_driver/footprint.py [--build build] [--files]

Reads the last build of linux_driver/build.sh (build/linux/hvkit-ko/hvkit/linux_driver): `hvkit.mod` lists the
objects linked into the module, each object's `.NAME.o.cmd` (Kbuild's record of gcc -MMD) its source and every
header it read. Only the project's files count (the driver's sources and hvkit.h, include/hvkit/abi/*.h), not the
kernel's headers. Prints 'hvkit.ko: loc=N text=N data=N bss=N'; exits 1 when the module has not been built.
"""

import argparse
import csv
import io
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def module_files(moddir):
    """The project files the compiler read for the module's objects, as paths in the repository."""
    copy_root = os.path.dirname(moddir)           # build/linux/hvkit-ko/hvkit: a copy of linux_driver/, include/
    with open(os.path.join(moddir, 'hvkit.mod')) as f:
        objects = [line.strip() for line in f if line.strip()]
    files = set()
    for obj in objects:
        cmd = os.path.join(os.path.dirname(obj), '.%s.cmd' % os.path.basename(obj))
        with open(cmd) as f:
            for line in f:
                for word in line.replace(':=', ' ').split():
                    if not word.startswith(copy_root + os.sep) or not word.endswith(('.c', '.h')):
                        continue
                    rel = os.path.relpath(os.path.normpath(word), copy_root)
                    if os.path.isfile(os.path.join(REPO, rel)):
                        files.add(rel)
    return sorted(files)


def cloc(files):
    out = subprocess.run(['cloc', '--quiet', '--csv', '--by-file'] + files, cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    counts = {}
    for row in csv.reader(io.StringIO(out)):
        if len(row) >= 5 and row[1] in files:
            counts[row[1]] = int(row[4])
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(REPO, 'build'))
    ap.add_argument('--files', action='store_true', help='also print every counted file with its lines')
    args = ap.parse_args()
    moddir = os.path.join(os.path.abspath(args.build), 'linux', 'hvkit-ko', 'hvkit', 'linux_driver')
    ko = os.path.join(moddir, 'hvkit.ko')
    if not os.path.isfile(ko) or not os.path.isfile(os.path.join(moddir, 'hvkit.mod')):
        print('footprint: hvkit.ko: not built (linux_driver/build.sh %s/linux)' % args.build, file=sys.stderr)
        return 1
    files = module_files(moddir)
    counts = cloc(files)
    size = subprocess.run(['size', ko], check=True, capture_output=True, text=True).stdout.splitlines()[1].split()
    print('hvkit.ko: loc=%d text=%s data=%s bss=%s' % (sum(counts.values()), size[0], size[1], size[2]))
    if args.files:
        for p in files:
            print('    %6d  %s' % (counts.get(p, 0), p))
    return 0


if __name__ == '__main__':
    sys.exit(main())
