#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Cyclomatic complexity and function length of hvkit's non-test C code, by pmccabe.

Prints the 90th percentiles (nearest rank) of traditional McCabe complexity (pmccabe's second column: every
`case` label counts, as in the figures quoted for Jailhouse, Bao and ACRN) and of function length in lines, and
the worst functions. With --check, exits 1 when a figure is above tools/complexity/budget.txt.

Scope: every .c and .h file under the SCOPE folders below, except tests/, fuzz/ and examples/ folders.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SCOPE = ['boot', 'core', 'lib', 'scenario', 'modes', 'include', 'device_model/src', 'linux_driver']
SKIP_DIRS = {'tests', 'test', 'fuzz', 'examples'}
BUDGET = os.path.join(ROOT, 'tools', 'complexity', 'budget.txt')


def source_files(root):
    out = []
    for top in SCOPE:
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
            out += [os.path.join(d, f) for f in sorted(files) if f.endswith(('.c', '.h'))]
    return out


def measure(root):
    """One dict per function: ccn, length, where, name."""
    if shutil.which('pmccabe') is None:
        sys.exit('complexity: pmccabe not found (Debian package pmccabe, listed in tools/packages.txt)')
    files = [os.path.relpath(f, root) for f in source_files(root)]
    res = subprocess.run(['pmccabe'] + files, cwd=root, capture_output=True, text=True)
    if res.returncode != 0 and not res.stdout:
        sys.exit('complexity: pmccabe failed: ' + res.stderr.strip())
    funcs = []
    for line in res.stdout.splitlines():
        # modified, traditional, statements, first line, lines, "file(line): name"
        cols = line.split('\t')
        if len(cols) != 6:
            continue
        where, _, name = cols[5].partition(': ')
        funcs.append(dict(ccn=int(cols[1]), length=int(cols[4]), where=where, name=name))
    return files, funcs


def p90(values):
    """90th percentile, nearest rank: the smallest value with at least 90% of the values at or below it."""
    v = sorted(values)
    return v[max(0, math.ceil(0.9 * len(v)) - 1)] if v else 0


def read_budget(path):
    budget = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            if len(line) != 2 or not line[1].isdigit():
                sys.exit(f'{path}:{n}: expected "NAME NUMBER"')
            budget[line[0]] = int(line[1])
    return budget


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default=ROOT, help='source tree (default: this checkout)')
    ap.add_argument('--worst', type=int, default=15, help='how many of the most complex functions to list')
    ap.add_argument('--check', action='store_true', help='exit 1 when a figure is above the budget')
    ap.add_argument('--budget', default=BUDGET)
    ap.add_argument('--json', help='also write the figures to this file')
    args = ap.parse_args()

    files, funcs = measure(args.root)
    if not funcs:
        sys.exit('complexity: no functions found under ' + ', '.join(SCOPE))
    figures = dict(files=len(files), functions=len(funcs),
                   ccn_p90=p90([f['ccn'] for f in funcs]), length_p90=p90([f['length'] for f in funcs]),
                   over_7=sum(1 for f in funcs if f['ccn'] > 7))
    print(f"complexity: {figures['functions']} functions in {figures['files']} files "
          f"({', '.join(SCOPE)}; tests, fuzz and examples excluded)")
    print(f"complexity.ccn_p90: {figures['ccn_p90']}")
    print(f"complexity.length_p90: {figures['length_p90']}")
    print(f"complexity.functions_over_7: {figures['over_7']}")
    print(f'worst {args.worst} by cyclomatic complexity (ccn, lines, where, function):')
    for f in sorted(funcs, key=lambda f: (-f['ccn'], -f['length'], f['where']))[:args.worst]:
        print(f"  {f['ccn']:4d} {f['length']:5d}  {f['where']}  {f['name']}")
    if args.json:
        with open(args.json, 'w') as out:
            json.dump(dict(figures, worst=sorted(funcs, key=lambda f: -f['ccn'])[:args.worst]), out, indent=1)

    if args.check:
        budget = read_budget(args.budget)
        over = [f'{k} {figures[k]} > budget {v}' for k, v in sorted(budget.items()) if figures.get(k, 0) > v]
        unknown = [k for k in budget if k not in figures]
        if unknown:
            sys.exit(f"{args.budget}: unknown figure(s) {', '.join(unknown)}")
        if over:
            print('complexity: OVER BUDGET (' + args.budget + '): ' + '; '.join(over))
            return 1
        print('complexity: within budget (' + ', '.join(f'{k} <= {v}' for k, v in sorted(budget.items())) + ')')
    return 0


if __name__ == '__main__':
    sys.exit(main())
