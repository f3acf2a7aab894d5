#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""./hvkit report on the fixtures in tests/report (meson suite 'docs'): the format of docs/figures.md (header with
date and commit, sections, well-formed tables, the fixture's figures) and of the SVG charts, with and without the
hybrid histogram; missing or malformed inputs fail with the file named."""

import io
import os
import re
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report  # noqa: E402

FIXTURES = os.path.join(HERE, '..', '..', 'tests', 'report')
SVG_NS = '{http://www.w3.org/2000/svg}'


def run(*argv):
    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        rc = report.main(list(argv))
    return rc, out.getvalue() + err.getvalue()


class Report(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.inputs = os.path.join(self.tmp, 'build')
        os.makedirs(self.inputs)
        for f in ('bench.json', 'footprint.json'):
            shutil.copy(os.path.join(FIXTURES, f), self.inputs)
        self.out = os.path.join(self.tmp, 'docs')

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def generate(self):
        rc, text = run('--build', self.inputs, '--out', self.out, '--date', '2026-01-02 03:04 UTC',
                       '--commit', 'abc123')
        self.assertEqual(rc, 0, text)
        with open(os.path.join(self.out, 'figures.md')) as f:
            return f.read()

    def svg(self, name):
        root = ET.parse(os.path.join(self.out, 'figures', name)).getroot()
        self.assertEqual(root.tag, SVG_NS + 'svg')
        return root

    def test_header_names_date_and_commit(self):
        md = self.generate()
        self.assertTrue(md.startswith('<!-- SPDX-License-Identifier: BSD-3-Clause -->\n'))
        self.assertRegex(md, r'Generated 2026-01-02 03:04 UTC from `bench.json` \(commit `abc123`, written '
                             r'\d{4}-\d\d-\d\d \d\d:\d\d UTC\) and `footprint.json` \(commit `abc123`, written ')

    def test_commit_recorded_by_the_harness_wins(self):
        import json
        p = os.path.join(self.inputs, 'bench.json')
        with open(p) as f:
            data = json.load(f)
        data.update(commit='feedbeef', finished_utc='2026-02-03 04:05 UTC', note='one case was run again.')
        with open(p, 'w') as f:
            json.dump(data, f)
        md = self.generate()
        self.assertIn('from `bench.json` (commit `feedbeef`, written 2026-02-03 04:05 UTC)', md)
        self.assertIn('\nNote on this run: one case was run again.\n', md)

    def test_sections_and_tables(self):
        md = self.generate()
        for h in ('## Footprint', '## VM exits per interrupt', '## Interrupt latency',
                  '## Hybrid mode latency histogram', '## Key figures'):
            self.assertIn('\n' + h + '\n', md)
        lines = md.splitlines()
        for i, ln in enumerate(lines):
            if ln.startswith('|---'):
                cells = lines[i - 1].count('|')
                self.assertEqual(ln.count('|'), cells, 'separator of the table at line %d' % i)
                j = i + 1
                while j < len(lines) and lines[j].startswith('|'):
                    self.assertEqual(lines[j].count('|'), cells, 'row at line %d: %s' % (j + 1, lines[j]))
                    j += 1
                self.assertGreater(j, i + 1, 'empty table at line %d' % i)

    def test_fixture_figures_appear(self):
        md = self.generate()
        self.assertIn('| partition | 19,789 | 205,977 | 28,856 | 234,833 | 1,512,192 | 15,000 |', md)
        self.assertIn('| vLAPIC, APICv off | 2.005 | `vlapic.exits_per_timer_irq.apicv_off` |', md)
        self.assertIn('| vLAPIC, APICv on | 1,842 | 1,842 | not measured | 1,847 |', md)
        self.assertIn('| `partition.cpuid_exit_ticks` | 841 |', md)
        self.assertIn('Not measured in this run (no `hybrid-latency-histogram.txt`', md)
        self.assertNotIn('hybrid-histogram.svg', md)

    def test_charts(self):
        self.generate()
        lines = self.svg('footprint-lines.svg')
        bars = [r for r in lines.iter(SVG_NS + 'rect') if r.get('class') == 'bar']
        self.assertEqual(len(bars), 6)   # two modes x (hvkit, ACRN aim, ACRN 3.4)
        widths = [float(b.get('width')) for b in bars]
        self.assertAlmostEqual(max(widths), 420.0)   # ACRN 3.4's 36.7k is the longest
        exits = self.svg('exits-per-irq.svg')
        self.assertEqual(len([r for r in exits.iter(SVG_NS + 'rect') if r.get('class') == 'bar']), 4)
        lat = self.svg('latency.svg')
        self.assertGreaterEqual(len([c for c in lat.iter(SVG_NS + 'circle') if c.get('class') == 'median']), 4)
        self.svg('footprint-bytes.svg')
        self.assertFalse(os.path.exists(os.path.join(self.out, 'figures', 'hybrid-histogram.svg')))

    def test_hybrid_histogram(self):
        shutil.copy(os.path.join(FIXTURES, 'hybrid-latency-histogram.txt'), self.inputs)
        md = self.generate()
        self.assertIn('![hybrid histogram](figures/hybrid-histogram.svg)', md)
        self.assertIn('| <= 3 | 0 | 3 |', md)
        hist = self.svg('hybrid-histogram.svg')
        self.assertEqual(len([r for r in hist.iter(SVG_NS + 'rect') if r.get('class') == 'bar']), 6)   # 3 buckets x 2

    def test_missing_bench(self):
        os.remove(os.path.join(self.inputs, 'bench.json'))
        rc, text = run('--build', self.inputs, '--out', self.out)
        self.assertEqual(rc, 1)
        self.assertRegex(text, r'bench\.json: missing \(./hvkit bench writes it\)')

    def test_malformed_footprint(self):
        with open(os.path.join(self.inputs, 'footprint.json'), 'w') as f:
            f.write('{"modes": {"partition": {"loc": "many"}}}')
        rc, text = run('--build', self.inputs, '--out', self.out)
        self.assertEqual(rc, 1)
        self.assertIn('footprint.json: mode partition has no integer "loc"', text)

    def test_bad_histogram(self):
        with open(os.path.join(self.inputs, 'hybrid-latency-histogram.txt'), 'w') as f:
            f.write('1 2\n')
        rc, text = run('--build', self.inputs, '--out', self.out)
        self.assertEqual(rc, 1)
        self.assertTrue(re.search(r'hybrid-latency-histogram.txt: expected', text), text)


if __name__ == '__main__':
    unittest.main()
