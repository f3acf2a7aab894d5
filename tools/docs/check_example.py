#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check that a README's usage example is the compiled example file, verbatim.

usage: check_example.py README.md EXAMPLE.c

The README holds the example as a fenced code block between two marker lines:
    <!-- example: examples/usage.c -->
    ```c
    ...the file's text...
    ```
    <!-- end example -->
The marker names the file relative to the README's folder; it must name EXAMPLE.c. Prints what differs.
"""
import difflib
import os
import re
import sys

BEGIN = re.compile(r'^<!-- example: (\S+) -->$')
END = '<!-- end example -->'


def block(readme):
    lines = open(readme, encoding='utf-8').read().split('\n')
    for i, line in enumerate(lines):
        m = BEGIN.match(line)
        if not m:
            continue
        if i + 1 >= len(lines) or lines[i + 1] != '```c':
            sys.exit(f'{readme}:{i + 2}: expected "```c" after the example marker')
        try:
            end = lines.index(END, i + 2)
        except ValueError:
            sys.exit(f'{readme}:{i + 1}: no "{END}" line after the example marker')
        if lines[end - 1] != '```':
            sys.exit(f'{readme}:{end}: expected "```" before "{END}"')
        return m.group(1), '\n'.join(lines[i + 2:end - 1]) + '\n', i + 3
    sys.exit(f'{readme}: no "<!-- example: FILE -->" marker')


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    readme, example = sys.argv[1], sys.argv[2]
    name, text, first_line = block(readme)
    named = os.path.normpath(os.path.join(os.path.dirname(readme), name))
    if os.path.realpath(named) != os.path.realpath(example):
        sys.exit(f'{readme}: the marker names {named}; expected {example}')
    want = open(example, encoding='utf-8').read()
    if text == want:
        print(f'{readme}: the example (from line {first_line}) is {name}, verbatim')
        return
    print(f'{readme}: the example block (from line {first_line}) differs from {example}:')
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                               fromfile=example, tofile=readme + ' (code block)'))
    sys.exit(1)


if __name__ == '__main__':
    main()
