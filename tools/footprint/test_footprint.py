#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of footprint.py's budget check and contributor grouping (meson suite 'footprint')."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import footprint  # noqa: E402


def rec(loc, text, data):
    return {'loc': loc, 'text': text, 'data': data}


class Budget(unittest.TestCase):
    def test_within_budget_passes(self):
        self.assertEqual(footprint.check_budget({'lapic_pt': rec(100, 10, 5)}, {'lapic_pt': (100, 15)}), [])

    def test_one_line_over_fails_and_says_by_how_much(self):
        bad = footprint.check_budget({'lapic_pt': rec(101, 10, 5)}, {'lapic_pt': (100, 15)})
        self.assertEqual(len(bad), 1)
        self.assertIn('101 lines, over its budget of 100 by 1', bad[0])

    def test_one_byte_over_fails(self):
        bad = footprint.check_budget({'partition': rec(50, 10, 6)}, {'partition': (100, 15)})
        self.assertEqual(len(bad), 1)
        self.assertIn('16 text+data bytes', bad[0])

    def test_image_without_budget_fails(self):
        bad = footprint.check_budget({'share': rec(1, 1, 1)}, {})
        self.assertEqual(bad, ['share: no budget in the budget file'])

    def test_budget_without_image_fails(self):
        bad = footprint.check_budget({}, {'hybrid': (1, 1)})
        self.assertEqual(bad, ['hybrid: in the budget file but no image was counted'])

    def test_read_budget(self):
        with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
            f.write('# comment\npartition 15000 300000  # trailing\n\nlapic_pt 11000 250000\n'
                    'lapic_pt never lib/vlapic/ lib/insn_decode/\nlapic_pt never core/vm/mmio.c\n')
        try:
            self.assertEqual(footprint.read_budget(f.name),
                             ({'partition': (15000, 300000), 'lapic_pt': (11000, 250000)},
                              {'lapic_pt': ['lib/vlapic/', 'lib/insn_decode/', 'core/vm/mmio.c']}))
        finally:
            os.unlink(f.name)

    def test_a_file_the_mode_never_links_fails(self):
        r = dict(rec(10, 1, 1), files=[{'path': 'core/vm/run.c', 'code': 5},
                                       {'path': 'lib/vlapic/src/vlapic_core.c', 'code': 5}])
        bad = footprint.check_budget({'lapic_pt': r}, {'lapic_pt': (100, 100)}, {'lapic_pt': ['lib/vlapic/']})
        self.assertEqual(len(bad), 1)
        self.assertIn('links lib/vlapic/src/vlapic_core.c', bad[0])
        self.assertEqual(footprint.check_budget({'lapic_pt': r}, {'lapic_pt': (100, 100)},
                                                {'lapic_pt': ['lib/icr_filter/']}), [])

    def test_read_budget_refuses_malformed_and_duplicates(self):
        for text in ('partition 15000\n', 'partition x 1\n', 'partition 1 1\npartition 2 2\n',
                     'share 1 1\npartition never lib/vlapic/\n'):
            with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
                f.write(text)
            try:
                with self.assertRaises(ValueError):
                    footprint.read_budget(f.name)
            finally:
                os.unlink(f.name)

    def test_the_tree_budget_file_parses_and_names_every_mode(self):
        budget, never = footprint.read_budget(footprint.DEFAULT_BUDGET)
        self.assertEqual(sorted(budget), sorted(footprint.MODES))
        # share and hybrid keep the seed's figures as their room until they run VMs.
        self.assertLessEqual(budget['share'][0], 28000)
        self.assertLessEqual(budget['hybrid'][0], 29000)
        # what lapic_pt must never link: the emulated APIC path
        self.assertIn('lib/vlapic/', never['lapic_pt'])


class Contributors(unittest.TestCase):
    def test_grouping(self):
        self.assertEqual(footprint.contributor('lib/vmx/src/vmx_caps.c'), 'lib/vmx')
        self.assertEqual(footprint.contributor('lib/vmx/include/vmx/vmx.h'), 'lib/vmx')
        self.assertEqual(footprint.contributor('core/main.c'), 'core/*')
        self.assertEqual(footprint.contributor('/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h'),
                         'compiler headers')

    def test_top_ten_ranked_with_largest_file(self):
        entries = [{'path': 'g%02d/x/a.c' % i, 'code': i} for i in range(12)]
        entries.append({'path': 'g11/x/b.c', 'code': 20})
        entries.append({'path': 'skipped.c', 'counted': False})
        top = footprint.contributors(entries)
        self.assertEqual(len(top), 10)
        self.assertEqual(top[0], ('g11/x', 31, ('g11/x/b.c', 20)))
        self.assertEqual([t[0] for t in top][-1], 'g02/x')


class Objects(unittest.TestCase):
    def test_renamed_archive_members_count_as_the_originals(self):
        # The hybrid image's copies of the interrupt-platform archives (core/rename_symbols.py).
        for prefix in ('emu_', 'pt_'):
            cands = footprint.resolve_object('core/lib%score_mmio.a(2_vm_mmio.c.o)' % prefix, 'build')
            self.assertIn('core/libcore_mmio.a.p/vm_mmio.c.o', cands)
        cands = footprint.resolve_object('core/libcore_mmio.a(vm_mmio.c.o)', 'build')
        self.assertIn('core/libcore_mmio.a.p/vm_mmio.c.o', cands)


if __name__ == '__main__':
    unittest.main()
